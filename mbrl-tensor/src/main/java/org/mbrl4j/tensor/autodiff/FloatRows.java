package org.mbrl4j.tensor.autodiff;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row kernels in float32 for the normalisations of {@link NnOps}, on the SIMD lanes of the Vector API: LayerNorm
 * forward and backward over rows of {@code n} contiguous entries. The float64
 * path of {@link NnOps} keeps its scalar double loops (it is the one the finite-difference checks use); these
 * kernels give float32 programs (every model of the library) the same results up to float rounding, with sums in
 * float lanes as PyTorch's CPU kernels keep them.
 */
final class FloatRows {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private FloatRows() {
    }

    /**
     * LayerNorm of one row: {@code xhat = (x - mean) / sqrt(var + eps)}, {@code y = xhat * gain + bias}.
     *
     * @param x    input, row at {@code o}
     * @param o    offset of the row
     * @param n    row length
     * @param eps  variance floor
     * @param gain per-feature gain {@code [n]}, or null for 1
     * @param bias per-feature bias {@code [n]}, or null for 0
     * @param xhat normalised row written at {@code o}
     * @param y    output row written at {@code o}
     * @return {@code 1 / sqrt(var + eps)} of the row
     */
    static float layerNormRow(float[] x, int o, int n, float eps, float[] gain, float[] bias, float[] xhat, float[] y) {
        int vn = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i < vn; i += S.length()) {
            acc = acc.add(FloatVector.fromArray(S, x, o + i));
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += x[o + i];
        }
        float mean = sum / n;
        FloatVector m = FloatVector.broadcast(S, mean);
        acc = FloatVector.zero(S);
        for (i = 0; i < vn; i += S.length()) {
            FloatVector d = FloatVector.fromArray(S, x, o + i).sub(m);
            acc = d.fma(d, acc);
        }
        float sq = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float d = x[o + i] - mean;
            sq += d * d;
        }
        float rs = (float) (1.0 / Math.sqrt(sq / n + eps));
        FloatVector r = FloatVector.broadcast(S, rs);
        for (i = 0; i < vn; i += S.length()) {
            FloatVector h = FloatVector.fromArray(S, x, o + i).sub(m).mul(r);
            h.intoArray(xhat, o + i);
            FloatVector out = gain == null ? h : h.mul(FloatVector.fromArray(S, gain, i));
            if (bias != null) {
                out = out.add(FloatVector.fromArray(S, bias, i));
            }
            out.intoArray(y, o + i);
        }
        for (; i < n; i++) {
            float h = (x[o + i] - mean) * rs;
            xhat[o + i] = h;
            y[o + i] = h * (gain == null ? 1f : gain[i]) + (bias == null ? 0f : bias[i]);
        }
        return rs;
    }

    /**
     * The backward pass of {@link #layerNormRow} for one row: {@code dx = rs * (gh - mean(gh) - xhat *
     * mean(gh * xhat))} with {@code gh = g * gain}; adds {@code g * xhat} to {@code dgain} and {@code g} to
     * {@code dbias}.
     *
     * @param g     output gradient, row at {@code o}
     * @param xhat  the forward pass's normalised row
     * @param o     offset of the row
     * @param n     row length
     * @param rs    the forward pass's {@code 1 / sqrt(var + eps)}
     * @param gain  per-feature gain {@code [n]}, or null for 1
     * @param dx    input gradient written at {@code o}
     * @param dgain gain gradient {@code [n]} accumulated into
     * @param dbias bias gradient {@code [n]} accumulated into
     */
    static void layerNormBackwardRow(float[] g, float[] xhat, int o, int n, float rs, float[] gain, float[] dx,
            float[] dgain, float[] dbias) {
        int vn = S.loopBound(n);
        FloatVector accG = FloatVector.zero(S);
        FloatVector accGh = FloatVector.zero(S);
        int i = 0;
        for (; i < vn; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, o + i);
            FloatVector h = FloatVector.fromArray(S, xhat, o + i);
            FloatVector gh = gain == null ? gv : gv.mul(FloatVector.fromArray(S, gain, i));
            accG = accG.add(gh);
            accGh = gh.fma(h, accGh);
            gv.fma(h, FloatVector.fromArray(S, dgain, i)).intoArray(dgain, i);
            gv.add(FloatVector.fromArray(S, dbias, i)).intoArray(dbias, i);
        }
        float sumG = accG.reduceLanes(VectorOperators.ADD);
        float sumGh = accGh.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float gh = g[o + i] * (gain == null ? 1f : gain[i]);
            sumG += gh;
            sumGh += gh * xhat[o + i];
            dgain[i] += g[o + i] * xhat[o + i];
            dbias[i] += g[o + i];
        }
        float meanG = sumG / n;
        float meanGh = sumGh / n;
        FloatVector mg = FloatVector.broadcast(S, meanG);
        FloatVector mgh = FloatVector.broadcast(S, meanGh);
        FloatVector r = FloatVector.broadcast(S, rs);
        for (i = 0; i < vn; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, o + i);
            FloatVector gh = gain == null ? gv : gv.mul(FloatVector.fromArray(S, gain, i));
            FloatVector h = FloatVector.fromArray(S, xhat, o + i);
            gh.sub(mg).sub(h.mul(mgh)).mul(r).intoArray(dx, o + i);
        }
        for (; i < n; i++) {
            float gh = g[o + i] * (gain == null ? 1f : gain[i]);
            dx[o + i] = rs * (gh - meanG - xhat[o + i] * meanGh);
        }
    }
}
