package org.mbrl4j.algorithms.tdmpc;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the planner asks of the world model, computed without a tape and batched over sequences: the policy
 * prior's rollouts from a latent state and TD-MPC2's value of action sequences ({@code TDMPC2._estimate_value}):
 * {@code G = sum_t gamma^t (1 - done_t) r_t + gamma^H (1 - done_H) Qavg(z_H, pi(z_H))}, with rewards decoded from
 * the two-hot head, {@code done} switched on once a predicted termination probability exceeds 0.5 (episodic
 * models only), and {@code Qavg} the mean of two Q functions drawn at random.
 */
public final class LatentValue {

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
     * @param z one latent state, {@code [1, latentDim]}
     * @param n rows
     * @return {@code [n, latentDim]} copies, fresh
     */
    static Var repeat(Var z, int n) {
        float[] one = HostArrays.toFloats(z.value());
        float[] out = new float[one.length * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(one, 0, out, i * one.length, one.length);
        }
        return Var.constant(HostArrays.array(out, n, one.length));
    }

    /**
     * @param z       the start latent state, {@code [1, latentDim]}
     * @param n       rollouts, {@code >= 0}
     * @param horizon steps, {@code >= 1}
     * @param rng     the policy's noise
     * @return row-major {@code [n, horizon, actDim]} actions of the policy prior rolled through the dynamics
     */
    public float[] policyTrajectories(Var z, int n, int horizon, RandomGenerator rng) {
        int a = model.actDim();
        float[] out = new float[n * horizon * a];
        if (n == 0) {
            return out;
        }
        try (Tape.NoGrad ignored = Tape.pause()) {
            Var zs = repeat(z, n);
            for (int t = 0; t < horizon; t++) {
                Var act = model.pi(zs, rng).action();
                float[] v = HostArrays.toFloats(act.value());
                for (int k = 0; k < n; k++) {
                    System.arraycopy(v, k * a, out, (k * horizon + t) * a, a);
                }
                if (t < horizon - 1) {
                    zs = model.next(zs, act);
                }
            }
        }
        return out;
    }

    /**
     * @param z       the start latent state, {@code [1, latentDim]}
     * @param actions row-major {@code [n, H, actDim]}
     * @param n       sequences
     * @param horizon {@code H}
     * @param rng     the policy's noise at the horizon and the choice of the two Q functions
     * @return the values {@code G}, {@code [n]}
     */
    public double[] values(Var z, float[] actions, int n, int horizon, RandomGenerator rng) {
        int a = model.actDim();
        double[] g = new double[n];
        double[] done = new double[n];
        double weight = 1;
        try (Tape.NoGrad ignored = Tape.pause()) {
            Var zs = repeat(z, n);
            float[] step = new float[n * a];
            for (int t = 0; t < horizon; t++) {
                for (int k = 0; k < n; k++) {
                    System.arraycopy(actions, (k * horizon + t) * a, step, k * a, a);
                }
                Var at = Var.constant(HostArrays.array(step, n, a));
                double[] r = HostArrays.toDoubles(model.twoHot().mean(model.reward(zs, at)).value());
                zs = model.next(zs, at);
                for (int k = 0; k < n; k++) {
                    g[k] += weight * (1 - done[k]) * r[k];
                }
                weight *= discount;
                if (model.episodic()) {
                    double[] logit = HostArrays.toDoubles(model.termination(zs).value());
                    for (int k = 0; k < n; k++) {
                        if (logit[k] > 0) { // sigmoid(logit) > 0.5
                            done[k] = 1;
                        }
                    }
                }
            }
            Var act = model.pi(zs, rng).action();
            Var[] q = model.qPair(model.twoMembers(rng), zs, act, TdmpcWorldModel.QMode.ONLINE, null);
            double[] q0 = HostArrays.toDoubles(q[0].value());
            double[] q1 = HostArrays.toDoubles(q[1].value());
            for (int k = 0; k < n; k++) {
                g[k] += weight * (1 - done[k]) * 0.5 * (q0[k] + q1[k]);
            }
        }
        return g;
    }

    /**
     * @param observation one observation, {@code [1, obsDim]}
     * @return its latent state {@code [1, latentDim]}, computed without a tape
     */
    public Var encode(INDArray observation) {
        try (Tape.NoGrad ignored = Tape.pause()) {
            return model.encode(Var.constant(observation));
        }
    }
}
