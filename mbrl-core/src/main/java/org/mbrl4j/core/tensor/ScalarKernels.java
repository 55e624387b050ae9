package org.mbrl4j.core.tensor;

import java.nio.ByteBuffer;

/**
 * Plain-Java fused loops over host buffers: the reference for {@link VectorKernels} and the path for the
 * cheap activations when the Vector API is absent. Buffers are native-order views of float32 data;
 * indices below are element indices.
 */
final class ScalarKernels implements ElementwiseKernels {

    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public void biasActivate(ByteBuffer z, int rows, int cols, ByteBuffer bias, int biasRowStride,
            int rowsPerBiasRow, Activation act) {
        for (int r = 0; r < rows; r++) {
            int zb = r * cols;
            int bb = (r / rowsPerBiasRow) * biasRowStride;
            for (int j = 0; j < cols; j++) {
                int zi = (zb + j) << 2;
                z.putFloat(zi, act.apply(z.getFloat(zi) + bias.getFloat((bb + j) << 2)));
            }
        }
    }

    @Override
    public void activate(ByteBuffer in, ByteBuffer out, int n, Activation act) {
        for (int i = 0; i < n; i++) {
            out.putFloat(i << 2, act.apply(in.getFloat(i << 2)));
        }
    }

    @Override
    public void backward(ByteBuffer z, ByteBuffer gradOut, ByteBuffer gradIn, int n, Activation act) {
        for (int i = 0; i < n; i++) {
            gradIn.putFloat(i << 2, gradOut.getFloat(i << 2) * act.derivative(z.getFloat(i << 2)));
        }
    }
}
