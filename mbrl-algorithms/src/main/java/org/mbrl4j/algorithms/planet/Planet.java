package org.mbrl4j.algorithms.planet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.algorithms.common.ActionScaling;
import org.mbrl4j.algorithms.common.AgentCheckpoints;
import org.mbrl4j.algorithms.common.Metrics;
import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.algorithms.dreamer.LatentSequences;
import org.mbrl4j.core.Agent;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.buffer.ReplayBuffer;
import org.mbrl4j.core.buffer.SequenceBatch;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.random.SplitMix64;
import org.mbrl4j.core.spaces.Space;
import org.mbrl4j.models.latent.LatentFilter;
import org.mbrl4j.models.latent.Rssm;
import org.mbrl4j.models.latent.RssmState;
import org.mbrl4j.models.latent.WorldModelLoss;
import org.mbrl4j.models.nn.Adam;
import org.mbrl4j.models.nn.AdamConfig;
import org.mbrl4j.models.nn.Gradients;
import org.mbrl4j.models.nn.Parameters;
import org.mbrl4j.planners.ActionBounds;
import org.mbrl4j.planners.Cem;
import org.mbrl4j.planners.CemConfig;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * PlaNet (Hafner et al. 2019, "Learning Latent Dynamics for Planning from Pixels") as an {@link OffPolicyLearner}:
 * an {@link Rssm} learned from replayed sequences ({@link Rssm#loss}, on {@link LatentSequences}), and actions
 * planned by CEM ({@link Cem} of {@code mbrl-planners}) over the model's prior: every candidate sequence of
 * {@code horizon} actions is rolled forward from the current posterior belief with {@link Rssm#imagineStep}, scored
 * by the sum of the predicted rewards, and the first action of the final mean is taken (plus Gaussian exploration
 * noise while training). The CEM mean starts at 0 for every action (PlaNet refits from scratch); its momentum is 0.
 * Bounded box actions only, learned in {@code [-1, 1]}. Updates start at {@code trainStart} stored steps
 * ({@code pretrainUpdates} at once), then run at {@code trainRatio} replayed steps per environment step.
 *
 * <p>{@link #save} / {@link #load} (and {@link #writeState} / {@link #readState} inside an
 * {@link org.mbrl4j.algorithms.common.OffPolicyRun}'s checkpoint) keep everything a run needs to continue exactly:
 * the config and both spaces, the world model, the optimiser's moments, the replay buffer, the acting belief (the
 * posterior state and previous action, so a learner saved inside an episode continues it), the positions of the
 * generators (CEM's included; its mean restarts at 0 for every action, so it has no warm start to keep) and the
 * counters. Not thread-safe.
 */
public final class Planet implements OffPolicyLearner {

    /** The kind stored in a checkpoint's header. */
    public static final String KIND = "planet";

    private final PlanetConfig config;
    private final Space observationSpace;
    private final Space actionSpace;
    private final long[] obsShape;
    private final int actDim;
    private final ActionScaling scaling;
    private final Rssm model;
    private final Adam opt;
    private final ReplayBuffer buffer;
    private final Cem cem;
    private final SplitMix64 sampling;
    private final SplitMix64 modelNoise;
    private final SplitMix64 planNoise;
    private final SplitMix64 actNoise;
    private final SplitMix64 beliefNoise;
    private final LatentFilter trainBelief;
    /** The seed of every evaluation agent's belief generator (each agent starts its own stream from it). */
    private long evalBeliefSeed;
    private final Metrics metrics = new Metrics();
    private boolean explored;
    private long stepsSeen;
    private long updates;
    private double credit;
    private boolean started;

    /**
     * @param observationSpace the environment's observations ({@code [D]} vectors or {@code [C, S, S]} images in
     *                         {@code [0, 1]})
     * @param actionSpace      a bounded rank-1 box
     * @param config           the settings
     * @param streams          randomness of the weights, minibatches, latent samples, planning and noise
     * @throws IllegalArgumentException if the action space is not a bounded box
     */
    public Planet(Space observationSpace, Space actionSpace, PlanetConfig config, RandomStreams streams) {
        Objects.requireNonNull(observationSpace, "observationSpace");
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(streams, "streams");
        this.observationSpace = observationSpace;
        this.actionSpace = actionSpace;
        this.obsShape = observationSpace.shape().clone();
        this.scaling = ActionScaling.of(actionSpace);
        this.actDim = scaling.size();
        this.model = new Rssm(obsShape, actDim, config.rssm(), streams.child("init").javaRandom());
        this.opt = new Adam(model.parameters(), new AdamConfig(config.modelLr(), 0.9, 0.999, config.modelEpsilon(), 0,
                false, config.modelClip()));
        this.buffer = ReplayBuffer.create(config.bufferSize(), observationSpace, actionSpace);
        this.cem = new Cem(new CemConfig(config.iterations(), config.candidates(),
                (double) config.elites() / config.candidates(), 0, 0), ActionBounds.uniform(actDim, -1, 1),
                config.horizon(), streams.child("plan"));
        this.sampling = streams.child("sampling").generator();
        this.modelNoise = streams.child("model").generator();
        this.planNoise = streams.child("planLatents").generator();
        this.actNoise = streams.child("act").generator();
        this.beliefNoise = streams.child("belief").generator();
        this.trainBelief = new LatentFilter(model, beliefNoise);
        this.evalBeliefSeed = streams.child("evalBelief").seed();
    }

    /** @return the settings */
    public PlanetConfig config() {
        return config;
    }

    /** @return the world model */
    public Rssm model() {
        return model;
    }

    /**
     * The world model's open-loop prediction of a recorded episode ({@link Rssm#openLoopEpisode}): the first
     * {@code context} observations are filtered, the rest predicted from the recorded actions alone (Dreamer's
     * video prediction).
     *
     * @param observations {@code [T, ...observationShape]}, the episode's observations, {@code T >= 1}
     * @param actions      {@code [T - 1, ...actionShape]}, the action taken after each observation but the last, in
     *                     the environment's units
     * @param context      the number of observed steps, {@code 1 <= context <= T}
     * @param samples      independent latent samples, {@code >= 1}
     * @param rng          the generator of the latent samples
     * @return {@code [samples, T, ...observationShape]}, in the observations' units
     * @throws IllegalArgumentException if a shape does not match, a value is not finite or a count is out of range
     */
    public INDArray openLoop(INDArray observations, INDArray actions, int context, int samples,
            RandomGenerator rng) {
        return model.openLoopEpisode(observations, actions, scaling::toNormalized, context, samples, rng);
    }

    /** @return the updates made so far */
    public long updates() {
        return updates;
    }

    /**
     * Plans one action from a belief: CEM over {@code horizon}-step action sequences scored by the model's summed
     * predicted rewards along its prior.
     *
     * @param belief the posterior state after the current observation, batch 1
     * @return the first planned action, {@code [actDim]} in {@code [-1, 1]}
     */
    public double[] plan(RssmState belief) {
        Objects.requireNonNull(belief, "belief");
        int h = config.horizon();
        INDArray mean = cem.optimize(population -> score(belief, population), Nd4j.zeros(DataType.FLOAT, h, actDim));
        return HostArrays.toDoubles(mean.get(NDArrayIndex.point(0), NDArrayIndex.all()));
    }

    /** @return {@code [P]}: the summed predicted reward of each of the {@code [P, H, A]} sequences */
    private INDArray score(RssmState belief, INDArray population) {
        int p = (int) population.size(0);
        int h = (int) population.size(1);
        try (Tape.NoGrad ignored = Tape.pause()) {
            RssmState s = new RssmState(Var.constant(Nd4j.tile(belief.deter().value(), p, 1)),
                    Var.constant(Nd4j.tile(belief.stoch().value(), p, 1)),
                    Var.constant(Nd4j.tile(belief.stats().value(), p, 1)));
            double[] total = new double[p];
            for (int t = 0; t < h; t++) {
                INDArray a = population.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).dup('c')
                        .castTo(model.config().dataType());
                s = model.imagineStep(s, Var.constant(a), planNoise);
                double[] r = HostArrays.toDoubles(model.reward(s.features()).value());
                for (int i = 0; i < p; i++) {
                    total[i] += r[i];
                }
            }
            return HostArrays.array(total, DataType.FLOAT, p);
        }
    }

    private INDArray act(LatentFilter belief, INDArray observation, boolean evaluation) {
        double[] a = plan(belief.observe(observation));
        for (int j = 0; j < actDim; j++) {
            double noise = evaluation ? 0 : config.explorationNoise() * actNoise.nextGaussian();
            a[j] = Math.max(-1, Math.min(1, a[j] + noise));
        }
        belief.actionTaken(a);
        return HostArrays.array(scaling.toEnv(a), DataType.FLOAT, actDim);
    }

    @Override
    public INDArray explore(INDArray observation) {
        explored = true;
        return act(trainBelief, observation, false);
    }

    @Override
    public void observe(Transition t) {
        Objects.requireNonNull(t, "t");
        buffer.add(t);
        stepsSeen++;
        if (!explored) {
            trainBelief.observe(t.observation());
        }
        explored = false;
        trainBelief.actionTaken(scaling.toNormalized(HostArrays.toDoubles(t.action())));
        if (t.terminated() || t.truncated()) {
            trainBelief.reset();
        }
        if (stepsSeen >= config.trainStart() && buffer.longestSegment() >= config.batchLength()) {
            if (!started) {
                started = true;
                for (int i = 0; i < config.pretrainUpdates(); i++) {
                    update();
                }
            }
            credit += config.trainRatio() / ((double) config.batchSize() * config.batchLength());
            while (credit >= 1) {
                credit -= 1;
                update();
            }
        }
    }

    /** One world-model update on windows from the replay buffer. */
    public void update() {
        update(buffer.sampleSequences(config.batchSize(), config.batchLength(), sampling));
    }

    /**
     * One world-model update on given windows.
     *
     * @param batch {@code [B, T, ...]} windows with actions in the environment's units
     * @throws IllegalArgumentException if the shapes do not match the model or a value is not finite
     */
    public void update(SequenceBatch batch) {
        LatentSequences s = LatentSequences.of(batch, obsShape, actDim, scaling::toNormalized);
        WorldModelLoss wm;
        try (Tape tape = Tape.open()) {
            wm = model.loss(null, s.observations(), s.prevActions(), s.rewards(), s.continues(), modelNoise);
            tape.backward(wm.total());
        }
        double norm = opt.step();
        Gradients.zero(model.parameters());
        updates++;
        metrics.add("model_loss", wm.total().item());
        metrics.add("reconstruction_loss", wm.reconstruction());
        metrics.add("reward_loss", wm.reward());
        metrics.add("kl", wm.kl());
        metrics.add("model_grad_norm", norm);
    }

    @Override
    public Agent evaluationAgent() {
        LatentFilter belief = new LatentFilter(model, SplitMix64.of(evalBeliefSeed));
        return new Agent() {
            @Override
            public INDArray act(INDArray observation) {
                return Planet.this.act(belief, observation, true);
            }

            @Override
            public void reset() {
                belief.reset();
            }
        };
    }

    @Override
    public Map<String, Double> drainMetrics() {
        return metrics.drain();
    }

    /**
     * A learner with the config and spaces stored in a checkpoint, its state not yet restored (then
     * {@link #readState}).
     *
     * @param checkpoint a checkpoint holding a PlaNet learner under {@code prefix}
     * @param prefix     prefix of the learner's entries
     * @return the learner
     * @throws IllegalArgumentException if the checkpoint holds another kind of learner or a bad header
     */
    public static Planet fromCheckpoint(Checkpoint checkpoint, String prefix) {
        AgentCheckpoints.checkKind(checkpoint, prefix, KIND);
        return new Planet(AgentCheckpoints.space(checkpoint, prefix + "observation."),
                AgentCheckpoints.space(checkpoint, prefix + "action."),
                AgentCheckpoints.config(checkpoint, prefix, PlanetConfig.class), RandomStreams.of(0));
    }

    /**
     * Loads a learner saved by {@link #save}; it continues exactly as the saved one would have.
     *
     * @param file the checkpoint file
     * @return the learner
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws IOException                       if it cannot be read, is corrupt, or holds another learner
     */
    public static Planet load(Path file) throws IOException {
        return AgentCheckpoints.loadLearner(file, Planet::fromCheckpoint);
    }

    @Override
    public void writeState(Checkpoint.Builder b, String prefix) {
        AgentCheckpoints.writeHeader(b, prefix, KIND, config, observationSpace, actionSpace);
        Parameters.writeTo(b, prefix + "model.", model.parameters());
        opt.writeTo(b, prefix + "modelOpt.");
        trainBelief.writeTo(b, prefix + "filter.");
        b.putLongs(prefix + "rng.cem", cem.randomState());
        AgentCheckpoints.putGenerator(b, prefix + "rng.sampling", sampling);
        AgentCheckpoints.putGenerator(b, prefix + "rng.model", modelNoise);
        AgentCheckpoints.putGenerator(b, prefix + "rng.planLatents", planNoise);
        AgentCheckpoints.putGenerator(b, prefix + "rng.act", actNoise);
        AgentCheckpoints.putGenerator(b, prefix + "rng.belief", beliefNoise);
        b.putLong(prefix + "rng.evalBeliefSeed", evalBeliefSeed);
        b.putLong(prefix + "stepsSeen", stepsSeen);
        b.putLong(prefix + "updates", updates);
        b.putDouble(prefix + "credit", credit);
        b.putBoolean(prefix + "started", started);
        b.putBoolean(prefix + "explored", explored);
        buffer.writeTo(b, prefix + "buffer.");
    }

    @Override
    public void readState(Checkpoint cp, String prefix) {
        AgentCheckpoints.checkMatches(cp, prefix, KIND, config, observationSpace, actionSpace);
        buffer.restoreFrom(cp, prefix + "buffer.");
        Parameters.readFrom(cp, prefix + "model.", model.parameters());
        opt.readFrom(cp, prefix + "modelOpt.");
        trainBelief.readFrom(cp, prefix + "filter.");
        cem.restoreRandomState(cp.longs(prefix + "rng.cem"));
        AgentCheckpoints.readGenerator(cp, prefix + "rng.sampling", sampling);
        AgentCheckpoints.readGenerator(cp, prefix + "rng.model", modelNoise);
        AgentCheckpoints.readGenerator(cp, prefix + "rng.planLatents", planNoise);
        AgentCheckpoints.readGenerator(cp, prefix + "rng.act", actNoise);
        AgentCheckpoints.readGenerator(cp, prefix + "rng.belief", beliefNoise);
        evalBeliefSeed = cp.longValue(prefix + "rng.evalBeliefSeed");
        stepsSeen = cp.longValue(prefix + "stepsSeen");
        updates = cp.longValue(prefix + "updates");
        credit = cp.doubleValue(prefix + "credit");
        started = cp.booleanValue(prefix + "started");
        explored = cp.booleanValue(prefix + "explored");
    }
}
