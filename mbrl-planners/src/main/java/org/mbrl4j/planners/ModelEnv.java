package org.mbrl4j.planners;

import java.util.Arrays;
import org.mbrl4j.core.RewardFunction;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.core.random.RandomState;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.random.SplitMix64;
import org.mbrl4j.models.dynamics.DynamicsModel;
import org.mbrl4j.models.dynamics.EnsembleDynamics;
import org.mbrl4j.models.dynamics.Prediction;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Evaluates action sequences on a learned {@link DynamicsModel}, as mbrl-lib's {@code ModelEnv
 * .evaluate_action_sequences}: every sequence of a population {@code [P, H, A]} is repeated for
 * {@code particles} particles, all {@code P * particles} rows are stepped together through the model
 * (one {@code predictRows} or {@code predictMembers} call per time step on the elite members, all particles at once) with the chosen
 * {@link Propagation}, rewards come from the task's batched {@link RewardFunction} or from the model's
 * learned reward column, and rewards after a predicted termination are dropped (the terminating step's reward
 * counts). The value of a sequence is the mean over its particles of the summed rewards; a particle whose
 * state or reward stops being finite makes its sequence's value NaN, which optimisers treat as the worst.
 *
 * <p>Not thread-safe (one random stream, and models cache their last pass).
 */
public final class ModelEnv implements RandomState {

    private final DynamicsModel model;
    private final RewardFunction reward;
    private final TerminationFunction termination;
    private final Propagation propagation;
    private final int particles;
    private final SplitMix64 rng;

    /**
     * @param model the model
     * @param reward the task's reward; may be null only when the model learns rewards (then the learned one
     *     is used)
     * @param termination the task's termination ({@link TerminationFunction#NEVER} for none)
     * @param propagation the propagation scheme
     * @param particles particles per sequence, {@code >= 1} (forced to 1 for {@link Propagation#EXPECTATION})
     * @param streams the randomness of member choice and sampling ({@code child("model-env")})
     * @throws IllegalArgumentException if an argument is null (except {@code reward} as said) or out of range
     */
    public ModelEnv(DynamicsModel model, RewardFunction reward, TerminationFunction termination,
            Propagation propagation, int particles, RandomStreams streams) {
        this.model = Populations.requireNonNull(model, "model");
        if (reward == null && !model.learnsReward()) {
            throw new IllegalArgumentException("reward must not be null for a model that does not learn rewards");
        }
        this.reward = model.learnsReward() ? null : reward;
        this.termination = Populations.requireNonNull(termination, "termination");
        this.propagation = Populations.requireNonNull(propagation, "propagation");
        if (particles < 1) {
            throw new IllegalArgumentException("particles must be >= 1: " + particles);
        }
        this.particles = propagation == Propagation.EXPECTATION ? 1 : particles;
        this.rng = Populations.requireNonNull(streams, "streams").child("model-env").generator();
    }

    /** @return the model */
    public DynamicsModel model() {
        return model;
    }

    /** @return the propagation scheme */
    public Propagation propagation() {
        return propagation;
    }

    /** @return particles per sequence (1 for {@link Propagation#EXPECTATION}) */
    public int particles() {
        return particles;
    }

    /**
     * The objective that scores populations from one start observation; for {@link Propagation#EXPECTATION}
     * on an {@link EnsembleDynamics} it is a {@link DifferentiableObjective} (gradients by back-propagation
     * through time on the tape, through the model's {@link EnsembleDynamics#meanPrediction}, see
     * {@link ModelGradients}).
     *
     * @param observation the start state, {@code [obsDim]} or {@code [1, obsDim]}
     * @return the objective
     */
    public ActionObjective objective(INDArray observation) {
        INDArray start = checkStart(observation, 1).dup();
        if (propagation == Propagation.EXPECTATION && model instanceof EnsembleDynamics ens) {
            return new ModelGradients(ens, reward, termination, start, population -> evaluate(start, population));
        }
        return population -> evaluate(start, population);
    }

    private INDArray checkStart(INDArray obs, long rows) {
        int o = model.observationSize();
        if (obs == null || !((obs.rank() == 1 && obs.size(0) == o) || (obs.rank() == 2 && obs.size(1) == o
                && (obs.size(0) == 1 || obs.size(0) == rows)))) {
            throw new IllegalArgumentException("initialObservations must be [" + o + "], [1, " + o + "] or ["
                    + rows + ", " + o + "]: got " + (obs == null ? "null" : Arrays.toString(obs.shape())));
        }
        INDArray s = obs.rank() == 1 ? obs.reshape(1, o) : obs;
        s = s.castTo(DataType.FLOAT);
        for (float v : s.dup('c').data().asFloat()) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("initialObservations must be finite: " + s);
            }
        }
        return s;
    }

    /**
     * @param initialObservations start states: one for all sequences ({@code [obsDim]} or {@code [1, obsDim]})
     *     or one per sequence ({@code [P, obsDim]})
     * @param population action sequences {@code [P, H, A]}
     * @return the mean return of each sequence over its particles, {@code [P]}, fresh float32; NaN for a
     *     sequence with a diverged particle
     * @throws IllegalArgumentException on wrong shapes or non-finite inputs
     */
    public INDArray evaluate(INDArray initialObservations, INDArray population) {
        float[] returns = rollout(initialObservations, population);
        int p = (int) population.size(0);
        int k = particles;
        float[] values = new float[p];
        for (int q = 0; q < p; q++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += returns[q * k + j];
            }
            values[q] = (float) (s / k);
        }
        return HostArrays.array(values, p);
    }

    /**
     * The return of every particle (for diagnostics and tests of the propagation schemes).
     *
     * @param initialObservations start states, as for {@link #evaluate}
     * @param population action sequences {@code [P, H, A]}
     * @return returns {@code [P, particles]}, fresh float32; NaN for a diverged particle
     * @throws IllegalArgumentException on wrong shapes or non-finite inputs
     */
    public INDArray particleReturns(INDArray initialObservations, INDArray population) {
        float[] returns = rollout(initialObservations, population);
        return HostArrays.array(returns, population.size(0), particles);
    }

    private float[] rollout(INDArray initialObservations, INDArray population) {
        int a = model.actionSize();
        if (population == null || population.rank() != 3 || population.size(2) != a) {
            throw new IllegalArgumentException("population must be [P, H, " + a + "]: got "
                    + (population == null ? "null" : Arrays.toString(population.shape())));
        }
        int p = (int) population.size(0);
        int h = (int) population.size(1);
        int o = model.observationSize();
        float[] start = checkStart(initialObservations, p).dup('c').data().asFloat();
        float[] acts = population.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int k = particles;
        int n = p * k;
        float[] state = new float[n * o];
        for (int r = 0; r < n; r++) {
            int src = start.length == o ? 0 : (r / k) * o;
            System.arraycopy(start, src, state, r * o, o);
        }
        int[] elites = model.elites();
        int[] fixed = null;
        if (propagation == Propagation.TS_INF) {
            fixed = assignMembers(n, elites);
        }
        double[] total = new double[n];
        boolean[] terminated = new boolean[n];
        boolean[] invalid = new boolean[n];
        float[] act = new float[n * a];
        for (int t = 0; t < h; t++) {
            for (int r = 0; r < n; r++) {
                System.arraycopy(acts, ((r / k) * h + t) * a, act, r * a, a);
            }
            float[][] next = step(state, act, n, elites, fixed);
            float[] nextState = next[0];
            float[] rew = next[1];
            if (propagation == Propagation.DS) {
                momentMatch(nextState, p, k, o);
            }
            INDArray sArr = HostArrays.array(state, n, o);
            INDArray aArr = HostArrays.array(act, n, a);
            INDArray nArr = HostArrays.array(nextState, n, o);
            if (rew == null) {
                rew = floats(reward.reward(sArr, aArr, nArr), n, "reward");
            }
            float[] done = termination == TerminationFunction.NEVER ? new float[n]
                    : floats(termination.done(sArr, aArr, nArr), n, "termination");
            for (int r = 0; r < n; r++) {
                boolean finite = Float.isFinite(rew[r]);
                for (int j = 0; j < o && finite; j++) {
                    finite = Float.isFinite(nextState[r * o + j]);
                }
                if (!finite) {
                    invalid[r] = true;
                }
                if (!terminated[r] && !invalid[r]) {
                    total[r] += rew[r];
                }
                terminated[r] |= done[r] != 0;
                if (!invalid[r]) {
                    System.arraycopy(nextState, r * o, state, r * o, o);
                }
            }
        }
        float[] out = new float[n];
        for (int r = 0; r < n; r++) {
            out[r] = invalid[r] ? Float.NaN : (float) total[r];
        }
        return out;
    }

    private static float[] floats(INDArray x, int n, String what) {
        if (x == null || x.length() != n) {
            throw new IllegalStateException(what + " function returned " + (x == null ? "null"
                    : Arrays.toString(x.shape())) + "; expected [" + n + "]");
        }
        return x.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /** A random member (from {@code elites}) for each of {@code n} rows, balanced: a shuffled round robin. */
    private int[] assignMembers(int n, int[] elites) {
        int[] m = new int[n];
        for (int r = 0; r < n; r++) {
            m[r] = elites[r % elites.length];
        }
        for (int r = n - 1; r > 0; r--) {
            int j = rng.nextInt(r + 1);
            int tmp = m[r];
            m[r] = m[j];
            m[j] = tmp;
        }
        return m;
    }

    /**
     * One model step for all rows.
     *
     * @return {next states [n * o], learned rewards [n] or null}
     */
    private float[][] step(float[] state, float[] act, int n, int[] elites, int[] fixed) {
        int o = model.observationSize();
        int a = model.actionSize();
        int d = model.outputSize();
        float[] next = new float[n * o];
        float[] rew = model.learnsReward() ? new float[n] : null;
        int k = elites.length;
        if (propagation == Propagation.EXPECTATION) {
            // Only the elites are computed: the same rows tiled once per elite.
            float[] so = new float[k * n * o];
            float[] sa = new float[k * n * a];
            for (int i = 0; i < k; i++) {
                System.arraycopy(state, 0, so, i * n * o, n * o);
                System.arraycopy(act, 0, sa, i * n * a, n * a);
            }
            Prediction pr = model.predictMembers(HostArrays.array(so, k, n, o),
                    HostArrays.array(sa, k, n, a), elites);
            float[] mean = HostArrays.toFloats(pr.mean());
            for (int i = 0; i < k; i++) {
                for (int r = 0; r < n; r++) {
                    for (int j = 0; j < o; j++) {
                        next[r * o + j] += mean[(i * n + r) * d + j] / k;
                    }
                    if (rew != null) {
                        rew[r] += mean[(i * n + r) * d + o] / k;
                    }
                }
            }
            return new float[][] {next, rew};
        }
        int[] member = fixed != null ? fixed : assignMembers(n, elites);
        // Each row through its own elite member; only those members are computed, each on its rows.
        Prediction pr = model.predictRows(HostArrays.array(state, n, o),
                HostArrays.array(act, n, a), member);
        float[] mean = HostArrays.toFloats(pr.mean());
        float[] var = pr.probabilistic() ? HostArrays.toFloats(pr.variance()) : null;
        for (int r = 0; r < n; r++) {
            int base = r * d;
            for (int j = 0; j < d; j++) {
                double v = mean[base + j];
                if (var != null) {
                    v += Math.sqrt(var[base + j]) * rng.nextGaussian();
                }
                if (j < o) {
                    next[r * o + j] = (float) v;
                } else {
                    rew[r] = (float) v;
                }
            }
        }
        return new float[][] {next, rew};
    }

    /** Replaces each sequence's particles by draws from the diagonal Gaussian with their moments. */
    private void momentMatch(float[] next, int p, int k, int o) {
        if (k < 2) {
            return;
        }
        for (int q = 0; q < p; q++) {
            for (int j = 0; j < o; j++) {
                double m = 0;
                for (int i = 0; i < k; i++) {
                    m += next[(q * k + i) * o + j];
                }
                m /= k;
                double v = 0;
                for (int i = 0; i < k; i++) {
                    double dd = next[(q * k + i) * o + j] - m;
                    v += dd * dd;
                }
                double sd = Math.sqrt(v / (k - 1));
                for (int i = 0; i < k; i++) {
                    next[(q * k + i) * o + j] = (float) (m + sd * rng.nextGaussian());
                }
            }
        }
    }

    /** @return the position of the generator of member choices and samples */
    @Override
    public long[] randomState() {
        return new long[] {rng.state()};
    }

    @Override
    public void restoreRandomState(long[] state) {
        RandomState.restoreSingle("ModelEnv", state, rng);
    }
}
