package org.mbrl4j.algorithms.dreamer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mbrl4j.algorithms.common.LoopConfig;
import org.mbrl4j.algorithms.common.OffPolicyLoop;
import org.mbrl4j.algorithms.common.PendulumLearning;
import org.mbrl4j.algorithms.common.RunResult;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.models.latent.RssmConfig;
import org.mbrl4j.tensor.CpuThreads;

/**
 * Dreamer's smoke learning test on Pendulum-v1 from the state: a small world model and actor-critic, one fixed
 * seed, a budget that fits a few minutes on 2 cores. The world model's loss must fall and the final evaluation
 * must beat a uniformly random policy by a clear margin.
 */
class DreamerLearningTest {

    static final long STEPS = Long.getLong("dreamer.steps", 3000);

    @BeforeAll
    static void singleThread() {
        CpuThreads.configure(1);
    }

    /** The test's preset: {@link DreamerConfig#tiny()} shrunk further so that an update takes tens of ms. */
    static DreamerConfig config() {
        RssmConfig rssm = RssmConfig.tiny().toBuilder().deter(32).hidden(32).stoch(4).classes(4).units(32).build();
        return DreamerConfig.tiny().toBuilder().rssm(rssm).units(32).batchSize(8).batchLength(16).horizon(10)
                .imagineStarts(64).trainRatio(64).trainStart(400).pretrainUpdates(50).actorLr(3e-4).criticLr(3e-4)
                .build();
    }

    @Test
    void worldModelLossFallsAndTheAgentBeatsARandomPolicyOnPendulum() {
        long seed = 0;
        Environment env = Envs.make("Pendulum-v1");
        Environment eval = Envs.make("Pendulum-v1");
        Dreamer dreamer = new Dreamer(env.observationSpace(), env.actionSpace(), config(), RandomStreams.of(seed));
        List<Double> modelLoss = new ArrayList<>();
        long start = System.nanoTime();
        RunResult r = OffPolicyLoop.run(env, eval, dreamer, new LoopConfig(STEPS, 400, 0, 5), seed, rep -> {
            Double l = rep.metrics().get("model_loss");
            if (l != null) {
                modelLoss.add(l);
            }
            System.out.printf("dreamer episode %d return %.1f model_loss %s (%.0f s)%n", rep.episode(),
                    rep.episodeReturn(), l, (System.nanoTime() - start) / 1e9);
        });
        double random = PendulumLearning.randomReturn(seed);
        double learned = r.finalEvaluation().meanReturn();
        System.out.printf("dreamer Pendulum seed %d: final eval %.1f (random %.1f) in %.0f s, %d updates%n", seed,
                learned, random, (System.nanoTime() - start) / 1e9, dreamer.updates());
        double firstLoss = modelLoss.get(0);
        double lastLoss = modelLoss.get(modelLoss.size() - 1);
        assertTrue(lastLoss < 0.6 * firstLoss, "world-model loss " + firstLoss + " -> " + lastLoss);
        assertTrue(learned > random + 300, "final evaluation " + learned + " vs random " + random);
    }
}
