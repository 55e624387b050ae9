package org.mbrl4j.algorithms.dreamer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.mbrl4j.algorithms.common.ActionScaling;
import org.mbrl4j.algorithms.common.AgentCheckpoints;
import org.mbrl4j.algorithms.common.Metrics;
import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.core.Agent;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.buffer.ReplayBuffer;
import org.mbrl4j.core.buffer.SequenceBatch;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.random.SplitMix64;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Discrete;
import org.mbrl4j.core.spaces.Space;
import org.mbrl4j.models.latent.Imagination;
import org.mbrl4j.models.latent.LatentFilter;
import org.mbrl4j.models.latent.Rssm;
import org.mbrl4j.models.latent.RssmState;
import org.mbrl4j.models.latent.WorldModelLoss;
import org.mbrl4j.models.nn.Adam;
import org.mbrl4j.models.nn.AdamConfig;
import org.mbrl4j.models.nn.Gradients;
import org.mbrl4j.models.nn.Parameters;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.Ops;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dreamer (Hafner et al. 2020, "Dream to Control"; DreamerV3: Hafner et al. 2023, "Mastering Diverse Domains
 * through World Models") as an {@link OffPolicyLearner}: an {@link Rssm} world model learned from replayed
 * sequences, and an actor and a critic learned only from trajectories imagined by it.
 *
 * <p>One update ({@link #update(SequenceBatch)}) on {@code B} windows of {@code T} transitions:
 * <ol>
 *   <li>World model: {@link Rssm#loss} on the {@code T + 1} observations of each window (the window's first
 *       observation, then every next observation), with the action before each (zero before the first),
 *       the rewards and continue flags ({@code 1 - terminated}); Adam with the model's clip.</li>
 *   <li>Imagination: from every posterior state ({@code B (T + 1)} starts, gradients stopped), {@code H} prior
 *       steps under the actor; rewards from the reward head, continue probabilities from the continue head,
 *       values {@code v_t} from the critic, lambda-returns {@code R_t} ({@link LambdaReturns}) and weights
 *       {@code w_t = prod_{k<=t} gamma c_k} (gradient stopped).</li>
 *   <li>Actor: the returns' scale {@code S} from {@link ReturnNormalizer}; with backpropagation through the
 *       dynamics (continuous actions by default) the loss is {@code -mean w_t (R_t / S + eta H_t)}; with
 *       REINFORCE (discrete) {@code -mean w_t (log pi(a_t) sg((R_t - v_t) / S) + eta H_t)}, {@code H_t} the
 *       policy's entropy and {@code eta} {@link DreamerConfig#actorEntropy()}.</li>
 *   <li>Critic: {@code mean w_t (CE(critic(s_t), twoHot(R_t)) + slowReg CE(critic(s_t), twoHot(slow(s_t))))} on
 *       the detached imagined states {@code t < H}, then the slow critic moves by {@code slowCriticRate}.</li>
 * </ol>
 * Updates start once {@link DreamerConfig#trainStart()} transitions are stored ({@link DreamerConfig#pretrainUpdates()}
 * at once), then run at {@link DreamerConfig#trainRatio()} replayed steps per environment step. Acting filters the
 * observations through the posterior step (the recurrent state lives in the learner and is reset at episode
 * ends) and samples the actor; the evaluation agent keeps its own state and takes the actor's mode. Actions of a
 * box are learned in {@code [-1, 1]} and scaled to the box; discrete actions are one-hot.
 *
 * <p>{@link #save} / {@link #load} (and {@link #writeState} / {@link #readState} inside an
 * {@link org.mbrl4j.algorithms.common.OffPolicyRun}'s checkpoint) keep everything a run needs to continue exactly:
 * the config and both spaces, the world model, actor, critic and slow critic, the three optimisers' moments, the
 * return normaliser, the replay buffer, the acting belief (the posterior state and previous action, so a learner
 * saved inside an episode continues it), the generators' positions and the counters. Not thread-safe.
 */
public final class Dreamer implements OffPolicyLearner {

    /** The kind stored in a checkpoint's header. */
    public static final String KIND = "dreamer";

    private final DreamerConfig config;
    private final Space observationSpace;
    private final Space actionSpace;
    private final long[] obsShape;
    private final int actDim;
    private final boolean discrete;
    private final int discreteStart;
    private final ActionScaling scaling;
    private final Rssm model;
    private final DreamerActor actor;
    private final DreamerCritic critic;
    private final Adam modelOpt;
    private final Adam actorOpt;
    private final Adam criticOpt;
    private final List<Parameter> allParams = new ArrayList<>();
    /** The world model's and the critics' parameters: fixed in the actor's step. */
    private final List<Parameter> notActor = new ArrayList<>();
    private final ReturnNormalizer returnNorm;
    private final ReplayBuffer buffer;
    private final SplitMix64 sampling;
    private final SplitMix64 modelNoise;
    private final SplitMix64 imagineNoise;
    private final SplitMix64 actNoise;
    private final SplitMix64 evalNoise;
    private final boolean backprop;
    private final Metrics metrics = new Metrics();
    private final Filter trainFilter;
    private boolean explored;
    private long stepsSeen;
    private long updates;
    private double credit;
    private boolean started;

    /**
     * @param observationSpace the environment's observations: a {@link Box} of shape {@code [D]} or images
     *                         {@code [C, S, S]} with values in {@code [0, 1]}
     * @param actionSpace      a bounded rank-1 {@link Box} or a {@link Discrete} space
     * @param config           the settings
     * @param streams          randomness of the weights, minibatches, latent samples and actions
     * @throws IllegalArgumentException if a space is not supported or the model is not float32
     */
    public Dreamer(Space observationSpace, Space actionSpace, DreamerConfig config, RandomStreams streams) {
        Objects.requireNonNull(observationSpace, "observationSpace");
        Objects.requireNonNull(actionSpace, "actionSpace");
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(streams, "streams");
        if (config.rssm().dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("config.rssm.dataType must be FLOAT (Dreamer trains in float32): "
                    + config.rssm().dataType());
        }
        this.observationSpace = observationSpace;
        this.actionSpace = actionSpace;
        this.obsShape = observationSpace.shape().clone();
        if (actionSpace instanceof Discrete d) {
            discrete = true;
            actDim = d.n();
            discreteStart = d.start();
            scaling = null;
        } else {
            discrete = false;
            discreteStart = 0;
            scaling = ActionScaling.of(actionSpace);
            actDim = scaling.size();
        }
        SplittableRandom init = streams.child("init").javaRandom();
        model = new Rssm(obsShape, actDim, config.rssm(), init);
        int feat = config.rssm().featureSize();
        actor = new DreamerActor(feat, actDim, discrete, config, init);
        critic = new DreamerCritic(feat, config, init);
        // DreamerV3: Adam epsilon 1e-8 for the model, 1e-5 for the actor and critic
        modelOpt = new Adam(model.parameters(), new AdamConfig(config.modelLr(), 0.9, 0.999, 1e-8, 0, false,
                config.modelClip()));
        actorOpt = new Adam(actor.parameters(), new AdamConfig(config.actorLr(), 0.9, 0.999, 1e-5, 0, false,
                config.actorClip()));
        criticOpt = new Adam(critic.parameters(), new AdamConfig(config.criticLr(), 0.9, 0.999, 1e-5, 0, false,
                config.criticClip()));
        allParams.addAll(model.parameters());
        allParams.addAll(actor.parameters());
        allParams.addAll(critic.parameters());
        allParams.addAll(critic.slowParameters());
        notActor.addAll(model.parameters());
        notActor.addAll(critic.parameters());
        notActor.addAll(critic.slowParameters());
        returnNorm = new ReturnNormalizer(config.returnNormDecay(), config.returnNormLimit());
        buffer = ReplayBuffer.create(config.bufferSize(), observationSpace, actionSpace);
        sampling = streams.child("sampling").generator();
        modelNoise = streams.child("model").generator();
        imagineNoise = streams.child("imagine").generator();
        actNoise = streams.child("act").generator();
        evalNoise = streams.child("eval").generator();
        backprop = config.backpropThroughDynamics(discrete);
        trainFilter = new Filter(actNoise);
    }

    /** @return the settings */
    public DreamerConfig config() {
        return config;
    }

    /** @return the world model */
    public Rssm model() {
        return model;
    }

    /** @return the actor */
    public DreamerActor actor() {
        return actor;
    }

    /** @return the critic */
    public DreamerCritic critic() {
        return critic;
    }

    /** @return the updates made so far */
    public long updates() {
        return updates;
    }

    /** @return the replay buffer that {@link #observe} fills (actions in the environment's units) */
    public ReplayBuffer replayBuffer() {
        return buffer;
    }

    /** @return the return normaliser of the actor's loss */
    public ReturnNormalizer returnNormalizer() {
        return returnNorm;
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
        return model.openLoopEpisode(observations, actions, a -> encodeActions(a, (int) actions.size(0)), context,
                samples, rng);
    }

    @Override
    public INDArray explore(INDArray observation) {
        explored = true;
        return trainFilter.act(observation, false);
    }

    @Override
    public void observe(Transition t) {
        Objects.requireNonNull(t, "t");
        buffer.add(t);
        stepsSeen++;
        if (!explored) {
            trainFilter.filter(t.observation()); // a step chosen outside (warm-up): keep the state in step
        }
        explored = false;
        trainFilter.taken(t.action());
        if (t.terminated() || t.truncated()) {
            trainFilter.reset();
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

    /**
     * A learner with the config and spaces stored in a checkpoint, its state not yet restored (then
     * {@link #readState}).
     *
     * @param checkpoint a checkpoint holding a Dreamer learner under {@code prefix}
     * @param prefix     prefix of the learner's entries
     * @return the learner
     * @throws IllegalArgumentException if the checkpoint holds another kind of learner or a bad header
     */
    public static Dreamer fromCheckpoint(Checkpoint checkpoint, String prefix) {
        AgentCheckpoints.checkKind(checkpoint, prefix, KIND);
        return new Dreamer(AgentCheckpoints.space(checkpoint, prefix + "observation."),
                AgentCheckpoints.space(checkpoint, prefix + "action."),
                AgentCheckpoints.config(checkpoint, prefix, DreamerConfig.class), RandomStreams.of(0));
    }

    /**
     * Loads a learner saved by {@link #save}; it continues exactly as the saved one would have.
     *
     * @param file the checkpoint file
     * @return the learner
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws IOException                       if it cannot be read, is corrupt, or holds another learner
     */
    public static Dreamer load(Path file) throws IOException {
        return AgentCheckpoints.loadLearner(file, Dreamer::fromCheckpoint);
    }

    @Override
    public void writeState(Checkpoint.Builder b, String prefix) {
        AgentCheckpoints.writeHeader(b, prefix, KIND, config, observationSpace, actionSpace);
        Parameters.writeTo(b, prefix + "model.", model.parameters());
        Parameters.writeTo(b, prefix + "actor.", actor.parameters());
        Parameters.writeTo(b, prefix + "critic.", critic.parameters());
        Parameters.writeTo(b, prefix + "slowCritic.", critic.slowParameters());
        modelOpt.writeTo(b, prefix + "modelOpt.");
        actorOpt.writeTo(b, prefix + "actorOpt.");
        criticOpt.writeTo(b, prefix + "criticOpt.");
        b.putDouble(prefix + "returnNorm.low", returnNorm.low());
        b.putDouble(prefix + "returnNorm.high", returnNorm.high());
        trainFilter.belief.writeTo(b, prefix + "filter.");
        AgentCheckpoints.putGenerator(b, prefix + "rng.sampling", sampling);
        AgentCheckpoints.putGenerator(b, prefix + "rng.model", modelNoise);
        AgentCheckpoints.putGenerator(b, prefix + "rng.imagine", imagineNoise);
        AgentCheckpoints.putGenerator(b, prefix + "rng.act", actNoise);
        AgentCheckpoints.putGenerator(b, prefix + "rng.eval", evalNoise);
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
        Parameters.readFrom(cp, prefix + "actor.", actor.parameters());
        Parameters.readFrom(cp, prefix + "critic.", critic.parameters());
        Parameters.readFrom(cp, prefix + "slowCritic.", critic.slowParameters());
        modelOpt.readFrom(cp, prefix + "modelOpt.");
        actorOpt.readFrom(cp, prefix + "actorOpt.");
        criticOpt.readFrom(cp, prefix + "criticOpt.");
        returnNorm.restore(cp.doubleValue(prefix + "returnNorm.low"), cp.doubleValue(prefix + "returnNorm.high"));
        trainFilter.belief.readFrom(cp, prefix + "filter.");
        AgentCheckpoints.readGenerator(cp, prefix + "rng.sampling", sampling);
        AgentCheckpoints.readGenerator(cp, prefix + "rng.model", modelNoise);
        AgentCheckpoints.readGenerator(cp, prefix + "rng.imagine", imagineNoise);
        AgentCheckpoints.readGenerator(cp, prefix + "rng.act", actNoise);
        AgentCheckpoints.readGenerator(cp, prefix + "rng.eval", evalNoise);
        stepsSeen = cp.longValue(prefix + "stepsSeen");
        updates = cp.longValue(prefix + "updates");
        credit = cp.doubleValue(prefix + "credit");
        started = cp.booleanValue(prefix + "started");
        explored = cp.booleanValue(prefix + "explored");
    }

    @Override
    public Agent evaluationAgent() {
        Filter f = new Filter(evalNoise);
        return new Agent() {
            @Override
            public INDArray act(INDArray observation) {
                return f.act(observation, true);
            }

            @Override
            public void reset() {
                f.reset();
            }
        };
    }

    @Override
    public Map<String, Double> drainMetrics() {
        return metrics.drain();
    }

    /**
     * One update on {@code batchSize} windows of {@code batchLength} transitions from the replay buffer.
     *
     * @throws IllegalArgumentException if no stored episode segment is {@code batchLength} steps long yet
     */
    public void update() {
        update(buffer.sampleSequences(config.batchSize(), config.batchLength(), sampling));
    }

    /**
     * One update on given windows (see the class comment).
     *
     * @param batch {@code [B, T, ...]} windows with actions in the environment's units
     * @throws IllegalArgumentException if the shapes do not match the model or a value is not finite
     */
    public void update(SequenceBatch batch) {
        Objects.requireNonNull(batch, "batch");
        int rows = batch.batchSize() * batch.length();
        LatentSequences s = LatentSequences.of(batch, obsShape, actDim, a -> encodeActions(a, rows));
        int n = s.batchSize() * s.length();

        // 1. world model
        WorldModelLoss wm;
        RssmState start;
        try (Tape tape = Tape.open()) {
            wm = model.loss(null, s.observations(), s.prevActions(), s.rewards(), s.continues(), modelNoise);
            List<RssmState> posts = wm.observation().posteriors();
            start = new RssmState(concatValues(posts.stream().map(RssmState::deter).toList()),
                    concatValues(posts.stream().map(RssmState::stoch).toList()),
                    concatValues(posts.stream().map(RssmState::stats).toList()));
            tape.backward(wm.total());
        }
        double modelNorm = modelOpt.step();
        Gradients.zero(allParams);

        // 2-3. imagination and actor
        if (config.imagineStarts() > 0 && config.imagineStarts() < n) {
            start = subsample(start, config.imagineStarts());
            n = config.imagineStarts();
        }
        int h = config.horizon();
        Var featsAll;
        double[] returns;
        double[] weights;
        double actorLoss;
        double entropy;
        // the actor's loss reaches the world model and the critic, which this step does not train: frozen, they
        // pass gradients to the actor without weight-gradient products of their own
        try (Tape tape = Tape.open(); Tape.Frozen fixed = Tape.freeze(notActor)) {
            Imagination im;
            List<Var> raws = new ArrayList<>(h);
            if (backprop) {
                im = model.imagine(st -> actor.sample(st.features(), imagineNoise).action(), start, h, imagineNoise);
            } else {
                // REINFORCE scores the samples as drawn; the dynamics get them clipped into [-1, 1]
                try (Tape.NoGrad ignored = Tape.pause()) {
                    im = model.imagine(st -> {
                        DreamerActor.Sample a = actor.sample(st.features(), imagineNoise);
                        raws.add(a.raw());
                        return a.action().detach();
                    }, start, h, imagineNoise);
                }
            }
            // every head runs once over all H + 1 imagined steps, rows t * n .. (t + 1) * n
            featsAll = Ops.concat(0, im.states().stream().map(RssmState::features).toArray(Var[]::new));
            Var values = critic.value(featsAll);
            Var later = featsAll.slice(0, n, (long) (h + 1) * n);
            Var rewardsAll = model.reward(later);
            double[] cont;
            try (Tape.NoGrad ignored = Tape.pause()) {
                cont = HostArrays.toDoubles(model.continueProbability(later.detach()).value());
            }
            List<Var> rewards = new ArrayList<>(h);
            List<Var> conts = new ArrayList<>(h);
            List<Var> vals = new ArrayList<>(h + 1);
            for (int t = 0; t <= h; t++) {
                vals.add(values.slice(0, (long) t * n, (long) (t + 1) * n));
                if (t < h) {
                    rewards.add(rewardsAll.slice(0, (long) t * n, (long) (t + 1) * n));
                    conts.add(Var.constant(HostArrays.array(Arrays.copyOfRange(cont, t * n, (t + 1) * n),
                            DataType.FLOAT, n)));
                }
            }
            // w_0 = 1, w_{t+1} = w_t gamma c_{t+1}: the discounted probability of reaching imagined state t
            weights = new double[h * n];
            for (int i = 0; i < n; i++) {
                double w = 1;
                for (int t = 0; t < h; t++) {
                    weights[t * n + i] = w;
                    w *= config.discount() * cont[t * n + i];
                }
            }
            List<Var> rets = LambdaReturns.compute(rewards, conts, vals, config.discount(), config.lambda());
            Var retAll = Ops.concat(0, rets.toArray(new Var[0]));
            returns = HostArrays.toDoubles(retAll.value());
            HostArrays.requireFinite(returns, "imagined returns");
            returnNorm.update(returns);
            double scale = returnNorm.scale();
            Var first = featsAll.slice(0, 0, (long) h * n);
            Var objective;
            Var ent;
            if (backprop) {
                ent = actor.entropy(first);
                objective = retAll.mul(1.0 / scale);
            } else {
                Var f = first.detach();
                ent = actor.entropy(f);
                double[] v = HostArrays.toDoubles(values.value());
                double[] adv = new double[h * n];
                for (int i = 0; i < adv.length; i++) {
                    adv[i] = (returns[i] - v[i]) / scale;
                }
                Var acts = Ops.concat(0, raws.toArray(new Var[0]));
                objective = actor.logProb(f, acts).mul(Var.constant(HostArrays.array(adv, DataType.FLOAT, h * n)));
            }
            Var wt = Var.constant(HostArrays.array(weights, DataType.FLOAT, h * n));
            Var loss = objective.add(ent.mul(config.actorEntropy())).mul(wt).mean().neg();
            actorLoss = loss.item();
            entropy = ent.mean().item();
            tape.backward(loss);
        }
        double actorNorm = actorOpt.step();
        Gradients.zero(allParams);

        // 4. critic on the detached imagined states t < H
        double criticLoss;
        try (Tape tape = Tape.open()) {
            Var f = Var.constant(featsAll.value().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0,
                    (long) h * n)).dup());
            INDArray slowTarget;
            try (Tape.NoGrad ignored = Tape.pause()) {
                slowTarget = critic.slowValue(f).value();
            }
            Var logits = critic.logits(f);
            Var ce = critic.twoHot().loss(logits, HostArrays.array(returns, DataType.FLOAT, h * n))
                    .add(critic.twoHot().loss(logits, slowTarget).mul(config.slowRegScale()));
            Var loss = ce.mul(Var.constant(HostArrays.array(weights, DataType.FLOAT, h * n))).mean();
            criticLoss = loss.item();
            tape.backward(loss);
        }
        double criticNorm = criticOpt.step();
        Gradients.zero(allParams);
        critic.updateSlow(config.slowCriticRate());
        updates++;

        metrics.add("model_loss", wm.total().item());
        metrics.add("reconstruction_loss", wm.reconstruction());
        metrics.add("reward_loss", wm.reward());
        metrics.add("continue_loss", wm.continuation());
        metrics.add("dynamics_loss", wm.dynamics());
        metrics.add("representation_loss", wm.representation());
        metrics.add("kl", wm.kl());
        metrics.add("model_grad_norm", modelNorm);
        metrics.add("actor_loss", actorLoss);
        metrics.add("actor_entropy", entropy);
        metrics.add("actor_grad_norm", actorNorm);
        metrics.add("critic_loss", criticLoss);
        metrics.add("critic_grad_norm", criticNorm);
        metrics.add("return_scale", returnNorm.scale());
        metrics.add("imagined_return", mean(Arrays.copyOf(returns, n)));
    }

    /** {@code count} rows of the start states drawn without replacement (partial Fisher-Yates). */
    private RssmState subsample(RssmState s, int count) {
        int total = s.batchSize();
        int[] idx = new int[total];
        for (int i = 0; i < total; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < count; i++) {
            int j = i + sampling.nextInt(total - i);
            int tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
        }
        int[] pick = Arrays.copyOf(idx, count);
        return new RssmState(rows(s.deter(), pick), rows(s.stoch(), pick), rows(s.stats(), pick));
    }

    private static Var rows(Var x, int[] pick) {
        long[] p = new long[pick.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = pick[i];
        }
        return Var.constant(x.value().getRows(pick).dup('c'));
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static Var concatValues(List<Var> xs) {
        return Var.constant(Nd4j.concat(0, xs.stream().map(Var::value).toArray(INDArray[]::new)).dup('c'));
    }

    /** Environment actions ({@code rows} of them) to the model's encoding: {@code [-1, 1]} or one-hot. */
    private double[] encodeActions(double[] envActions, int rows) {
        if (!discrete) {
            return scaling.toNormalized(envActions);
        }
        double[] out = new double[rows * actDim];
        for (int r = 0; r < rows; r++) {
            int k = (int) Math.round(envActions[r]) - discreteStart;
            if (k < 0 || k >= actDim) {
                throw new IllegalArgumentException("discrete action " + envActions[r] + " is outside [" + discreteStart + ", " + (discreteStart + actDim)
                        + ")");
            }
            out[r * actDim + k] = 1;
        }
        return out;
    }

    /** An acting agent's belief ({@link LatentFilter}) and its action choice. */
    private final class Filter {
        private final RandomGenerator rng;
        private final LatentFilter belief;

        Filter(RandomGenerator rng) {
            this.rng = rng;
            this.belief = new LatentFilter(model, rng);
        }

        void reset() {
            belief.reset();
        }

        void filter(INDArray observation) {
            belief.observe(observation);
        }

        INDArray act(INDArray observation, boolean evaluation) {
            RssmState state = belief.observe(observation);
            double[] a;
            try (Tape.NoGrad ignored = Tape.pause()) {
                Var f = state.features();
                Var chosen = evaluation ? actor.mode(f) : actor.sample(f, rng).action();
                a = HostArrays.toDoubles(chosen.value());
            }
            belief.actionTaken(a);
            if (discrete) {
                int best = 0;
                for (int j = 1; j < actDim; j++) {
                    if (a[j] > a[best]) {
                        best = j;
                    }
                }
                return Nd4j.scalar(DataType.INT64, discreteStart + best);
            }
            double[] clipped = new double[actDim];
            for (int j = 0; j < actDim; j++) {
                clipped[j] = Math.max(-1, Math.min(1, a[j]));
            }
            return HostArrays.array(scaling.toEnv(clipped), DataType.FLOAT, actDim);
        }

        void taken(INDArray envAction) {
            belief.actionTaken(encodeActions(HostArrays.toDoubles(envAction), 1));
        }
    }
}
