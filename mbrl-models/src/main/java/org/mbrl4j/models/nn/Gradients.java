package org.mbrl4j.models.nn;

import java.util.List;

/** Operations on the gradients of a list of parameters. */
public final class Gradients {

    private Gradients() {
    }

    /**
     * @param params the parameters
     * @return {@code sqrt(sum of squared gradient entries)} over all of them, computed in float64
     */
    public static double globalNorm(List<Parameter> params) {
        double sq = 0;
        for (Parameter p : params) {
            if (HostFloats.usable(p.grad())) {
                float[] g = HostFloats.toFloats(p.grad());
                for (float x : g) {
                    sq += (double) x * x;
                }
            } else {
                double n = p.grad().norm2Number().doubleValue();
                sq += n * n;
            }
        }
        return Math.sqrt(sq);
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
