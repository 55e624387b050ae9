package org.mbrl4j.algorithms.muzero;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mbrl4j.algorithms.common.LoopConfig;
import org.mbrl4j.algorithms.common.OffPolicyLoop;
import org.mbrl4j.algorithms.common.RunResult;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.RandomAgent;
import org.mbrl4j.core.loop.Evaluation;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.tensor.CpuThreads;

class MuzeroLearningTest {

    /** A final evaluation must beat this multiple of a uniformly random policy's return (about 20-30). */
    private static final double FACTOR_OVER_RANDOM = 4;

    @BeforeAll
    static void singleThread() {
        CpuThreads.configure(1);
    }

    /**
     * The default run's learning test: MuZero with muzero-general's cart-pole settings, 2,500 steps of CartPole-v1
     * (500 uniform, then 1.5 updates per step), seed 0, final evaluation over 5 episodes.
     */
    @Test
    void learnsCartPoleFarBeyondRandomOnOneSeed() {
        double[] r = train(0, Long.getLong("muzero.steps", 2500));
        assertTrue(r[0] > FACTOR_OVER_RANDOM * r[1], "final evaluation " + r[0] + " against random " + r[1]);
    }

    /**
     * The learning profile ({@code -Plearning}): the same setting for 4,000 steps on three seeds, each final
     * evaluation above {@value #FACTOR_OVER_RANDOM} times a random policy's (seeds 0-2 reached 116, 463 and 500).
     */
    @Tag("learning")
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0, 1, 2})
    void learnsCartPoleFarBeyondRandomOnEverySeed(long seed) {
        double[] r = train(seed, 4000);
        assertTrue(r[0] > FACTOR_OVER_RANDOM * r[1], "seed " + seed + ": final evaluation " + r[0]
                + " against random " + r[1]);
    }

    /** Trains on CartPole-v1 for {@code steps} environment steps; returns {final evaluation, random policy's}. */
    private static double[] train(long seed, long steps) {
        double random;
        try (Environment env = Envs.make("CartPole-v1")) {
            random = Evaluation.evaluate(env, new RandomAgent(env.actionSpace(), new SplittableRandom(seed)), 10, seed)
                    .meanReturn();
        }
        try (Environment env = Envs.make("CartPole-v1"); Environment eval = Envs.make("CartPole-v1")) {
            MuzeroConfig config = MuzeroConfig.cartPole().toBuilder().startSteps(500).build();
            Muzero learner = new Muzero(4, env.actionSpace(), config, RandomStreams.of(seed));
            long start = System.nanoTime();
            RunResult r = OffPolicyLoop.run(env, eval, learner, new LoopConfig(steps, 500, 0, 5), seed, rep -> { });
            double mean = r.finalEvaluation().meanReturn();
            System.out.printf("MuZero CartPole-v1 seed %d: final eval %.1f (random %.1f), %d updates in %.1f s%n",
                    seed, mean, random, learner.updates(), (System.nanoTime() - start) / 1e9);
            return new double[] {mean, random};
        }
    }
}
