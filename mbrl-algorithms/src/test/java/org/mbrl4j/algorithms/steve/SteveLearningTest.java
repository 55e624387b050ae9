package org.mbrl4j.algorithms.steve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mbrl4j.algorithms.common.LoopConfig;
import org.mbrl4j.algorithms.common.OffPolicyLoop;
import org.mbrl4j.algorithms.common.RunResult;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.tensor.CpuThreads;
import org.mbrl4j.envs.Envs;

class SteveLearningTest {

    @BeforeAll
    static void singleThread() {
        // Batches of 128 rows through 64-wide layers: a second BLAS thread costs more than it brings,
        // and on a shared machine it waits for a free core at every product.
        CpuThreads.configure(1);
    }

    /**
     * About 4.5 minutes on the shared 2-core machine, more than the module's test budget allows: runs only
     * with {@code -Dmbrl4j.slowTests=true} (measured: final evaluation -207.1 after 5000 steps).
     */
    @Test
    @EnabledIfSystemProperty(named = "mbrl4j.slowTests", matches = "true")
    void learnsPendulumWellBeyondRandom() {
        Environment env = Envs.make("Pendulum-v1");
        Environment eval = Envs.make("Pendulum-v1");
        Steve steve = new Steve(3, env.actionSpace(), Envs.spec("Pendulum-v1").terminationFunction(),
                SteveConfig.pendulumSmall(), RandomStreams.of(1));
        long start = System.nanoTime();
        RunResult r = OffPolicyLoop.run(env, eval, steve, new LoopConfig(Long.getLong("steve.steps", 5000), 500, 5, 5),
                1, rep -> System.out.println("steve episode " + rep.episode() + " return " + rep.episodeReturn()
                        + " eval " + rep.evalReturn() + " " + rep.metrics()));
        System.out.printf("STEVE Pendulum: final eval %.1f in %.1f s%n", r.finalEvaluation().meanReturn(),
                (System.nanoTime() - start) / 1e9);
        // A uniformly random policy scores about -1200 on Pendulum-v1.
        assertTrue(r.finalEvaluation().meanReturn() > -900, "final evaluation " + r.finalEvaluation());
    }
}
