package org.mbrl4j.algorithms.pets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.mbrl4j.algorithms.common.AgentCheckpoints;
import org.mbrl4j.algorithms.common.EpisodeCallback;
import org.mbrl4j.algorithms.common.EpisodeReport;
import org.mbrl4j.algorithms.common.TrainingRun;
import org.mbrl4j.core.Agent;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.RandomAgent;
import org.mbrl4j.core.RewardFunction;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.buffer.Batch;
import org.mbrl4j.core.buffer.ReplayBuffer;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.io.Checkpoints;
import org.mbrl4j.core.io.RecordEntries;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.random.SplitMix64;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Discrete;
import org.mbrl4j.models.dynamics.GaussianEnsemble;
import org.mbrl4j.models.dynamics.ModelTrainer;
import org.mbrl4j.models.dynamics.TrainingResult;
import org.mbrl4j.planners.ActionBounds;
import org.mbrl4j.planners.DiscreteCemConfig;
import org.mbrl4j.planners.ModelEnv;
import org.mbrl4j.planners.MpcAgent;
import org.mbrl4j.planners.TrajectoryOptimizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs PETS (Chua et al. 2018) as mbrl-lib's {@code mbrl/algorithms/pets.py} does:
 *
 * <ol>
 *   <li>trial 0: a uniformly random agent for {@code trialLength} steps (mbrl-lib's
 *       {@code initial_exploration_steps}), over several episodes if they end sooner, its transitions stored;
 *   <li>every later trial: at its first step and every {@code trainEvery} environment steps, the ensemble is
 *       retrained on all the data so far ({@link ModelTrainer#train}, normaliser refitted); every step the
 *       {@link MpcAgent} plans over a {@link ModelEnv} from the current observation.
 * </ol>
 *
 * <p>A trial ends at termination, truncation (the environment's own time limit) or {@code trialLength} steps.
 * Episode {@code e} of trial {@code t} starts with {@code env.reset(seed of child("env").child(t).child(e))}. Everything random comes from
 * the seed. Not thread-safe.
 *
 * <p><b>Action spaces.</b> A one-dimensional bounded {@code Box}, planned by the config's continuous optimiser;
 * or a {@code Discrete(n)} space, planned by the categorical CEM ({@link DiscreteCemConfig} with
 * {@code numActions = n}, set in the config, as in {@link PetsConfig#cartpole()}) over sequences of action
 * indices {@code [H, 1]}. With discrete actions the ensemble has {@code n} action inputs and sees each
 * action one-hot encoded ({@link OneHotActions}: index {@code i} is the unit vector {@code e_i}; the stored
 * transitions keep the environment's actions, encoded when the ensemble is trained); the reward and
 * termination functions get the environment's actions, {@code [B, 1]} floats holding
 * {@code Discrete.start() + i}; and the agent returns INT64 scalars {@code start + i}.
 *
 * <pre>{@code
 * EnvSpec spec = Envs.spec("CartPoleContinuous-v0");
 * Pets pets = new Pets(PetsConfig.cartpoleContinuous(), spec.make(), spec.rewardFunction(),
 *         spec.terminationFunction(), 42);
 * List<TrialReport> trials = pets.run(PetsListener.NONE);
 * }</pre>
 *
 * <p>A {@link TrainingRun} whose episodes are the trials: {@link #runUntil} and {@link #run(EpisodeCallback)}
 * report each trial as an {@link EpisodeReport}, as an {@code OffPolicyRun} reports its episodes.
 *
 * <p>Between trials the whole run can be saved ({@link #save}) and resumed in another process
 * ({@link #resume}): it then runs the remaining trials with exactly the draws, weights and returns it would
 * have had without the stop.
 */
public final class Pets implements TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(Pets.class);

    private final PetsConfig config;
    private final Environment env;
    private final RandomStreams streams;
    private final GaussianEnsemble model;
    private final ModelTrainer trainer;
    private ReplayBuffer buffer;
    private final long seed;
    private final ModelEnv modelEnv;
    private final TrajectoryOptimizer optimizer;
    private final MpcAgent planner;
    /** The planner, or for a {@code Discrete} space the planner's indices turned into its actions. */
    private final Agent agent;
    /** The {@code Discrete} action space, or null for a {@code Box}. */
    private final Discrete discrete;
    private final SplitMix64 randomActions;
    private final Agent randomAgent;
    private final List<TrialReport> reports = new ArrayList<>();
    private long envSteps;
    /** Whether the last trial run ended by the environment's termination (for its {@link EpisodeReport}). */
    private boolean lastTerminated;

    /**
     * @param config the settings
     * @param env the environment (with its time limit, e.g. {@code Envs.make(id)}); a one-dimensional
     *     {@code Box} observation space, and a one-dimensional bounded {@code Box} or a {@code Discrete} action
     *     space
     * @param reward the task's batched reward (actions {@code [B, actDim]}; {@code [B, 1]} for a discrete space)
     * @param termination the task's batched termination (actions as for {@code reward})
     * @param seed the seed of everything
     * @throws IllegalArgumentException if an argument is null, the spaces are not as above, the environment
     *     has a registry id ({@link Environment#registryId()}) other than the config's {@link PetsConfig#envId()}
     *     (a preset made for another task), or the config's optimiser does not fit the action space (a
     *     {@code Discrete(n)} space needs a {@link DiscreteCemConfig} with {@code numActions = n}, a {@code Box}
     *     any other optimiser)
     */
    public Pets(PetsConfig config, Environment env, RewardFunction reward, TerminationFunction termination,
            long seed) {
        if (config == null || env == null || reward == null || termination == null) {
            throw new IllegalArgumentException("config, env, reward and termination must not be null");
        }
        boolean boxActions = env.actionSpace() instanceof Box box && box.shape().length == 1;
        if (!(boxActions || env.actionSpace() instanceof Discrete)
                || !(env.observationSpace() instanceof Box obsBox) || obsBox.shape().length != 1) {
            throw new IllegalArgumentException("PETS needs a one-dimensional Box observation space and a "
                    + "one-dimensional Box or a Discrete action space: " + env.observationSpace() + ", "
                    + env.actionSpace());
        }
        env.registryId().filter(id -> !id.equals(config.envId())).ifPresent(id -> {
            throw new IllegalArgumentException("config is for env " + config.envId() + " but the environment is "
                    + id + ": use the preset for " + id + " (Presets.pets) or derive one with withEnvId");
        });
        this.discrete = env.actionSpace() instanceof Discrete d ? d : null;
        DiscreteActions.checkOptimizer(config.optimizer(), env.actionSpace());
        this.config = config;
        this.env = env;
        this.streams = RandomStreams.of(seed);
        int obsDim = obsBox.flatDim();
        int actDim = discrete != null ? discrete.n() : env.actionSpace().flatDim();
        this.model = new GaussianEnsemble(obsDim, actDim, config.model(), streams.child("model"));
        this.trainer = new ModelTrainer(model, config.trainer(), streams.child("trainer"));
        this.buffer = ReplayBuffer.create(config.trials() * config.trialLength(), env.observationSpace(),
                env.actionSpace());
        this.seed = seed;
        // discrete actions are planned as indices i in [0, n): the ensemble sees them one-hot, the task's functions
        // and the environment get start + i
        int start = discrete == null ? 0 : discrete.start();
        this.modelEnv = new ModelEnv(discrete == null ? model : new OneHotActions(model),
                DiscreteActions.withStart(reward, start), DiscreteActions.withStart(termination, start),
                config.propagation(), config.particles(), streams.child("model-env"));
        ActionBounds bounds = discrete == null ? ActionBounds.of((Box) env.actionSpace())
                : ActionBounds.uniform(1, 0, discrete.n() - 1);
        this.optimizer = config.optimizer().create(bounds, config.horizon(), streams.child("optimizer"));
        this.planner = new MpcAgent(optimizer, modelEnv::objective, config.replanEvery());
        this.agent = discrete == null ? planner : DiscreteActions.indexAgent(planner, start);
        this.randomActions = streams.child("random-agent").generator();
        this.randomAgent = new RandomAgent(env.actionSpace(), randomActions);
    }

    /**
     * The ensemble's training data: the stored transitions, with discrete actions {@code [B]} (the
     * environment's, {@code start + i}) one-hot encoded as {@code [B, n]}.
     */
    private Batch trainingData() {
        Batch all = buffer.all();
        return discrete == null ? all : new Batch(all.observations(), modelActions(all.actions()), all.rewards(),
                all.nextObservations(), all.terminated(), all.truncated());
    }

    /**
     * The environment's actions as the ensemble ({@link #model()}) takes them.
     *
     * @param actions for a {@code Box} space {@code [B, actDim]}; for a {@code Discrete(n)} space {@code [B]} or
     *     {@code [B, 1]} holding actions {@code start + i} (as {@link ReplayBuffer} batches hold them)
     * @return for a {@code Box} space {@code actions} itself; for a {@code Discrete(n)} space their one-hot
     *     encoding {@code [B, n]} of the indices {@code i}, a fresh float32 array
     * @throws IllegalArgumentException if {@code actions} is null, or for a {@code Discrete} space has another
     *     shape or holds a value outside the space
     */
    public INDArray modelActions(INDArray actions) {
        if (actions == null) {
            throw new IllegalArgumentException("actions must not be null");
        }
        if (discrete == null) {
            return actions;
        }
        return DiscreteActions.encode(actions, discrete);
    }

    /** The {@code kind} entry of a PETS checkpoint. */
    public static final String KIND = "mbrl4j.Pets";

    /**
     * Saves the run after the trials run so far: the config and seed, the ensemble (weights, normaliser, elites),
     * the trainer (Adam moments, counters), every transition, the positions of the planner's, the model
     * environment's and the random agent's generators, the step count and the trial reports. Written atomically:
     * a crash during the write leaves an earlier file loadable.
     *
     * @param file the checkpoint file
     * @throws IOException if it cannot be written
     */
    @Override
    public void save(Path file) throws IOException {
        Checkpoints.write(file, toCheckpoint());
    }

    /** @return everything {@link #save} writes */
    public Checkpoint toCheckpoint() {
        Checkpoint.Builder b = Checkpoint.builder();
        b.putString("kind", KIND);
        b.putLong("format", AgentCheckpoints.FORMAT);
        RecordEntries.write(b, "config.", config);
        b.putLong("seed", seed);
        model.writeState(b, "model.");
        trainer.writeState(b, "trainer.");
        buffer.writeTo(b, "buffer.");
        b.putLongs("rng.optimizer", optimizer.randomState());
        b.putLongs("rng.modelEnv", modelEnv.randomState());
        b.putLong("rng.randomAgent", randomActions.state());
        b.putLong("envSteps", envSteps);
        int n = reports.size();
        double[] returns = new double[n];
        long[] steps = new long[n];
        long[] totals = new long[n];
        long[] trainings = new long[n];
        double[] seconds = new double[n];
        for (int i = 0; i < n; i++) {
            TrialReport r = reports.get(i);
            returns[i] = r.episodeReturn();
            steps[i] = r.steps();
            totals[i] = r.totalEnvSteps();
            trainings[i] = r.trainings();
            seconds[i] = r.seconds();
        }
        b.putDoubles("reports.return", returns);
        b.putLongs("reports.steps", steps);
        b.putLongs("reports.totalEnvSteps", totals);
        b.putLongs("reports.trainings", trainings);
        b.putDoubles("reports.seconds", seconds);
        return b.build();
    }

    /**
     * Resumes a run saved by {@link #save}: a new instance with the saved config and seed, its state restored,
     * ready to run the remaining trials. The trial reports before the save come back without their
     * {@link TrialReport#lastTraining()} (null).
     *
     * @param file        the checkpoint file
     * @param env         the environment of the saved run's task (with its time limit)
     * @param reward      the task's batched reward
     * @param termination the task's batched termination
     * @return the resumed run
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws org.mbrl4j.core.io.CorruptCheckpointException if the file is damaged or holds no valid PETS run
     *     (naming the file and the fault)
     * @throws IllegalArgumentException if the environment's spaces do not fit the saved run (naming the file)
     * @throws IOException if it cannot be read
     */
    public static Pets resume(Path file, Environment env, RewardFunction reward, TerminationFunction termination)
            throws IOException {
        Checkpoint cp = AgentCheckpoints.read(file, c -> {
            AgentCheckpoints.checkKind(c, "", KIND);
            return c;
        });
        PetsConfig config;
        try {
            config = RecordEntries.read(cp, "config.", PetsConfig.class);
        } catch (IllegalArgumentException e) {
            throw new org.mbrl4j.core.io.CorruptCheckpointException(file, e.getMessage(), e);
        }
        try {
            Pets pets = new Pets(config, env, reward, termination, cp.longValue("seed"));
            pets.restore(cp);
            return pets;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private void restore(Checkpoint cp) {
        ReplayBuffer restored = ReplayBuffer.readFrom(cp, "buffer.");
        if (restored.capacity() != buffer.capacity()
                || !java.util.Arrays.equals(restored.observationShape(), buffer.observationShape())
                || !java.util.Arrays.equals(restored.actionShape(), buffer.actionShape())) {
            throw new IllegalArgumentException("the saved buffer holds observations "
                    + java.util.Arrays.toString(restored.observationShape()) + " and actions "
                    + java.util.Arrays.toString(restored.actionShape()) + " (capacity " + restored.capacity()
                    + "); this environment gives " + java.util.Arrays.toString(buffer.observationShape()) + " and "
                    + java.util.Arrays.toString(buffer.actionShape()) + " (capacity " + buffer.capacity() + ")");
        }
        double[] returns = cp.doubles("reports.return");
        long[] steps = cp.longs("reports.steps");
        long[] totals = cp.longs("reports.totalEnvSteps");
        long[] trainings = cp.longs("reports.trainings");
        double[] seconds = cp.doubles("reports.seconds");
        int n = returns.length;
        if (n > config.trials() || steps.length != n || totals.length != n || trainings.length != n
                || seconds.length != n) {
            throw new IllegalArgumentException("the saved trial reports are inconsistent: " + n + " returns for "
                    + config.trials() + " trials");
        }
        model.readState(cp, "model.");
        trainer.readState(cp, "trainer.");
        optimizer.restoreRandomState(cp.longs("rng.optimizer"));
        modelEnv.restoreRandomState(cp.longs("rng.modelEnv"));
        randomActions.restore(cp.longValue("rng.randomAgent"));
        envSteps = cp.longValue("envSteps");
        reports.clear();
        for (int i = 0; i < n; i++) {
            reports.add(new TrialReport(i, returns[i], (int) steps[i], totals[i], i == 0, (int) trainings[i], null,
                    seconds[i]));
        }
        buffer = restored;
    }

    /** @return the settings */
    public PetsConfig config() {
        return config;
    }

    /**
     * @return the ensemble (trained in place); its action input is {@code [B, actDim]} for a {@code Box} space
     *     and the one-hot {@code [B, n]} for a {@code Discrete(n)} space ({@link #modelActions})
     */
    public GaussianEnsemble model() {
        return model;
    }

    /**
     * @return the planning agent (uses the current model; reset it before an episode of your own): the
     *     {@link #planner()} itself for a {@code Box} space; for a {@code Discrete} space the planner's index
     *     {@code i} as the environment's action, an INT64 scalar {@code start + i}
     */
    @Override
    public Agent agent() {
        return agent;
    }

    /**
     * @return the receding-horizon planner; its actions are {@code [actDim]} for a {@code Box} space and, for a
     *     {@code Discrete} space, {@code [1]} floats holding the index {@code i} in {@code [0, n)}
     */
    public MpcAgent planner() {
        return planner;
    }

    /** @return all transitions collected */
    public ReplayBuffer buffer() {
        return buffer;
    }

    /** @return the reports of the trials run so far; a copy */
    public List<TrialReport> reports() {
        return List.copyOf(reports);
    }

    /**
     * Runs trials until the first trial end at or after {@code stepLimit} environment steps, or until the last
     * trial; each trial is reported as an {@link EpisodeReport}: {@code episode} the trial's index,
     * {@code episodeReturn} and {@code length} as in its {@link TrialReport}, {@code terminated} whether it
     * ended by the environment's termination, no evaluation return (a planned trial is itself the policy's
     * evaluation), and the metrics {@code random} (1 for the random trial 0), {@code model_trainings},
     * {@code model_epochs} and {@code model_validation_score} (the mean of the members' best validation scores,
     * from the trial's last training) and {@code seconds}.
     *
     * @param stepLimit the step count to reach; {@code Long.MAX_VALUE} for every trial
     * @param callback  told at the end of every trial
     * @return the reports of the trials run by this call
     */
    @Override
    public List<EpisodeReport> runUntil(long stepLimit, EpisodeCallback callback) {
        Objects.requireNonNull(callback, "callback");
        List<EpisodeReport> out = new ArrayList<>();
        while (!done() && envSteps < stepLimit) {
            EpisodeReport r = episodeReport(runTrial(PetsListener.NONE), lastTerminated);
            out.add(r);
            callback.onEpisode(r);
        }
        return out;
    }

    private static EpisodeReport episodeReport(TrialReport t, boolean terminated) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("random", t.random() ? 1.0 : 0.0);
        metrics.put("model_trainings", (double) t.trainings());
        if (t.lastTraining() != null) {
            metrics.put("model_epochs", (double) t.lastTraining().epochs().size());
            double[] scores = t.lastTraining().bestValidationScores();
            if (scores.length > 0) {
                double sum = 0;
                for (double v : scores) {
                    sum += v;
                }
                metrics.put("model_validation_score", sum / scores.length);
            }
        }
        metrics.put("seconds", t.seconds());
        return new EpisodeReport(t.trial(), t.totalEnvSteps(), t.episodeReturn(), t.steps(), terminated,
                OptionalDouble.empty(), metrics);
    }

    /** @return whether every trial has run */
    @Override
    public boolean done() {
        return reports.size() >= config.trials();
    }

    /** @return environment steps taken so far, the random trial's included */
    @Override
    public long steps() {
        return envSteps;
    }

    /** @return trials run so far */
    @Override
    public int episodes() {
        return reports.size();
    }

    /**
     * Runs the remaining trials (all of them on a fresh instance).
     *
     * @param listener told about steps, trainings and trials
     * @return the reports of all trials run so far
     */
    public List<TrialReport> run(PetsListener listener) {
        while (reports.size() < config.trials()) {
            runTrial(listener == null ? PetsListener.NONE : listener);
        }
        return reports();
    }

    /**
     * Runs one trial. Trial 0 is mbrl-lib's initial exploration: the random agent acts for
     * {@code trialLength} steps, over as many episodes as that takes, and its return is the mean over the
     * episodes it finished (the unfinished one if none finished).
     *
     * @param listener told about steps, trainings and the trial
     * @return its report
     */
    public TrialReport runTrial(PetsListener listener) {
        int trial = reports.size();
        boolean random = trial == 0;
        long start = System.nanoTime();
        RandomStreams envSeeds = streams.child("env").child(trial);
        long episode = 0;
        INDArray obs = env.reset(envSeeds.child(episode).seed()).observation();
        Agent actor = random ? randomAgent : agent;
        actor.reset();
        double total = 0;
        double finishedSum = 0;
        int finished = 0;
        int steps = 0;
        int trainings = 0;
        boolean terminated = false;
        TrainingResult last = null;
        while (steps < config.trialLength()) {
            if (!random && (steps == 0 || (config.trainEvery() > 0 && envSteps % config.trainEvery() == 0))) {
                last = trainer.train(trainingData());
                trainings++;
                listener.onModelTrained(envSteps, last);
            }
            INDArray action = actor.act(obs);
            Step step = env.step(action);
            Transition t = new Transition(obs, action, step.reward(), step.observation(), step.terminated(),
                    step.truncated());
            buffer.add(t);
            envSteps++;
            steps++;
            total += step.reward();
            listener.onStep(envSteps, t);
            obs = step.observation();
            terminated = step.terminated();
            if (step.done()) {
                if (!random) {
                    break;
                }
                finishedSum += total;
                finished++;
                total = 0;
                if (steps < config.trialLength()) {
                    obs = env.reset(envSeeds.child(++episode).seed()).observation();
                }
            }
        }
        double ret = random && finished > 0 ? finishedSum / finished : total;
        lastTerminated = !random && terminated;
        TrialReport report = new TrialReport(trial, ret, steps, envSteps, random, trainings, last,
                (System.nanoTime() - start) / 1e9);
        reports.add(report);
        LOG.debug("trial {} ({}): return {} in {} steps, {} model trainings, {} s", trial,
                random ? "random" : "planned", ret, steps, trainings, report.seconds());
        listener.onTrial(report);
        return report;
    }
}
