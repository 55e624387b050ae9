package org.mbrl4j.algorithms.sac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.algorithms.presets.Presets;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.core.buffer.Batch;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class SacTest {

    @Test
    void softTargetsMatchHandValues() {
        // y = r + gamma (1 - d) (min(q1, q2) - alpha logp)
        double[] y = Sac.softTargets(new double[] {1.0, -0.5, 2.0}, new double[] {0, 1, 0},
                new double[] {3.0, 7.0, -1.0}, new double[] {2.5, 9.0, -2.0}, new double[] {-0.8, 0.3, 1.5},
                0.2, 0.9);
        assertEquals(1.0 + 0.9 * (2.5 + 0.16), y[0], 1e-12);
        assertEquals(-0.5, y[1], 1e-12);
        assertEquals(2.0 + 0.9 * (-2.0 - 0.3), y[2], 1e-12);
    }

    private static Batch batch(int b, int obsDim, double truncated, double terminated, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] o = new double[b * obsDim];
        double[] n = new double[b * obsDim];
        double[] a = new double[b];
        double[] rew = new double[b];
        for (int i = 0; i < o.length; i++) {
            o[i] = r.nextDouble(-1, 1);
            n[i] = r.nextDouble(-1, 1);
        }
        for (int i = 0; i < b; i++) {
            a[i] = r.nextDouble(-2, 2);
            rew[i] = r.nextDouble(-1, 0);
        }
        double[] tr = new double[b];
        double[] te = new double[b];
        java.util.Arrays.fill(tr, truncated);
        java.util.Arrays.fill(te, terminated);
        return new Batch(HostArrays.array(o, DataType.FLOAT, b, obsDim), HostArrays.array(a, DataType.FLOAT, b, 1),
                HostArrays.array(rew, DataType.FLOAT, b), HostArrays.array(n, DataType.FLOAT, b, obsDim),
                HostArrays.array(te, DataType.FLOAT, b), HostArrays.array(tr, DataType.FLOAT, b));
    }

    @Test
    void truncationBootstrapsAndTerminationDoesNot() {
        Sac sac = new Sac(3, Box.uniform(-2, 2, 1), SacConfig.pendulumSmall().withHidden(16, 1), RandomStreams.of(3));
        double[] eps = {0.3, -1.1, 0.5, 2.0};
        double[] plain = sac.criticTargets(batch(4, 3, 0, 0, 11), eps);
        double[] truncated = sac.criticTargets(batch(4, 3, 1, 0, 11), eps);
        double[] terminated = sac.criticTargets(batch(4, 3, 0, 1, 11), eps);
        assertArrayEquals(plain, truncated, 0.0);
        assertArrayEquals(HostArrays.toDoubles(batch(4, 3, 0, 1, 11).rewards()), terminated, 1e-7);
        assertNotEquals(plain[0], terminated[0]);
    }

    @Test
    void actorGradientMatchesFiniteDifferences() {
        SacConfig cfg = SacConfig.pendulumSmall().withHidden(6, 2);
        Sac sac = new Sac(3, Box.uniform(-2, 2, 2), cfg, RandomStreams.of(5), DataType.DOUBLE);
        SplittableRandom r = new SplittableRandom(9);
        int b = 4;
        double[] o = new double[b * 3];
        for (int i = 0; i < o.length; i++) {
            o[i] = r.nextDouble(-1, 1);
        }
        INDArray obs = HostArrays.array(o, DataType.DOUBLE, b, 3);
        double[] eps = new double[b * 2];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = r.nextGaussian();
        }
        double alpha = 0.7;
        double[] lp = new double[b];
        sac.actorLoss(obs, eps, alpha, lp, true);
        double h = 1e-6;
        int checked = 0;
        for (Parameter p : sac.actor().parameters()) {
            double[] analytic = HostArrays.toDoubles(p.grad());
            for (int i = 0; i < p.size(); i++) {
                double v = p.value().getDouble(i);
                p.value().putScalar(i, v + h);
                double up = sac.actorLoss(obs, eps, alpha, lp, false);
                p.value().putScalar(i, v - h);
                double down = sac.actorLoss(obs, eps, alpha, lp, false);
                p.value().putScalar(i, v);
                double numeric = (up - down) / (2 * h);
                assertEquals(numeric, analytic[i], 1e-6 + 1e-4 * Math.abs(numeric), p.name() + "[" + i + "]");
                checked++;
            }
        }
        assertEquals(3 * 6 + 6 + 6 * 6 + 6 + 6 * 4 + 4, checked);
    }

    @Test
    void rejectsBadInput() {
        Sac sac = new Sac(3, Box.uniform(-2, 2, 1), SacConfig.pendulumSmall(), RandomStreams.of(1));
        assertThrows(IllegalArgumentException.class,
                () -> sac.act(HostArrays.array(new double[] {1, 2}, DataType.FLOAT, 1, 2), true));
        assertThrows(IllegalArgumentException.class, () -> SacConfig.pendulumSmall().withHidden(0, 2));
        assertThrows(IllegalArgumentException.class,
                () -> new Sac(3, org.mbrl4j.core.spaces.Discrete.of(2), SacConfig.pendulumSmall(),
                        RandomStreams.of(1)));
    }

    @Test
    void theSmallPresetOfEveryContinuousEnvironmentBuildsALearnerActingWithinItsBounds() {
        org.mbrl4j.algorithms.common.ContinuousEnvs.assertLearnersActWithinBounds((id, env) -> new Sac(
                env.observationSpace().flatDim(), env.actionSpace(), Presets.sacSmall(id), RandomStreams.of(0)));
        assertThrows(NullPointerException.class, () -> Presets.sacSmall(null));
    }
}
