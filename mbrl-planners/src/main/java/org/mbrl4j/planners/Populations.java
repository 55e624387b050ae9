package org.mbrl4j.planners;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Array plumbing shared by the optimisers: row-major {@code [P, H, A]} float blocks and their values; the
 * elite selection and weighted draw are public for planners built elsewhere (TD-MPC2's latent MPPI).
 */
public final class Populations {

    private Populations() {}

    /** Checks an initial solution and returns it as a row-major {@code H * A} array. */
    static double[] initialSolution(INDArray x0, int horizon, ActionBounds bounds) {
        int a = bounds.dim();
        if (x0 == null || x0.rank() != 2 || x0.size(0) != horizon || x0.size(1) != a) {
            throw new IllegalArgumentException("initialSolution must have shape [" + horizon + ", " + a + "]: got "
                    + (x0 == null ? "null" : Arrays.toString(x0.shape())));
        }
        double[] v = x0.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        for (int i = 0; i < v.length; i++) {
            int j = i % a;
            if (!Double.isFinite(v[i]) || v[i] < bounds.low(j) - 1e-6 || v[i] > bounds.high(j) + 1e-6) {
                throw new IllegalArgumentException("initialSolution[" + (i / a) + ", " + j + "] is " + v[i]
                        + "; expected a finite value in [" + bounds.low(j) + ", " + bounds.high(j) + "]");
            }
            v[i] = bounds.clip(j, v[i]);
        }
        return v;
    }

    /** A population as a float32 {@code [P, H, A]} array. */
    static INDArray toArray(float[] pop, int p, int h, int a) {
        return HostArrays.array(pop, p, h, a);
    }

    /** A solution as a fresh float32 {@code [H, A]} array. */
    static INDArray solution(double[] x, int h, int a) {
        float[] f = new float[x.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) x[i];
        }
        return HostArrays.array(f, h, a);
    }

    /**
     * Evaluates and checks the objective's answer; NaN becomes negative infinity (the worst value), as the
     * issue asks (mbrl-lib writes -1e-10, which ranks a diverged sequence above every negative return).
     */
    static double[] evaluate(ActionObjective objective, float[] pop, int p, int h, int a) {
        INDArray values = objective.evaluate(toArray(pop, p, h, a));
        if (values == null || values.length() != p) {
            throw new IllegalArgumentException("objective must return " + p + " values: got "
                    + (values == null ? "null" : Arrays.toString(values.shape())));
        }
        double[] v = values.reshape(p).castTo(DataType.DOUBLE).data().asDouble();
        for (int i = 0; i < p; i++) {
            if (Double.isNaN(v[i])) {
                v[i] = Double.NEGATIVE_INFINITY;
            }
        }
        return v;
    }

    /**
     * @param values one value per candidate
     * @param k      how many, at most {@code values.length}
     * @return the indices of the {@code k} largest values, largest first (ties: lower index first)
     */
    public static int[] topK(double[] values, int k) {
        Integer[] idx = new Integer[values.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> {
            int c = Double.compare(values[y], values[x]);
            return c != 0 ? c : Integer.compare(x, y);
        });
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    /**
     * @param p   probabilities summing to 1 (up to rounding)
     * @param rng the generator (one {@code nextDouble} per call)
     * @return an index drawn with probability {@code p[i]}; the last index when rounding leaves the sum short
     */
    public static int sampleIndex(double[] p, RandomGenerator rng) {
        double u = rng.nextDouble();
        double c = 0;
        for (int i = 0; i < p.length; i++) {
            c += p[i];
            if (u < c) {
                return i;
            }
        }
        return p.length - 1;
    }

    /** A standard normal truncated to [-2, 2] by resampling (mbrl-lib's {@code truncated_normal_}). */
    static double truncatedNormal(RandomGenerator rng) {
        while (true) {
            double z = rng.nextGaussian();
            if (z >= -2 && z <= 2) {
                return z;
            }
        }
    }

    /** Mean and (biased) variance of the selected rows, per coordinate, into {@code mean} and {@code var}. */
    static void eliteMoments(float[] pop, int[] elites, int n, double[] mean, double[] var) {
        Arrays.fill(mean, 0);
        Arrays.fill(var, 0);
        for (int e : elites) {
            for (int i = 0; i < n; i++) {
                mean[i] += pop[e * n + i];
            }
        }
        for (int i = 0; i < n; i++) {
            mean[i] /= elites.length;
        }
        for (int e : elites) {
            for (int i = 0; i < n; i++) {
                double d = pop[e * n + i] - mean[i];
                var[i] += d * d;
            }
        }
        for (int i = 0; i < n; i++) {
            var[i] /= elites.length;
        }
    }

    static void requireHorizon(int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1: " + horizon);
        }
    }

    static <T> T requireNonNull(T x, String name) {
        if (x == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return x;
    }
}
