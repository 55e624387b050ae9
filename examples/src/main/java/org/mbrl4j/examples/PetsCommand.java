package org.mbrl4j.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mbrl4j.algorithms.pets.Pets;
import org.mbrl4j.algorithms.pets.PetsConfig;
import org.mbrl4j.algorithms.pets.PetsListener;
import org.mbrl4j.algorithms.pets.PetsOptimizer;
import org.mbrl4j.algorithms.pets.TrialReport;
import org.mbrl4j.algorithms.presets.Presets;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.buffer.Batch;
import org.mbrl4j.core.loop.EpisodeStats;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.envs.render.GifWriter;
import org.mbrl4j.models.dynamics.OpenLoopPrediction;
import org.mbrl4j.planners.DiscreteCemConfig;
import org.mbrl4j.tensor.CpuThreads;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mbrl4j pets}: PETS (Chua et al. 2018) with the preset of the environment
 * ({@link Presets#pets(String)}), at a budget ({@code --budget}) and with a trajectory optimiser
 * ({@code --optimizer}, {@link PetsConfig#withOptimizer(PetsOptimizer)}) that the first output line names.
 * On an environment with discrete actions (CartPole-v1, Acrobot-v1) the preset plans with the categorical CEM
 * ({@link DiscreteCemConfig}), which {@code --optimizer cem} (the default) keeps; the other optimisers search
 * continuous actions and are refused.
 * Leaves one metrics record per trial ({@code episodes.csv} and {@code .jsonl}: trial, steps, return, model
 * trainings, seconds, optimiser, and the open-loop diagnostic's 2-std coverage and band-to-error ratio),
 * {@code returns.png} (return per trial against environment steps), {@code open-loop-trial-T.png} after every
 * planned trial ({@link OpenLoopPrediction}: the model's open-loop prediction of that trial's episode with its
 * uncertainty band), {@code last-trial.gif}, the last trial rendered from the environment, and
 * {@code config.json} ({@link RunConfig}). With {@code --checkpoint-every N} it keeps {@code checkpoint.ckpt}
 * (every N trials and at the end), from which {@code --resume DIR} runs the remaining trials exactly as the
 * uninterrupted run would have.
 */
@Command(name = "pets", mixinStandardHelpOptions = true,
        description = "PETS: a probabilistic ensemble and MPC with particle propagation; metrics, a plot and a GIF.")
final class PetsCommand implements Callable<Integer> {

    @Mixin
    private RunOptions options;

    @Mixin
    private CheckpointOptions checkpoints;

    @Option(names = "--trials", description = "Number of trials (the first one random); default: the preset's.")
    private Integer trials;

    /** How much compute a run spends. */
    enum Budget {
        /** The preset as cited ({@link Presets#pets(String)}): mbrl-lib's sizes, slow on 2 cores. */
        PRESET,
        /** {@link PetsConfig#reduced()}: a smaller ensemble trained longer, a smaller CEM population. */
        REDUCED
    }

    @Option(names = "--budget", description = "${COMPLETION-CANDIDATES}: the cited preset, or a laptop budget "
            + "of it (smaller ensemble trained longer, smaller population). Default: ${DEFAULT-VALUE}.",
            defaultValue = "REDUCED")
    private Budget budget;

    @Option(names = "--optimizer", converter = OptimizerConverter.class, description = "Trajectory optimiser: "
            + "cem, icem, mppi, random-shooting, gradient or hybrid (case-insensitive), sized to the budget's CEM "
            + "(about iterations x population sequences per plan); gradient and hybrid plan on the ensemble's "
            + "mean (EXPECTATION propagation). Discrete actions (CartPole-v1, Acrobot-v1): cem only, the "
            + "categorical CEM. "
            + "Default: cem.", defaultValue = "cem")
    private PetsOptimizer optimizer;

    @Option(names = "--gif-width", description = "Width of the last trial's GIF in pixels (0: no GIF). Default: ${DEFAULT-VALUE}.",
            defaultValue = "300")
    private int gifWidth;

    @Option(names = "--open-loop-steps", description = "After every planned trial, roll the model open-loop "
            + "through the first this many steps of the trial's episode and write open-loop-trial-T.png "
            + "(0: none). Default: ${DEFAULT-VALUE}.", defaultValue = "50")
    private int openLoopSteps;

    @Spec
    private CommandSpec spec;

    /** Particles of the open-loop diagnostic. */
    private static final int OPEN_LOOP_PARTICLES = 20;

    @Override
    public Integer call() throws Exception {
        if (checkpoints.resume != null) {
            return resume();
        }
        // Everything is checked before the output folder is created: bad input writes nothing.
        String envId = options.env("CartPoleContinuous-v0");
        EnvSpec envSpec;
        PetsConfig config;
        RunFolder folder;
        try {
            envSpec = EnvChoices.spec(envId);
            config = preset(envId);
            if (openLoopSteps < 0) {
                throw new IllegalArgumentException("--open-loop-steps must be >= 0: " + openLoopSteps);
            }
            if (gifWidth < 0) {
                throw new IllegalArgumentException("--gif-width must be >= 0: " + gifWidth);
            }
            checkpoints.validate(options);
            folder = options.folder("pets");
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try (Environment env = Envs.make(envId)) {
            Pets pets;
            try {
                pets = new Pets(config, env, envSpec.rewardFunction(), envSpec.terminationFunction(), options.seed);
                folder.create();
            } catch (IllegalArgumentException e) {
                String message = String.valueOf(e.getMessage());
                throw new CommandLine.ParameterException(spec.commandLine(), message.startsWith("--") ? message
                        : "pets cannot run on --env " + envId + ": " + message);
            }
            try {
                CpuThreads.configureDefaults(); // the command line's thread policy, recorded in config.json
                Map<String, Object> settings = new LinkedHashMap<>();
                settings.put("budget", budget.name().toLowerCase(Locale.ROOT));
                settings.put("optimizer", optimizer.cliName());
                settings.put("gif_width", gifWidth);
                settings.put("open_loop_steps", openLoopSteps);
                RunConfig.write(folder.path(), "pets", envId, options.seed, settings, config);
                long every = checkpoints.every == null ? 0 : checkpoints.every;
                return run(pets, config, env, envId, options.seed, optimizer.cliName(),
                        budget.name().toLowerCase(Locale.ROOT), every, folder.path(), false);
            } finally {
                folder.removeIfEmpty();
            }
        }
    }

    /** {@code --resume DIR}: the PETS run saved there, continued with its own settings. */
    private int resume() throws Exception {
        RunCheckpoint saved;
        EnvSpec envSpec;
        try {
            if (openLoopSteps < 0) {
                throw new IllegalArgumentException("--open-loop-steps must be >= 0: " + openLoopSteps);
            }
            if (gifWidth < 0) {
                throw new IllegalArgumentException("--gif-width must be >= 0: " + gifWidth);
            }
            checkpoints.validate(options);
            saved = RunCheckpoint.read(checkpoints.resume, "pets");
            envSpec = EnvChoices.spec(saved.envId());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path out = saved.folder();
        Path file = out.resolve(RunCheckpoint.FILE);
        try (Environment env = Envs.make(saved.envId())) {
            Pets pets;
            String optimizerName;
            String budgetName;
            try {
                pets = Pets.resume(file, env, envSpec.rewardFunction(), envSpec.terminationFunction());
                optimizerName = saved.setting("optimizer");
                budgetName = saved.setting("budget");
            } catch (IllegalArgumentException | org.mbrl4j.core.io.CorruptCheckpointException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--resume " + checkpoints.resume
                        + ": " + e.getMessage());
            }
            int done = pets.reports().size();
            RunCheckpoint.keepRecords(out.resolve("episodes.csv"), done, true);
            RunCheckpoint.keepRecords(out.resolve("episodes.jsonl"), done, false);
            long every = checkpoints.every != null ? checkpoints.every : saved.every();
            CpuThreads.configureDefaults(); // the command line's thread policy, as the run it continues
            return run(pets, pets.config(), env, saved.envId(), saved.seed(), optimizerName, budgetName, every, out,
                    true);
        }
    }

    /** The environment's preset at the chosen budget, optimiser and trials; messages name the options. */
    private PetsConfig preset(String envId) {
        PetsConfig config;
        try {
            config = Presets.pets(envId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--env " + envId + " has no PETS preset; pets runs on: "
                    + String.join(", ", EnvChoices.petsIds()), e);
        }
        if (budget == Budget.REDUCED) {
            config = config.reduced();
        }
        if (config.optimizer() instanceof DiscreteCemConfig && optimizer != PetsOptimizer.CEM) {
            throw new IllegalArgumentException("--optimizer " + optimizer.cliName() + " does not apply to --env "
                    + envId + ", whose actions are discrete (planned by the categorical CEM): use --optimizer cem");
        }
        try {
            config = config.withOptimizer(optimizer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--optimizer " + optimizer.cliName() + ": " + e.getMessage(), e);
        }
        if (trials != null) {
            if (trials < 1) {
                throw new IllegalArgumentException("--trials must be >= 1: " + trials);
            }
            // The replay buffer holds every step of every trial, indexed by int.
            long maxTrials = Integer.MAX_VALUE / config.trialLength();
            if (trials > maxTrials) {
                throw new IllegalArgumentException("--trials must be <= " + maxTrials + " (trials x "
                        + config.trialLength() + " steps must fit the replay buffer): " + trials);
            }
            config = config.withTrials(trials);
        }
        return config;
    }

    private int run(Pets pets, PetsConfig config, Environment env, String envId, long seed, String optimizerName,
            String budgetName, long every, Path out, boolean resumed) throws Exception {
        long totalSteps = (long) config.trials() * config.trialLength();
        spec.commandLine().getOut().printf("PETS on %s, seed %d, budget %s, optimizer %s: %s, %d sequences per plan, "
                + "horizon %d, %d particles %s%n", envId, seed, budgetName,
                optimizerName, config.optimizer(), PetsOptimizer.sequencesPerPlan(config.optimizer()),
                config.horizon(), config.particles(), config.propagation());
        spec.commandLine().getOut().flush();
        String title = "PETS on " + envId + " (seed " + seed + ")";
        long stepsBefore = pets.reports().isEmpty() ? 0 : pets.reports().get(pets.reports().size() - 1).totalEnvSteps();
        try (EpisodeRecorder recorder = resumed ? EpisodeRecorder.resume(out, title, totalSteps, "steps", stepsBefore)
                        : EpisodeRecorder.open(out, title, totalSteps, "steps");
                LastTrialVideo video = new LastTrialVideo(env, out.resolve("last-trial.gif"), gifWidth)) {
            int lastTrial = config.trials() - 1;
            int trialLength = config.trialLength();
            PetsListener listener = new PetsListener() {
                private int trial = pets.reports().size();

                @Override
                public void onStep(long totalEnvSteps, Transition transition) {
                    if (trial == lastTrial) {
                        video.capture();
                    }
                    recorder.progressTo(totalEnvSteps);
                }

                @Override
                public void onTrial(TrialReport r) {
                    Map<String, Object> extra = new LinkedHashMap<>();
                    extra.put("random", r.random());
                    extra.put("model_trainings", r.trainings());
                    extra.put("trial_seconds", r.seconds());
                    extra.put("optimizer", optimizerName);
                    OpenLoopPrediction openLoop = r.random() || openLoopSteps == 0 ? null
                            : writeOpenLoop(pets, r, out, envId, seed);
                    extra.put("open_loop_coverage_2std", openLoop == null ? Double.NaN : openLoop.coverage(2));
                    extra.put("open_loop_band_to_error", openLoop == null ? Double.NaN
                            : geometricMean(openLoop.bandToErrorRatio(openLoop.steps())));
                    // A planned trial shorter than trialLength ended at a termination; the random one
                    // always runs trialLength steps over as many episodes as it takes.
                    boolean terminated = !r.random() && r.steps() < trialLength;
                    recorder.record(new EpisodeStats(r.trial(), r.episodeReturn(), r.steps(), r.totalEnvSteps(),
                            terminated, !terminated), extra);
                    trial = r.trial() + 1;
                }
            };
            while (pets.reports().size() < config.trials()) {
                pets.runTrial(listener);
                int done = pets.reports().size();
                if (every > 0 && (done % every == 0 || done == config.trials())) {
                    RunCheckpoint.write(out, pets.toCheckpoint(), "pets", envId, seed, every,
                            Map.of("optimizer", optimizerName, "budget", budgetName));
                }
            }
            recorder.finish(pets.reports().get(pets.reports().size() - 1).totalEnvSteps());
            StringBuilder returns = new StringBuilder();
            for (TrialReport r : pets.reports()) {
                returns.append(returns.length() == 0 ? "" : ", ").append(String.format("%.1f", r.episodeReturn()));
            }
            spec.commandLine().getOut().printf("PETS on %s, seed %d, optimizer %s: returns per trial [%s]%nwrote %s%n",
                    envId, seed, optimizerName, returns, out.toAbsolutePath());
        }
        return 0;
    }

    /**
     * The model as it is at the end of trial {@code r}, rolled open-loop through the first
     * {@code --open-loop-steps} steps of that trial's episode ({@link OpenLoopPrediction}), drawn to
     * {@code open-loop-trial-T.png}.
     */
    private OpenLoopPrediction writeOpenLoop(Pets pets, TrialReport r, Path out, String envId, long seed) {
        Batch all = pets.buffer().all();
        long end = all.observations().size(0);
        long start = end - r.steps();
        long stop = start + Math.min(openLoopSteps, r.steps());
        INDArray first = all.observations().getRow(start);
        INDArray actions = pets.modelActions(all.actions()).get(NDArrayIndex.interval(start, stop), NDArrayIndex.all());
        INDArray next = all.nextObservations().get(NDArrayIndex.interval(start, stop), NDArrayIndex.all());
        OpenLoopPrediction p = OpenLoopPrediction.of(pets.model(), first, actions, next, OPEN_LOOP_PARTICLES,
                RandomStreams.of(seed).child("open-loop").child(r.trial()).javaRandom());
        try {
            OpenLoopPlot.savePng(p, String.format(Locale.ROOT, "%s seed %d, model after trial %d", envId, seed,
                    r.trial()), out.resolve("open-loop-trial-" + r.trial() + ".png"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static double geometricMean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += Math.log(x);
        }
        return Math.exp(s / v.length);
    }

    /** Reads {@code --optimizer} with {@link PetsOptimizer#parse(String)}: {@code random-shooting} as well. */
    static final class OptimizerConverter implements CommandLine.ITypeConverter<PetsOptimizer> {
        @Override
        public PetsOptimizer convert(String value) {
            try {
                return PetsOptimizer.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * Frames of the environment drawn after every step of the last trial, written as a GIF into a temporary
     * file beside {@code last-trial.gif} and renamed into place at close, so a killed run never leaves a
     * truncated GIF; the temporary file is only created when the first frame comes.
     */
    private static final class LastTrialVideo implements AutoCloseable {

        private final Environment env;
        private final Path file;
        private final int width;
        private final boolean renders;
        private Path tmp;
        private GifWriter gif;

        LastTrialVideo(Environment env, Path file, int width) {
            this.env = env;
            this.file = file;
            this.width = width;
            this.renders = width > 0 && Envs.renderFrame(env, width, width * 2 / 3).isPresent();
        }

        void capture() {
            if (!renders) {
                return;
            }
            Optional<BufferedImage> frame = Envs.renderFrame(env, width, width * 2 / 3);
            try {
                if (frame.isPresent()) {
                    if (gif == null) {
                        tmp = AtomicFiles.temporaryFor(file);
                        // 20 frames per second: the cart-pole tasks step at 0.02-0.05 s, so this plays at 1-2.5x
                        // real time.
                        gif = new GifWriter(tmp, 50);
                    }
                    gif.append(frame.get());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (gif == null) {
                return;
            }
            try {
                gif.close();
                AtomicFiles.moveIntoPlace(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
