package org.mbrl4j.algorithms.pets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.core.RandomAgent;
import org.mbrl4j.core.RewardFunction;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.loop.Evaluation;
import org.mbrl4j.core.spaces.Discrete;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.models.dynamics.GaussianEnsembleConfig;
import org.mbrl4j.models.dynamics.Prediction;
import org.mbrl4j.models.dynamics.TrainerConfig;
import org.mbrl4j.models.dynamics.ValidationScore;
import org.mbrl4j.planners.CemConfig;
import org.mbrl4j.planners.DiscreteCemConfig;
import org.mbrl4j.planners.Propagation;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PetsDiscreteTest {

    /**
     * CartPole-v1 at the budget of {@link PetsTest#small()}: an ensemble of 4 x 3 x 128 trained up to 150 epochs
     * on the NLL of a 20 % holdout, the categorical CEM with 4 iterations of 80 sequences, horizon 12, 4
     * particles with TS1, three 200-step trials.
     */
    static PetsConfig small() {
        return PetsConfig.cartpole().withTrials(3).withTrialLength(200)
                .withModel(GaussianEnsembleConfig.petsCartpole().withEnsemble(4, 4).withHidden(3, 128),
                        TrainerConfig.petsCartpole().withEpochs(150, 20).withValidationRatio(0.2)
                                .withValidationScore(ValidationScore.GAUSSIAN_NLL), 0)
                .withOptimizer(new DiscreteCemConfig(2, 4, 80, 0.1, 0.1, 0.3))
                .withPlanning(12, 4, Propagation.TS1);
    }

    /** A few steps of everything, for tests of the plumbing. */
    private static PetsConfig tiny(String envId, int actions) {
        return PetsConfig.cartpole().withEnvId(envId).withTrials(2).withTrialLength(12)
                .withModel(GaussianEnsembleConfig.petsCartpole().withEnsemble(2, 2).withHidden(2, 16),
                        TrainerConfig.petsCartpole().withEpochs(2, 2), 0)
                .withOptimizer(new DiscreteCemConfig(actions, 2, 10, 0.2, 0.1, 0.3))
                .withPlanning(4, 2, Propagation.TS1);
    }

    @Test
    void oneHotEncodingPutsAOneAtEachIndex() {
        INDArray indices = Nd4j.create(new float[] {2, 0, 1}, new long[] {3, 1}, DataType.FLOAT);
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0},
                HostArrays.toFloats(OneHotActions.encode(indices, 3)));
        assertArrayEquals(new long[] {3, 3}, OneHotActions.encode(indices, 3).shape());
        INDArray perMember = Nd4j.create(new double[] {1, 0, 0, 1}, new long[] {2, 2, 1}, DataType.INT64);
        INDArray encoded = OneHotActions.encode(perMember, 2);
        assertArrayEquals(new long[] {2, 2, 2}, encoded.shape());
        assertArrayEquals(new float[] {0, 1, 1, 0, 1, 0, 0, 1}, HostArrays.toFloats(encoded));
        IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
                () -> OneHotActions.encode(Nd4j.create(new float[] {0, 0.5f}, new long[] {2, 1}, DataType.FLOAT), 2));
        assertTrue(half.getMessage().contains("holds 0.5 at flat index 1") && half.getMessage().contains("[0, 2)"),
                half.getMessage());
        IllegalArgumentException high = assertThrows(IllegalArgumentException.class,
                () -> OneHotActions.encode(Nd4j.create(new float[] {2}, new long[] {1, 1}, DataType.FLOAT), 2));
        assertTrue(high.getMessage().contains("holds 2.0"), high.getMessage());
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> OneHotActions.encode(Nd4j.zeros(DataType.FLOAT, 3, 2), 2));
        assertTrue(wide.getMessage().contains("[3, 2]"), wide.getMessage());
    }

    @Test
    void theEnsembleSeesTheStoredActionsOneHotEncoded() {
        EnvSpec spec = Envs.spec("CartPole-v1");
        Pets pets = new Pets(tiny("CartPole-v1", 2), spec.make(), spec.rewardFunction(), spec.terminationFunction(),
                5);
        assertEquals(2, pets.model().actionSize(), "2 action inputs: the one-hot action");
        pets.runTrial(PetsListener.NONE);
        INDArray stored = pets.buffer().all().actions();
        INDArray encoded = pets.modelActions(stored);
        float[] a = HostArrays.toFloats(stored);
        float[] x = HostArrays.toFloats(encoded);
        assertArrayEquals(new long[] {a.length, 2}, encoded.shape());
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i] == 0 ? 1f : 0f, x[2 * i], "row " + i);
            assertEquals(a[i] == 1 ? 1f : 0f, x[2 * i + 1], "row " + i);
        }
        // The planner's model takes indices [B, 1] and gives the ensemble's prediction for their one-hot rows.
        INDArray obs = pets.buffer().all().observations();
        Prediction viaIndices = new OneHotActions(pets.model()).predict(obs, stored.reshape(a.length, 1));
        Prediction direct = pets.model().predict(obs, encoded);
        assertArrayEquals(HostArrays.toFloats(direct.mean()), HostArrays.toFloats(viaIndices.mean()));
        assertArrayEquals(HostArrays.toFloats(direct.variance()), HostArrays.toFloats(viaIndices.variance()));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> pets.modelActions(Nd4j.create(new float[] {3}, new long[] {1}, DataType.FLOAT)));
        assertTrue(bad.getMessage().contains("Discrete(2)") && bad.getMessage().contains("holds 3.0"),
                bad.getMessage());
    }

    @Test
    void plannedActionsAreInt64ScalarsOfTheSpaceOnAThreeActionTask() {
        EnvSpec spec = Envs.spec("Acrobot-v1");
        Pets pets = new Pets(tiny("Acrobot-v1", 3), spec.make(), spec.rewardFunction(), spec.terminationFunction(),
                1);
        List<TrialReport> trials = pets.run(PetsListener.NONE);
        assertEquals(2, trials.size());
        assertEquals(12, trials.get(1).steps());
        assertEquals(-12.0, trials.get(1).episodeReturn(), "Acrobot pays -1 per step until the goal");
        INDArray action = pets.agent().act(Envs.make("Acrobot-v1").reset(3L).observation());
        assertEquals(DataType.INT64, action.dataType());
        assertEquals(0, action.rank());
        assertTrue(Envs.make("Acrobot-v1").actionSpace().contains(action), action.toString());
        assertEquals(pets.planner().plans(), 13, "one plan per planned step and the one above");
    }

    @Test
    void rewardAndTerminationGetTheEnvironmentsActionsWhenTheSpaceStartsElsewhere() {
        float[][] seen = new float[1][];
        RewardFunction reward = (obs, act, next) -> {
            seen[0] = HostArrays.toFloats(act);
            return Nd4j.zeros(DataType.FLOAT, act.size(0));
        };
        INDArray indices = Nd4j.create(new float[] {0, 2}, new long[] {2, 1}, DataType.FLOAT);
        DiscreteActions.withStart(reward, 5).reward(Nd4j.zeros(DataType.FLOAT, 2, 4), indices,
                Nd4j.zeros(DataType.FLOAT, 2, 4));
        assertArrayEquals(new float[] {5, 7}, seen[0]);
        assertSame(reward, DiscreteActions.withStart(reward, 0), "start 0: the task's own function");
        INDArray stored = Nd4j.create(new float[] {5, 7, 6}, new long[] {3}, DataType.FLOAT);
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1, 0, 1, 0},
                HostArrays.toFloats(DiscreteActions.encode(stored, Discrete.of(3, 5))));
    }

    @Test
    void aDiscreteRunSavedAfterTwoTrialsResumesExactly(@TempDir Path dir) throws IOException {
        EnvSpec spec = Envs.spec("CartPole-v1");
        PetsConfig config = tiny("CartPole-v1", 2).withTrials(4);
        Pets straight = new Pets(config, spec.make(), spec.rewardFunction(), spec.terminationFunction(), 7);
        List<TrialReport> all = straight.run(PetsListener.NONE);
        Pets first = new Pets(config, spec.make(), spec.rewardFunction(), spec.terminationFunction(), 7);
        first.runTrial(PetsListener.NONE);
        first.runTrial(PetsListener.NONE);
        Path file = dir.resolve("pets.ckpt");
        first.save(file);
        Pets resumed = Pets.resume(file, spec.make(), spec.rewardFunction(), spec.terminationFunction());
        List<TrialReport> split = resumed.run(PetsListener.NONE);
        for (int i = 0; i < all.size(); i++) {
            assertEquals(all.get(i).episodeReturn(), split.get(i).episodeReturn(), "trial " + i);
            assertEquals(all.get(i).totalEnvSteps(), split.get(i).totalEnvSteps(), "trial " + i);
        }
        Checkpoint x = straight.toCheckpoint();
        Checkpoint y = resumed.toCheckpoint();
        for (String name : x.names()) {
            if (x.type(name) == Checkpoint.EntryType.FLOAT_ARRAY) {
                assertArrayEquals(x.floats(name), y.floats(name), name);
            }
        }
        assertArrayEquals(x.longs("rng.optimizer"), y.longs("rng.optimizer"));
    }

    @Test
    void anOptimizerThatDoesNotFitTheActionSpaceIsRefused() {
        EnvSpec cartPole = Envs.spec("CartPole-v1");
        PetsConfig continuousCem = tiny("CartPole-v1", 2).withOptimizer(new CemConfig(2, 10, 0.1, 0.1, 1e-3));
        IllegalArgumentException cem = assertThrows(IllegalArgumentException.class, () -> new Pets(continuousCem,
                cartPole.make(), cartPole.rewardFunction(), cartPole.terminationFunction(), 0));
        assertTrue(cem.getMessage().contains("config.optimizer must be a DiscreteCemConfig with numActions 2")
                && cem.getMessage().contains("CemConfig["), cem.getMessage());
        IllegalArgumentException three = assertThrows(IllegalArgumentException.class, () -> new Pets(
                tiny("CartPole-v1", 3), cartPole.make(), cartPole.rewardFunction(), cartPole.terminationFunction(), 0));
        assertTrue(three.getMessage().contains("numActions 2") && three.getMessage().contains("numActions=3"),
                three.getMessage());
        EnvSpec continuous = Envs.spec("CartPoleContinuous-v0");
        IllegalArgumentException discreteOnBox = assertThrows(IllegalArgumentException.class, () -> new Pets(
                tiny("CartPoleContinuous-v0", 2), continuous.make(), continuous.rewardFunction(),
                continuous.terminationFunction(), 0));
        assertTrue(discreteOnBox.getMessage().contains("continuous optimiser"), discreteOnBox.getMessage());
        PetsConfig preset = PetsConfig.cartpole();
        assertSame(preset, preset.withOptimizer(PetsOptimizer.CEM));
        IllegalArgumentException mppi = assertThrows(IllegalArgumentException.class,
                () -> preset.withOptimizer(PetsOptimizer.MPPI));
        assertTrue(mppi.getMessage().contains("mppi") && mppi.getMessage().contains("discrete"), mppi.getMessage());
        PetsConfig reduced = preset.reduced();
        assertEquals(new DiscreteCemConfig(2, 5, 100, 0.1, 0.1, 0.3), reduced.optimizer());
        assertEquals(500, PetsOptimizer.sequencesPerPlan(reduced.optimizer()));
    }

    @Test
    void smallDiscretePetsBeatsARandomAgentOnCartPole() {
        EnvSpec spec = Envs.spec("CartPole-v1");
        double random = Evaluation.evaluate(spec.make(),
                new RandomAgent(spec.make().actionSpace(), new SplittableRandom(1)), 10, 1).meanReturn();
        Pets pets = new Pets(small(), spec.make(), spec.rewardFunction(), spec.terminationFunction(), 0);
        double[] returns = pets.run(PetsListener.NONE).stream().mapToDouble(TrialReport::episodeReturn).toArray();
        double best = Math.max(returns[1], returns[2]);
        assertTrue(random < 40, "a random policy lasts about 22 steps: " + random);
        assertTrue(best >= Math.max(4 * random, 150), "PETS returns per trial " + Arrays.toString(returns)
                + " vs random " + random);
    }
}
