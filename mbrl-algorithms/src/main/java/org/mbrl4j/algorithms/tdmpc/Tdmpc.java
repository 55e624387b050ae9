package org.mbrl4j.algorithms.tdmpc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.io.IOException;
import java.nio.file.Path;
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
import org.mbrl4j.core.spaces.Space;
import org.mbrl4j.models.nn.Adam;
import org.mbrl4j.models.nn.AdamConfig;
import org.mbrl4j.models.nn.Gradients;
import org.mbrl4j.models.nn.Parameters;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.Losses;
import org.mbrl4j.tensor.autodiff.Ops;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * TD-MPC2 (Hansen, Su and Wang 2024, "TD-MPC2: Scalable, Robust World Models for Continuous Control", ICLR 2024;
 * reference code github.com/nicklashansen/tdmpc2, {@code tdmpc2/tdmpc2.py}) as an {@link OffPolicyLearner}.
 *
 * <p>Training ({@link #update()}): {@code B} windows of {@code H} transitions; with {@code z_0 = enc(o_0)},
 * {@code z_{t+1} = d(z_t, a_t)} and the targets {@code y_t = r_t + gamma (1 - term_t) min(Qtarget_i, Qtarget_j)(
 * enc(o_{t+1}), pi(enc(o_{t+1})))} for two random members {@code i != j}, the model minimises
 * <pre>
 *   20 / H sum_t rho^t mse(z_{t+1}, sg(enc(o_{t+1})))  +  0.1 / H sum_t rho^t CE(R(z_t, a_t), r_t)
 *   + 0.1 / (H numQ) sum_{t,k} rho^t CE(Q_k(z_t, a_t), y_t)  +  1 * BCE(term(z_{t+1}), term_t)   (episodic only)
 * </pre>
 * (cross-entropies against two-hot targets), clipped to a global norm of 20, Adam with the encoder at
 * {@code encLrScale} times the step size. Then the policy prior minimises
 * {@code mean_t rho^t mean_b -(entropyCoef * scaledEntropy + Qavg(z_t, pi(z_t)) / S)} over the detached latents
 * {@code z_0..z_H} (the Q functions' weights held fixed), with {@code S} the {@link RunningScale} of the first
 * step's Q values; then the target Q functions move by {@code tau}.
 *
 * <p>Acting: {@link LatentMppi} in the latent space with values from {@link LatentValue}. The first
 * {@code seedSteps} actions are uniform; when the buffer reaches {@code seedSteps} transitions as many updates run
 * at once, then {@code updatesPerStep} per step (1 as TD-MPC2's {@code OnlineTrainer}). The discount follows the
 * episode length ({@link TdmpcConfig#discount(int)}). Only {@code terminated} masks the bootstrap. Actions are
 * learned in {@code [-1, 1]} and scaled to the environment's box. {@link #save} / {@link #load} (and
 * {@link #writeState} / {@link #readState} inside an {@link org.mbrl4j.algorithms.common.OffPolicyRun}'s
 * checkpoint) keep everything a run needs to continue exactly: the config and episode length, all weights with
 * the target Q functions, the three optimisers' moments, the Q scale, the replay buffer, the planners' warm
 * starts, the generators' positions and the counters. Not thread-safe.
 */
public final class Tdmpc implements OffPolicyLearner {

    /** The kind stored in a checkpoint's header. */
    public static final String KIND = "tdmpc";

    private final TdmpcConfig config;
    private final int obsDim;
    private final int actDim;
    private final Space actionSpace;
    private final int episodeLength;
    private final ActionScaling scaling;
    private final TdmpcWorldModel model;
    private final LatentValue value;
    private final double discount;
    private final int seedSteps;
    private final List<Parameter> worldParams;
    private final Adam encoderOpt;
    private final Adam modelOpt;
    private final Adam policyOpt;
    private final RunningScale scale;
    private final ReplayBuffer buffer;
    private final LatentMppi planner;
    private final LatentMppi evalPlanner;
    private final SplitMix64 sampling;
    private final SplitMix64 updateNoise;
    private final SplitMix64 dropout;
    private final SplitMix64 actNoise;
    private final SplitMix64 evalNoise;
    private final Metrics metrics = new Metrics();
    private boolean firstStep = true;
    private long stepsSeen;
    private long updates;

    /**
     * @param obsDim        observation size (a flat vector), {@code >= 1}
     * @param actionSpace   the environment's bounded action box
     * @param episodeLength the task's episode length (its time limit), for the discount and the seed steps
     * @param config        the settings
     * @param streams       randomness of the weights, minibatches, policy noise, dropout and planning
     * @throws IllegalArgumentException if the action space is not a bounded box or a size is below 1
     */
    public Tdmpc(int obsDim, Space actionSpace, int episodeLength, TdmpcConfig config, RandomStreams streams) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(streams, "streams");
        this.scaling = ActionScaling.of(actionSpace);
        this.actionSpace = actionSpace;
        if (episodeLength < 1) {
            throw new IllegalArgumentException("episodeLength must be >= 1: " + episodeLength);
        }
        this.episodeLength = episodeLength;
        this.obsDim = obsDim;
        this.actDim = scaling.size();
        this.discount = config.discount(episodeLength);
        this.seedSteps = config.seedSteps(episodeLength);
        this.model = new TdmpcWorldModel(obsDim, actDim, config, streams.child("model"));
        this.value = new LatentValue(model, discount);
        this.worldParams = new ArrayList<>(model.encoderParameters());
        worldParams.addAll(model.modelParameters());
        this.encoderOpt = new Adam(model.encoderParameters(), AdamConfig.adam(config.lr() * config.encLrScale(), 0));
        this.modelOpt = new Adam(model.modelParameters(), AdamConfig.adam(config.lr(), 0));
        // tdmpc2.py: the policy's Adam has eps 1e-5 and its own clipping
        this.policyOpt = new Adam(model.policyParameters(),
                new AdamConfig(config.lr(), 0.9, 0.999, 1e-5, 0, false, config.gradClipNorm()));
        this.scale = new RunningScale(config.tau());
        this.buffer = ReplayBuffer.create(config.bufferSize(), new long[] {obsDim}, new long[] {actDim});
        this.planner = new LatentMppi(config, actDim);
        this.evalPlanner = new LatentMppi(config, actDim);
        this.sampling = streams.child("sampling").generator();
        this.updateNoise = streams.child("updateNoise").generator();
        this.dropout = streams.child("dropout").generator();
        this.actNoise = streams.child("act").generator();
        this.evalNoise = streams.child("eval").generator();
    }

    /** @return the settings */
    public TdmpcConfig config() {
        return config;
    }

    /** @return the world model */
    public TdmpcWorldModel model() {
        return model;
    }

    /** @return the discount in use */
    public double discount() {
        return discount;
    }

    /** @return the number of uniformly random steps before planning, and of the updates run then */
    public int seedSteps() {
        return seedSteps;
    }

    /** @return the updates made so far */
    public long updates() {
        return updates;
    }

    /** @return the Q scale of the policy loss */
    public double qScale() {
        return scale.value();
    }

    /** @return the replay buffer that {@link #observe} fills (actions in the environment's units) */
    public ReplayBuffer replayBuffer() {
        return buffer;
    }

    /**
     * One action from the planner (or the policy prior when {@code mpc} is off).
     *
     * @param observation {@code [obsDim]} or {@code [1, obsDim]}
     * @param firstStep   whether it is the first step of an episode (no warm start)
     * @param evaluation  evaluation: no exploration noise, the policy's mode, the evaluation planner's state
     * @return the action in the environment's box, {@code [actDim]}, fresh float32
     * @throws IllegalArgumentException if the observation does not hold {@code obsDim} values
     */
    public INDArray act(INDArray observation, boolean firstStep, boolean evaluation) {
        if (observation == null || observation.length() != obsDim) {
            throw new IllegalArgumentException("observation must hold " + obsDim + " values: "
                    + (observation == null ? "null" : Arrays.toString(observation.shape())));
        }
        RandomGenerator rng = evaluation ? evalNoise : actNoise;
        LatentValue.Root root = value.root(observation);
        double[] a;
        if (config.mpc()) {
            int h = config.horizon();
            float[] pi = value.policyTrajectories(root, config.numPiTrajs(), h, rng);
            LatentMppi p = evaluation ? evalPlanner : planner;
            a = p.plan(pi, (actions, n) -> value.values(root, actions, n, h, rng), firstStep, evaluation, rng);
        } else {
            a = value.policyAction(root, rng, evaluation);
        }
        return HostArrays.array(scaling.toEnv(a), DataType.FLOAT, actDim);
    }

    @Override
    public INDArray explore(INDArray observation) {
        INDArray a;
        if (stepsSeen < seedSteps) {
            double[] u = new double[actDim];
            for (int j = 0; j < actDim; j++) {
                u[j] = actNoise.nextDouble(-1, 1);
            }
            a = HostArrays.array(scaling.toEnv(u), DataType.FLOAT, actDim);
        } else {
            a = act(observation, firstStep, false);
        }
        firstStep = false;
        return a;
    }

    @Override
    public void observe(Transition t) {
        buffer.add(t);
        stepsSeen++;
        firstStep = t.terminated() || t.truncated();
        if (stepsSeen >= seedSteps) {
            int n = stepsSeen == seedSteps ? seedSteps : config.updatesPerStep();
            for (int i = 0; i < n; i++) {
                update();
            }
        }
    }

    /**
     * A learner with the config, episode length and problem size stored in a checkpoint, its state not yet
     * restored (then {@link #readState}).
     *
     * @param checkpoint a checkpoint holding a TD-MPC2 learner under {@code prefix}
     * @param prefix     prefix of the learner's entries
     * @return the learner
     * @throws IllegalArgumentException if the checkpoint holds another kind of learner or a bad header
     */
    public static Tdmpc fromCheckpoint(Checkpoint checkpoint, String prefix) {
        AgentCheckpoints.checkKind(checkpoint, prefix, KIND);
        return new Tdmpc(AgentCheckpoints.observationSize(checkpoint, prefix),
                AgentCheckpoints.actionSpace(checkpoint, prefix), (int) checkpoint.longValue(prefix + "episodeLength"),
                AgentCheckpoints.config(checkpoint, prefix, TdmpcConfig.class), RandomStreams.of(0));
    }

    /**
     * Loads a learner saved by {@link #save}; it continues exactly as the saved one would have.
     *
     * @param file the checkpoint file
     * @return the learner
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws IOException                       if it cannot be read, is corrupt, or holds another learner
     */
    public static Tdmpc load(Path file) throws IOException {
        return AgentCheckpoints.loadLearner(file, Tdmpc::fromCheckpoint);
    }

    @Override
    public void writeState(Checkpoint.Builder b, String prefix) {
        AgentCheckpoints.writeHeader(b, prefix, KIND, config, obsDim, actionSpace);
        b.putLong(prefix + "episodeLength", episodeLength);
        Parameters.writeTo(b, prefix + "encoder.", model.encoderParameters());
        Parameters.writeTo(b, prefix + "model.", model.modelParameters());
        Parameters.writeTo(b, prefix + "policy.", model.policyParameters());
        Parameters.writeTo(b, prefix + "targetQ.", model.targetParameters());
        encoderOpt.writeTo(b, prefix + "encoderOpt.");
        modelOpt.writeTo(b, prefix + "modelOpt.");
        policyOpt.writeTo(b, prefix + "policyOpt.");
        b.putDouble(prefix + "qScale", scale.value());
        b.putDoubles(prefix + "planner.mean", planner.lastMean(), planner.lastMean().length);
        b.putDoubles(prefix + "evalPlanner.mean", evalPlanner.lastMean(), evalPlanner.lastMean().length);
        AgentCheckpoints.putGenerator(b, prefix + "rng.sampling", sampling);
        AgentCheckpoints.putGenerator(b, prefix + "rng.updateNoise", updateNoise);
        AgentCheckpoints.putGenerator(b, prefix + "rng.dropout", dropout);
        AgentCheckpoints.putGenerator(b, prefix + "rng.act", actNoise);
        AgentCheckpoints.putGenerator(b, prefix + "rng.eval", evalNoise);
        b.putLong(prefix + "stepsSeen", stepsSeen);
        b.putLong(prefix + "updates", updates);
        b.putBoolean(prefix + "firstStep", firstStep);
        buffer.writeTo(b, prefix + "buffer.");
    }

    @Override
    public void readState(Checkpoint cp, String prefix) {
        AgentCheckpoints.checkMatches(cp, prefix, KIND, config, obsDim, actionSpace);
        long length = cp.longValue(prefix + "episodeLength");
        if (length != episodeLength) {
            throw new IllegalArgumentException("the checkpoint's TD-MPC2 learner has episode length " + length
                    + "; this one " + episodeLength);
        }
        buffer.restoreFrom(cp, prefix + "buffer.");
        Parameters.readFrom(cp, prefix + "encoder.", model.encoderParameters());
        Parameters.readFrom(cp, prefix + "model.", model.modelParameters());
        Parameters.readFrom(cp, prefix + "policy.", model.policyParameters());
        Parameters.readFrom(cp, prefix + "targetQ.", model.targetParameters());
        encoderOpt.readFrom(cp, prefix + "encoderOpt.");
        modelOpt.readFrom(cp, prefix + "modelOpt.");
        policyOpt.readFrom(cp, prefix + "policyOpt.");
        scale.restore(cp.doubleValue(prefix + "qScale"));
        planner.restoreMean(cp.doubles(prefix + "planner.mean"));
        evalPlanner.restoreMean(cp.doubles(prefix + "evalPlanner.mean"));
        AgentCheckpoints.readGenerator(cp, prefix + "rng.sampling", sampling);
        AgentCheckpoints.readGenerator(cp, prefix + "rng.updateNoise", updateNoise);
        AgentCheckpoints.readGenerator(cp, prefix + "rng.dropout", dropout);
        AgentCheckpoints.readGenerator(cp, prefix + "rng.act", actNoise);
        AgentCheckpoints.readGenerator(cp, prefix + "rng.eval", evalNoise);
        stepsSeen = cp.longValue(prefix + "stepsSeen");
        updates = cp.longValue(prefix + "updates");
        firstStep = cp.booleanValue(prefix + "firstStep");
    }

    @Override
    public Agent evaluationAgent() {
        return new Agent() {
            private boolean first = true;

            @Override
            public INDArray act(INDArray observation) {
                INDArray a = Tdmpc.this.act(observation, first, true);
                first = false;
                return a;
            }

            @Override
            public void reset() {
                first = true;
            }
        };
    }

    @Override
    public Map<String, Double> drainMetrics() {
        return metrics.drain();
    }

    /**
     * One TD-MPC2 update on {@code batchSize} windows of {@code horizon} transitions from the replay buffer.
     *
     * @throws IllegalArgumentException if no stored episode segment is {@code horizon} steps long yet
     */
    public void update() {
        SequenceBatch batch = buffer.sampleSequences(config.batchSize(), config.horizon(), sampling);
        update(batch);
    }

    /**
     * One update on given windows.
     *
     * @param batch {@code [B, H, ...]} windows with actions in the environment's box ({@code truncated} unused)
     * @throws IllegalArgumentException if the shapes do not match the model
     */
    public void update(SequenceBatch batch) {
        int b = batch.batchSize();
        int h = batch.length();
        TimeMajor d = TimeMajor.of(batch, obsDim, actDim, scaling);
        int latent = config.latentDim();

        // TD targets from the next observations' latents (no gradient)
        INDArray nextZ;
        double[] targets;
        try (Tape.NoGrad ignored = Tape.pause()) {
            Var nz = model.encode(Var.constant(d.nextObs()));
            nextZ = nz.value();
            Var nextAct = model.pi(nz, updateNoise).action();
            Var[] q = model.qPair(model.twoMembers(updateNoise), nz, nextAct, TdmpcWorldModel.QMode.TARGET, null);
            targets = tdTargets(d.rewards(), d.terminated(), HostArrays.toDoubles(q[0].value()),
                    HostArrays.toDoubles(q[1].value()), discount);
        }
        INDArray targetArray = HostArrays.array(targets, DataType.FLOAT, (long) h * b);
        INDArray weights = HostArrays.array(temporalWeights(h, b, config.rho(), 1.0 / b),
                DataType.FLOAT, (long) h * b);

        List<Var> zs = new ArrayList<>();
        double consistency;
        double rewardLoss;
        double valueLoss;
        double termLoss = 0;
        double total;
        INDArray latents;
        try (Tape tape = Tape.open()) {
            Var z = model.encode(Var.constant(d.firstObs()));
            zs.add(z);
            Var cons = null;
            for (int t = 0; t < h; t++) {
                z = model.next(z, Var.constant(d.actionsAt(t)));
                zs.add(z);
                Var target = Var.constant(nextZ.get(NDArrayIndex.interval((long) t * b,
                        (long) (t + 1) * b)).dup());
                Var term = Losses.mse(z, target).mean().mul(Math.pow(config.rho(), t));
                cons = cons == null ? term : cons.add(term);
            }
            Var zPred = Ops.concat(0, zs.subList(0, h).toArray(new Var[0]));
            Var act = Var.constant(d.actions());
            Var w = Var.constant(weights);
            Var rew = model.twoHot().loss(model.reward(zPred, act), HostArrays.array(d.rewards(),
                    DataType.FLOAT, (long) h * b)).mul(w).sum();
            Var val = null;
            for (int k = 0; k < config.numQ(); k++) {
                Var ce = model.twoHot().loss(model.q(k, zPred, act, TdmpcWorldModel.QMode.ONLINE, dropout),
                        targetArray).mul(w).sum();
                val = val == null ? ce : val.add(ce);
            }
            Var consN = cons.mul(1.0 / h);
            Var rewN = rew.mul(1.0 / h);
            Var valN = val.mul(1.0 / (h * config.numQ()));
            Var loss = consN.mul(config.consistencyCoef()).add(rewN.mul(config.rewardCoef()))
                    .add(valN.mul(config.valueCoef()));
            if (model.episodic()) {
                Var zNext = Ops.concat(0, zs.subList(1, h + 1).toArray(new Var[0]));
                Var labels = Var.constant(HostArrays.array(d.terminated(), DataType.FLOAT,
                        (long) h * b, 1));
                Var bce = Losses.bernoulliLogProb(model.termination(zNext), labels).mean().neg();
                termLoss = bce.item();
                loss = loss.add(bce.mul(config.terminationCoef()));
            }
            consistency = consN.item();
            rewardLoss = rewN.item();
            valueLoss = valN.item();
            total = loss.item();
            latents = Nd4j.concat(0, zs.stream().map(Var::value).toArray(INDArray[]::new));
            tape.backward(loss);
        }
        double gradNorm = Gradients.clipGlobalNorm(worldParams, config.gradClipNorm());
        encoderOpt.step();
        modelOpt.step();
        Gradients.zero(worldParams);

        // policy prior on the detached latents z_0..z_H
        INDArray piWeights = HostArrays.array(temporalWeights(h + 1, b, config.rho(), 1.0 / (b * (h + 1.0))),
                DataType.FLOAT, (long) (h + 1) * b);
        double piLoss;
        double entropy;
        try (Tape tape = Tape.open()) {
            Var zc = Var.constant(latents.reshape((long) (h + 1) * b, latent));
            TdmpcWorldModel.PolicySample s = model.pi(zc, updateNoise);
            Var[] q = model.qPair(model.twoMembers(updateNoise), zc, s.action(), TdmpcWorldModel.QMode.DETACHED,
                    dropout);
            Var qAvg = q[0].add(q[1]).mul(0.5);
            double[] qv = HostArrays.toDoubles(qAvg.value());
            scale.update(Arrays.copyOf(qv, b));
            Var objective = s.scaledEntropy().mul(config.entropyCoef()).add(qAvg.mul(1.0 / scale.value()));
            Var loss = objective.neg().mul(Var.constant(piWeights)).sum();
            piLoss = loss.item();
            entropy = s.entropy().mean().item();
            tape.backward(loss);
        }
        double piGradNorm = policyOpt.step();
        Gradients.zero(model.policyParameters());
        model.updateTargets();
        updates++;
        metrics.add("consistency_loss", consistency);
        metrics.add("reward_loss", rewardLoss);
        metrics.add("value_loss", valueLoss);
        if (model.episodic()) {
            metrics.add("termination_loss", termLoss);
        }
        metrics.add("total_loss", total);
        metrics.add("grad_norm", gradNorm);
        metrics.add("pi_loss", piLoss);
        metrics.add("pi_grad_norm", piGradNorm);
        metrics.add("pi_entropy", entropy);
        metrics.add("pi_scale", scale.value());
    }

    /**
     * TD-MPC2's TD targets ({@code TDMPC2._td_target}): {@code y = r + gamma (1 - terminated) min(q1, q2)}, with
     * {@code q1, q2} two target Q functions' values at the next state and the policy's action there.
     *
     * @param rewards    {@code [N]}
     * @param terminated 1 where the next state is terminal, else 0, {@code [N]}
     * @param q1         {@code [N]}
     * @param q2         {@code [N]}
     * @param discount   {@code gamma}
     * @return the targets, {@code [N]}, fresh
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double[] tdTargets(double[] rewards, double[] terminated, double[] q1, double[] q2,
            double discount) {
        int n = rewards.length;
        if (terminated.length != n || q1.length != n || q2.length != n) {
            throw new IllegalArgumentException("rewards, terminated, q1 and q2 must have one length: " + n + ", "
                    + terminated.length + ", " + q1.length + ", " + q2.length);
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rewards[i] + discount * (1 - terminated[i]) * Math.min(q1[i], q2[i]);
        }
        return y;
    }

    /** {@code w[t * b + i] = scale * rho^t} for {@code t < steps}, {@code i < b}. */
    static double[] temporalWeights(int steps, int b, double rho, double scale) {
        double[] w = new double[steps * b];
        for (int t = 0; t < steps; t++) {
            Arrays.fill(w, t * b, (t + 1) * b, scale * Math.pow(rho, t));
        }
        return w;
    }
}
