package org.mbrl4j.algorithms.tdmpc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.LongFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.algorithms.common.PendulumLearning;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.loop.EvaluationResult;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvOptions;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.tensor.CpuThreads;

class TdmpcLearningTest {

    @BeforeAll
    static void singleThread() {
        // Small networks at batch 64-128: a second BLAS thread costs more than it brings on a shared machine.
        CpuThreads.configure(1);
    }

    private static OffPolicyLearner learner(long seed) {
        try (Environment env = Envs.make("Pendulum-v1")) {
            return new Tdmpc(3, env.actionSpace(), 200, TdmpcConfig.tiny(), RandomStreams.of(seed));
        }
    }

    /** The default run's smoke learning test: one seed, a short budget, an absolute bar. */
    @Test
    void learnsPendulumBeyondRandomOnOneSeed() {
        EvaluationResult r = PendulumLearning.train("TD-MPC2", TdmpcLearningTest::learner,
                Long.getLong("tdmpc.steps", 3000), 0, 0, 0);
        assertTrue(r.meanReturn() > PendulumLearning.SMOKE_BAR, "final evaluation " + r);
    }

    /**
     * The learning profile ({@code -Plearning}): three seeds of the command line's Pendulum-v1 setting
     * ({@link TdmpcConfig#small()}, action repeat 2, 1,500 decisions = 3,000 environment steps, 500 random
     * decisions), a margin over random on each.
     */
    @Tag("learning")
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0, 1, 2})
    void learnsPendulumFarBeyondRandomOnEverySeed(long seed) {
        LongFunction<OffPolicyLearner> small = s -> {
            try (Environment env = Envs.make("Pendulum-v1")) {
                return new Tdmpc(3, env.actionSpace(), 100, TdmpcConfig.small().toBuilder().seedSteps(500).build(),
                        RandomStreams.of(s));
            }
        };
        EvaluationResult r = PendulumLearning.train("TD-MPC2", small, 1500, 0, seed, 0,
                EnvOptions.DEFAULT.withActionRepeat(2));
        PendulumLearning.assertFarBeyondRandom("TD-MPC2", r, seed);
    }
}
