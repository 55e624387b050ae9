package org.mbrl4j.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.mbrl4j.algorithms.common.EpisodeCallback;
import org.mbrl4j.algorithms.common.EpisodeReport;
import org.mbrl4j.algorithms.common.LoopConfig;
import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.algorithms.common.OffPolicyRun;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.loop.EpisodeStats;
import org.mbrl4j.core.loop.EvaluationResult;
import org.mbrl4j.core.metrics.JsonLinesMetricsWriter;
import org.mbrl4j.core.metrics.MetricsLogger;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.tensor.CpuThreads;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The shared shape of the off-policy subcommands ({@code sac}, {@code td3}, {@code mbpo}, {@code steve},
 * {@code tdmpc}, {@code dreamer}, {@code planet}, {@code muzero}):
 * train for {@code --steps} environment steps with {@link OffPolicyLoop}, evaluating the deterministic
 * policy every {@code --eval-every} episodes. Leaves {@code episodes.csv}/{@code .jsonl} (one row per
 * training episode, with the latest evaluation return), {@code train.jsonl} (the learner's training
 * metrics per episode), {@code returns.png} (training returns and evaluation returns) and
 * {@code config.json} ({@link RunConfig}: the learner's whole configuration, the loop's settings and where it
 * ran). With {@code --checkpoint-every N} it also keeps {@code checkpoint.ckpt}, from which
 * {@code --resume DIR} continues the run exactly ({@link OffPolicyRun}), with the settings it was started with
 * (the learner's config and the environment's settings are read from the checkpoint). Subcommands whose learner
 * saves no checkpoints ({@code muzero}) refuse both options.
 */
abstract class OffPolicyCommand implements Callable<Integer> {

    /** Which configuration a subcommand starts from. */
    enum Preset {
        /** The paper's or reference implementation's settings (large networks: slow on 2 cores). */
        PAPER,
        /**
         * Small networks and budgets tuned on a laptop per environment: CartPoleSwingUp-v0 has its own where
         * the algorithm's config class offers one ({@code Presets.sacSmall(envId)}, ...), every other
         * environment gets the Pendulum-v1 one.
         */
        SMALL
    }

    @Mixin
    RunOptions options;

    @Mixin
    CheckpointOptions checkpoints;

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

    /** The {@code --preset} given; null when it was not (then {@link #preset()} is {@link #defaultPreset()}). */
    @Option(names = "--preset", description = "Configuration to start from: ${COMPLETION-CANDIDATES}. Default: "
            + "small (muzero: paper, its only preset).")
    Preset preset;

    @Option(names = "--updates-per-step", description = "Gradient updates of the policy learner per environment "
            + "step (SAC's, TD3's; MBPO's SAC, STEVE's TD3). Default: the preset's.")
    Integer updatesPerStep;

    @Spec
    CommandSpec spec;

    /** The configuration of the learner that {@link #learner} built last, for {@code config.json}. */
    private Record learnerConfig;

    /**
     * Remembers the learner's configuration for {@code config.json}; subcommands pass their final config
     * through it when they build the learner.
     *
     * @param config the learner's configuration
     * @param <C> its type
     * @return {@code config}
     */
    <C extends Record> C configured(C config) {
        learnerConfig = config;
        return config;
    }

    /** @return the preset in force: {@code --preset} if given, else the command's {@link #defaultPreset()} */
    Preset preset() {
        return preset != null ? preset : defaultPreset();
    }

    /** @return the preset used when {@code --preset} is not given ({@link Preset#SMALL} unless overridden) */
    Preset defaultPreset() {
        return Preset.SMALL;
    }

    /**
     * Options of a subcommand that its learner's configuration does not hold, for {@code config.json}.
     *
     * @return option names (without dashes) and values; none by default
     */
    Map<String, Object> extraOptions() {
        return Map.of();
    }

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
        if (actionRepeat() != null) {
            actionRepeat().validate();
        }
        if (updatesPerStep != null && updatesPerStep < 1) {
            throw new IllegalArgumentException("--updates-per-step must be >= 1: " + updatesPerStep);
        }
    }

    /** @return the subcommand's name, used for the default output folder */
    abstract String name();

    /** @return the environment id used when {@code --env} is not given (Pendulum-v1 unless overridden) */
    String defaultEnv() {
        return "Pendulum-v1";
    }

    /**
     * Checks that the learner can act in the environment, before anything is written.
     *
     * @param envId the value of {@code --env}
     * @param env an environment made from it
     * @throws IllegalArgumentException naming {@code --env} if it cannot (by default: unless the actions are a
     *     bounded box)
     */
    void checkEnvironment(String envId, Environment env) {
        EnvChoices.requireContinuousActions(name(), envId, env);
    }

    /**
     * The subcommand's {@code --action-repeat} mixin, if it has one: then the default {@link #makeEnv},
     * {@link #environmentSettings}, {@link #restoreEnvironmentSettings} and {@code config.json} use it.
     *
     * @return the option, or null when the subcommand has none (the default)
     */
    ActionRepeatOption actionRepeat() {
        return null;
    }

    /**
     * Builds a training or evaluation environment (with the subcommand's {@link #actionRepeat()} if any);
     * subcommands that wrap it otherwise (pixels) override it.
     *
     * @param spec the environment's registry entry
     * @return a fresh environment
     */
    Environment makeEnv(EnvSpec spec) {
        return actionRepeat() == null ? spec.make() : actionRepeat().make(spec);
    }

    /**
     * @param spec the environment's registry entry (termination function for model rollouts)
     * @param env the training environment
     * @param streams the random streams of the learner
     * @return the learner to train
     */
    abstract OffPolicyLearner learner(EnvSpec spec, Environment env, RandomStreams streams);

    /**
     * @param spec the environment's registry entry
     * @param checkpoint a run checkpoint of this command ({@link OffPolicyRun#LEARNER_PREFIX} holds the learner)
     * @return a learner with the config stored there, its state not yet restored
     * @throws IllegalArgumentException if the checkpoint holds another learner or an invalid config
     * @throws IllegalStateException    by default: a command whose learner saves no checkpoints keeps
     *                                  {@link #checkpointable()} false and never gets here
     */
    OffPolicyLearner learnerFromCheckpoint(EnvSpec spec, Checkpoint checkpoint) {
        // reached only for a learner that saves checkpoints: call() refuses --resume when checkpointable() is false
        throw new IllegalStateException(name() + " does not save its learner, so no run of it can be resumed");
    }

    /**
     * Settings outside the learner's config that decide the environment the learner sees (pixels, image size,
     * action repeat), kept in the run's checkpoint so that {@code --resume} rebuilds the same environment.
     *
     * @return setting names and values; by default the {@link #actionRepeat()} if any, else none
     */
    Map<String, String> environmentSettings() {
        return actionRepeat() == null ? Map.of() : actionRepeat().settings();
    }

    /**
     * On {@code --resume}, before any environment is made: takes back the settings that
     * {@link #environmentSettings()} wrote into the checkpoint: by default the {@link #actionRepeat()} if any.
     *
     * @param saved the run's checkpoint
     * @throws IllegalArgumentException if a setting is missing or invalid (naming it)
     */
    void restoreEnvironmentSettings(RunCheckpoint saved) {
        if (actionRepeat() != null) {
            actionRepeat().restore(saved);
        }
    }

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

    /** @return whether the learner saves checkpoints (else {@code --checkpoint-every} and {@code --resume} are refused) */
    boolean checkpointable() {
        return true;
    }

    @Override
    public Integer call() throws Exception {
        if (!checkpointable() && (checkpoints.resume != null || checkpoints.every != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), name() + " does not save its learner: "
                    + (checkpoints.resume != null ? "--resume" : "--checkpoint-every") + " is not available");
        }
        if (checkpoints.resume != null) {
            return resume();
        }
        // Everything is checked before the output folder is created: bad input writes nothing.
        String envId = options.env(defaultEnv());
        LoopConfig loop;
        EnvSpec envSpec;
        RunFolder folder;
        try {
            validateOptions();
            checkpoints.validate(options);
            loop = LoopConfig.of(steps).toBuilder().randomSteps(randomSteps).evalEveryEpisodes(evalEvery)
                    .evalEpisodes(evalEpisodes).build();
            envSpec = EnvChoices.spec(envId);
            folder = options.folder(name());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        configureThreads();
        RandomStreams streams = RandomStreams.of(options.seed);
        try (Environment env = makeEnv(envSpec); Environment evalEnv = makeEnv(envSpec)) {
            OffPolicyLearner learner;
            try {
                checkEnvironment(envId, env);
                learner = learner(envSpec, env, streams.child("learner"));
                folder.create();
            } catch (IllegalArgumentException e) {
                String message = String.valueOf(e.getMessage());
                throw new CommandLine.ParameterException(spec.commandLine(), message.startsWith("--") ? message
                        : name() + " cannot run on --env " + envId + ": " + message);
            }
            try {
                Map<String, Object> settings = new LinkedHashMap<>();
                settings.put("preset", preset().name().toLowerCase(Locale.ROOT));
                settings.put("loop", loop);
                settings.putAll(extraOptions());
                if (actionRepeat() != null) {
                    settings.putAll(actionRepeat().asMap());
                }
                RunConfig.write(folder.path(), name(), envId, options.seed, settings, learnerConfig);
                OffPolicyRun run = OffPolicyRun.start(env, evalEnv, learner, loop, streams.child("loop").seed());
                long every = checkpoints.every == null ? 0 : checkpoints.every;
                return train(run, envId, options.seed, every, folder.path(), false, Double.NaN);
            } finally {
                folder.removeIfEmpty();
            }
        }
    }

    /** {@code --resume DIR}: the run saved there, continued with its own settings. */
    private int resume() throws Exception {
        RunCheckpoint saved;
        EnvSpec envSpec;
        try {
            checkpoints.validate(options);
            saved = RunCheckpoint.read(checkpoints.resume, name());
            envSpec = EnvChoices.spec(saved.envId());
            restoreEnvironmentSettings(saved);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        configureThreads();
        Path out = saved.folder();
        try (Environment env = makeEnv(envSpec); Environment evalEnv = makeEnv(envSpec)) {
            OffPolicyRun run;
            double lastEval;
            try {
                OffPolicyLearner learner = learnerFromCheckpoint(envSpec, saved.checkpoint());
                run = OffPolicyRun.resume(out.resolve(RunCheckpoint.FILE), saved.checkpoint(), env, evalEnv, learner);
                lastEval = Double.parseDouble(saved.setting("lastEval"));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--resume " + checkpoints.resume
                        + ": " + e.getMessage());
            }
            RunCheckpoint.keepRecords(out.resolve("episodes.csv"), run.episodes(), true);
            RunCheckpoint.keepRecords(out.resolve("episodes.jsonl"), run.episodes(), false);
            RunCheckpoint.keepRecords(out.resolve("train.jsonl"), run.episodes(), false);
            long every = checkpoints.every != null ? checkpoints.every : saved.every();
            return train(run, saved.envId(), saved.seed(), every, out, true, lastEval);
        }
    }

    private static void configureThreads() {
        if (System.getProperty(CpuThreads.PROPERTY) == null && System.getenv(CpuThreads.ENV) == null) {
            // Updates at batch 256 on small networks: one BLAS thread measured 6-10x faster than two on a
            // loaded 2-core machine (docs/algorithms/sac.md); -Dmbrl4j.threads=N overrides.
            CpuThreads.configure(1);
        } else {
            CpuThreads.configureDefaults();
        }
    }

    /**
     * Runs to the end, recording every episode and saving a checkpoint at the first episode end at or after
     * every multiple of {@code every} steps and at the end ({@code every > 0}).
     */
    private int train(OffPolicyRun run, String envId, long seed, long every, Path out, boolean resumed,
            double lastEvalBefore) throws Exception {
        long total = run.config().totalSteps();
        String title = name() + " on " + envId + " (seed " + seed + ")";
        try (EpisodeRecorder recorder = resumed ? EpisodeRecorder.resume(out, title, total, "steps", run.steps())
                        : EpisodeRecorder.open(out, title, total, "steps");
                LazyMetrics train = new LazyMetrics(() -> MetricsLogger.of(resumed
                        ? JsonLinesMetricsWriter.append(out.resolve("train.jsonl"))
                        : JsonLinesMetricsWriter.open(out.resolve("train.jsonl"))))) {
            double[] lastEval = {lastEvalBefore};
            EpisodeCallback callback = report -> {
                report.evalReturn().ifPresent(r -> {
                    lastEval[0] = r;
                    recorder.recordEvaluation(report.envSteps(), r);
                });
                recorder.record(stats(report), Map.of("eval_return", lastEval[0]));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("episode", report.episode());
                row.put("env_steps", report.envSteps());
                row.putAll(report.metrics());
                train.log(row);
                recorder.progressTo(report.envSteps());
            };
            while (!run.done()) {
                long limit = every > 0 ? (run.steps() / every + 1) * every : Long.MAX_VALUE;
                run.runUntil(limit, callback);
                if (every > 0) {
                    Map<String, String> settings = new LinkedHashMap<>(environmentSettings());
                    settings.put("lastEval", Double.toString(lastEval[0]));
                    RunCheckpoint.write(out, run.toCheckpoint(), name(), envId, seed, every, settings);
                }
            }
            EvaluationResult fin = run.finish();
            recorder.progressTo(total);
            recorder.recordEvaluation(total, fin.meanReturn());
            afterTraining(run.learner(), run.evalEnv(), out);
            spec.commandLine().getOut().printf(
                    "%s on %s: %d steps, %d episodes; final evaluation over %d episodes: %.2f +- %.2f%nwrote %s%n",
                    name(), envId, total, run.episodes(), run.config().evalEpisodes(), fin.meanReturn(),
                    fin.stdReturn(), out.toAbsolutePath());
        }
        return 0;
    }

    private static EpisodeStats stats(EpisodeReport r) {
        return new EpisodeStats(r.episode(), r.episodeReturn(), r.length(), r.envSteps(), r.terminated(),
                !r.terminated());
    }
}
