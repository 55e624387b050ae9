package org.mbrl4j.algorithms.mbpo;

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

class MbpoLearningTest {

    @BeforeAll
    static void singleThread() {
        // Batches of 128 rows through 64-wide layers: a second BLAS thread costs more than it brings,
        // and on a shared machine it waits for a free core at every product.
        CpuThreads.configure(1);
    }

    private static OffPolicyLearner learner(long seed) {
        return new Mbpo(3, Envs.make("Pendulum-v1").actionSpace(), Envs.spec("Pendulum-v1").terminationFunction(),
                MbpoConfig.pendulumSmall(), RandomStreams.of(seed));
    }

    /** The default run's smoke learning test: one seed, 2000 steps, an absolute bar. */
    @Test
    void learnsPendulumBeyondRandomOnOneSeed() {
        EvaluationResult r = PendulumLearning.train("MBPO", MbpoLearningTest::learner,
                Long.getLong("mbpo.steps", 2000), 200, 1);
        assertTrue(r.meanReturn() > PendulumLearning.SMOKE_BAR, "final evaluation " + r);
    }

    /** The learning profile ({@code -Plearning}): three seeds, 3000 steps, a margin over random on each. */
    @Tag("learning")
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0, 1, 2})
    void learnsPendulumFarBeyondRandomOnEverySeed(long seed) {
        EvaluationResult r = PendulumLearning.train("MBPO", MbpoLearningTest::learner, 3000, 200, seed);
        PendulumLearning.assertFarBeyondRandom("MBPO", r, seed);
    }
}
