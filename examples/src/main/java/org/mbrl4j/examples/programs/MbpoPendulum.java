package org.mbrl4j.examples.programs;

import org.mbrl4j.algorithms.common.LoopConfig;
import org.mbrl4j.algorithms.common.OffPolicyLoop;
import org.mbrl4j.algorithms.common.RunResult;
import org.mbrl4j.algorithms.mbpo.Mbpo;
import org.mbrl4j.algorithms.mbpo.MbpoConfig;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.tensor.CpuThreads;

/**
 * MBPO (Janner et al. 2019) on {@code Pendulum-v1}: SAC trained on a mix of real transitions and short
 * rollouts of a dynamics ensemble branched from real states. {@link OffPolicyLoop} runs it for a number of
 * environment steps, evaluating the deterministic policy every few episodes. A random policy scores about
 * -1200; at the default 5000 steps MBPO's evaluation usually reaches -200 to -400 (a few minutes on 2 cores).
 *
 * <pre>{@code java --add-modules jdk.incubator.vector -cp examples/target/mbrl4j.jar \
 *     org.mbrl4j.examples.programs.MbpoPendulum [steps] [seed]}</pre>
 */
public final class MbpoPendulum {

    private MbpoPendulum() {}

    /**
     * @param args optional number of environment steps (default 5000) and seed (default 0)
     */
    public static void main(String[] args) {
        long steps = args.length > 0 ? Long.parseLong(args[0]) : 5000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 0;
        RunResult result = run(steps, seed);
        System.out.printf("final evaluation: %.1f +- %.1f%n", result.finalEvaluation().meanReturn(),
                result.finalEvaluation().stdReturn());
    }

    /**
     * @param steps environment steps to train for (the first 200 at random)
     * @param seed the seed of the learner, the environment resets and the evaluations
     * @return every training episode's report and the final evaluation (5 episodes)
     */
    public static RunResult run(long steps, long seed) {
        // Batches of 128 rows through 64-wide layers: one BLAS thread is faster than two.
        CpuThreads.configure(1);
        // snippet:mbpo
        EnvSpec spec = Envs.spec("Pendulum-v1");
        try (Environment env = spec.make(); Environment evalEnv = spec.make()) {
            Mbpo mbpo = new Mbpo(env.observationSpace().flatDim(), env.actionSpace(), spec.terminationFunction(),
                    MbpoConfig.pendulumSmall(), RandomStreams.of(seed).child("learner"));
            // steps, random warm-up steps, evaluate every 5 episodes, 5 episodes per evaluation
            LoopConfig loop = LoopConfig.of(steps).toBuilder().randomSteps(200).build();
            return OffPolicyLoop.run(env, evalEnv, mbpo, loop, seed, episode -> System.out.printf(
                    "episode %d: return %.1f, evaluation %s%n", episode.episode(), episode.episodeReturn(),
                    episode.evalReturn().isPresent() ? String.format("%.1f", episode.evalReturn().getAsDouble())
                            : "-"));
        }
        // end-snippet
    }
}
