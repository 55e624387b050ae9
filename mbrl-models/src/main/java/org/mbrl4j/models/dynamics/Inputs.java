package org.mbrl4j.models.dynamics;

import java.util.Arrays;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Boundary checks of model inputs: shape and finiteness, with messages naming the argument. */
final class Inputs {

    private Inputs() {
    }

    /**
     * @param name     the argument's name
     * @param x        the array
     * @param expected the expected shape; -1 matches any size
     * @return the values, row-major, as floats
     */
    static float[] floats(String name, INDArray x, long[] expected) {
        if (x == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        boolean ok = x.rank() == expected.length;
        for (int i = 0; ok && i < expected.length; i++) {
            ok = expected[i] < 0 || x.size(i) == expected[i];
        }
        if (!ok) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(x.shape()) + "; expected "
                    + Arrays.toString(expected).replace("-1", "any"));
        }
        if (!x.dataType().isFPType()) {
            throw new IllegalArgumentException(name + " has data type " + x.dataType() + "; expected FLOAT");
        }
        float[] v = org.mbrl4j.tensor.HostArrays.toFloats(x);
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException(name + " holds " + v[i] + " at flat index " + i
                        + "; expected finite values");
            }
        }
        return v;
    }
}
