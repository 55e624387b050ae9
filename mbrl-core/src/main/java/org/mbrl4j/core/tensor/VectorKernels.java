package org.mbrl4j.core.tensor;

import static jdk.incubator.vector.VectorOperators.EXP;
import static jdk.incubator.vector.VectorOperators.EXPM1;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LOG1P;
import static jdk.incubator.vector.VectorOperators.TANH;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused element-wise loops on the Java Vector API ({@code jdk.incubator.vector}), whose transcendental
 * lanes (exp, tanh, log1p) compile to SIMD math kernels: 3-6x ND4J's element-wise ops on SiLU/tanh
 * (docs/benchmarks.md).
 *
 * <p>Loaded only by {@link Activations} after it has checked that the module is in the boot layer, so
 * that the library runs (on {@link ScalarKernels} and ND4J) when the JVM was started without
 * {@code --add-modules jdk.incubator.vector}.
 */
final class VectorKernels implements ElementwiseKernels {

    static final VectorKernels INSTANCE = new VectorKernels();

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Elements per block in biasActivate: the bias pass and the activation pass meet in L1 cache. */
    private static final int BLOCK = 4096;

    private VectorKernels() {
    }

    @Override
    public void biasActivate(ByteBuffer z, int rows, int cols, ByteBuffer bias, int biasRowStride,
            int rowsPerBiasRow, Activation act) {
        int rowsPerBlock = Math.max(1, BLOCK / Math.max(cols, 1));
        for (int r0 = 0; r0 < rows; r0 += rowsPerBlock) {
            int r1 = Math.min(rows, r0 + rowsPerBlock);
            for (int r = r0; r < r1; r++) {
                addRow(z, r * cols, bias, (r / rowsPerBiasRow) * biasRowStride, cols);
            }
            // One flat pass over the block: the vector tail is paid once per block, not once per row.
            activate(z, z, r0 * cols, r1 * cols, act);
        }
    }

    private static void addRow(ByteBuffer z, int zBase, ByteBuffer bias, int bBase, int cols) {
        int j = 0;
        int upper = S.loopBound(cols);
        for (; j < upper; j += S.length()) {
            int zo = (zBase + j) << 2;
            FloatVector.fromByteBuffer(S, z, zo, NATIVE)
                    .add(FloatVector.fromByteBuffer(S, bias, (bBase + j) << 2, NATIVE))
                    .intoByteBuffer(z, zo, NATIVE);
        }
        for (; j < cols; j++) {
            int zo = (zBase + j) << 2;
            z.putFloat(zo, z.getFloat(zo) + bias.getFloat((bBase + j) << 2));
        }
    }

    @Override
    public void activate(ByteBuffer in, ByteBuffer out, int n, Activation act) {
        activate(in, out, 0, n, act);
    }

    private static void activate(ByteBuffer in, ByteBuffer out, int from, int to, Activation act) {
        int i = from;
        int upper = from + S.loopBound(to - from);
        for (; i < upper; i += S.length()) {
            f(FloatVector.fromByteBuffer(S, in, i << 2, NATIVE), act).intoByteBuffer(out, i << 2, NATIVE);
        }
        if (i < to) {
            VectorMask<Float> m = S.indexInRange(i, to);
            f(FloatVector.fromByteBuffer(S, in, i << 2, NATIVE, m), act).intoByteBuffer(out, i << 2, NATIVE, m);
        }
    }

    @Override
    public void backward(ByteBuffer z, ByteBuffer gradOut, ByteBuffer gradIn, int n, Activation act) {
        int i = 0;
        int upper = S.loopBound(n);
        for (; i < upper; i += S.length()) {
            FloatVector d = df(FloatVector.fromByteBuffer(S, z, i << 2, NATIVE), act);
            d.mul(FloatVector.fromByteBuffer(S, gradOut, i << 2, NATIVE)).intoByteBuffer(gradIn, i << 2, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector d = df(FloatVector.fromByteBuffer(S, z, i << 2, NATIVE, m), act);
            d.mul(FloatVector.fromByteBuffer(S, gradOut, i << 2, NATIVE, m)).intoByteBuffer(gradIn, i << 2, NATIVE, m);
        }
    }

    // Small methods per function, so that the dispatching switch stays small enough to be inlined.

    private static FloatVector f(FloatVector v, Activation act) {
        switch (act) {
            case IDENTITY: return v;
            case RELU: return v.max(0f);
            case LEAKY_RELU: return v.max(v.mul(Activation.LEAKY_SLOPE));
            case ELU: return v.lanewise(EXPM1).blend(v, v.compare(GT, 0f));
            case TANH: return v.lanewise(TANH);
            case SIGMOID: return sigmoid(v);
            case SILU: return v.div(v.neg().lanewise(EXP).add(1f));
            case SOFTPLUS: return softplus(v);
            case MISH: return v.mul(softplus(v).lanewise(TANH));
            default: throw new AssertionError(act);
        }
    }

    private static FloatVector df(FloatVector v, Activation act) {
        switch (act) {
            case IDENTITY: return v.broadcast(1f);
            case RELU: return v.broadcast(0f).blend(1f, v.compare(GT, 0f));
            case LEAKY_RELU: return v.broadcast(Activation.LEAKY_SLOPE).blend(1f, v.compare(GT, 0f));
            case ELU: return v.lanewise(EXP).blend(1f, v.compare(GT, 0f));
            case TANH: return dTanh(v);
            case SIGMOID: return dSigmoid(v);
            case SILU: return dSilu(v);
            case SOFTPLUS: return sigmoid(v);
            case MISH: return dMish(v);
            default: throw new AssertionError(act);
        }
    }

    private static FloatVector sigmoid(FloatVector v) {
        return v.broadcast(1f).div(v.neg().lanewise(EXP).add(1f));
    }

    private static FloatVector softplus(FloatVector v) {
        return v.max(0f).add(v.abs().neg().lanewise(EXP).lanewise(LOG1P));
    }

    private static FloatVector dTanh(FloatVector v) {
        FloatVector t = v.lanewise(TANH);
        return t.mul(t).neg().add(1f);
    }

    private static FloatVector dSigmoid(FloatVector v) {
        FloatVector s = sigmoid(v);
        return s.mul(s.neg().add(1f));
    }

    private static FloatVector dSilu(FloatVector v) {
        FloatVector s = sigmoid(v);
        return s.mul(v.mul(s.neg().add(1f)).add(1f));
    }

    private static FloatVector dMish(FloatVector v) {
        FloatVector t = softplus(v).lanewise(TANH);
        return v.mul(t.mul(t).neg().add(1f)).mul(sigmoid(v)).add(t);
    }
}
