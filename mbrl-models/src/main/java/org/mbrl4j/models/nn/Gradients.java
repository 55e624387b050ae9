package org.mbrl4j.models.nn;

import java.util.List;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.nn.Parameter;

/** Operations on the gradients of a list of parameters. */
public final class Gradients {

    private Gradients() {
    }

    /**
     * Sets every gradient to zero (PyTorch's {@code zero_grad}): the tape adds to the gradients it reaches, so
     * a training step on the tape starts from zero gradients.
     *
     * @param params the parameters
     */
    public static void zero(List<Parameter> params) {
        for (Parameter p : params) {
            p.zeroGrad();
        }
    }

    /**
     * @param params the parameters
     * @return {@code sqrt(sum of squared gradient entries)} over all of them, computed in float64
     */
    public static double globalNorm(List<Parameter> params) {
        double sq = 0;
        float[] chunk = CHUNKS.get();
        for (Parameter p : params) {
            if (HostArrays.denseFloat(p.grad())) {
                sq += sumOfSquares(HostArrays.floats(p.grad()), (int) p.grad().length(), chunk);
            } else {
                double n = p.grad().norm2Number().doubleValue();
                sq += n * n;
            }
        }
        return Math.sqrt(sq);
    }

    private static final int CHUNK = 8192;
    /** One heap chunk per thread for {@link #sumOfSquares}: the norm of every training step allocates nothing. */
    private static final ThreadLocal<float[]> CHUNKS = ThreadLocal.withInitial(() -> new float[CHUNK]);

    /**
     * The sum of squares of {@code n} floats in float64, read in heap chunks (no copy of the whole array) with
     * four partial sums (a single running sum is one dependent add per element; the order is fixed, so the
     * result is the same every call).
     */
    private static double sumOfSquares(java.nio.FloatBuffer src, int n, float[] chunk) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int start = 0; start < n; start += chunk.length) {
            int len = Math.min(chunk.length, n - start);
            src.get(start, chunk, 0, len);
            int k = 0;
            for (; k + 3 < len; k += 4) {
                double a = chunk[k];
                double b = chunk[k + 1];
                double c = chunk[k + 2];
                double d = chunk[k + 3];
                s0 += a * a;
                s1 += b * b;
                s2 += c * c;
                s3 += d * d;
            }
            for (; k < len; k++) {
                double a = chunk[k];
                s0 += a * a;
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Scales every gradient so that the global norm is at most {@code maxNorm} (PyTorch's
     * {@code clip_grad_norm_}, factor {@code maxNorm / (norm + 1e-6)}).
     *
     * @param params  the parameters
     * @param maxNorm the bound, {@code > 0}
     * @return the norm before clipping
     * @throws IllegalArgumentException if {@code maxNorm} is not positive
     */
    public static double clipGlobalNorm(List<Parameter> params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maxNorm must be > 0: " + maxNorm);
        }
        double norm = globalNorm(params);
        if (norm > maxNorm) {
            scale(params, maxNorm / (norm + 1e-6));
        }
        return norm;
    }

    static void scale(List<Parameter> params, double factor) {
        for (Parameter p : params) {
            p.grad().muli(factor);
        }
    }
}
