package org.mbrl4j.algorithms.muzero;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** MuZero Reanalyse's fresh policy targets ({@link MuzeroConfig#reanalysePolicy()}). */
class MuzeroReanalyseTest {

    private static final float[] FRESH = {0.25f, 0.75f};

    /** Builds a batch of 20 positions of a 4-move game (stored policies {1, 0}) with a search that answers FRESH. */
    private static TrainingBatch batch(double share, List<float[]> searched) {
        MuzeroConfig config = MuzeroConfig.cartPole().toBuilder().unrollSteps(3).reanalyseValues(false)
                .reanalysePolicy(share).build();
        MuzeroNetwork net = new MuzeroNetwork(1, 2, config, new SplittableRandom(1));
        GameHistory g = MuzeroTest.game(4);
        GameReplay.Sample[] samples = new GameReplay.Sample[20];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = new GameReplay.Sample(g, i % 4, i % 4, 1);
        }
        int[] td = new int[samples.length];
        Arrays.fill(td, 5);
        return TrainingBatch.build(samples, td, config, net, 2, 1, new SplittableRandom(2), obs -> {
            searched.add(obs.clone());
            return FRESH.clone();
        });
    }

    private static float[] row(TrainingBatch b, int step, int i) {
        return Arrays.copyOfRange(b.policyTargets[step], 2 * i, 2 * i + 2);
    }

    @Test
    void everyPolicyTargetInsideTheGameIsReplacedAtShareOneAndNoneAtZero() {
        List<float[]> searched = new ArrayList<>();
        TrainingBatch all = batch(1.0, searched);
        TrainingBatch none = batch(0.0, new ArrayList<>());
        int inside = 0;
        for (int i = 0; i < 20; i++) {
            for (int k = 0; k <= 3; k++) {
                int pos = i % 4 + k;
                if (pos < 4) {
                    // the search starts from the stored observation of that position ([t] in the test game)
                    assertEquals(pos, searched.get(inside)[0]);
                    inside++;
                    assertArrayEquals(FRESH, row(all, k, i));
                    assertArrayEquals(new float[] {1, 0}, row(none, k, i));
                    assertEquals(1, all.policyMasks[k][i]);
                } else {
                    assertArrayEquals(new float[] {0.5f, 0.5f}, row(all, k, i), "past the end: uniform, masked");
                    assertEquals(0, all.policyMasks[k][i]);
                }
            }
        }
        assertEquals(inside, searched.size(), "one search per position inside its game");
        assertArrayEquals(none.valueTargets[0], all.valueTargets[0], "the value targets do not change");
    }

    @Test
    void aShareBetweenZeroAndOneReplacesSomeTargetsDrawnFromTheGenerator() {
        List<float[]> searched = new ArrayList<>();
        TrainingBatch half = batch(0.5, searched);
        int fresh = 0;
        int stored = 0;
        for (int i = 0; i < 20; i++) {
            for (int k = 0; k <= 3; k++) {
                if (i % 4 + k < 4) {
                    if (Arrays.equals(FRESH, row(half, k, i))) {
                        fresh++;
                    } else {
                        stored++;
                    }
                }
            }
        }
        assertEquals(searched.size(), fresh);
        assertTrue(fresh > 10 && stored > 10, "fresh " + fresh + ", stored " + stored + " of 50");
        TrainingBatch again = batch(0.5, new ArrayList<>());
        for (int k = 0; k <= 3; k++) {
            assertArrayEquals(half.policyTargets[k], again.policyTargets[k], "same generator, same choice");
        }
    }

    @Test
    void aLearnerWithReanalysisTrainsReproduciblyAndDiffersFromOneWithout() {
        double[] a = train(1.0);
        assertArrayEquals(a, train(1.0), "same seed, same numbers");
        assertFalse(Arrays.equals(a, train(0.0)), "the reanalysed targets change the training");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MuzeroConfig.cartPole().toBuilder().reanalysePolicy(1.5).build());
        assertEquals("reanalysePolicy must be in [0, 1]: 1.5", e.getMessage());
    }

    /** 150 steps of CartPole-v1 with small networks; returns the root value and policy of a search afterwards. */
    private static double[] train(double share) {
        MuzeroConfig config = MuzeroConfig.cartPole().toBuilder().encodingSize(4).hiddenSize(8).supportSize(5)
                .simulations(4).unrollSteps(2).tdSteps(5).batchSize(8).startSteps(30).reanalysePolicy(share).build();
        try (Environment env = Envs.make("CartPole-v1")) {
            Muzero learner = new Muzero(4, env.actionSpace(), config, RandomStreams.of(3));
            INDArray obs = env.reset(3).observation();
            for (int t = 0; t < 150; t++) {
                INDArray action = learner.explore(obs);
                Step step = env.step(action);
                learner.observe(new Transition(obs, action, step.reward(), step.observation(), step.terminated(),
                        step.truncated()));
                obs = step.terminated() || step.truncated() ? env.reset().observation() : step.observation();
            }
            assertTrue(learner.updates() > 50, "updates " + learner.updates());
            var r = learner.search(HostArrays.array(new float[] {0.01f, 0, 0.02f, 0}, 4), true);
            return new double[] {r.rootValue(), r.policyTarget()[0], r.policyTarget()[1]};
        }
    }
}
