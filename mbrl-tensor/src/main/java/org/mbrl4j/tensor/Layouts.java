package org.mbrl4j.tensor;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Memory-layout questions about INDArrays that ND4J 1.0.0-M2.1 answers wrongly or not at all. */
public final class Layouts {

    private Layouts() {
    }

    /**
     * Whether the array's elements, in row-major order, are exactly its buffer's elements from its offset on
     * (no gaps, no steps): every dimension of size above 1 has the stride of the sizes after it. Unlike ND4J's
     * {@code Shape.hasDefaultStridesForShape}, which says no for {@code [5, 1, 200]} with strides
     * {@code [200, 200, 1]} (an ensemble bias), dimensions of size 1 may have any stride.
     *
     * @param x any array (not null)
     * @return true when {@code x} is row-major contiguous
     */
    public static boolean rowMajorContiguous(INDArray x) {
        long expected = 1;
        for (int i = x.rank() - 1; i >= 0; i--) {
            long n = x.size(i);
            if (n != 1 && x.stride(i) != expected) {
                return false;
            }
            expected *= n;
        }
        return true;
    }
}
