package org.mbrl4j.algorithms.td3;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.mbrl4j.algorithms.common.ActionScaling;
import org.mbrl4j.algorithms.common.AgentCheckpoints;
import org.mbrl4j.algorithms.common.Metrics;
import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.algorithms.common.Polyak;
import org.mbrl4j.algorithms.common.QNetwork;
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
 * TD3 (Fujimoto et al. 2018, arXiv:1802.09477), DDPG when configured with one critic, no smoothing and no
 * delay ({@link Td3Config#ddpg()}).
 *
 * <ul>
 * <li>Target: {@code a' = clip(pi'(s') + clip(N(0, targetNoise), -noiseClip, noiseClip), -1, 1)},
 * {@code y = r + gamma (1 - terminated) min_k Q'_k(s', a')}; a truncation bootstraps.</li>
 * <li>Critics: {@code sum_k mean((Q_k(s, a) - y)^2)}.</li>
 * <li>Every {@code policyDelay} critic updates: the actor ascends {@code mean Q_1(s, pi(s))} and all targets
 * move by Polyak averaging.</li>
 * </ul>
 * The actor is an {@link Mlp} with a tanh output; actions are learned in {@code [-1, 1]} and scaled to the
 * box. {@link #update(Batch, double[])} accepts externally computed targets, which STEVE uses.
 * {@link #save}/{@link #load} keep the whole learner (weights, targets, Adam moments, exploration-noise state,
 * replay data, generators, counters, config). Not thread-safe.
 */
public final class Td3 implements OffPolicyLearner {

    private final int obsDim;
    private final int actDim;
    private final Td3Config config;
    private final ActionScaling scaling;
    private final Sequential actor;
    private final Sequential actorTarget;
    private final List<QNetwork> critics = new ArrayList<>();
    private final List<QNetwork> criticTargets = new ArrayList<>();
    private final Adam actorOpt;
    private final Adam criticOpt;
    private final Space actionSpace;
    private final SplitMix64 noise;
    private final SplitMix64 sampling;
    private final ReplayBuffer buffer;
    private final Metrics metrics = new Metrics();
    /** The exploration noise process of {@link #explore}, {@code [actDim]}; 0 at every episode start. */
    private final double[] noiseState;
    private long updates;

    /**
     * @param obsDim      observation size
     * @param actionSpace the environment's bounded action box
     * @param config      the settings
     * @param streams     randomness of the weights, the noises and the minibatches
     * @throws IllegalArgumentException if the action space is not a bounded box or {@code obsDim < 1}
     */
    public Td3(int obsDim, Space actionSpace, Td3Config config, RandomStreams streams) {
        if (obsDim < 1) {
            throw new IllegalArgumentException("obsDim must be >= 1: " + obsDim);
        }
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(streams, "streams");
        this.scaling = ActionScaling.of(actionSpace);
        this.obsDim = obsDim;
        this.actDim = scaling.size();
        this.noiseState = new double[actDim];
        int h = config.hiddenSize();
        int l = config.hiddenLayers();
        this.actor = actorNet(obsDim, actDim, h, l, streams);
        this.actorTarget = actorNet(obsDim, actDim, h, l, streams);
        List<Parameter> criticParams = new ArrayList<>();
        for (int k = 0; k < config.critics(); k++) {
            QNetwork q = new QNetwork("q" + k, obsDim, actDim, h, l, DataType.FLOAT, streams.child("q").child(k)
                    .javaRandom());
            QNetwork qt = new QNetwork("q" + k, obsDim, actDim, h, l, DataType.FLOAT, streams.child("q").child(k)
                    .javaRandom());
            critics.add(q);
            criticTargets.add(qt);
            criticParams.addAll(q.parameters());
        }
        this.actorOpt = new Adam(actor.parameters(), AdamConfig.adam(config.actorLr(), 0));
        this.criticOpt = new Adam(criticParams, AdamConfig.adam(config.criticLr(), 0));
        this.actionSpace = actionSpace;
        this.noise = streams.child("noise").generator();
        this.sampling = streams.child("sampling").generator();
        this.buffer = ReplayBuffer.create(config.replayCapacity(), new long[] {obsDim}, new long[] {actDim});
    }

    private static Sequential actorNet(int obsDim, int actDim, int h, int l, RandomStreams streams) {
        return Mlp.builder(obsDim, actDim).hidden(h, l).activation(Activation.RELU).outputActivation(Activation.TANH)
                .initializer(Initializers.xavierUniform()).name("actor").build(streams.child("actor").javaRandom());
    }

    /** The {@code kind} entry of a TD3 (or DDPG) checkpoint. */
    public static final String KIND = "mbrl4j.Td3";

    /**
     * Builds a learner with the config and problem sizes stored in a checkpoint, its state not yet restored
     * (call {@link #readState}, or use {@link #load}).
     *
     * @param checkpoint a checkpoint holding a TD3 learner
     * @param prefix     the prefix its entries were written under
     * @return a new learner with the stored config
     * @throws IllegalArgumentException if the checkpoint holds no TD3 learner or its config is invalid
     */
    public static Td3 fromCheckpoint(Checkpoint checkpoint, String prefix) {
        AgentCheckpoints.checkKind(checkpoint, prefix, KIND);
        return new Td3(AgentCheckpoints.observationSize(checkpoint, prefix),
                AgentCheckpoints.actionSpace(checkpoint, prefix),
                AgentCheckpoints.config(checkpoint, prefix, Td3Config.class), RandomStreams.of(0));
    }

    /**
     * Loads a learner saved by {@link #save}; it continues exactly as the saved one would have.
     *
     * @param file the checkpoint file
     * @return the learner
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws org.mbrl4j.core.io.CorruptCheckpointException if the file is damaged or holds no TD3 learner
     *     (naming the file and the fault)
     * @throws IOException if it cannot be read
     */
    public static Td3 load(Path file) throws IOException {
        return AgentCheckpoints.loadLearner(file, Td3::fromCheckpoint);
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
     * Writes everything but the config and the replay buffer: networks, optimisers, noise state, generators,
     * counters (STEVE, which keeps its own buffer, stores its TD3 with this).
     *
     * @param b      the checkpoint being built
     * @param prefix prefix of the entry names
     */
    public void writeNetworks(Checkpoint.Builder b, String prefix) {
        Parameters.writeTo(b, prefix + "actor.", actor.parameters());
        Parameters.writeTo(b, prefix + "actorTarget.", actorTarget.parameters());
        for (int k = 0; k < critics.size(); k++) {
            Parameters.writeTo(b, prefix + "critic" + k + ".", critics.get(k).parameters());
            Parameters.writeTo(b, prefix + "criticTarget" + k + ".", criticTargets.get(k).parameters());
        }
        actorOpt.writeTo(b, prefix + "actorOpt.");
        criticOpt.writeTo(b, prefix + "criticOpt.");
        b.putDoubles(prefix + "noiseState", noiseState);
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
        double[] storedNoise = cp.doubles(prefix + "noiseState");
        if (storedNoise.length != actDim) {
            throw new IllegalArgumentException("checkpoint entry '" + prefix + "noiseState' has "
                    + storedNoise.length + " values; expected " + actDim);
        }
        Parameters.readFrom(cp, prefix + "actor.", actor.parameters());
        Parameters.readFrom(cp, prefix + "actorTarget.", actorTarget.parameters());
        for (int k = 0; k < critics.size(); k++) {
            Parameters.readFrom(cp, prefix + "critic" + k + ".", critics.get(k).parameters());
            Parameters.readFrom(cp, prefix + "criticTarget" + k + ".", criticTargets.get(k).parameters());
        }
        actorOpt.readFrom(cp, prefix + "actorOpt.");
        criticOpt.readFrom(cp, prefix + "criticOpt.");
        System.arraycopy(storedNoise, 0, noiseState, 0, actDim);
        AgentCheckpoints.readGenerator(cp, prefix + "rng.noise", noise);
        AgentCheckpoints.readGenerator(cp, prefix + "rng.sampling", sampling);
        updates = cp.longValue(prefix + "updates");
    }

    /** @return the settings */
    public Td3Config config() {
        return config;
    }

    /** @return the critic updates made so far */
    public long updates() {
        return updates;
    }

    /** @return the observation size */
    public int observationSize() {
        return obsDim;
    }

    /** @return the action size */
    public int actionSize() {
        return actDim;
    }

    /** @return the scaling between normalised and environment actions */
    public ActionScaling scaling() {
        return scaling;
    }

    /** @return the replay buffer that {@link #observe} fills */
    public ReplayBuffer replayBuffer() {
        return buffer;
    }

    /**
     * @param observations {@code [B, obsDim]}
     * @param explore      whether to add independent Gaussian exploration noise of standard deviation
     *                     {@code explorationNoise} (then clipped to the box); the correlated noise of
     *                     {@code noiseCorrelation} belongs to the single trajectory of {@link #explore}
     * @return actions in the environment's box, {@code [B, actDim]}, fresh float32
     */
    public INDArray act(INDArray observations, boolean explore) {
        int b = checkObs(observations);
        double[] a = HostArrays.toDoubles(actor.infer(observations.castTo(DataType.FLOAT)));
        if (explore) {
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.max(-1, Math.min(1, a[i] + config.explorationNoise() * noise.nextGaussian()));
            }
        }
        return HostArrays.array(scaling.toEnv(a), DataType.FLOAT, b, actDim);
    }

    /**
     * The policy's action plus the next value of the per-episode exploration noise process (an
     * Ornstein-Uhlenbeck process restarted at 0 after every transition that ends an episode; with
     * {@code noiseCorrelation = 0} it is independent Gaussian noise, the same draws as {@code act(obs, true)}),
     * clipped to the box.
     */
    @Override
    public INDArray explore(INDArray observation) {
        INDArray obs = observation.reshape(1, obsDim);
        checkObs(obs);
        double[] a = HostArrays.toDoubles(actor.infer(obs.castTo(DataType.FLOAT)));
        double rho = config.noiseCorrelation();
        double innovation = Math.sqrt(1 - rho * rho) * config.explorationNoise();
        for (int i = 0; i < actDim; i++) {
            noiseState[i] = rho * noiseState[i] + innovation * noise.nextGaussian();
            a[i] = Math.max(-1, Math.min(1, a[i] + noiseState[i]));
        }
        return HostArrays.array(scaling.toEnv(a), DataType.FLOAT, actDim);
    }

    @Override
    public void observe(Transition t) {
        if (t.terminated() || t.truncated()) {
            Arrays.fill(noiseState, 0.0);
        }
        buffer.add(t);
        if (buffer.size() >= config.learningStarts()) {
            for (int i = 0; i < config.updatesPerStep(); i++) {
                update(buffer.sample(config.batchSize(), sampling));
            }
        }
    }

    @Override
    public Agent evaluationAgent() {
        return obs -> act(obs.reshape(1, obsDim), false).reshape(actDim);
    }

    @Override
    public Map<String, Double> drainMetrics() {
        return metrics.drain();
    }

    /**
     * Records a metric that a learner built on this one computes (STEVE's model use).
     *
     * @param name  the metric
     * @param value its value
     */
    public void addMetric(String name, double value) {
        metrics.add(name, value);
    }

    /**
     * One TD3 update with the clipped double-Q targets of the batch.
     *
     * @param batch transitions, actions in the environment's box
     */
    public void update(Batch batch) {
        update(batch, null);
    }

    /**
     * One TD3 update: critics towards {@code targets} (or TD3's own when null), then the delayed actor and
     * target updates.
     *
     * @param batch   transitions, actions in the environment's box
     * @param targets the critics' regression targets {@code [B]}, or null for TD3's clipped double-Q targets
     * @throws IllegalArgumentException on wrong shapes or non-finite targets
     */
    public void update(Batch batch, double[] targets) {
        INDArray obs = batch.observations().castTo(DataType.FLOAT);
        int b = checkObs(obs);
        double[] y = targets != null ? targets : td3Targets(batch);
        if (y.length != b) {
            throw new IllegalArgumentException("targets must hold " + b + " values: " + y.length);
        }
        HostArrays.requireFinite(y, "targets");
        INDArray a = HostArrays.array(scaling.toNormalized(HostArrays.toDoubles(batch.actions())), DataType.FLOAT, b, actDim);
        double loss = 0;
        for (QNetwork q : critics) {
            double[] v = q.forward(obs, a);
            double[] g = new double[b];
            for (int i = 0; i < b; i++) {
                loss += (v[i] - y[i]) * (v[i] - y[i]) / b;
                g[i] = 2 * (v[i] - y[i]) / b;
            }
            q.backward(g);
        }
        criticOpt.step();
        metrics.add("critic_loss", loss);
        updates++;
        if (updates % config.policyDelay() == 0) {
            double[] pi = HostArrays.toDoubles(actor.forward(obs));
            QNetwork q = critics.get(0);
            double[] v = q.forward(obs, HostArrays.array(pi, DataType.FLOAT, b, actDim));
            double[] g = new double[b];
            double actorLoss = 0;
            for (int i = 0; i < b; i++) {
                actorLoss -= v[i] / b;
                g[i] = -1.0 / b;
            }
            double[] ga = q.backward(g);
            actor.backward(HostArrays.array(ga, DataType.FLOAT, b, actDim));
            actorOpt.step();
            metrics.add("actor_loss", actorLoss);
            Polyak.update(actorTarget.parameters(), actor.parameters(), config.tau());
            for (int k = 0; k < critics.size(); k++) {
                Polyak.update(criticTargets.get(k).parameters(), critics.get(k).parameters(), config.tau());
            }
        }
    }

    /**
     * Target policy smoothing: {@code clip(a + clip(sigma * eps, -c, c), -1, 1)} element-wise.
     *
     * @param targetActions {@code pi'(s')}, normalised, row-major {@code [B, actDim]}
     * @param eps           standard normal draws of the same length
     * @param sigma         the smoothing noise's standard deviation
     * @param clip          the noise bound {@code c}
     * @return the smoothed actions, fresh
     */
    public static double[] smoothTargetActions(double[] targetActions, double[] eps, double sigma, double clip) {
        double[] out = new double[targetActions.length];
        for (int i = 0; i < out.length; i++) {
            double n = Math.max(-clip, Math.min(clip, sigma * eps[i]));
            out[i] = Math.max(-1, Math.min(1, targetActions[i] + n));
        }
        return out;
    }

    /**
     * {@code y = r + gamma (1 - terminated) min_k qNext[k]}.
     *
     * @param rewards    {@code [B]}
     * @param terminated {@code [B]}, 1 where terminal
     * @param qNext      each target critic's values at {@code (s', a')}, {@code [K][B]}
     * @param gamma      the discount
     * @return the targets {@code [B]}
     */
    public static double[] clippedTargets(double[] rewards, double[] terminated, double[][] qNext, double gamma) {
        double[] y = new double[rewards.length];
        for (int i = 0; i < y.length; i++) {
            double m = Double.POSITIVE_INFINITY;
            for (double[] q : qNext) {
                m = Math.min(m, q[i]);
            }
            y[i] = rewards[i] + gamma * (1 - terminated[i]) * m;
        }
        return y;
    }

    private double[] td3Targets(Batch batch) {
        INDArray next = batch.nextObservations().castTo(DataType.FLOAT);
        double[][] q = targetValues(next, true);
        return clippedTargets(HostArrays.toDoubles(batch.rewards()), HostArrays.toDoubles(batch.terminated()), q,
                config.gamma());
    }

    /**
     * Every target critic's value of the target policy's action, {@code Q'_k(s, pi'(s) + smoothing)}.
     *
     * @param obs       {@code [B, obsDim]}
     * @param smoothing whether to add the clipped target-policy noise
     * @return {@code [K][B]}
     */
    public double[][] targetValues(INDArray obs, boolean smoothing) {
        int b = checkObs(obs);
        double[] a = targetActions(obs);
        if (smoothing && config.targetNoise() > 0) {
            double[] eps = new double[a.length];
            for (int i = 0; i < eps.length; i++) {
                eps[i] = noise.nextGaussian();
            }
            a = smoothTargetActions(a, eps, config.targetNoise(), config.noiseClip());
        }
        INDArray at = HostArrays.array(a, DataType.FLOAT, b, actDim);
        double[][] out = new double[criticTargets.size()][];
        for (int k = 0; k < out.length; k++) {
            out[k] = criticTargets.get(k).infer(obs, at);
        }
        return out;
    }

    /**
     * @param obs {@code [B, obsDim]}
     * @return the target policy's normalised actions {@code pi'(s)}, row-major {@code [B, actDim]}
     */
    public double[] targetActions(INDArray obs) {
        checkObs(obs);
        return HostArrays.toDoubles(actorTarget.infer(obs.castTo(DataType.FLOAT)));
    }

    private int checkObs(INDArray obs) {
        if (obs == null || obs.rank() != 2 || obs.size(1) != obsDim) {
            throw new IllegalArgumentException("observations must have shape [B, " + obsDim + "]: "
                    + (obs == null ? "null" : java.util.Arrays.toString(obs.shape())));
        }
        return (int) obs.size(0);
    }
}
