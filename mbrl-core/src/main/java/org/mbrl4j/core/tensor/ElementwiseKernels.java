package org.mbrl4j.core.tensor;

import java.nio.ByteBuffer;

/**
 * One implementation of the fused element-wise loops over host memory (plain Java or the Vector API).
 * Buffers are native-order byte views of dense float32 data; sizes count elements.
 */
interface ElementwiseKernels {

    /**
     * {@code z[r, j] = act(z[r, j] + bias[(r / rowsPerBiasRow) * biasRowStride + j])} in place, {@code z}
     * being {@code rows x cols} row-major.
     */
    void biasActivate(ByteBuffer z, int rows, int cols, ByteBuffer bias, int biasRowStride, int rowsPerBiasRow,
            Activation act);

    /** {@code out[i] = act(in[i])} for {@code i < n}; {@code out} may be {@code in}. */
    void activate(ByteBuffer in, ByteBuffer out, int n, Activation act);

    /** {@code gradIn[i] = gradOut[i] * act'(z[i])} for {@code i < n}; {@code gradIn} may be {@code gradOut}. */
    void backward(ByteBuffer z, ByteBuffer gradOut, ByteBuffer gradIn, int n, Activation act);
}
