package org.mbrl4j.tensor.autodiff;

import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.mbrl4j.tensor.Activations;

/**
 * Tape-free float32 forward kernels over row-major Java arrays: a dense layer, LayerNorm and a softmax over rows,
 * on the SIMD lanes of the Vector API (activations: {@link Activations#activateInPlace}). They compute what the tape's float32 ops compute, for
 * batched inference that runs many small layers per call (a planner scoring a population through a world model),
 * where each ND4J array and native call would cost more than its arithmetic. Every kernel treats each row on its
 * own with a fixed order of operations, so a row's result does not depend on the other rows or on how a caller
 * splits the rows over threads ({@link org.mbrl4j.tensor.CpuThreads#forRows}); it differs from the tape's
 * product (OpenBLAS) by float rounding only. Needs {@code --add-modules jdk.incubator.vector}, as the tape's
 * float32 normalisations do.
 */
public final class FloatInference {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private FloatInference() {
    }

    /**
     * {@code y[r] = x[r] W + b} for each row {@code r}. Each output starts from its bias and adds the terms
     * {@code x[r, k] W[k, j]} in order {@code k = 0 .. in - 1} with fused multiply-adds, except the last
     * {@code out % lanes} columns (past the last full SIMD vector), whose terms are summed in four interleaved
     * partial sums before the bias is added; either way the order is fixed, so each row's outputs do not
     * depend on the other rows.
     *
     * @param x    inputs, row-major {@code [rows, in]} (at least {@code rows * in} entries)
     * @param rows rows, {@code >= 0}
     * @param in   input features, {@code >= 1}
     * @param w    weights, row-major {@code [in, out]} (the layout of the tape's {@code x.mmul(W)})
     * @param b    bias {@code [out]}, or null for none
     * @param out  output features, {@code >= 1}
     * @param y    outputs, row-major {@code [rows, out]} (at least {@code rows * out} entries); must not be {@code x}
     * @throws IllegalArgumentException if a size is out of range or an array is too short
     */
    public static void dense(float[] x, int rows, int in, float[] w, float[] b, int out, float[] y) {
        if (rows < 0 || in < 1 || out < 1) {
            throw new IllegalArgumentException("dense: rows must be >= 0, in and out >= 1: rows=" + rows + ", in="
                    + in + ", out=" + out);
        }
        need("dense", "x", x, (long) rows * in);
        need("dense", "w", w, (long) in * out);
        need("dense", "y", y, (long) rows * out);
        if (b != null) {
            need("dense", "b", b, out);
        }
        if (x == y) {
            throw new IllegalArgumentException("dense: y must not be x");
        }
        int lanes = S.length();
        int vecEnd = S.loopBound(out);
        int r = 0;
        for (; r + 1 < rows; r += 2) { // two rows share each load of the weights
            int j = 0;
            for (; j + 4 * lanes <= vecEnd; j += 4 * lanes) {
                fourVectorsTwoRows(x, r * in, in, w, b, out, j, y, r * out);
            }
            for (; j < vecEnd; j += lanes) {
                oneVectorTwoRows(x, r * in, in, w, b, out, j, y, r * out);
            }
        }
        for (; r < rows; r++) {
            for (int j = 0; j < vecEnd; j += lanes) {
                oneVectorOneRow(x, r * in, in, w, b, out, j, y, r * out);
            }
        }
        if (vecEnd < out) {
            tailColumns(x, rows, in, w, b, out, vecEnd, y);
        }
    }

    private static void fourVectorsTwoRows(float[] x, int xo, int in, float[] w, float[] b, int out, int j,
            float[] y, int yo) {
        int l = S.length();
        FloatVector a0 = start(b, j);
        FloatVector a1 = start(b, j + l);
        FloatVector a2 = start(b, j + 2 * l);
        FloatVector a3 = start(b, j + 3 * l);
        FloatVector c0 = a0;
        FloatVector c1 = a1;
        FloatVector c2 = a2;
        FloatVector c3 = a3;
        int xo2 = xo + in;
        for (int k = 0, wo = j; k < in; k++, wo += out) {
            FloatVector x1 = FloatVector.broadcast(S, x[xo + k]);
            FloatVector x2 = FloatVector.broadcast(S, x[xo2 + k]);
            FloatVector w0 = FloatVector.fromArray(S, w, wo);
            FloatVector w1 = FloatVector.fromArray(S, w, wo + l);
            FloatVector w2 = FloatVector.fromArray(S, w, wo + 2 * l);
            FloatVector w3 = FloatVector.fromArray(S, w, wo + 3 * l);
            a0 = w0.fma(x1, a0);
            a1 = w1.fma(x1, a1);
            a2 = w2.fma(x1, a2);
            a3 = w3.fma(x1, a3);
            c0 = w0.fma(x2, c0);
            c1 = w1.fma(x2, c1);
            c2 = w2.fma(x2, c2);
            c3 = w3.fma(x2, c3);
        }
        a0.intoArray(y, yo + j);
        a1.intoArray(y, yo + j + l);
        a2.intoArray(y, yo + j + 2 * l);
        a3.intoArray(y, yo + j + 3 * l);
        int yo2 = yo + out;
        c0.intoArray(y, yo2 + j);
        c1.intoArray(y, yo2 + j + l);
        c2.intoArray(y, yo2 + j + 2 * l);
        c3.intoArray(y, yo2 + j + 3 * l);
    }

    private static void oneVectorTwoRows(float[] x, int xo, int in, float[] w, float[] b, int out, int j,
            float[] y, int yo) {
        FloatVector a0 = start(b, j);
        FloatVector c0 = a0;
        int xo2 = xo + in;
        for (int k = 0, wo = j; k < in; k++, wo += out) {
            FloatVector w0 = FloatVector.fromArray(S, w, wo);
            a0 = w0.fma(FloatVector.broadcast(S, x[xo + k]), a0);
            c0 = w0.fma(FloatVector.broadcast(S, x[xo2 + k]), c0);
        }
        a0.intoArray(y, yo + j);
        c0.intoArray(y, yo + out + j);
    }

    private static void oneVectorOneRow(float[] x, int xo, int in, float[] w, float[] b, int out, int j,
            float[] y, int yo) {
        FloatVector a0 = start(b, j);
        for (int k = 0, wo = j; k < in; k++, wo += out) {
            a0 = FloatVector.fromArray(S, w, wo).fma(FloatVector.broadcast(S, x[xo + k]), a0);
        }
        a0.intoArray(y, yo + j);
    }

    /**
     * The columns past the last full vector: their weights gathered into contiguous rows, then one dot product
     * per row and column, summed in order over {@code k} (each term a fused multiply-add).
     */
    private static void tailColumns(float[] x, int rows, int in, float[] w, float[] b, int out, int from,
            float[] y) {
        int tail = out - from;
        float[] wt = new float[tail * in];
        for (int k = 0; k < in; k++) {
            for (int t = 0; t < tail; t++) {
                wt[t * in + k] = w[k * out + from + t];
            }
        }
        for (int r = 0; r < rows; r++) {
            int xo = r * in;
            for (int t = 0; t < tail; t++) {
                float s = b == null ? 0f : b[from + t];
                int wo = t * in;
                float s0 = 0f;
                float s1 = 0f;
                float s2 = 0f;
                float s3 = 0f;
                int k = 0;
                for (; k + 3 < in; k += 4) {
                    s0 = Math.fma(wt[wo + k], x[xo + k], s0);
                    s1 = Math.fma(wt[wo + k + 1], x[xo + k + 1], s1);
                    s2 = Math.fma(wt[wo + k + 2], x[xo + k + 2], s2);
                    s3 = Math.fma(wt[wo + k + 3], x[xo + k + 3], s3);
                }
                for (; k < in; k++) {
                    s0 = Math.fma(wt[wo + k], x[xo + k], s0);
                }
                y[r * out + from + t] = s + ((s0 + s1) + (s2 + s3));
            }
        }
    }

    private static FloatVector start(float[] b, int j) {
        return b == null ? FloatVector.zero(S) : FloatVector.fromArray(S, b, j);
    }

    /**
     * LayerNorm of each row, in place: {@code x = (x - mean) / sqrt(var + eps) * gain + shift} (the tape's float32
     * {@link NnOps#layerNorm} row kernel).
     *
     * @param x     row-major {@code [rows, n]}; overwritten
     * @param rows  rows, {@code >= 0}
     * @param n     row length, {@code >= 1}
     * @param eps   variance floor, {@code > 0}
     * @param gain  per-feature gain {@code [n]}, or null for 1
     * @param shift per-feature shift {@code [n]}, or null for 0
     * @throws IllegalArgumentException if a size is out of range or an array is too short
     */
    public static void layerNorm(float[] x, int rows, int n, float eps, float[] gain, float[] shift) {
        if (rows < 0 || n < 1 || !(eps > 0)) {
            throw new IllegalArgumentException("layerNorm: rows must be >= 0, n >= 1 and eps > 0: rows=" + rows
                    + ", n=" + n + ", eps=" + eps);
        }
        need("layerNorm", "x", x, (long) rows * n);
        if (gain != null) {
            need("layerNorm", "gain", gain, n);
        }
        if (shift != null) {
            need("layerNorm", "shift", shift, n);
        }
        for (int r = 0; r < rows; r++) {
            FloatRows.layerNormRow(x, r * n, n, eps, gain, shift, x, x);
        }
    }

    /**
     * The softmax of each row of {@code n} entries, in place: the row's maximum subtracted, the library's
     * exponential, then each entry times {@code 1 / sum} (the tape's float32 softmax; with {@code n} a SimNorm
     * group size, SimNorm).
     *
     * @param x    row-major {@code [rows, n]}; becomes the probabilities. Its length must be {@code rows * n}.
     * @param rows rows, {@code >= 0}
     * @param n    row length, {@code >= 1}
     * @throws IllegalArgumentException if {@code x.length != rows * n}
     */
    public static void softmax(float[] x, int rows, int n) {
        Objects.requireNonNull(x, "softmax: x");
        if (rows < 0 || n < 1 || (long) rows * n != x.length) {
            throw new IllegalArgumentException("softmax: x must hold rows x n = " + rows + " x " + n + " entries: "
                    + x.length);
        }
        if (rows > 0) {
            FloatHost.softmaxRows(x, n, null);
        }
    }

    private static void need(String op, String name, float[] a, long length) {
        Objects.requireNonNull(a, op + ": " + name);
        if (a.length < length) {
            throw new IllegalArgumentException(op + ": " + name + " must hold at least " + length + " entries: "
                    + a.length);
        }
    }
}
