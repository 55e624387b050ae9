package org.mbrl4j.algorithms.td3;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.algorithms.common.PendulumLearning;
import org.mbrl4j.core.loop.EvaluationResult;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.tensor.CpuThreads;

class Td3LearningTest {

    @BeforeAll
    static void singleThread() {
        // Batches of 128 rows through 64-wide layers: a second BLAS thread costs more than it brings,
        // and on a shared machine it waits for a free core at every product.
        CpuThreads.configure(1);
    }

    private static OffPolicyLearner learner(long seed) {
        return new Td3(3, Envs.make("Pendulum-v1").actionSpace(), Td3Config.pendulumSmall(), RandomStreams.of(seed));
    }

    /** The default run's smoke learning test: one seed, 5000 steps, an absolute bar. */
    @Test
    void learnsPendulumBeyondRandomOnOneSeed() {
        EvaluationResult r = PendulumLearning.train("TD3", Td3LearningTest::learner,
                Long.getLong("td3.steps", 5000), 500, 1);
        assertTrue(r.meanReturn() > PendulumLearning.SMOKE_BAR, "final evaluation " + r);
    }

    /**
     * The learning profile ({@code -Plearning}): three seeds, 10,000 steps (the command line's 3-seed mean passes
     * -200 at 6,600, docs/algorithms/td3.md), a margin over random on each.
     */
    @Tag("learning")
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0, 1, 2})
    void learnsPendulumFarBeyondRandomOnEverySeed(long seed) {
        EvaluationResult r = PendulumLearning.train("TD3", Td3LearningTest::learner, 10_000, 500, seed);
        PendulumLearning.assertFarBeyondRandom("TD3", r, seed);
    }
}
