package org.mbrl4j.tensor;

import java.nio.ByteBuffer;

/**
 * One implementation of the fused element-wise loops over host memory (plain Java or the Vector API).
 * Buffers are native-order byte views of dense float32 data; sizes and ranges count elements (rows for
 * {@link #biasActivate}). Every call touches only its range, so that {@link Activations} can split one
 * call across threads; results never depend on the split.
 */
interface ElementwiseKernels {

    /**
     * For rows {@code r} in {@code [rowFrom, rowTo)} of the row-major {@code ? x cols} arrays:
     * {@code z[r, j] += bias[(r / rowsPerBiasRow) * biasRowStride + j]}, then {@code out[r, j] = act(z[r, j])}.
     * {@code out} may be {@code z} (in place: {@code z} ends as the activation).
     */
    void biasActivate(ByteBuffer z, ByteBuffer out, int rowFrom, int rowTo, int cols, ByteBuffer bias,
            int biasRowStride, int rowsPerBiasRow, Activation act);

    /** {@code out[i] = act(in[i])} for {@code i} in {@code [from, to)}; {@code out} may be {@code in}. */
    void activate(ByteBuffer in, ByteBuffer out, int from, int to, Activation act);

    /**
     * {@code gradIn[i] = gradOut[i] * act'(z[i])} for {@code i} in {@code [from, to)}; {@code gradIn} may be
     * {@code gradOut}.
     */
    void backward(ByteBuffer z, ByteBuffer gradOut, ByteBuffer gradIn, int from, int to, Activation act);

    /**
     * {@code gradIn[i] = gradOut[i] * act'(x[i])} computed from the outputs {@code y = act(x)}, for {@code i}
     * in {@code [from, to)}; only for {@link Activation#hasDerivativeFromOutput()}; {@code gradIn} may be
     * {@code gradOut}.
     */
    void backwardFromOutput(ByteBuffer y, ByteBuffer gradOut, ByteBuffer gradIn, int from, int to, Activation act);

    /**
     * SiLU's backward from the pre-activations {@code z} and the outputs {@code y = silu(z)} of the forward
     * pass, with no transcendental: {@code gradIn[i] = gradOut[i] * siluDerivative(z[i], y[i])}
     * ({@link ScalarKernels#siluDerivative}) for {@code i} in {@code [from, to)}; {@code gradIn} may be
     * {@code gradOut}.
     */
    void siluBackward(ByteBuffer z, ByteBuffer y, ByteBuffer gradOut, ByteBuffer gradIn, int from, int to);

    /** {@code a[i] = e^{a[i]}} ({@link ScalarKernels#exp}'s bits) for {@code i} in {@code [from, to)} of a heap array. */
    void exp(float[] a, int from, int to);

    /** {@code a[i] = act(a[i])} (the bits of {@link #activate(ByteBuffer, ByteBuffer, int, int, Activation)}) for {@code i} in {@code [from, to)} of a heap array. */
    void activate(float[] a, int from, int to, Activation act);
}
