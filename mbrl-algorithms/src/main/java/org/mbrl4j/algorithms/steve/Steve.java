package org.mbrl4j.algorithms.steve;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import org.mbrl4j.algorithms.common.AgentCheckpoints;
import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.algorithms.td3.Td3;
import org.mbrl4j.core.Agent;
import org.mbrl4j.core.RewardFunction;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.buffer.Batch;
import org.mbrl4j.core.buffer.ReplayBuffer;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.io.Checkpoints;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.random.SplitMix64;
import org.mbrl4j.core.spaces.Space;
import org.mbrl4j.models.dynamics.GaussianEnsemble;
import org.mbrl4j.models.dynamics.ModelTrainer;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * STEVE (Buckman et al. 2018, arXiv:1807.01675) on {@link Td3}: the critics regress to the inverse-variance
 * weighted combination of the candidate targets of {@link SteveTargets}, computed by rolling every
 * dynamics member forward {@code H} steps from the real next states under the target policy, scoring each
 * step's reward with every reward member (the same ensemble's reward head, member by member) and
 * bootstrapping with every target critic. The model uses the members' means (the ensemble's disagreement
 * is the uncertainty STEVE weighs). Before the model's first training the targets are TD3's own. The
 * average model use {@code 1 - w_0} is reported as the metric {@code model_use}. Not thread-safe.
 */
public final class Steve implements OffPolicyLearner {

    private final int obsDim;
    private final int actDim;
    private final SteveConfig config;
    private final TerminationFunction termination;
    /** The known reward along rollouts, or null for the ensemble's learned rewards. */
    private final RewardFunction reward;
    private final Td3 td3;
    private final GaussianEnsemble model;
    private final ModelTrainer trainer;
    private final Space actionSpace;
    private final ReplayBuffer real;
    private final SplitMix64 rng;
    private long steps;
    private boolean modelReady;
    /** Per observation dimension, the box imagined states must stay in (null: no check). */
    private double[] rangeLow;
    private double[] rangeHigh;

    /**
     * @param obsDim      observation size
     * @param actionSpace the environment's bounded action box
     * @param termination the task's termination function (applied along model rollouts)
     * @param config      the settings
     * @param streams     all randomness
     */
    public Steve(int obsDim, Space actionSpace, TerminationFunction termination, SteveConfig config,
            RandomStreams streams) {
        this(obsDim, actionSpace, termination, null, config, streams);
    }

    /**
     * STEVE whose candidate targets take the rewards along the model rollouts from a known reward function
     * (as PETS plans with) instead of the ensemble's learned reward heads; the reward then adds no variance
     * between members, only the dynamics and the critics do.
     *
     * @param obsDim      observation size
     * @param actionSpace the environment's bounded action box
     * @param termination the task's termination function (applied along model rollouts)
     * @param reward      the task's reward function, or null for the learned rewards
     * @param config      the settings
     * @param streams     all randomness
     */
    public Steve(int obsDim, Space actionSpace, TerminationFunction termination, RewardFunction reward,
            SteveConfig config, RandomStreams streams) {
        this.reward = reward;
        this.config = Objects.requireNonNull(config, "config");
        this.termination = Objects.requireNonNull(termination, "termination");
        this.td3 = new Td3(obsDim, actionSpace, config.td3(), streams.child("td3"));
        this.obsDim = obsDim;
        this.actDim = td3.actionSize();
        this.model = new GaussianEnsemble(obsDim, actDim, config.ensemble(), streams.child("model"));
        this.trainer = new ModelTrainer(model, config.trainer(), streams.child("trainer"));
        this.real = ReplayBuffer.create(config.td3().replayCapacity(), new long[] {obsDim}, new long[] {actDim});
        this.actionSpace = actionSpace;
        this.rng = streams.child("sampling").generator();
    }

    /** The {@code kind} entry of a STEVE checkpoint. */
    public static final String KIND = "mbrl4j.Steve";

    /**
     * Builds a learner with the config and problem sizes stored in a checkpoint, its state not yet restored
     * (call {@link #readState}, or use {@link #load}). The task's functions are not stored.
     *
     * @param checkpoint  a checkpoint holding a STEVE learner
     * @param prefix      the prefix its entries were written under
     * @param termination the task's termination function
     * @param reward      the task's reward function if the saved learner used the known reward, else null
     * @return a new learner with the stored config
     * @throws IllegalArgumentException if the checkpoint holds no STEVE learner, its config is invalid, or
     *     {@code reward} is given for a learner saved with learned rewards or the other way round
     */
    public static Steve fromCheckpoint(Checkpoint checkpoint, String prefix, TerminationFunction termination,
            RewardFunction reward) {
        AgentCheckpoints.checkKind(checkpoint, prefix, KIND);
        return new Steve(AgentCheckpoints.observationSize(checkpoint, prefix),
                AgentCheckpoints.actionSpace(checkpoint, prefix), termination, reward,
                AgentCheckpoints.config(checkpoint, prefix, SteveConfig.class), RandomStreams.of(0));
    }

    /**
     * Loads a learner saved by {@link #save}; it continues exactly as the saved one would have.
     *
     * @param file        the checkpoint file
     * @param termination the task's termination function
     * @param reward      the task's reward function if the saved learner used the known reward, else null
     * @return the learner
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws org.mbrl4j.core.io.CorruptCheckpointException if the file is damaged, holds no STEVE learner, or
     *     {@code reward} does not match how it was saved (naming the file and the fault)
     * @throws IOException if it cannot be read
     */
    public static Steve load(Path file, TerminationFunction termination, RewardFunction reward) throws IOException {
        return AgentCheckpoints.loadLearner(file, (cp, prefix) -> fromCheckpoint(cp, prefix, termination, reward));
    }

    /**
     * {@inheritDoc}
     *
     * <p>STEVE writes its TD3's networks, optimisers and generators, the ensemble and its trainer, the real
     * buffer, its batch generator, step count, whether the model is trained, the data range, and whether it
     * uses the known reward.
     */
    @Override
    public void writeState(Checkpoint.Builder b, String prefix) {
        AgentCheckpoints.writeHeader(b, prefix, KIND, config, obsDim, actionSpace);
        b.putBoolean(prefix + "knownReward", reward != null);
        td3.writeNetworks(b, prefix + "td3.");
        model.writeState(b, prefix + "model.");
        trainer.writeState(b, prefix + "trainer.");
        real.writeTo(b, prefix + "real.");
        AgentCheckpoints.putGenerator(b, prefix + "rng.sampling", rng);
        b.putLong(prefix + "steps", steps);
        b.putBoolean(prefix + "modelReady", modelReady);
        b.putBoolean(prefix + "hasRange", rangeLow != null);
        if (rangeLow != null) {
            b.putDoubles(prefix + "rangeLow", rangeLow);
            b.putDoubles(prefix + "rangeHigh", rangeHigh);
        }
    }

    @Override
    public void readState(Checkpoint cp, String prefix) {
        AgentCheckpoints.checkMatches(cp, prefix, KIND, config, obsDim, actionSpace);
        boolean known = cp.booleanValue(prefix + "knownReward");
        if (known != (reward != null)) {
            throw new IllegalArgumentException("the checkpoint's STEVE " + (known ? "used" : "did not use")
                    + " the known reward function; this learner " + (reward != null ? "does" : "does not"));
        }
        real.restoreFrom(cp, prefix + "real.");
        double[] low = null;
        double[] high = null;
        if (cp.booleanValue(prefix + "hasRange")) {
            low = cp.doubles(prefix + "rangeLow");
            high = cp.doubles(prefix + "rangeHigh");
            if (low.length != obsDim || high.length != obsDim) {
                throw new IllegalArgumentException("checkpoint entries '" + prefix + "rangeLow/High' hold "
                        + low.length + " and " + high.length + " values; expected " + obsDim);
            }
        }
        td3.readNetworks(cp, prefix + "td3.");
        model.readState(cp, prefix + "model.");
        trainer.readState(cp, prefix + "trainer.");
        AgentCheckpoints.readGenerator(cp, prefix + "rng.sampling", rng);
        steps = cp.longValue(prefix + "steps");
        modelReady = cp.booleanValue(prefix + "modelReady");
        rangeLow = low;
        rangeHigh = high;
    }

    /** @return the base learner */
    public Td3 td3() {
        return td3;
    }

    /** @return the dynamics-and-reward ensemble */
    public GaussianEnsemble model() {
        return model;
    }

    @Override
    public INDArray explore(INDArray observation) {
        return td3.explore(observation);
    }

    @Override
    public Agent evaluationAgent() {
        return td3.evaluationAgent();
    }

    @Override
    public Map<String, Double> drainMetrics() {
        return td3.drainMetrics();
    }

    @Override
    public void observe(Transition t) {
        real.add(t);
        steps++;
        if (steps % config.trainModelEvery() == 0 && real.size() >= config.minRealSteps()) {
            Batch all = real.all();
            trainer.train(all);
            modelReady = true;
            if (Double.isFinite(config.rangeMargin())) {
                dataRange(all);
            }
        }
        if (real.size() >= config.td3().learningStarts()) {
            for (int i = 0; i < config.td3().updatesPerStep(); i++) {
                Batch b = real.sample(config.td3().batchSize(), rng);
                td3.update(b, modelReady && config.horizon() > 0 ? targets(b) : null);
            }
        }
    }

    /**
     * The STEVE targets of a batch; also records the batch's model use.
     *
     * @param batch real transitions
     * @return the critics' targets {@code [B]}
     */
    double[] targets(Batch batch) {
        int b = batch.size();
        int h = config.horizon();
        int n = model.ensembleSize();
        double gamma = config.td3().gamma();
        double[] r0 = HostArrays.toDoubles(batch.rewards());
        double[] term0 = HostArrays.toDoubles(batch.terminated());
        double[][][][] rewards = new double[h][n][n][b];
        double[][][] cont = new double[h + 1][n][b];
        double[][][][] q = new double[h + 1][n][][];
        // All members start from the real next states: row block dn of `states` is member dn's trajectory.
        float[] s = HostArrays.toFloats(batch.nextObservations());
        float[] states = new float[n * b * obsDim];
        for (int dn = 0; dn < n; dn++) {
            System.arraycopy(s, 0, states, dn * b * obsDim, b * obsDim);
            for (int k = 0; k < b; k++) {
                cont[0][dn][k] = 1 - term0[k];
            }
        }
        int out = model.outputSize();
        int[] trajectoryMembers = new int[n * b]; // row block dn follows member dn
        for (int row = 0; row < n * b; row++) {
            trajectoryMembers[row] = row / b;
        }
        boolean[][] allowed = rangeLow == null ? null : new boolean[h + 1][b];
        boolean[] left = new boolean[b]; // some member's trajectory has left the data range by this step
        int cut = 0;
        for (int i = 0; i <= h; i++) {
            if (allowed != null) {
                if (i > 0) {
                    for (int row = 0; row < n * b; row++) {
                        int k = row % b;
                        for (int d = 0; d < obsDim && !left[k]; d++) {
                            double v = states[row * obsDim + d];
                            left[k] = !(v >= rangeLow[d] && v <= rangeHigh[d]);
                        }
                    }
                }
                for (int k = 0; k < b; k++) {
                    allowed[i][k] = !left[k];
                    cut += i > 0 && left[k] ? 1 : 0;
                }
            }
            INDArray st = HostArrays.array(states, (long) n * b, obsDim);
            double[][] qv = td3.targetValues(st, config.clippedQ());
            if (config.clippedQ()) {
                double[] min = qv[0].clone();
                for (int l = 1; l < qv.length; l++) {
                    for (int r = 0; r < min.length; r++) {
                        min[r] = Math.min(min[r], qv[l][r]);
                    }
                }
                qv = new double[][] {min};
            }
            for (int dn = 0; dn < n; dn++) {
                q[i][dn] = new double[qv.length][];
                for (int l = 0; l < qv.length; l++) {
                    q[i][dn][l] = java.util.Arrays.copyOfRange(qv[l], dn * b, (dn + 1) * b);
                }
            }
            if (i == h) {
                break;
            }
            double[] a = td3.targetActions(st);
            INDArray actions = HostArrays.array(td3.scaling().toEnv(a), DataType.FLOAT, (long) n * b, actDim);
            float[] next = new float[states.length];
            if (reward == null) {
                // Every reward member on every trajectory: all members on all n * b rows.
                float[] mean = HostArrays.toFloats(model.predict(st, actions).mean());
                for (int dn = 0; dn < n; dn++) {
                    for (int k = 0; k < b; k++) {
                        int row = dn * b + k;
                        System.arraycopy(mean, (dn * n * b + row) * out, next, row * obsDim, obsDim);
                        for (int rm = 0; rm < n; rm++) {
                            rewards[i][dn][rm][k] = mean[(rm * n * b + row) * out + obsDim];
                        }
                    }
                }
            } else {
                // Only each trajectory's own member is needed: its rows through it alone.
                float[] mean = HostArrays.toFloats(model.predictRows(st, actions, trajectoryMembers).mean());
                for (int row = 0; row < n * b; row++) {
                    System.arraycopy(mean, row * out, next, row * obsDim, obsDim);
                }
            }
            INDArray nx = HostArrays.array(next, (long) n * b, obsDim);
            if (reward != null) {
                double[] known = HostArrays.toDoubles(reward.reward(st, actions, nx));
                for (int dn = 0; dn < n; dn++) {
                    for (int rm = 0; rm < n; rm++) {
                        System.arraycopy(known, dn * b, rewards[i][dn][rm], 0, b);
                    }
                }
            }
            double[] done = HostArrays.toDoubles(termination.done(st, actions, nx));
            for (int dn = 0; dn < n; dn++) {
                for (int k = 0; k < b; k++) {
                    cont[i + 1][dn][k] = cont[i][dn][k] * (1 - done[dn * b + k]);
                }
            }
            states = next;
        }
        double[][][] moments = SteveTargets.candidateMoments(r0, rewards, cont, q, gamma);
        double[][][] combined = SteveTargets.combine(moments[0], moments[1], allowed);
        td3.addMetric("model_use", SteveTargets.modelUse(combined[1]));
        if (allowed != null && h > 0) {
            td3.addMetric("range_cut", cut / (double) (h * b));
        }
        return combined[0][0];
    }

    /** The box of the real observations and next observations, widened by the margin on each side. */
    private void dataRange(Batch all) {
        double[] lo = new double[obsDim];
        double[] hi = new double[obsDim];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (INDArray x : new INDArray[] {all.observations(), all.nextObservations()}) {
            double[] v = HostArrays.toDoubles(x);
            for (int i = 0; i < v.length; i++) {
                int d = i % obsDim;
                lo[d] = Math.min(lo[d], v[i]);
                hi[d] = Math.max(hi[d], v[i]);
            }
        }
        for (int d = 0; d < obsDim; d++) {
            double pad = config.rangeMargin() * (hi[d] - lo[d]);
            lo[d] -= pad;
            hi[d] += pad;
        }
        rangeLow = lo;
        rangeHigh = hi;
    }
}
