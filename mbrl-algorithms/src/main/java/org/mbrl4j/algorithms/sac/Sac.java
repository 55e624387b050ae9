package org.mbrl4j.algorithms.sac;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.mbrl4j.algorithms.common.ActionScaling;
import org.mbrl4j.algorithms.common.AgentCheckpoints;
import org.mbrl4j.algorithms.common.Metrics;
import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.algorithms.common.Polyak;
import org.mbrl4j.algorithms.common.QNetwork;
import org.mbrl4j.algorithms.common.TanhGaussian;
import org.mbrl4j.core.Agent;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.buffer.Batch;
import org.mbrl4j.core.buffer.ReplayBuffer;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.io.Checkpoints;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.random.SplitMix64;
import org.mbrl4j.core.spaces.Space;
import org.mbrl4j.models.nn.Adam;
import org.mbrl4j.models.nn.AdamConfig;
import org.mbrl4j.models.nn.Mlp;
import org.mbrl4j.models.nn.Parameters;
import org.mbrl4j.models.nn.Sequential;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.nn.Initializers;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Soft Actor-Critic with automatic entropy tuning (Haarnoja et al. 2018, arXiv:1812.05905).
 *
 * <ul>
 * <li>Critics: {@code Q1, Q2} regress to {@code y = r + gamma (1 - terminated) (min_k Qtarget_k(s', a') -
 * alpha log pi(a'|s'))}, {@code a' ~ pi(s')}; only {@code terminated} masks the bootstrap, a time-limit
 * truncation does not. Loss {@code mean((Q1 - y)^2) + mean((Q2 - y)^2)}.</li>
 * <li>Actor: {@code mean(alpha log pi(a|s) - min_k Q_k(s, a))} with {@code a = tanh(mean + std * eps)}
 * (reparameterised); its gradient flows through the critics' input gradients and the squash.</li>
 * <li>Entropy: {@code log alpha} descends {@code -mean(log alpha * (log pi + targetEntropy))}.</li>
 * <li>Targets: {@code Qtarget <- (1 - tau) Qtarget + tau Q} after every {@code targetUpdateEvery} updates.</li>
 * </ul>
 * Actions are learned in {@code [-1, 1]} and scaled to the environment's box. The networks are the shared
 * {@link Mlp} blocks with Adam. As an {@link OffPolicyLearner} it keeps its own replay buffer; MBPO calls
 * {@link #update(Batch)} with its own batches instead. {@link #save}/{@link #load} keep the whole learner
 * (weights, target networks, Adam moments, entropy coefficient, replay data, generators, counters, config).
 * Not thread-safe.
 */
public final class Sac implements OffPolicyLearner {

    private final int obsDim;
    private final int actDim;
    private final SacConfig config;
    private final ActionScaling scaling;
    private final DataType dtype;
    private final Sequential actor;
    private final QNetwork q1;
    private final QNetwork q2;
    private final QNetwork q1Target;
    private final QNetwork q2Target;
    private final Adam actorOpt;
    private final Adam criticOpt;
    private final Parameter logAlpha;
    private final Adam alphaOpt;
    private final double targetEntropy;
    private final Space actionSpace;
    private final SplitMix64 noise;
    private final SplitMix64 sampling;
    private final ReplayBuffer buffer;
    private final Metrics metrics = new Metrics();
    private long updates;

    /**
     * @param obsDim      observation size (a flat vector)
     * @param actionSpace the environment's bounded action box
     * @param config      the settings
     * @param streams     randomness of the initial weights, the policy noise and the minibatches
     * @throws IllegalArgumentException if the action space is not a bounded box or {@code obsDim < 1}
     */
    public Sac(int obsDim, Space actionSpace, SacConfig config, RandomStreams streams) {
        this(obsDim, actionSpace, config, streams, DataType.FLOAT);
    }

    /** As the public constructor, with the network data type (DOUBLE for gradient checks). */
    Sac(int obsDim, Space actionSpace, SacConfig config, RandomStreams streams, DataType dtype) {
        if (obsDim < 1) {
            throw new IllegalArgumentException("obsDim must be >= 1: " + obsDim);
        }
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(streams, "streams");
        this.scaling = ActionScaling.of(actionSpace);
        this.obsDim = obsDim;
        this.actDim = scaling.size();
        this.dtype = dtype;
        int h = config.hiddenSize();
        int l = config.hiddenLayers();
        this.actor = Mlp.builder(obsDim, 2 * actDim).hidden(h, l).activation(Activation.RELU)
                .initializer(Initializers.xavierUniform()).dtype(dtype).name("actor")
                .build(streams.child("actor").javaRandom());
        this.q1 = new QNetwork("q1", obsDim, actDim, h, l, dtype, streams.child("q1").javaRandom());
        this.q2 = new QNetwork("q2", obsDim, actDim, h, l, dtype, streams.child("q2").javaRandom());
        this.q1Target = new QNetwork("q1", obsDim, actDim, h, l, dtype, streams.child("q1").javaRandom());
        this.q2Target = new QNetwork("q2", obsDim, actDim, h, l, dtype, streams.child("q2").javaRandom());
        Polyak.update(q1Target.parameters(), q1.parameters(), 1);
        Polyak.update(q2Target.parameters(), q2.parameters(), 1);
        this.actorOpt = new Adam(actor.parameters(), AdamConfig.adam(config.actorLr(), 0));
        List<Parameter> critics = new ArrayList<>(q1.parameters());
        critics.addAll(q2.parameters());
        this.criticOpt = new Adam(critics, AdamConfig.adam(config.criticLr(), 0));
        this.logAlpha = new Parameter("logAlpha", HostArrays.array(new double[] {Math.log(config.initialAlpha())},
                DataType.DOUBLE, 1, 1));
        this.alphaOpt = new Adam(new ArrayList<>(List.of(logAlpha)), AdamConfig.adam(config.alphaLr(), 0));
        this.targetEntropy = Double.isNaN(config.targetEntropy()) ? -actDim : config.targetEntropy();
        this.actionSpace = actionSpace;
        this.noise = streams.child("noise").generator();
        this.sampling = streams.child("sampling").generator();
        this.buffer = ReplayBuffer.create(config.replayCapacity(), new long[] {obsDim}, new long[] {actDim});
    }

    /** The {@code kind} entry of a SAC checkpoint. */
    public static final String KIND = "mbrl4j.Sac";

    /**
     * Builds a learner with the config and problem sizes stored in a checkpoint, its state not yet restored
     * (call {@link #readState}, or use {@link #load}).
     *
     * @param checkpoint a checkpoint holding a SAC learner
     * @param prefix     the prefix its entries were written under
     * @return a new learner with the stored config
     * @throws IllegalArgumentException if the checkpoint holds no SAC learner or its config is invalid
     */
    public static Sac fromCheckpoint(Checkpoint checkpoint, String prefix) {
        AgentCheckpoints.checkKind(checkpoint, prefix, KIND);
        return new Sac(AgentCheckpoints.observationSize(checkpoint, prefix),
                AgentCheckpoints.actionSpace(checkpoint, prefix),
                AgentCheckpoints.config(checkpoint, prefix, SacConfig.class), RandomStreams.of(0));
    }

    /**
     * Loads a learner saved by {@link #save}; it continues exactly as the saved one would have.
     *
     * @param file the checkpoint file
     * @return the learner
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws org.mbrl4j.core.io.CorruptCheckpointException if the file is damaged or holds no SAC learner
     *     (naming the file and the fault)
     * @throws IOException if it cannot be read
     */
    public static Sac load(Path file) throws IOException {
        return AgentCheckpoints.loadLearner(file, Sac::fromCheckpoint);
    }

    @Override
    public void writeState(Checkpoint.Builder b, String prefix) {
        AgentCheckpoints.writeHeader(b, prefix, KIND, config, obsDim, actionSpace);
        writeNetworks(b, prefix);
        buffer.writeTo(b, prefix + "buffer.");
    }

    @Override
    public void readState(Checkpoint cp, String prefix) {
        AgentCheckpoints.checkMatches(cp, prefix, KIND, config, obsDim, actionSpace);
        buffer.restoreFrom(cp, prefix + "buffer.");
        readNetworks(cp, prefix);
    }

    /**
     * Writes everything but the config and the replay buffer: networks, optimisers, generators, counters (MBPO,
     * which keeps its own buffers, stores its SAC with this).
     *
     * @param b      the checkpoint being built
     * @param prefix prefix of the entry names
     */
    public void writeNetworks(Checkpoint.Builder b, String prefix) {
        Parameters.writeTo(b, prefix + "actor.", actor.parameters());
        Parameters.writeTo(b, prefix + "q1.", q1.parameters());
        Parameters.writeTo(b, prefix + "q2.", q2.parameters());
        Parameters.writeTo(b, prefix + "q1Target.", q1Target.parameters());
        Parameters.writeTo(b, prefix + "q2Target.", q2Target.parameters());
        Parameters.writeTo(b, prefix + "alpha.", List.of(logAlpha));
        actorOpt.writeTo(b, prefix + "actorOpt.");
        criticOpt.writeTo(b, prefix + "criticOpt.");
        alphaOpt.writeTo(b, prefix + "alphaOpt.");
        AgentCheckpoints.putGenerator(b, prefix + "rng.noise", noise);
        AgentCheckpoints.putGenerator(b, prefix + "rng.sampling", sampling);
        b.putLong(prefix + "updates", updates);
    }

    /**
     * Restores what {@link #writeNetworks} wrote, from a learner of the same config.
     *
     * @param cp     the checkpoint
     * @param prefix the prefix given to {@link #writeNetworks}
     * @throws IllegalArgumentException if an entry is missing or has another shape (naming it)
     */
    public void readNetworks(Checkpoint cp, String prefix) {
        Parameters.readFrom(cp, prefix + "actor.", actor.parameters());
        Parameters.readFrom(cp, prefix + "q1.", q1.parameters());
        Parameters.readFrom(cp, prefix + "q2.", q2.parameters());
        Parameters.readFrom(cp, prefix + "q1Target.", q1Target.parameters());
        Parameters.readFrom(cp, prefix + "q2Target.", q2Target.parameters());
        Parameters.readFrom(cp, prefix + "alpha.", List.of(logAlpha));
        actorOpt.readFrom(cp, prefix + "actorOpt.");
        criticOpt.readFrom(cp, prefix + "criticOpt.");
        alphaOpt.readFrom(cp, prefix + "alphaOpt.");
        AgentCheckpoints.readGenerator(cp, prefix + "rng.noise", noise);
        AgentCheckpoints.readGenerator(cp, prefix + "rng.sampling", sampling);
        updates = cp.longValue(prefix + "updates");
    }

    /** @return the settings */
    public SacConfig config() {
        return config;
    }

    /** @return the entropy coefficient {@code alpha} now */
    public double alpha() {
        return Math.exp(logAlpha.value().getDouble(0));
    }

    /** @return the entropy target in nats */
    public double targetEntropy() {
        return targetEntropy;
    }

    /** @return the gradient updates made so far */
    public long updates() {
        return updates;
    }

    /** @return the replay buffer of real transitions that {@link #observe} fills */
    public ReplayBuffer replayBuffer() {
        return buffer;
    }

    /** @return the actor network, {@code [B, obsDim] -> [B, 2 actDim]} (means, then raw log-stds) */
    public Sequential actor() {
        return actor;
    }

    /**
     * @param observations {@code [B, obsDim]}
     * @param deterministic the mean action when true, a sample of the policy otherwise
     * @return actions in the environment's box, {@code [B, actDim]}, fresh float32
     */
    public INDArray act(INDArray observations, boolean deterministic) {
        int b = checkObs(observations);
        double[] out = HostArrays.toDoubles(actor.infer(observations.castTo(dtype)));
        double[] a = new double[b * actDim];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < actDim; j++) {
                double mean = out[i * 2 * actDim + j];
                double u = mean;
                if (!deterministic) {
                    double ls = TanhGaussian.boundedLogStd(out[i * 2 * actDim + actDim + j], config.logStdMin(),
                            config.logStdMax());
                    u += Math.exp(ls) * noise.nextGaussian();
                }
                a[i * actDim + j] = Math.tanh(u);
            }
        }
        return HostArrays.array(scaling.toEnv(a), DataType.FLOAT, b, actDim);
    }

    @Override
    public INDArray explore(INDArray observation) {
        return act(observation.reshape(1, obsDim), false).reshape(actDim);
    }

    @Override
    public void observe(Transition t) {
        buffer.add(t);
        if (buffer.size() >= config.learningStarts()) {
            for (int i = 0; i < config.updatesPerStep(); i++) {
                update(buffer.sample(config.batchSize(), sampling));
            }
        }
    }

    @Override
    public Agent evaluationAgent() {
        return obs -> act(obs.reshape(1, obsDim), true).reshape(actDim);
    }

    @Override
    public Map<String, Double> drainMetrics() {
        return metrics.drain();
    }

    /**
     * One SAC update on a batch: critics, then (every {@code actorUpdateEvery}) actor and alpha, then (every
     * {@code targetUpdateEvery}) the target critics.
     *
     * @param batch transitions with actions in the environment's box; {@code truncated} is ignored
     * @throws IllegalArgumentException if the batch has the wrong shapes or non-finite values
     */
    public void update(Batch batch) {
        INDArray obs = batch.observations().castTo(dtype);
        int b = checkObs(obs);
        double[] act = scaling.toNormalized(HostArrays.toDoubles(batch.actions()));
        if (act.length != b * actDim) {
            throw new IllegalArgumentException("batch.actions has shape " + java.util.Arrays.toString(
                    batch.actions().shape()) + "; expected [" + b + ", " + actDim + "]");
        }
        double[] y = criticTargets(batch, gaussians(b));
        INDArray a = HostArrays.array(act, dtype, b, actDim);
        double[] v1 = q1.forward(obs, a);
        double[] v2 = q2.forward(obs, a);
        double[] g1 = new double[b];
        double[] g2 = new double[b];
        double loss = 0;
        for (int i = 0; i < b; i++) {
            loss += ((v1[i] - y[i]) * (v1[i] - y[i]) + (v2[i] - y[i]) * (v2[i] - y[i])) / b;
            g1[i] = 2 * (v1[i] - y[i]) / b;
            g2[i] = 2 * (v2[i] - y[i]) / b;
        }
        q1.backward(g1);
        q2.backward(g2);
        criticOpt.step();
        metrics.add("critic_loss", loss);
        updates++;
        if (updates % config.actorUpdateEvery() == 0) {
            double[] logProb = new double[b];
            double actorLoss = actorLoss(obs, gaussians(b), alpha(), logProb, true);
            actorOpt.step();
            metrics.add("actor_loss", actorLoss);
            double meanLogProb = 0;
            for (double lp : logProb) {
                meanLogProb += lp / b;
            }
            metrics.add("entropy", -meanLogProb);
            if (config.autoEntropy()) {
                logAlpha.grad().putScalar(0, -(meanLogProb + targetEntropy));
                alphaOpt.step();
            }
            metrics.add("alpha", alpha());
        }
        if (updates % config.targetUpdateEvery() == 0) {
            Polyak.update(q1Target.parameters(), q1.parameters(), config.tau());
            Polyak.update(q2Target.parameters(), q2.parameters(), config.tau());
        }
    }

    /**
     * The soft Bellman targets {@code y = r + gamma (1 - terminated) (min(q1Next, q2Next) - alpha logProbNext)}.
     *
     * @param rewards     {@code r}, {@code [B]}
     * @param terminated  1 where {@code s'} is terminal, else 0, {@code [B]}
     * @param q1Next      {@code Qtarget_1(s', a')}, {@code [B]}
     * @param q2Next      {@code Qtarget_2(s', a')}, {@code [B]}
     * @param logProbNext {@code log pi(a'|s')}, {@code [B]}
     * @param alpha       the entropy coefficient
     * @param gamma       the discount
     * @return the targets, {@code [B]}
     */
    public static double[] softTargets(double[] rewards, double[] terminated, double[] q1Next, double[] q2Next,
            double[] logProbNext, double alpha, double gamma) {
        double[] y = new double[rewards.length];
        for (int i = 0; i < y.length; i++) {
            double v = Math.min(q1Next[i], q2Next[i]) - alpha * logProbNext[i];
            y[i] = rewards[i] + gamma * (1 - terminated[i]) * v;
        }
        return y;
    }

    /** The critic targets of a batch with the given policy noise {@code eps [B, actDim]} at {@code s'}. */
    double[] criticTargets(Batch batch, double[] eps) {
        INDArray next = batch.nextObservations().castTo(dtype);
        int b = checkObs(next);
        double[] rewards = HostArrays.toDoubles(batch.rewards());
        double[] term = HostArrays.toDoubles(batch.terminated());
        HostArrays.requireFinite(rewards, "batch.rewards");
        double[] logProb = new double[b];
        double[] aNext = sample(actor.infer(next), eps, logProb, null);
        INDArray an = HostArrays.array(aNext, dtype, b, actDim);
        return softTargets(rewards, term, q1Target.infer(next, an), q2Target.infer(next, an), logProb, alpha(),
                config.gamma());
    }

    /**
     * The actor loss {@code mean(alpha log pi - min(Q1, Q2))} at the reparameterised sample with noise
     * {@code eps}; with {@code backward} it also leaves {@code dLoss/dtheta} in the actor's gradients (and
     * overwrites the critics' gradients, which are not used afterwards).
     */
    double actorLoss(INDArray obs, double[] eps, double alpha, double[] logProb, boolean backward) {
        int b = (int) obs.size(0);
        double[] out = HostArrays.toDoubles(actor.forward(obs));
        double[][] cache = new double[2][];
        double[] a = sample(out, eps, logProb, cache);
        INDArray at = HostArrays.array(a, dtype, b, actDim);
        double[] v1 = q1.forward(obs, at);
        double[] v2 = q2.forward(obs, at);
        double loss = 0;
        double[] g1 = new double[b];
        double[] g2 = new double[b];
        for (int i = 0; i < b; i++) {
            boolean first = v1[i] <= v2[i];
            loss += (alpha * logProb[i] - (first ? v1[i] : v2[i])) / b;
            g1[i] = first ? -1.0 / b : 0;
            g2[i] = first ? 0 : -1.0 / b;
        }
        if (!backward) {
            return loss;
        }
        double[] ga1 = q1.backward(g1);
        double[] ga2 = q2.backward(g2);
        double[] u = cache[0];
        double[] std = cache[1];
        double[] gOut = new double[b * 2 * actDim];
        double span = 0.5 * (config.logStdMax() - config.logStdMin());
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < actDim; j++) {
                int k = i * actDim + j;
                double t = Math.tanh(u[k]);
                double dLdu = (ga1[k] + ga2[k]) * (1 - t * t); // through a = tanh(u)
                // log pi = sum[-eps^2/2 - logStd - log(2 pi)/2 - log(1 - tanh(u)^2)]; d/du of the last term: 2 tanh(u)
                double dLogpDu = 2 * t;
                double gMean = dLdu + alpha / b * dLogpDu;
                double dUdLogStd = std[k] * eps[k];
                double gLogStd = dLdu * dUdLogStd + alpha / b * (-1 + dLogpDu * dUdLogStd);
                double raw = out[i * 2 * actDim + actDim + j];
                double th = Math.tanh(raw);
                gOut[i * 2 * actDim + j] = gMean;
                gOut[i * 2 * actDim + actDim + j] = gLogStd * span * (1 - th * th);
            }
        }
        actor.backward(HostArrays.array(gOut, dtype, b, 2L * actDim));
        return loss;
    }

    /**
     * Squashed samples {@code tanh(mean + std * eps)} from the actor's output; fills {@code logProb [B]} and,
     * when given, {@code cache[0] = u}, {@code cache[1] = std} (both {@code [B, actDim]}).
     */
    private double[] sample(INDArray actorOut, double[] eps, double[] logProb, double[][] cache) {
        return sample(HostArrays.toDoubles(actorOut), eps, logProb, cache);
    }

    private double[] sample(double[] out, double[] eps, double[] logProb, double[][] cache) {
        int b = logProb.length;
        double[] a = new double[b * actDim];
        double[] us = new double[b * actDim];
        double[] stds = new double[b * actDim];
        double[] u = new double[actDim];
        double[] mean = new double[actDim];
        double[] ls = new double[actDim];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < actDim; j++) {
                mean[j] = out[i * 2 * actDim + j];
                ls[j] = TanhGaussian.boundedLogStd(out[i * 2 * actDim + actDim + j], config.logStdMin(),
                        config.logStdMax());
                int k = i * actDim + j;
                stds[k] = Math.exp(ls[j]);
                u[j] = mean[j] + stds[k] * eps[k];
                us[k] = u[j];
                a[k] = Math.tanh(u[j]);
            }
            logProb[i] = TanhGaussian.logProb(u, mean, ls);
        }
        if (cache != null) {
            cache[0] = us;
            cache[1] = stds;
        }
        return a;
    }

    private double[] gaussians(int b) {
        double[] e = new double[b * actDim];
        for (int i = 0; i < e.length; i++) {
            e[i] = noise.nextGaussian();
        }
        return e;
    }

    private int checkObs(INDArray obs) {
        if (obs == null || obs.rank() != 2 || obs.size(1) != obsDim) {
            throw new IllegalArgumentException("observations must have shape [B, " + obsDim + "]: "
                    + (obs == null ? "null" : java.util.Arrays.toString(obs.shape())));
        }
        return (int) obs.size(0);
    }
}
