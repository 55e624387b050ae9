package org.mbrl4j.examples.programs;

import org.mbrl4j.algorithms.common.LoopConfig;
import org.mbrl4j.algorithms.common.OffPolicyLoop;
import org.mbrl4j.algorithms.common.RunResult;
import org.mbrl4j.algorithms.sac.Sac;
import org.mbrl4j.algorithms.sac.SacConfig;
import org.mbrl4j.algorithms.steve.Steve;
import org.mbrl4j.algorithms.steve.SteveConfig;
import org.mbrl4j.algorithms.td3.Td3;
import org.mbrl4j.algorithms.td3.Td3Config;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;

/**
 * SAC, TD3 or STEVE on Pendulum-v1 with the small presets, through {@link OffPolicyLoop}: the snippets of
 * docs/algorithms/sac.md, td3.md and steve.md. Each episode's report is printed; the run ends with an
 * evaluation of 5 episodes.
 *
 * <pre>{@code java --add-modules jdk.incubator.vector -cp examples/target/mbrl4j.jar \
 *     org.mbrl4j.examples.programs.OffPolicyPendulum [sac|td3|steve] [steps] [seed]}</pre>
 */
public final class OffPolicyPendulum {

    private OffPolicyPendulum() {}

    /**
     * @param args optional algorithm ({@code sac}, {@code td3} or {@code steve}; default {@code sac}), environment
     *     steps (default 5000) and seed (default 0)
     */
    public static void main(String[] args) {
        String algorithm = args.length > 0 ? args[0] : "sac";
        long steps = args.length > 1 ? Long.parseLong(args[1]) : 5000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 0;
        RunResult result = switch (algorithm) {
            case "sac" -> sac(steps, seed);
            case "td3" -> td3(steps, seed);
            case "steve" -> steve(steps, seed);
            default -> throw new IllegalArgumentException("algorithm must be sac, td3 or steve: " + algorithm);
        };
        System.out.printf("final evaluation: %.1f +- %.1f%n", result.finalEvaluation().meanReturn(),
                result.finalEvaluation().stdReturn());
    }

    /**
     * @param steps environment steps to train for (more than 500: the first 500 are random)
     * @param seed the seed of the learner, the environment resets and the evaluations
     * @return every training episode's report and the final evaluation
     */
    public static RunResult sac(long steps, long seed) {
        // snippet:sac
        EnvSpec spec = Envs.spec("Pendulum-v1");
        try (Environment env = spec.make(); Environment evalEnv = spec.make()) {
            Sac sac = new Sac(env.observationSpace().flatDim(), env.actionSpace(), SacConfig.pendulumSmall(),
                    RandomStreams.of(seed).child("learner"));
            // steps, random warm-up steps, evaluate every 5 episodes, 5 episodes per evaluation
            LoopConfig loop = LoopConfig.of(steps).toBuilder().randomSteps(500).build();
            return OffPolicyLoop.run(env, evalEnv, sac, loop, seed, report -> System.out.println(report));
        }
        // end-snippet
    }

    /**
     * @param steps environment steps to train for (more than 500: the first 500 are random)
     * @param seed the seed of the learner, the environment resets and the evaluations
     * @return every training episode's report and the final evaluation
     */
    public static RunResult td3(long steps, long seed) {
        EnvSpec spec = Envs.spec("Pendulum-v1");
        try (Environment env = spec.make(); Environment evalEnv = spec.make()) {
            LoopConfig loop = LoopConfig.of(steps).toBuilder().randomSteps(500).build();
            // snippet:td3
            Td3 td3 = new Td3(env.observationSpace().flatDim(), env.actionSpace(), Td3Config.pendulumSmall(),
                    RandomStreams.of(seed).child("learner"));
            return OffPolicyLoop.run(env, evalEnv, td3, loop, seed, report -> System.out.println(report));
            // end-snippet
        }
    }

    /**
     * @param steps environment steps to train for (more than 500: the first 500 are random)
     * @param seed the seed of the learner, the environment resets and the evaluations
     * @return every training episode's report and the final evaluation
     */
    public static RunResult steve(long steps, long seed) {
        EnvSpec spec = Envs.spec("Pendulum-v1");
        try (Environment env = spec.make(); Environment evalEnv = spec.make()) {
            LoopConfig loop = LoopConfig.of(steps).toBuilder().randomSteps(500).build();
            // snippet:steve
            // the model rolls out imagined steps; the task's termination function ends them
            Steve steve = new Steve(env.observationSpace().flatDim(), env.actionSpace(), spec.terminationFunction(),
                    SteveConfig.pendulumSmall(), RandomStreams.of(seed).child("learner"));
            return OffPolicyLoop.run(env, evalEnv, steve, loop, seed, report -> System.out.println(report));
            // end-snippet
        }
    }
}
