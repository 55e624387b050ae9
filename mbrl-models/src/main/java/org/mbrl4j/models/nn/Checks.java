package org.mbrl4j.models.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Argument checks shared by the layers; messages name the layer, the argument and the expectation. */
final class Checks {

    private Checks() {
    }

    static void input(String layer, INDArray x, int rank, long lastDim, DataType dtype) {
        if (x == null) {
            throw new IllegalArgumentException(layer + ": input must not be null");
        }
        if (x.rank() != rank || x.size(rank - 1) != lastDim) {
            throw new IllegalArgumentException(layer + ": input has shape " + Arrays.toString(x.shape())
                    + "; expected rank " + rank + " with last dimension " + lastDim);
        }
        if (x.dataType() != dtype) {
            throw new IllegalArgumentException(layer + ": input has data type " + x.dataType() + "; expected "
                    + dtype + " like the layer's parameters");
        }
    }

    static void members(String layer, INDArray x, long members) {
        if (x.size(0) != members) {
            throw new IllegalArgumentException(layer + ": input has shape " + Arrays.toString(x.shape())
                    + "; expected " + members + " ensemble members in dimension 0");
        }
    }

    static void gradient(String layer, INDArray grad, INDArray output) {
        if (output == null) {
            throw new IllegalStateException(layer + ": backward called without a forward pass before it (infer "
                    + "keeps nothing to differentiate)");
        }
        if (grad == null || !Arrays.equals(grad.shape(), output.shape())) {
            throw new IllegalArgumentException(layer + ": gradOutput has shape "
                    + (grad == null ? "null" : Arrays.toString(grad.shape())) + "; expected "
                    + Arrays.toString(output.shape()) + " like the last output");
        }
        if (grad.dataType() != output.dataType()) {
            throw new IllegalArgumentException(layer + ": gradOutput has data type " + grad.dataType()
                    + "; expected " + output.dataType());
        }
    }

    static int positive(String name, long value) {
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be >= 1: " + value);
        }
        return (int) value;
    }

    static DataType floating(DataType dtype) {
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw new IllegalArgumentException("dtype must be FLOAT or DOUBLE: " + dtype);
        }
        return dtype;
    }
}
