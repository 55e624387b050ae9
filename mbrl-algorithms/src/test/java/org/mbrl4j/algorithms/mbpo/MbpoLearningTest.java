package org.mbrl4j.algorithms.mbpo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mbrl4j.algorithms.common.LoopConfig;
import org.mbrl4j.algorithms.common.OffPolicyLoop;
import org.mbrl4j.algorithms.common.RunResult;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.tensor.CpuThreads;
import org.mbrl4j.envs.Envs;

class MbpoLearningTest {

    @BeforeAll
    static void singleThread() {
        // Batches of 128 rows through 64-wide layers: a second BLAS thread costs more than it brings,
        // and on a shared machine it waits for a free core at every product.
        CpuThreads.configure(1);
    }

    @Test
    void learnsPendulumWellBeyondRandom() {
        Environment env = Envs.make("Pendulum-v1");
        Environment eval = Envs.make("Pendulum-v1");
        Mbpo mbpo = new Mbpo(3, env.actionSpace(), Envs.spec("Pendulum-v1").terminationFunction(),
                MbpoConfig.pendulumSmall(), RandomStreams.of(1));
        long start = System.nanoTime();
        RunResult r = OffPolicyLoop.run(env, eval, mbpo, new LoopConfig(Long.getLong("mbpo.steps", 2000), 200, 5, 5),
                1, rep -> System.out.println("mbpo episode " + rep.episode() + " return " + rep.episodeReturn()
                        + " eval " + rep.evalReturn() + " " + rep.metrics()));
        System.out.printf("MBPO Pendulum: final eval %.1f in %.1f s%n", r.finalEvaluation().meanReturn(),
                (System.nanoTime() - start) / 1e9);
        // A uniformly random policy scores about -1200 on Pendulum-v1.
        assertTrue(r.finalEvaluation().meanReturn() > -900, "final evaluation " + r.finalEvaluation());
    }
}
