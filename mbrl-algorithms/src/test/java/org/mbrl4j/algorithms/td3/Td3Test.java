package org.mbrl4j.algorithms.td3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mbrl4j.algorithms.presets.Presets;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.spaces.Box;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class Td3Test {

    @Test
    void smoothingClipsTheNoiseAndThenTheAction() {
        // sigma 0.2, clip 0.5: noise 0.2*1 = 0.2; 0.2*(-3) = -0.6 -> -0.5; 0.2*4 = 0.8 -> 0.5 then 0.9+0.5 -> 1
        double[] a = Td3.smoothTargetActions(new double[] {0.1, 0.3, 0.9, -0.95}, new double[] {1, -3, 4, -0.5},
                0.2, 0.5);
        assertArrayEquals(new double[] {0.3, -0.2, 1.0, -1.0}, a, 1e-12);
    }

    @Test
    void clippedDoubleQTargetsMatchHandValues() {
        double[] y = Td3.clippedTargets(new double[] {1, 2, -1}, new double[] {0, 1, 0},
                new double[][] {{5, 3, -2}, {4, 9, 0}}, 0.9);
        assertArrayEquals(new double[] {1 + 0.9 * 4, 2, -1 + 0.9 * -2}, y, 1e-12);
        // DDPG: one critic, no minimum.
        double[] d = Td3.clippedTargets(new double[] {1}, new double[] {0}, new double[][] {{5}}, 0.5);
        assertArrayEquals(new double[] {3.5}, d, 1e-12);
    }

    @Test
    void configRejectsBadValues() {
        assertThrows(IllegalArgumentException.class, () -> Td3Config.pendulumSmall().withHidden(64, 0));
        assertThrows(IllegalArgumentException.class, () -> new Td3Config(64, 2, 0.99, 0.005, 1e-3, 1e-3, 128,
                -0.1, 0.2, 0.5, 2, 2, 1, 500, 1000));
    }

    @Test
    void correlatedExplorationNoiseHasTheSetCorrelationAndRestartsEachEpisode() {
        double sigma = 0.05;
        double rho = 0.9;
        // No updates (learningStarts beyond the test), so the policy stays fixed and the noise is the difference.
        Td3Config cfg = Td3Config.pendulumSmall().withHidden(8, 1).withUpdates(1, 1_000_000)
                .withExploration(sigma, rho);
        Td3 td3 = new Td3(3, Box.uniform(-1, 1, 1), cfg, RandomStreams.of(4));
        INDArray obs = HostArrays.array(new double[] {0.1, -0.2, 0.3}, DataType.FLOAT, 3);
        double mean = td3.act(obs.reshape(1, 3), false).getDouble(0);
        int n = 6000;
        double[] eps = new double[n];
        for (int t = 0; t < n; t++) {
            eps[t] = td3.explore(obs).getDouble(0) - mean;
        }
        double var = 0;
        double cov = 0;
        for (int t = 0; t < n; t++) {
            var += eps[t] * eps[t];
            cov += t > 0 ? eps[t] * eps[t - 1] : 0;
        }
        assertEquals(sigma, Math.sqrt(var / n), 0.1 * sigma, "stationary standard deviation");
        assertEquals(rho, cov / var, 0.03, "lag-1 correlation");

        // After a transition that ends the episode the process restarts at 0: the first value has the
        // innovation's standard deviation sqrt(1 - rho^2) sigma, not sigma.
        Transition end = new Transition(obs, HostArrays.array(new double[] {0}, DataType.FLOAT, 1), 0.0, obs, false,
                true);
        int episodes = 3000;
        double first = 0;
        for (int e = 0; e < episodes; e++) {
            td3.observe(end);
            double x = td3.explore(obs).getDouble(0) - mean;
            first += x * x;
        }
        assertEquals(Math.sqrt(1 - rho * rho) * sigma, Math.sqrt(first / episodes), 0.05 * sigma);
    }

    @Test
    void configRejectsACorrelationOfOneOrMore() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Td3Config.pendulumSmall().withExploration(0.1, 1.0));
        assertEquals("noiseCorrelation must be in [0, 1): 1.0", e.getMessage());
    }

    @Test
    void theSmallPresetOfEveryContinuousEnvironmentBuildsALearnerActingWithinItsBounds() {
        org.mbrl4j.algorithms.common.ContinuousEnvs.assertLearnersActWithinBounds((id, env) -> new Td3(
                env.observationSpace().flatDim(), env.actionSpace(), Presets.td3Small(id), RandomStreams.of(0)));
        assertThrows(NullPointerException.class, () -> Presets.td3Small(null));
    }
}
