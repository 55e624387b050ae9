package org.mbrl4j.algorithms.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

import org.mbrl4j.core.Agent;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.io.Checkpoints;
import org.mbrl4j.core.io.RecordEntries;
import org.mbrl4j.core.loop.Evaluation;
import org.mbrl4j.core.loop.EvaluationResult;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.random.SplitMix64;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One off-policy training run that can stop between episodes, be saved to a checkpoint, and be resumed in
 * another process with exactly the draws, weights and returns it would have had without the stop.
 * {@link OffPolicyLoop#run} is this class run to the end in one go.
 *
 * <pre>{@code
 * OffPolicyRun run = OffPolicyRun.start(env, evalEnv, sac, loop, seed);
 * run.runUntil(50_000, callback);          // whole episodes, up to the first episode end at or after step 50k
 * run.save(Path.of("run/agent.ckpt"));
 * // ... later, in a fresh process, with a new learner built from the same config:
 * OffPolicyRun resumed = OffPolicyRun.resume(Path.of("run/agent.ckpt"), env, evalEnv, newSac);
 * resumed.runUntil(Long.MAX_VALUE, callback);
 * EvaluationResult last = resumed.finish();
 * }</pre>
 *
 * <p>A run is saved between episodes, so the environment's physical state is never part of a checkpoint; its
 * generator is: a resumed run re-seeds the training environment and repeats the resets made before the save
 * (each environment of this library draws from its generator only at a reset). The checkpoint holds the loop's
 * config, seed, counters and warm-up generator under {@code loop.} and the learner's whole state under
 * {@code learner.} ({@link OffPolicyLearner#writeState}). Not thread-safe.
 */
public final class OffPolicyRun implements TrainingRun {

    /** The {@code kind} entry of a run checkpoint. */
    public static final String KIND = "mbrl4j.OffPolicyRun";
    /** The prefix of the learner's entries in a run checkpoint. */
    public static final String LEARNER_PREFIX = "learner.";

    private static final Logger LOG = LoggerFactory.getLogger(OffPolicyRun.class);

    private final Environment env;
    private final Environment evalEnv;
    private final OffPolicyLearner learner;
    private final LoopConfig config;
    private final long seed;
    private final SplitMix64 warmup;
    private final long envSeed;
    private final long evalSeed;
    private long steps;
    private int episodes;
    /** The current episode's observation, return and length; {@code obs == null} between episodes. */
    private INDArray obs;
    private double episodeReturn;
    private int episodeLength;

    private OffPolicyRun(Environment env, Environment evalEnv, OffPolicyLearner learner, LoopConfig config,
            long seed) {
        this.env = Objects.requireNonNull(env, "env");
        this.evalEnv = Objects.requireNonNull(evalEnv, "evalEnv");
        this.learner = Objects.requireNonNull(learner, "learner");
        this.config = Objects.requireNonNull(config, "config");
        this.seed = seed;
        RandomStreams streams = RandomStreams.of(seed);
        this.warmup = streams.child("warmup").generator();
        this.envSeed = streams.child("env").seed();
        this.evalSeed = streams.child("eval").seed();
    }

    /**
     * @param env     the training environment (with its time limit)
     * @param evalEnv a separate environment for evaluation
     * @param learner the learner, freshly built
     * @param config  the loop settings
     * @param seed    seeds the environment resets, the warm-up actions and the evaluations
     * @return a run that has taken no step yet
     */
    public static OffPolicyRun start(Environment env, Environment evalEnv, OffPolicyLearner learner,
            LoopConfig config, long seed) {
        return new OffPolicyRun(env, evalEnv, learner, config, seed);
    }

    /**
     * Continues a run saved by {@link #save}: restores {@code learner} from the checkpoint and brings the
     * training environment's generator to where it stood.
     *
     * @param file    the checkpoint file
     * @param env     a training environment of the same task (its state is reset here)
     * @param evalEnv a separate environment for evaluation
     * @param learner a learner built with the config stored in the checkpoint (e.g. by the algorithm's
     *                {@code fromCheckpoint}); its state is replaced
     * @return the run, between the same two episodes as when it was saved
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws org.mbrl4j.core.io.CorruptCheckpointException if the file is damaged or holds no run
     * @throws IllegalArgumentException if the learner is of another kind or config than the saved one (the
     *     message names the file and every difference)
     * @throws IOException if the file cannot be read
     */
    public static OffPolicyRun resume(Path file, Environment env, Environment evalEnv, OffPolicyLearner learner)
            throws IOException {
        Checkpoint cp = read(file);
        return resume(file, cp, env, evalEnv, learner);
    }

    /**
     * As {@link #resume(Path, Environment, Environment, OffPolicyLearner)} on a checkpoint already read with
     * {@link #read(Path)} (to build the learner from its config first).
     *
     * @param file       the file it came from, for messages
     * @param checkpoint the checkpoint
     * @param env        a training environment of the same task
     * @param evalEnv    a separate environment for evaluation
     * @param learner    a learner of the saved kind and config
     * @return the run
     * @throws IllegalArgumentException if the learner does not match (naming the file and the differences)
     */
    public static OffPolicyRun resume(Path file, Checkpoint checkpoint, Environment env, Environment evalEnv,
            OffPolicyLearner learner) {
        LoopConfig config;
        long seed;
        long steps;
        long episodes;
        try {
            config = RecordEntries.read(checkpoint, "loop.config.", LoopConfig.class);
            seed = checkpoint.longValue("loop.seed");
            steps = checkpoint.longValue("loop.steps");
            episodes = checkpoint.longValue("loop.episodes");
            if (steps < 0 || episodes < 0 || episodes > Integer.MAX_VALUE || steps > config.totalSteps()) {
                throw new IllegalArgumentException("loop counters out of range: steps " + steps + ", episodes "
                        + episodes);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": not a valid off-policy run checkpoint: " + e.getMessage(), e);
        }
        try {
            learner.readState(checkpoint, LEARNER_PREFIX);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        OffPolicyRun run = new OffPolicyRun(env, evalEnv, learner, config, seed);
        run.warmup.restore(checkpoint.longValue("loop.warmup"));
        run.steps = steps;
        run.episodes = (int) episodes;
        // Bring the environment's generator to where it stood: the same seeded reset and the same resets after it.
        for (int i = 0; i < run.episodes; i++) {
            if (i == 0) {
                env.reset(run.envSeed);
            } else {
                env.reset();
            }
        }
        return run;
    }

    /**
     * Reads and verifies a run checkpoint.
     *
     * @param file the checkpoint file
     * @return its content
     * @throws org.mbrl4j.core.io.CorruptCheckpointException if it is damaged or holds no off-policy run
     * @throws IOException if it cannot be read
     */
    public static Checkpoint read(Path file) throws IOException {
        return AgentCheckpoints.read(file, cp -> {
            String kind = cp.contains("kind") && cp.type("kind") == Checkpoint.EntryType.STRING
                    ? cp.string("kind") : null;
            if (!KIND.equals(kind)) {
                throw new IllegalArgumentException("holds " + (kind == null ? "no kind entry" : "a " + kind)
                        + "; expected a " + KIND);
            }
            return cp;
        });
    }

    /**
     * Runs whole episodes until the first episode end at or after {@code stepLimit}, or until the config's
     * {@code totalSteps} (which may end an episode early, without a report).
     *
     * @param stepLimit the step count to reach; {@code Long.MAX_VALUE} for the whole run
     * @param callback  told at the end of every training episode
     * @return the reports of the episodes finished by this call, in order
     */
    @Override
    public List<EpisodeReport> runUntil(long stepLimit, EpisodeCallback callback) {
        Objects.requireNonNull(callback, "callback");
        List<EpisodeReport> reports = new ArrayList<>();
        while (steps < config.totalSteps() && (obs != null || steps < stepLimit)) {
            if (obs == null) {
                obs = (episodes == 0 ? env.reset(envSeed) : env.reset()).observation();
                episodeReturn = 0;
                episodeLength = 0;
            }
            INDArray action = steps < config.randomSteps() ? env.actionSpace().sample(warmup) : learner.explore(obs);
            Step step = env.step(action);
            learner.observe(new Transition(obs, action, step.reward(), step.observation(), step.terminated(),
                    step.truncated()));
            episodeReturn += step.reward();
            episodeLength++;
            steps++;
            obs = step.observation();
            if (step.terminated() || step.truncated()) {
                OptionalDouble eval = OptionalDouble.empty();
                if (config.evalEveryEpisodes() > 0 && (episodes + 1) % config.evalEveryEpisodes() == 0) {
                    eval = OptionalDouble.of(Evaluation.evaluate(evalEnv, learner.evaluationAgent(),
                            config.evalEpisodes(), evalSeed + episodes).meanReturn());
                }
                EpisodeReport r = new EpisodeReport(episodes, steps, episodeReturn, episodeLength,
                        step.terminated(), eval, learner.drainMetrics());
                reports.add(r);
                if (LOG.isDebugEnabled()) {
                    LOG.debug("episode {}: {} steps (total {}), return {}{}, {}", episodes, episodeLength, steps,
                            episodeReturn, eval.isPresent() ? ", evaluation " + eval.getAsDouble() : "", r.metrics());
                }
                callback.onEpisode(r);
                episodes++;
                obs = null;
            }
        }
        return reports;
    }

    /**
     * Evaluates the deterministic policy (the run's final evaluation; the same seed every time).
     *
     * @return the evaluation
     */
    public EvaluationResult finish() {
        EvaluationResult fin = Evaluation.evaluate(evalEnv, learner.evaluationAgent(), config.evalEpisodes(),
                evalSeed - 1);
        LOG.debug("final evaluation over {} episodes: {} +- {}", config.evalEpisodes(), fin.meanReturn(),
                fin.stdReturn());
        return fin;
    }

    /** @return whether the run has taken its {@code totalSteps} */
    @Override
    public boolean done() {
        return steps >= config.totalSteps();
    }

    /** @return whether the run stands between two episodes, where it can be saved */
    public boolean betweenEpisodes() {
        return obs == null;
    }

    /** @return environment steps taken so far */
    @Override
    public long steps() {
        return steps;
    }

    /** @return training episodes finished so far */
    @Override
    public int episodes() {
        return episodes;
    }

    /** @return the learner's deterministic policy ({@link OffPolicyLearner#evaluationAgent}) */
    @Override
    public Agent agent() {
        return learner.evaluationAgent();
    }

    /** @return the loop settings */
    public LoopConfig config() {
        return config;
    }

    /** @return the learner */
    public OffPolicyLearner learner() {
        return learner;
    }

    /** @return the environment of the evaluations */
    public Environment evalEnv() {
        return evalEnv;
    }

    /**
     * Writes the whole run (loop and learner) atomically; a crash during the write leaves an earlier file at
     * {@code file} loadable.
     *
     * @param file the checkpoint file
     * @throws IllegalStateException if the run stands inside an episode (save between {@link #runUntil} calls,
     *     which stop at episode ends), unless the run is {@linkplain #done() done}
     * @throws IOException if the file cannot be written
     */
    @Override
    public void save(Path file) throws IOException {
        Checkpoints.write(file, toCheckpoint());
    }

    /**
     * @return everything {@link #save} writes
     * @throws IllegalStateException if the run stands inside an episode and is not done
     */
    public Checkpoint toCheckpoint() {
        if (obs != null && !done()) {
            throw new IllegalStateException("a run is saved between episodes; this one is at step " + steps
                    + ", inside episode " + episodes);
        }
        Checkpoint.Builder b = Checkpoint.builder();
        b.putString("kind", KIND);
        b.putLong("format", AgentCheckpoints.FORMAT);
        RecordEntries.write(b, "loop.config.", config);
        b.putLong("loop.seed", seed);
        b.putLong("loop.steps", steps);
        b.putLong("loop.episodes", episodes);
        b.putLong("loop.warmup", warmup.state());
        learner.writeState(b, LEARNER_PREFIX);
        return b.build();
    }
}
