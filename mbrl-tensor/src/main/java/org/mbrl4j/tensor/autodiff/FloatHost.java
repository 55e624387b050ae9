package org.mbrl4j.tensor.autodiff;

import org.mbrl4j.tensor.Activations;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Plain host loops for the small element-wise ops and reductions that end a training step (the squared error,
 * the mean of a loss), on dense float32 arrays: one pass in Java over heap copies instead of several native
 * ND4J calls, each of which costs more than the arithmetic on a few thousand floats. Outputs come from the
 * {@link ArrayPool}. The float64 path (the one the finite-difference checks use) stays on ND4J's ops.
 */
final class FloatHost {

    private FloatHost() {
    }

    /**
     * @param xs arrays
     * @return whether every array is a dense row-major float32 host array
     */
    static boolean applies(INDArray... xs) {
        return HostArrays.denseFloat(xs);
    }

    /**
     * @param x a dense float32 array (see {@link #applies}), or any other array (then copied through ND4J)
     * @return its entries in row-major order, a fresh heap array
     */
    static float[] read(INDArray x) {
        return HostArrays.toFloats(x);
    }

    /**
     * @param values entries in row-major order
     * @param shape  the shape, {@code values.length} entries in all
     * @return a pooled float32 array holding {@code values}
     */
    static INDArray pooled(float[] values, long[] shape) {
        INDArray a = ArrayPool.take(DataType.FLOAT, shape);
        HostArrays.floats(a).put(0, values, 0, values.length);
        return a;
    }

    /**
     * @param value the value of every entry
     * @param shape the shape
     * @return a pooled float32 array filled with {@code value}
     */
    static INDArray filled(float value, long[] shape) {
        INDArray a = ArrayPool.take(DataType.FLOAT, shape);
        HostArrays.fill(a, value);
        return a;
    }

    /**
     * @param x a dense float32 array
     * @return the sum of its entries, accumulated in float64
     */
    static double sum(INDArray x) {
        float[] v = read(x);
        double s0 = 0;
        double s1 = 0;
        int i = 0;
        for (; i + 1 < v.length; i += 2) {
            s0 += v[i];
            s1 += v[i + 1];
        }
        if (i < v.length) {
            s0 += v[i];
        }
        return s0 + s1;
    }

    /**
     * The softmax of each row of {@code n} entries, in place and in float arithmetic: the row's maximum
     * subtracted, the library's exponential on SIMD lanes ({@link Activations#expInPlace}), then each entry
     * times {@code 1 / sum}.
     *
     * @param x         row-major rows of {@code n} entries; becomes their probabilities
     * @param n         the row length
     * @param logSumExp null, or one entry per row that receives {@code max + log(sum(e^(x - max)))}
     */
    static void softmaxRows(float[] x, int n, float[] logSumExp) {
        float[] max = new float[x.length / n];
        for (int r = 0, o = 0; o < x.length; r++, o += n) {
            float m = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                m = Math.max(m, x[o + i]);
            }
            max[r] = m;
            for (int i = 0; i < n; i++) {
                x[o + i] -= m;
            }
        }
        Activations.expInPlace(x, 0, x.length);
        for (int r = 0, o = 0; o < x.length; r++, o += n) {
            float sum = 0;
            for (int i = 0; i < n; i++) {
                sum += x[o + i];
            }
            if (logSumExp != null) {
                logSumExp[r] = max[r] + (float) Math.log(sum);
            }
            float inv = 1f / sum;
            for (int i = 0; i < n; i++) {
                x[o + i] *= inv;
            }
        }
    }
}
