package org.mbrl4j.planners;

import java.util.Arrays;
import org.mbrl4j.core.random.RandomState;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.random.SplitMix64;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradient-based trajectory optimisation: the action sequences themselves are the parameters, ascended with
 * Adam (Kingma and Ba 2015) on the gradient of a {@link DifferentiableObjective} (for a learned model,
 * back-propagation through the unrolled ensemble), and projected onto the bounds after every step (projected
 * gradient ascent). Several restarts run as one population: the initial solution and uniform random
 * sequences. The best sequence seen at any step is returned. See Srinivas et al. (2018), "Universal planning
 * networks", and Bharadhwaj et al. (2020) for the combination with CEM ({@link HybridCemGradient}).
 */
public final class GradientMpc implements TrajectoryOptimizer {

    private static final double ADAM_EPS = 1e-8;

    private final GradientMpcConfig config;
    private final ActionBounds bounds;
    private final int horizon;
    private final SplitMix64 rng;

    /**
     * @param config the settings
     * @param bounds the action bounds
     * @param horizon the horizon, {@code >= 1}
     * @param streams randomness of the restarts ({@code child("gradient-mpc")})
     */
    public GradientMpc(GradientMpcConfig config, ActionBounds bounds, int horizon, RandomStreams streams) {
        this.config = Populations.requireNonNull(config, "config");
        this.bounds = Populations.requireNonNull(bounds, "bounds");
        Populations.requireHorizon(horizon);
        this.horizon = horizon;
        this.rng = Populations.requireNonNull(streams, "streams").child("gradient-mpc").generator();
    }

    @Override
    public int horizon() {
        return horizon;
    }

    @Override
    public ActionBounds bounds() {
        return bounds;
    }

    /**
     * @throws IllegalArgumentException also if {@code objective} is not a {@link DifferentiableObjective}
     */
    @Override
    public INDArray optimize(ActionObjective objective, INDArray initialSolution) {
        if (!(objective instanceof DifferentiableObjective diff)) {
            throw new IllegalArgumentException("objective must be a DifferentiableObjective for gradient MPC: "
                    + (objective == null ? "null" : objective.getClass().getName()));
        }
        int a = bounds.dim();
        int n = horizon * a;
        double[] x0 = Populations.initialSolution(initialSolution, horizon, bounds);
        int r = config.restarts();
        float[] x = new float[r * n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) x0[i];
        }
        for (int k = 1; k < r; k++) {
            for (int i = 0; i < n; i++) {
                int j = i % a;
                x[k * n + i] = (float) (bounds.low(j) + rng.nextDouble() * (bounds.high(j) - bounds.low(j)));
            }
        }
        double[] m = new double[r * n];
        double[] v = new double[r * n];
        double bestValue = Double.NEGATIVE_INFINITY;
        float[] best = Arrays.copyOf(x, n);
        for (int it = 0; it <= config.iterations(); it++) {
            INDArray population = Populations.toArray(x, r, horizon, a);
            double[] values;
            float[] grad = null;
            if (it < config.iterations()) {
                DifferentiableObjective.ValueAndGradient vg = diff.valueAndGradient(population);
                values = check(vg.values(), r);
                if (vg.gradient() == null || vg.gradient().length() != (long) r * n) {
                    throw new IllegalArgumentException("objective gradient must have shape [" + r + ", " + horizon
                            + ", " + a + "]: got " + (vg.gradient() == null ? "null"
                            : Arrays.toString(vg.gradient().shape())));
                }
                grad = vg.gradient().dup('c').castTo(DataType.FLOAT).data().asFloat();
            } else {
                values = check(diff.evaluate(population), r);
            }
            for (int k = 0; k < r; k++) {
                if (values[k] > bestValue) {
                    bestValue = values[k];
                    System.arraycopy(x, k * n, best, 0, n);
                }
            }
            if (grad == null) {
                break;
            }
            int t = it + 1;
            double c1 = 1 - Math.pow(config.beta1(), t);
            double c2 = 1 - Math.pow(config.beta2(), t);
            for (int i = 0; i < r * n; i++) {
                double g = Float.isFinite(grad[i]) ? grad[i] : 0;
                m[i] = config.beta1() * m[i] + (1 - config.beta1()) * g;
                v[i] = config.beta2() * v[i] + (1 - config.beta2()) * g * g;
                int j = i % a;
                double step = config.learningRate() * 0.5 * (bounds.high(j) - bounds.low(j));
                double upd = step * (m[i] / c1) / (Math.sqrt(v[i] / c2) + ADAM_EPS);
                x[i] = (float) bounds.clip(j, x[i] + upd);
            }
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = best[i];
        }
        return Populations.solution(out, horizon, a);
    }

    private static double[] check(INDArray values, int r) {
        if (values == null || values.length() != r) {
            throw new IllegalArgumentException("objective must return " + r + " values: got "
                    + (values == null ? "null" : Arrays.toString(values.shape())));
        }
        double[] out = values.reshape(r).castTo(DataType.DOUBLE).data().asDouble();
        for (int i = 0; i < r; i++) {
            if (Double.isNaN(out[i])) {
                out[i] = Double.NEGATIVE_INFINITY;
            }
        }
        return out;
    }

    @Override
    public long[] randomState() {
        return new long[] {rng.state()};
    }

    @Override
    public void restoreRandomState(long[] state) {
        RandomState.restoreSingle("GradientMpc", state, rng);
    }
}
