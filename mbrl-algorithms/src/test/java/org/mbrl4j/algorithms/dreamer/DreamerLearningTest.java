package org.mbrl4j.algorithms.dreamer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
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
 * Dreamer learning Pendulum-v1 from the state, one fixed seed. The default run checks that the world model
 * learns within a budget of a minute or two on 2 cores; the learning profile ({@code -Plearning}) checks that the
 * agent beats a uniformly random policy by a clear margin, which takes thousands of updates.
 */
class DreamerLearningTest {

    @BeforeAll
    static void singleThread() {
        CpuThreads.configure(1);
    }

    /** {@link DreamerConfig#tiny()} shrunk further so that an update takes a fraction of a second. */
    static DreamerConfig micro() {
        RssmConfig rssm = RssmConfig.tiny().toBuilder().deter(32).hidden(32).stoch(4).classes(4).units(32).build();
        return DreamerConfig.tiny().toBuilder().rssm(rssm).units(32).batchSize(8).batchLength(16).horizon(10)
                .imagineStarts(64).trainRatio(64).trainStart(400).pretrainUpdates(50).build();
    }

    private static RunResult train(DreamerConfig config, long steps, long seed, List<Double> modelLoss,
            List<Double> rewardLoss) {
        Environment env = Envs.make("Pendulum-v1");
        Environment eval = Envs.make("Pendulum-v1");
        Dreamer dreamer = new Dreamer(env.observationSpace(), env.actionSpace(), config, RandomStreams.of(seed));
        long start = System.nanoTime();
        RunResult r = OffPolicyLoop.run(env, eval, dreamer, new LoopConfig(steps, config.trainStart(), 0, 5), seed,
                rep -> {
                    Double l = rep.metrics().get("model_loss");
                    if (l != null) {
                        modelLoss.add(l);
                        rewardLoss.add(rep.metrics().get("reward_loss"));
                    }
                    System.out.printf("dreamer episode %d return %.1f model_loss %s (%.0f s)%n", rep.episode(),
                            rep.episodeReturn(), l, (System.nanoTime() - start) / 1e9);
                });
        System.out.printf("dreamer Pendulum seed %d: final eval %.1f in %.0f s, %d updates%n", seed,
                r.finalEvaluation().meanReturn(), (System.nanoTime() - start) / 1e9, dreamer.updates());
        return r;
    }

    @Test
    void theWorldModelLearnsPendulumFromItsOwnExperience() {
        List<Double> model = new ArrayList<>();
        List<Double> reward = new ArrayList<>();
        RunResult r = train(micro(), 800, 0, model, reward);
        assertTrue(model.size() >= 2, "training metrics of " + model.size() + " episodes");
        assertTrue(model.get(model.size() - 1) < 0.7 * model.get(0), "world-model loss " + model);
        assertTrue(reward.get(reward.size() - 1) < 0.8 * reward.get(0), "reward loss " + reward);
        assertTrue(Double.isFinite(r.finalEvaluation().meanReturn()));
    }

    @Tag("learning")
    @Test
    void theAgentBeatsARandomPolicyOnPendulum() {
        long steps = Long.getLong("dreamer.steps", 6_000);
        RunResult r = train(DreamerConfig.tiny(), steps, 0, new ArrayList<>(), new ArrayList<>());
        double random = PendulumLearning.randomReturn(0);
        double learned = r.finalEvaluation().meanReturn();
        assertTrue(learned > random + PendulumLearning.MARGIN_OVER_RANDOM, "final evaluation " + learned
                + " vs random policy " + random);
    }
}
