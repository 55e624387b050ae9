package org.mbrl4j.algorithms.common;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conversions between INDArrays and plain row-major Java arrays. The loss arithmetic of the learners runs
 * on {@code double[]} (a few numbers per sample, where ND4J's per-op overhead would dominate) and only the
 * network passes run on tensors.
 */
public final class Tensors {

    private Tensors() {
    }

    /**
     * @param x any array
     * @return its values in row-major order as a fresh {@code double[]}
     */
    public static double[] doubles(INDArray x) {
        return x.dup('c').data().asDouble();
    }

    /**
     * @param values row-major values
     * @param type   the data type of the result
     * @param shape  the shape; its product must equal {@code values.length}
     * @return a fresh array
     * @throws IllegalArgumentException if the shape does not match the number of values
     */
    public static INDArray array(double[] values, DataType type, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " holds " + n
                    + " values; got " + values.length);
        }
        return Nd4j.createFromArray(values).castTo(type).reshape('c', shape);
    }

    /**
     * @param x an array of any shape
     * @param name the argument name for the message
     * @throws IllegalArgumentException if {@code x} holds NaN or an infinity
     */
    public static void requireFinite(double[] x, String name) {
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException(name + " holds " + x[i] + " at flat index " + i
                        + "; expected finite values");
            }
        }
    }
}
