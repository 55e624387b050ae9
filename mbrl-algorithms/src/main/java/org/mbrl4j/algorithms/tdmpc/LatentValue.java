package org.mbrl4j.algorithms.tdmpc;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.CpuThreads;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the planner asks of the world model, computed without a tape and batched over sequences: the policy
 * prior's rollouts from a latent state and TD-MPC2's value of action sequences ({@code TDMPC2._estimate_value}):
 * {@code G = sum_t gamma^t (1 - done_t) r_t + gamma^H (1 - done_H) Qavg(z_H, pi(z_H))}, with rewards decoded from
 * the two-hot head, {@code done} switched on once a predicted termination probability exceeds 0.5 (episodic
 * models only), and {@code Qavg} the mean of two Q functions drawn at random.
 *
 * <p>Each planning step starts at a {@link Root}: the observation's latent state and a float32 copy of the
 * weights, on which every later call of the step runs ({@link org.mbrl4j.tensor.autodiff.FloatInference}'s
 * kernels on Java arrays: no ND4J array per layer). The sequences of {@link #values} are split over the library's
 * threads in blocks of rows ({@link CpuThreads#forRows}); all random draws happen before the split, so the values
 * do not depend on the thread count.
 */
public final class LatentValue {

    /** The fewest sequences worth a thread of their own in {@link #values}. */
    private static final int ROW_GRAIN = 32;

    private final TdmpcWorldModel model;
    private final double discount;

    /**
     * @param model    the world model
     * @param discount the discount {@code gamma}, in {@code [0, 1]}
     * @throws IllegalArgumentException if the discount is outside {@code [0, 1]}
     */
    public LatentValue(TdmpcWorldModel model, double discount) {
        this.model = Objects.requireNonNull(model, "model");
        if (!(discount >= 0 && discount <= 1)) {
            throw new IllegalArgumentException("discount must be in [0, 1]: " + discount);
        }
        this.discount = discount;
    }

    /**
     * The start of one planning step: the weights as they are now and the latent state of one observation.
     * Later changes to the model's weights do not reach it.
     */
    public static final class Root {
        private final TdmpcWorldModel.Snapshot model;
        private final float[] latent;

        private Root(TdmpcWorldModel.Snapshot model, float[] latent) {
            this.model = model;
            this.latent = latent;
        }

        /** @return the latent state {@code [latentDim]}, a copy */
        public float[] latent() {
            return latent.clone();
        }
    }

    /**
     * @param observation one observation, {@code [1, obsDim]} or {@code [obsDim]}
     * @return the root of a planning step from it
     * @throws IllegalArgumentException if the observation does not hold {@code obsDim} values
     */
    public Root root(INDArray observation) {
        Objects.requireNonNull(observation, "observation");
        if (observation.length() != model.obsDim()) {
            throw new IllegalArgumentException("observation must hold " + model.obsDim() + " values: "
                    + Arrays.toString(observation.shape()));
        }
        TdmpcWorldModel.Snapshot m = model.snapshot();
        return new Root(m, m.encode(HostArrays.toFloats(observation), 1));
    }

    /**
     * @param root the planning step's root
     * @param rng  the policy's noise ({@code actDim} draws), unused for the mode
     * @param mode whether to return {@code tanh(mean)} instead of a sample
     * @return the policy prior's action at the root, {@code [actDim]} in {@code [-1, 1]}
     */
    public double[] policyAction(Root root, RandomGenerator rng, boolean mode) {
        float[] eps = mode ? null : gaussians(root.model.actDim(), rng);
        float[] a = root.model.pi(root.latent, 1, eps);
        double[] out = new double[a.length];
        for (int j = 0; j < a.length; j++) {
            out[j] = a[j];
        }
        return out;
    }

    /**
     * @param root    the planning step's root
     * @param n       rollouts, {@code >= 0}
     * @param horizon steps, {@code >= 1}
     * @param rng     the policy's noise ({@code n * actDim} draws per step, row by row)
     * @return row-major {@code [n, horizon, actDim]} actions of the policy prior rolled through the dynamics
     */
    public float[] policyTrajectories(Root root, int n, int horizon, RandomGenerator rng) {
        TdmpcWorldModel.Snapshot m = root.model;
        int a = m.actDim();
        float[] out = new float[n * horizon * a];
        if (n == 0) {
            return out;
        }
        float[] zs = repeat(root.latent, n);
        for (int t = 0; t < horizon; t++) {
            float[] act = m.pi(zs, n, gaussians(n * a, rng));
            for (int k = 0; k < n; k++) {
                System.arraycopy(act, k * a, out, (k * horizon + t) * a, a);
            }
            if (t < horizon - 1) {
                zs = m.next(zs, act, n);
            }
        }
        return out;
    }

    /**
     * @param root    the planning step's root
     * @param actions row-major {@code [n, H, actDim]}
     * @param n       sequences
     * @param horizon {@code H}
     * @param rng     the policy's noise at the horizon ({@code n * actDim} draws) and then the choice of the two
     *                Q functions
     * @return the values {@code G}, {@code [n]}
     */
    public double[] values(Root root, float[] actions, int n, int horizon, RandomGenerator rng) {
        TdmpcWorldModel.Snapshot m = root.model;
        int a = m.actDim();
        float[] eps = gaussians(n * a, rng);
        int[] members = model.twoMembers(rng);
        double[] g = new double[n];
        CpuThreads.forRows(n, ROW_GRAIN, (from, to) -> {
            int rows = to - from;
            float[] zs = repeat(root.latent, rows);
            boolean[] done = new boolean[rows];
            float[] step = new float[rows * a];
            double weight = 1;
            for (int t = 0; t < horizon; t++) {
                for (int k = 0; k < rows; k++) {
                    System.arraycopy(actions, ((from + k) * horizon + t) * a, step, k * a, a);
                }
                float[] r = m.reward(zs, step, rows);
                zs = m.next(zs, step, rows);
                for (int k = 0; k < rows; k++) {
                    if (!done[k]) {
                        g[from + k] += weight * r[k];
                    }
                }
                weight *= discount;
                if (m.episodic()) {
                    float[] logit = m.terminationLogits(zs, rows);
                    for (int k = 0; k < rows; k++) {
                        if (logit[k] > 0) { // sigmoid(logit) > 0.5
                            done[k] = true;
                        }
                    }
                }
            }
            float[] act = m.pi(zs, rows, Arrays.copyOfRange(eps, from * a, to * a));
            float[] q0 = m.q(members[0], zs, act, rows);
            float[] q1 = m.q(members[1], zs, act, rows);
            for (int k = 0; k < rows; k++) {
                if (!done[k]) {
                    g[from + k] += weight * 0.5 * ((double) q0[k] + q1[k]);
                }
            }
        });
        return g;
    }

    private static float[] gaussians(int count, RandomGenerator rng) {
        float[] e = new float[count];
        for (int i = 0; i < count; i++) {
            e[i] = (float) rng.nextGaussian();
        }
        return e;
    }

    /** @return {@code n} copies of {@code one}, row-major */
    private static float[] repeat(float[] one, int n) {
        float[] out = new float[one.length * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(one, 0, out, i * one.length, one.length);
        }
        return out;
    }
}
