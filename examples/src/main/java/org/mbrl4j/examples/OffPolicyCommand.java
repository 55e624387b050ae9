package org.mbrl4j.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mbrl4j.algorithms.common.EpisodeReport;
import org.mbrl4j.algorithms.common.LoopConfig;
import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.algorithms.common.OffPolicyLoop;
import org.mbrl4j.algorithms.common.RunResult;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.loop.EpisodeStats;
import org.mbrl4j.core.metrics.JsonLinesMetricsWriter;
import org.mbrl4j.core.metrics.MetricsLogger;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.tensor.CpuThreads;
import org.mbrl4j.envs.EnvSpec;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The shared shape of the off-policy subcommands ({@code sac}, {@code td3}, {@code mbpo}, {@code steve}):
 * train for {@code --steps} environment steps with {@link OffPolicyLoop}, evaluating the deterministic
 * policy every {@code --eval-every} episodes. Leaves {@code episodes.csv}/{@code .jsonl} (one row per
 * training episode, with the latest evaluation return), {@code train.jsonl} (the learner's training
 * metrics per episode) and {@code returns.png}.
 */
abstract class OffPolicyCommand implements Callable<Integer> {

    /** Which configuration a subcommand starts from. */
    enum Preset {
        /** The paper's or reference implementation's settings (large networks: slow on 2 cores). */
        PAPER,
        /**
         * Small networks and budgets tuned on a laptop per environment: CartPoleSwingUp-v0 has its own where
         * the algorithm's config class offers one ({@code SacConfig.small(envId)}, ...), every other
         * environment gets the Pendulum-v1 one.
         */
        SMALL
    }

    @Mixin
    RunOptions options;

    @Option(names = "--steps", description = "Environment steps to train for. Default: ${DEFAULT-VALUE}.",
            defaultValue = "10000")
    long steps;

    @Option(names = "--random-steps", description = "Initial steps with uniformly random actions. Default: ${DEFAULT-VALUE}.",
            defaultValue = "1000")
    int randomSteps;

    @Option(names = "--eval-every", description = "Evaluate every N training episodes (0: only at the end). Default: ${DEFAULT-VALUE}.",
            defaultValue = "5")
    int evalEvery;

    @Option(names = "--eval-episodes", description = "Episodes per evaluation. Default: ${DEFAULT-VALUE}.",
            defaultValue = "5")
    int evalEpisodes;

    @Option(names = "--preset", description = "Configuration to start from: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.",
            defaultValue = "SMALL")
    Preset preset;

    @Option(names = "--updates-per-step", description = "Gradient updates of the policy learner per environment "
            + "step (SAC's, TD3's; MBPO's SAC, STEVE's TD3). Default: the preset's.")
    Integer updatesPerStep;

    @Spec
    CommandSpec spec;

    /**
     * @param presetValue the preset's updates per environment step
     * @return {@code --updates-per-step} if given, else {@code presetValue}
     */
    int updates(int presetValue) {
        return updatesPerStep == null ? presetValue : updatesPerStep;
    }

    /**
     * Checks the options before anything is written; subcommands with options of their own extend it.
     *
     * @throws IllegalArgumentException naming the bad option and its value
     */
    void validateOptions() {
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be >= 1: " + steps);
        }
        if (randomSteps < 0) {
            throw new IllegalArgumentException("--random-steps must be >= 0: " + randomSteps);
        }
        if (evalEvery < 0) {
            throw new IllegalArgumentException("--eval-every must be >= 0: " + evalEvery);
        }
        if (evalEpisodes < 1) {
            throw new IllegalArgumentException("--eval-episodes must be >= 1: " + evalEpisodes);
        }
        if (updatesPerStep != null && updatesPerStep < 1) {
            throw new IllegalArgumentException("--updates-per-step must be >= 1: " + updatesPerStep);
        }
    }

    /** @return the subcommand's name, used for the default output folder */
    abstract String name();

    /**
     * @param spec the environment's registry entry (termination function for model rollouts)
     * @param env the training environment
     * @param streams the random streams of the learner
     * @return the learner to train
     */
    abstract OffPolicyLearner learner(EnvSpec spec, Environment env, RandomStreams streams);

    /**
     * Runs after training, before the summary line; subcommands that leave more files (a GIF) override it.
     *
     * @param learner the trained learner
     * @param evalEnv the evaluation environment
     * @param out the run folder
     * @throws Exception if a file cannot be written
     */
    void afterTraining(OffPolicyLearner learner, Environment evalEnv, Path out) throws Exception {
    }

    @Override
    public Integer call() throws Exception {
        // Everything is checked before the output folder is created: bad input writes nothing.
        String envId = options.env("Pendulum-v1");
        LoopConfig loop;
        EnvSpec envSpec;
        RunFolder folder;
        try {
            validateOptions();
            loop = new LoopConfig(steps, randomSteps, evalEvery, evalEpisodes);
            envSpec = EnvChoices.spec(envId);
            folder = options.folder(name());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (System.getProperty(CpuThreads.PROPERTY) == null && System.getenv(CpuThreads.ENV) == null) {
            // Updates at batch 256 on small networks: one BLAS thread measured 6-10x faster than two on a
            // loaded 2-core machine (docs/algorithms/sac.md); -Dmbrl4j.threads=N overrides.
            CpuThreads.configure(1);
        }
        RandomStreams streams = RandomStreams.of(options.seed);
        try (Environment env = envSpec.make(); Environment evalEnv = envSpec.make()) {
            OffPolicyLearner learner;
            try {
                EnvChoices.requireContinuousActions(name(), envId, env);
                learner = learner(envSpec, env, streams.child("learner"));
                folder.create();
            } catch (IllegalArgumentException e) {
                String message = String.valueOf(e.getMessage());
                throw new CommandLine.ParameterException(spec.commandLine(), message.startsWith("--") ? message
                        : name() + " cannot run on --env " + envId + ": " + message);
            }
            try {
                return train(env, evalEnv, learner, loop, streams, envId, folder.path());
            } finally {
                folder.removeIfEmpty();
            }
        }
    }

    private int train(Environment env, Environment evalEnv, OffPolicyLearner learner, LoopConfig loop,
            RandomStreams streams, String envId, Path out) throws Exception {
        try (EpisodeRecorder recorder = EpisodeRecorder.open(out, name() + " on " + envId
                        + " (seed " + options.seed + ")", steps, "steps");
                LazyMetrics train = new LazyMetrics(
                        () -> MetricsLogger.of(JsonLinesMetricsWriter.open(out.resolve("train.jsonl"))))) {
            double[] lastEval = {Double.NaN};
            RunResult result = OffPolicyLoop.run(env, evalEnv, learner, loop, streams.child("loop").seed(),
                    report -> {
                        report.evalReturn().ifPresent(r -> lastEval[0] = r);
                        recorder.record(stats(report), Map.of("eval_return", lastEval[0]));
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("episode", report.episode());
                        row.put("env_steps", report.envSteps());
                        row.putAll(report.metrics());
                        train.log(row);
                        recorder.progressTo(report.envSteps());
                    });
            recorder.progressTo(steps);
            afterTraining(learner, evalEnv, out);
            spec.commandLine().getOut().printf(
                    "%s on %s: %d steps, %d episodes; final evaluation over %d episodes: %.2f +- %.2f%nwrote %s%n",
                    name(), envId, steps, result.episodes().size(), evalEpisodes,
                    result.finalEvaluation().meanReturn(), result.finalEvaluation().stdReturn(), out.toAbsolutePath());
        }
        return 0;
    }

    private static EpisodeStats stats(EpisodeReport r) {
        return new EpisodeStats(r.episode(), r.episodeReturn(), r.length(), r.envSteps(), r.terminated(),
                !r.terminated());
    }
}
