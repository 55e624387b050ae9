package org.mbrl4j.envs.classic;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Helpers of the batched reward and termination functions: argument checks and row-major float
 * copies of {@code [B, D]} arrays, so that the functions are plain loops.
 */
final class Batch {

    private Batch() {}

    /**
     * Checks a batch and copies it out as row-major floats.
     *
     * @param name the argument name, for messages
     * @param x the batch, {@code [B, dim]}
     * @param dim the expected second dimension
     * @param batch the expected batch size, or -1 to accept any
     * @return {@code B * dim} floats in row-major order (a fresh copy)
     * @throws IllegalArgumentException if {@code x} is null, not rank 2, or has the wrong shape
     */
    static float[] rows(String name, INDArray x, int dim, long batch) {
        checkShape(name, x, dim, batch);
        INDArray f = x.dataType() == DataType.FLOAT ? x : x.castTo(DataType.FLOAT);
        if (f.isView() || f.ordering() != 'c' || f.data().length() != f.length()) {
            f = f.dup('c');
        }
        return f.data().asFloat();
    }

    /**
     * Checks the shapes of a batch of transitions.
     *
     * @param obs observations, {@code [B, obsDim]}
     * @param obsDim the observation dimension
     * @param act actions, {@code [B, actDim]}
     * @param actDim the action dimension
     * @param next next observations, {@code [B, obsDim]}
     * @param nextDim the next-observation dimension
     * @return {@code B}
     * @throws IllegalArgumentException naming the first argument with a wrong shape
     */
    static int checkTransition(INDArray obs, int obsDim, INDArray act, int actDim, INDArray next, int nextDim) {
        long b = checkShape("observation", obs, obsDim, -1);
        checkShape("action", act, actDim, b);
        checkShape("nextObservation", next, nextDim, b);
        if (b > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch size too large: " + b);
        }
        return (int) b;
    }

    private static long checkShape(String name, INDArray x, int dim, long batch) {
        if (x == null) {
            throw new IllegalArgumentException(name + " must not be null; expected shape [B, " + dim + "]");
        }
        long[] shape = x.shape();
        if (shape.length != 2 || shape[1] != dim || (batch >= 0 && shape[0] != batch)) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(shape) + "; expected ["
                    + (batch >= 0 ? Long.toString(batch) : "B") + ", " + dim + "]");
        }
        return shape[0];
    }

    /**
     * @param values the results
     * @return a fresh float32 vector of shape {@code [values.length]}
     */
    static INDArray vector(float[] values) {
        return Nd4j.create(values, new long[] {values.length}, DataType.FLOAT);
    }
}
