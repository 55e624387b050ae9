package org.mbrl4j.tensor;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LT;
import static org.mbrl4j.tensor.ScalarKernels.E2;
import static org.mbrl4j.tensor.ScalarKernels.E3;
import static org.mbrl4j.tensor.ScalarKernels.E4;
import static org.mbrl4j.tensor.ScalarKernels.E5;
import static org.mbrl4j.tensor.ScalarKernels.E6;
import static org.mbrl4j.tensor.ScalarKernels.E7;
import static org.mbrl4j.tensor.ScalarKernels.EXP_FLOOR;
import static org.mbrl4j.tensor.ScalarKernels.L11;
import static org.mbrl4j.tensor.ScalarKernels.L3;
import static org.mbrl4j.tensor.ScalarKernels.L5;
import static org.mbrl4j.tensor.ScalarKernels.L7;
import static org.mbrl4j.tensor.ScalarKernels.L9;
import static org.mbrl4j.tensor.ScalarKernels.LN2;
import static org.mbrl4j.tensor.ScalarKernels.LN2_HI;
import static org.mbrl4j.tensor.ScalarKernels.LN2_LO;
import static org.mbrl4j.tensor.ScalarKernels.LOG2E;
import static org.mbrl4j.tensor.ScalarKernels.MAGIC;
import static org.mbrl4j.tensor.ScalarKernels.MAGIC_BITS;
import static org.mbrl4j.tensor.ScalarKernels.SILU_TINY;
import static org.mbrl4j.tensor.ScalarKernels.SQRT2_M1;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused element-wise loops on the Java Vector API ({@code jdk.incubator.vector}): 3-6x ND4J's
 * element-wise ops on SiLU/tanh (docs/benchmarks.md).
 *
 * <p>exp, expm1, tanh and log1p are the lane forms of {@link ScalarKernels#exp} and friends: the same
 * IEEE-exact operations (add, mul, div, fma, compares and blends, int/float bit reinterpretation) in the same
 * order, so every lane gives the bits the plain-Java path gives, whether the JIT has compiled this code or
 * not. The Vector API's own transcendental lanes ({@code EXP}, {@code TANH}, ...) do not: interpreted they
 * fall back to {@code Math}, compiled they call SVML, and the last bits differ, which broke bitwise
 * reproducibility of training runs.
 *
 * <p>Every loop loads and stores its vectors itself ({@code FloatVector.fromByteBuffer} in the loop body) and
 * keeps the functions it calls small: a helper that C2 has already compiled on its own may be left out of line
 * when the loop is compiled, and then every vector passed to it or returned from it becomes a heap object
 * (megabytes of garbage per call; found with JFR's allocation samples, checked with JMH's {@code -prof gc} on
 * {@code ActivationBenchmark}); Mish uses one exponential instead of tanh of softplus, whose nested helpers
 * boxed its vectors in the same way.
 *
 * <p>Loaded only by {@link Activations} after it has checked that the module is in the boot layer, so
 * that the library runs (on {@link ScalarKernels} and ND4J) when the JVM was started without
 * {@code --add-modules jdk.incubator.vector}.
 */
final class VectorKernels implements ElementwiseKernels {

    static final VectorKernels INSTANCE = new VectorKernels();

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private VectorKernels() {
    }

    // ---- Dispatch -----------------------------------------------------------------------------------------
    // Every loop below is called through a MethodHandle read from an array. C2 inlines a MethodHandle call only
    // when the handle is a compile-time constant, which an array element is not, so each loop is compiled on its
    // own with its vector helpers inlined, wherever it is called from. Called directly, a loop could be inlined
    // into a large caller (the public Activations methods, ParallelRanges' pool, a layer's pass), whose node
    // budget (C2's NodeCountInliningCutoff) then ran out before the helpers (exp's polynomial, pow2): their
    // vectors were boxed, and a pass became 4-10x slower some seconds into a run (docs/performance.md).

    private static final MethodType ROWS = MethodType.methodType(void.class, ByteBuffer.class, ByteBuffer.class,
            int.class, int.class, int.class, float[].class, int.class, int.class, boolean.class);
    private static final MethodType UNARY = MethodType.methodType(void.class, ByteBuffer.class, ByteBuffer.class,
            int.class, int.class);
    private static final MethodType BINARY = MethodType.methodType(void.class, ByteBuffer.class, ByteBuffer.class,
            ByteBuffer.class, int.class, int.class);
    /** Fused bias + activation loops by {@link Activation#ordinal()}; null: bias pass, then {@link #ACTIVATE}. */
    private static final MethodHandle[] BIAS = perActivation("b", ROWS, true);
    private static final MethodHandle[] ACTIVATE = perActivation("f", UNARY, false);
    private static final MethodHandle[] BACKWARD = perActivation("d", BINARY, false);
    private static final MethodHandle FROM_OUTPUT = find("fromOutputLoop",
            BINARY.appendParameterTypes(Activation.class));
    private static final MethodHandle SILU_BACKWARD = find("siluBackwardLoop",
            BINARY.insertParameterTypes(0, ByteBuffer.class));

    /**
     * @param prefix    the loops' name prefix: {@code "f"} finds {@code fSilu}, {@code fTanh}, ... (the
     *                  activation's name in camel case)
     * @param type      the loops' type; the cheap functions' shared loop ({@code prefix + "Cheap"}) takes the
     *                  activation as an extra last parameter, bound here
     * @param fusedOnly whether only SiLU, tanh and the cheap functions have a loop (the bias passes)
     * @return the loops by {@link Activation#ordinal()}, null where there is none
     */
    private static MethodHandle[] perActivation(String prefix, MethodType type, boolean fusedOnly) {
        MethodHandle cheap = find(prefix + "Cheap", type.appendParameterTypes(Activation.class));
        MethodHandle[] h = new MethodHandle[Activation.values().length];
        for (Activation a : Activation.values()) {
            if (a == Activation.IDENTITY || a == Activation.RELU || a == Activation.LEAKY_RELU) {
                h[a.ordinal()] = MethodHandles.insertArguments(cheap, type.parameterCount(), a);
            } else if (!fusedOnly || a == Activation.SILU || a == Activation.TANH) {
                String n = a.name().toLowerCase(Locale.ROOT);
                h[a.ordinal()] = find(prefix + Character.toUpperCase(n.charAt(0)) + n.substring(1), type);
            }
        }
        return h;
    }

    private static MethodHandle find(String name, MethodType type) {
        try {
            return MethodHandles.lookup().findStatic(VectorKernels.class, name, type);
        } catch (ReflectiveOperationException e) {
            throw new LinkageError("VectorKernels." + name + type, e);
        }
    }

    /** Rethrows what a loop threw (runtime exceptions and errors only: the loops declare nothing). */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    @Override
    public void biasActivate(ByteBuffer z, ByteBuffer out, int rowFrom, int rowTo, int cols, ByteBuffer bias,
            int biasRowStride, int rowsPerBiasRow, Activation act) {
        boolean keep = z != out;
        // The bias is read from a heap copy: on JDK 17 a vector load from an array costs far less than one
        // from a direct ByteBuffer (measured 1.7x on the whole SiLU pass), and the bias is tiny.
        float[] b = new float[bias.limit() >> 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = bias.getFloat(i << 2);
        }
        // The functions of the hot dense stacks get one fused pass (load, add, activate, store); each loop
        // inlines exactly one function (see below). The others add the bias, then run one activation pass.
        MethodHandle fused = BIAS[act.ordinal()];
        if (fused != null) {
            try {
                fused.invokeExact(z, out, rowFrom, rowTo, cols, b, biasRowStride, rowsPerBiasRow, keep);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            return;
        }
        for (int r = rowFrom; r < rowTo; r++) {
            addRow(z, r * cols, bias, (r / rowsPerBiasRow) * biasRowStride, cols);
        }
        activate(z, out, rowFrom * cols, rowTo * cols, act);
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

    private static void bSilu(ByteBuffer z, ByteBuffer out, int r0, int r1, int cols, float[] bias, int stride,
            int per, boolean keep) {
        int upper = S.loopBound(cols);
        for (int r = r0; r < r1; r++) {
            int zb = r * cols;
            int bb = (r / per) * stride;
            int j = 0;
            for (; j < upper; j += S.length()) {
                FloatVector v = FloatVector.fromByteBuffer(S, z, (zb + j) << 2, NATIVE).add(FloatVector.fromArray(S, bias, bb + j));
                if (keep) {
                    v.intoByteBuffer(z, (zb + j) << 2, NATIVE);
                }
                fSilu(v).intoByteBuffer(out, (zb + j) << 2, NATIVE);
            }
            // Row tails in plain Java (the same bits): masked vector loads and stores are not intrinsified
            // on AVX2 in JDK 17 and cost far more than a few scalar elements (output heads of width 2-10).
            for (; j < cols; j++) {
                int zi = (zb + j) << 2;
                float v = z.getFloat(zi) + bias[bb + j];
                z.putFloat(zi, v);
                out.putFloat(zi, ScalarKernels.silu(v));
            }
        }
    }

    private static void bTanh(ByteBuffer z, ByteBuffer out, int r0, int r1, int cols, float[] bias, int stride,
            int per, boolean keep) {
        int upper = S.loopBound(cols);
        for (int r = r0; r < r1; r++) {
            int zb = r * cols;
            int bb = (r / per) * stride;
            int j = 0;
            for (; j < upper; j += S.length()) {
                FloatVector v = FloatVector.fromByteBuffer(S, z, (zb + j) << 2, NATIVE).add(FloatVector.fromArray(S, bias, bb + j));
                if (keep) {
                    v.intoByteBuffer(z, (zb + j) << 2, NATIVE);
                }
                tanh(v).intoByteBuffer(out, (zb + j) << 2, NATIVE);
            }
            // Row tails in plain Java (the same bits): masked vector loads and stores are not intrinsified
            // on AVX2 in JDK 17 and cost far more than a few scalar elements (output heads of width 2-10).
            for (; j < cols; j++) {
                int zi = (zb + j) << 2;
                float v = z.getFloat(zi) + bias[bb + j];
                z.putFloat(zi, v);
                out.putFloat(zi, ScalarKernels.tanh(v));
            }
        }
    }

    private static void bCheap(ByteBuffer z, ByteBuffer out, int r0, int r1, int cols, float[] bias, int stride,
            int per, boolean keep, Activation act) {
        int upper = S.loopBound(cols);
        for (int r = r0; r < r1; r++) {
            int zb = r * cols;
            int bb = (r / per) * stride;
            int j = 0;
            for (; j < upper; j += S.length()) {
                FloatVector v = FloatVector.fromByteBuffer(S, z, (zb + j) << 2, NATIVE).add(FloatVector.fromArray(S, bias, bb + j));
                if (keep) {
                    v.intoByteBuffer(z, (zb + j) << 2, NATIVE);
                }
                cheap(v, act).intoByteBuffer(out, (zb + j) << 2, NATIVE);
            }
            // Row tails in plain Java (the same bits): masked vector loads and stores are not intrinsified
            // on AVX2 in JDK 17 and cost far more than a few scalar elements (output heads of width 2-10).
            for (; j < cols; j++) {
                int zi = (zb + j) << 2;
                float v = z.getFloat(zi) + bias[bb + j];
                z.putFloat(zi, v);
                out.putFloat(zi, act.apply(v));
            }
        }
    }

    // One loop method per function, dispatched once per call (above): a loop that dispatched per vector to
    // every function would grow past C2's inlining budgets once several functions had run, and its vectors
    // would then be boxed (5x slower). Each loop below inlines exactly one function.

    @Override
    public void activate(ByteBuffer in, ByteBuffer out, int from, int to, Activation act) {
        try {
            ACTIVATE[act.ordinal()].invokeExact(in, out, from, to);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void backward(ByteBuffer z, ByteBuffer gradOut, ByteBuffer gradIn, int from, int to, Activation act) {
        try {
            BACKWARD[act.ordinal()].invokeExact(z, gradOut, gradIn, from, to);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void backwardFromOutput(ByteBuffer y, ByteBuffer g, ByteBuffer gradIn, int i, int to, Activation act) {
        try {
            FROM_OUTPUT.invokeExact(y, g, gradIn, i, to, act);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void siluBackward(ByteBuffer z, ByteBuffer y, ByteBuffer g, ByteBuffer gradIn, int i, int to) {
        try {
            SILU_BACKWARD.invokeExact(z, y, g, gradIn, i, to);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void fromOutputLoop(ByteBuffer y, ByteBuffer g, ByteBuffer gradIn, int i, int to,
            Activation act) {
        for (int upper = i + S.loopBound(to - i); i < upper; i += S.length()) {
            fromOutput(FloatVector.fromByteBuffer(S, y, i << 2, NATIVE), act).mul(FloatVector.fromByteBuffer(S, g, i << 2, NATIVE)).intoByteBuffer(gradIn, i << 2, NATIVE);
        }
        ScalarKernels.INSTANCE.backwardFromOutput(y, g, gradIn, i, to, act); // tail, same bits
    }

    private static void siluBackwardLoop(ByteBuffer z, ByteBuffer y, ByteBuffer g, ByteBuffer gradIn, int i,
            int to) {
        for (int upper = i + S.loopBound(to - i); i < upper; i += S.length()) {
            int b = i << 2;
            FloatVector zv = FloatVector.fromByteBuffer(S, z, b, NATIVE);
            FloatVector yv = FloatVector.fromByteBuffer(S, y, b, NATIVE);
            // The lane form of ScalarKernels.siluDerivative: the same operations in the same order.
            FloatVector s = yv.div(zv).blend(0.5f, zv.abs().compare(LT, SILU_TINY));
            yv.fma(s.neg().add(1f), s).mul(FloatVector.fromByteBuffer(S, g, b, NATIVE)).intoByteBuffer(gradIn, b,
                    NATIVE);
        }
        for (; i < to; i++) {
            int b = i << 2;
            gradIn.putFloat(b, ScalarKernels.siluDerivative(z.getFloat(b), y.getFloat(b)) * g.getFloat(b));
        }
    }

    /** The derivative from the output, as {@link Activation#derivativeFromOutput(float)}. */
    private static FloatVector fromOutput(FloatVector y, Activation act) {
        switch (act) {
            case IDENTITY: return y.broadcast(1f);
            case RELU: return y.broadcast(0f).blend(1f, y.compare(GT, 0f));
            case LEAKY_RELU: return y.broadcast(Activation.LEAKY_SLOPE).blend(1f, y.compare(GT, 0f));
            case ELU: return y.add(1f).blend(1f, y.compare(GT, 0f));
            case TANH: return y.mul(y).neg().add(1f);
            case SIGMOID: return y.mul(y.neg().add(1f));
            default: throw new AssertionError(act);
        }
    }


    private static void fCheap(ByteBuffer in, ByteBuffer out, int i, int to, Activation act) {
        for (int upper = i + S.loopBound(to - i); i < upper; i += S.length()) {
            cheap(FloatVector.fromByteBuffer(S, in, i << 2, NATIVE), act).intoByteBuffer(out, i << 2, NATIVE);
        }
        ScalarKernels.INSTANCE.activate(in, out, i, to, act); // tail, same bits
    }

    private static void dCheap(ByteBuffer z, ByteBuffer g, ByteBuffer gradIn, int i, int n, Activation act) {
        for (int upper = i + S.loopBound(n - i); i < upper; i += S.length()) {
            dCheap(FloatVector.fromByteBuffer(S, z, i << 2, NATIVE), act).mul(FloatVector.fromByteBuffer(S, g, i << 2, NATIVE)).intoByteBuffer(gradIn, i << 2, NATIVE);
        }
        ScalarKernels.INSTANCE.backward(z, g, gradIn, i, n, act); // tail, same bits
    }

    private static FloatVector cheap(FloatVector v, Activation act) {
        switch (act) {
            case IDENTITY: return v;
            case RELU: return v.max(0f);
            case LEAKY_RELU: return v.max(v.mul(Activation.LEAKY_SLOPE));
            default: throw new AssertionError(act);
        }
    }

    private static FloatVector dCheap(FloatVector v, Activation act) {
        switch (act) {
            case IDENTITY: return v.broadcast(1f);
            case RELU: return v.broadcast(0f).blend(1f, v.compare(GT, 0f));
            case LEAKY_RELU: return v.broadcast(Activation.LEAKY_SLOPE).blend(1f, v.compare(GT, 0f));
            default: throw new AssertionError(act);
        }
    }

    private static void fElu(ByteBuffer in, ByteBuffer out, int i, int to) {
        for (int upper = i + S.loopBound(to - i); i < upper; i += S.length()) {
            fElu(FloatVector.fromByteBuffer(S, in, i << 2, NATIVE)).intoByteBuffer(out, i << 2, NATIVE);
        }
        ScalarKernels.INSTANCE.activate(in, out, i, to, Activation.ELU); // tail, same bits
    }

    private static FloatVector fElu(FloatVector v) {
        return expm1(v).blend(v, v.compare(GT, 0f));
    }

    private static void fTanh(ByteBuffer in, ByteBuffer out, int i, int to) {
        for (int upper = i + S.loopBound(to - i); i < upper; i += S.length()) {
            fTanh(FloatVector.fromByteBuffer(S, in, i << 2, NATIVE)).intoByteBuffer(out, i << 2, NATIVE);
        }
        ScalarKernels.INSTANCE.activate(in, out, i, to, Activation.TANH); // tail, same bits
    }

    private static FloatVector fTanh(FloatVector v) {
        return tanh(v);
    }

    private static void fSigmoid(ByteBuffer in, ByteBuffer out, int i, int to) {
        for (int upper = i + S.loopBound(to - i); i < upper; i += S.length()) {
            fSigmoid(FloatVector.fromByteBuffer(S, in, i << 2, NATIVE)).intoByteBuffer(out, i << 2, NATIVE);
        }
        ScalarKernels.INSTANCE.activate(in, out, i, to, Activation.SIGMOID); // tail, same bits
    }

    private static FloatVector fSigmoid(FloatVector v) {
        return sigmoid(v);
    }

    private static void fSilu(ByteBuffer in, ByteBuffer out, int i, int to) {
        for (int upper = i + S.loopBound(to - i); i < upper; i += S.length()) {
            fSilu(FloatVector.fromByteBuffer(S, in, i << 2, NATIVE)).intoByteBuffer(out, i << 2, NATIVE);
        }
        ScalarKernels.INSTANCE.activate(in, out, i, to, Activation.SILU); // tail, same bits
    }

    private static FloatVector fSilu(FloatVector v) {
        return v.div(logisticDenominator(v));
    }

    private static void fSoftplus(ByteBuffer in, ByteBuffer out, int i, int to) {
        for (int upper = i + S.loopBound(to - i); i < upper; i += S.length()) {
            fSoftplus(FloatVector.fromByteBuffer(S, in, i << 2, NATIVE)).intoByteBuffer(out, i << 2, NATIVE);
        }
        ScalarKernels.INSTANCE.activate(in, out, i, to, Activation.SOFTPLUS); // tail, same bits
    }

    private static FloatVector fSoftplus(FloatVector v) {
        return softplus(v);
    }

    private static void fMish(ByteBuffer in, ByteBuffer out, int i, int to) {
        for (int upper = i + S.loopBound(to - i); i < upper; i += S.length()) {
            int b = i << 2;
            fMish(FloatVector.fromByteBuffer(S, in, b, NATIVE)).intoByteBuffer(out, b, NATIVE);
        }
        ScalarKernels.INSTANCE.activate(in, out, i, to, Activation.MISH); // tail, same bits
    }

    /** The lane form of {@link ScalarKernels#mish}: one exponential, the same operations in the same order. */
    private static FloatVector fMish(FloatVector v) {
        FloatVector e = exp(v.blend(20f, v.compare(GT, 20f)));
        FloatVector n = e.mul(e.add(2f));
        return v.mul(n.div(n.add(2f)));
    }

    private static void dElu(ByteBuffer z, ByteBuffer g, ByteBuffer gradIn, int i, int n) {
        for (int upper = i + S.loopBound(n - i); i < upper; i += S.length()) {
            int b = i << 2;
            dElu(FloatVector.fromByteBuffer(S, z, b, NATIVE)).mul(FloatVector.fromByteBuffer(S, g, b, NATIVE))
                    .intoByteBuffer(gradIn, b, NATIVE);
        }
        ScalarKernels.INSTANCE.backward(z, g, gradIn, i, n, Activation.ELU); // tail, same bits
    }

    private static FloatVector dElu(FloatVector v) {
        return exp(v).blend(1f, v.compare(GT, 0f));
    }

    private static void dTanh(ByteBuffer z, ByteBuffer g, ByteBuffer gradIn, int i, int n) {
        for (int upper = i + S.loopBound(n - i); i < upper; i += S.length()) {
            int b = i << 2;
            dTanh(FloatVector.fromByteBuffer(S, z, b, NATIVE)).mul(FloatVector.fromByteBuffer(S, g, b, NATIVE))
                    .intoByteBuffer(gradIn, b, NATIVE);
        }
        ScalarKernels.INSTANCE.backward(z, g, gradIn, i, n, Activation.TANH); // tail, same bits
    }

    private static void dSigmoid(ByteBuffer z, ByteBuffer g, ByteBuffer gradIn, int i, int n) {
        for (int upper = i + S.loopBound(n - i); i < upper; i += S.length()) {
            int b = i << 2;
            dSigmoid(FloatVector.fromByteBuffer(S, z, b, NATIVE)).mul(FloatVector.fromByteBuffer(S, g, b, NATIVE))
                    .intoByteBuffer(gradIn, b, NATIVE);
        }
        ScalarKernels.INSTANCE.backward(z, g, gradIn, i, n, Activation.SIGMOID); // tail, same bits
    }

    private static void dSilu(ByteBuffer z, ByteBuffer g, ByteBuffer gradIn, int i, int n) {
        for (int upper = i + S.loopBound(n - i); i < upper; i += S.length()) {
            int b = i << 2;
            dSilu(FloatVector.fromByteBuffer(S, z, b, NATIVE)).mul(FloatVector.fromByteBuffer(S, g, b, NATIVE))
                    .intoByteBuffer(gradIn, b, NATIVE);
        }
        ScalarKernels.INSTANCE.backward(z, g, gradIn, i, n, Activation.SILU); // tail, same bits
    }

    private static void dSoftplus(ByteBuffer z, ByteBuffer g, ByteBuffer gradIn, int i, int n) {
        for (int upper = i + S.loopBound(n - i); i < upper; i += S.length()) {
            int b = i << 2;
            dSoftplus(FloatVector.fromByteBuffer(S, z, b, NATIVE)).mul(FloatVector.fromByteBuffer(S, g, b, NATIVE))
                    .intoByteBuffer(gradIn, b, NATIVE);
        }
        ScalarKernels.INSTANCE.backward(z, g, gradIn, i, n, Activation.SOFTPLUS); // tail, same bits
    }

    private static void dMish(ByteBuffer z, ByteBuffer g, ByteBuffer gradIn, int i, int n) {
        for (int upper = i + S.loopBound(n - i); i < upper; i += S.length()) {
            int b = i << 2;
            dMish(FloatVector.fromByteBuffer(S, z, b, NATIVE)).mul(FloatVector.fromByteBuffer(S, g, b, NATIVE))
                    .intoByteBuffer(gradIn, b, NATIVE);
        }
        ScalarKernels.INSTANCE.backward(z, g, gradIn, i, n, Activation.MISH); // tail, same bits
    }

    /** The lane form of {@link ScalarKernels#dMish}: the same operations in the same order. */
    private static FloatVector dMish(FloatVector v) {
        FloatVector xc = v.blend(20f, v.compare(GT, 20f));
        FloatVector e = exp(xc);
        FloatVector n = e.mul(e.add(2f));
        FloatVector d = v.broadcast(1f).div(n.add(2f));
        return n.mul(d).add(v.broadcast(4f).mul(xc).mul(e).mul(e.add(1f)).mul(d).mul(d));
    }

    private static FloatVector sigmoid(FloatVector v) {
        return v.broadcast(1f).div(logisticDenominator(v));
    }

    private static FloatVector softplus(FloatVector v) {
        return v.max(0f).add(log1pUnit(exp(v.abs().neg())));
    }

    private static FloatVector dSoftplus(FloatVector v) {
        return sigmoid(v);
    }

    private static FloatVector dTanh(FloatVector v) {
        FloatVector t = tanh(v);
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

    // ---- Lane forms of ScalarKernels' deterministic math: keep the operations and their order identical. ----

    private static FloatVector expm1Reduced(FloatVector r) {
        FloatVector p = r.broadcast(E7).fma(r, r.broadcast(E6));
        p = p.fma(r, r.broadcast(E5));
        p = p.fma(r, r.broadcast(E4));
        p = p.fma(r, r.broadcast(E3));
        p = p.fma(r, r.broadcast(E2));
        return r.mul(r).fma(p, r);
    }

    /** 2^n for int lanes n in [-126, 127]. */
    private static FloatVector pow2(IntVector n) {
        return n.add(127).lanewise(LSHL, 23).reinterpretAsFloats();
    }

    private static FloatVector exp(FloatVector x) {
        x = x.blend(-104f, x.compare(LT, -104f));
        x = x.blend(89f, x.compare(GT, 89f));
        FloatVector t = x.fma(x.broadcast(LOG2E), x.broadcast(MAGIC));
        FloatVector nf = t.sub(MAGIC);
        IntVector n = t.reinterpretAsInts().sub(MAGIC_BITS);
        FloatVector r = nf.fma(x.broadcast(-LN2_HI), x);
        r = nf.fma(x.broadcast(-LN2_LO), r);
        FloatVector p = expm1Reduced(r).add(1f);
        IntVector n1 = n.lanewise(ASHR, 1);
        return p.mul(pow2(n1)).mul(pow2(n.sub(n1)));
    }

    private static FloatVector logisticDenominator(FloatVector v) {
        FloatVector a = v.neg();
        a = a.blend(EXP_FLOOR, a.compare(LT, EXP_FLOOR));
        a = a.blend(89f, a.compare(GT, 89f));
        FloatVector t = a.fma(a.broadcast(LOG2E), a.broadcast(MAGIC));
        FloatVector nf = t.sub(MAGIC);
        FloatVector r = nf.fma(a.broadcast(-LN2_HI), a);
        r = nf.fma(a.broadcast(-LN2_LO), r);
        FloatVector p = expm1Reduced(r).add(1f);
        FloatVector scale = t.reinterpretAsInts().add(127).lanewise(LSHL, 23).reinterpretAsFloats();
        return p.fma(scale, a.broadcast(1f));
    }

    private static FloatVector expm1(FloatVector x) {
        x = x.blend(-30f, x.compare(LT, -30f));
        x = x.blend(88f, x.compare(GT, 88f));
        FloatVector t = x.fma(x.broadcast(LOG2E), x.broadcast(MAGIC));
        FloatVector nf = t.sub(MAGIC);
        IntVector n = t.reinterpretAsInts().sub(MAGIC_BITS);
        FloatVector r = nf.fma(x.broadcast(-LN2_HI), x);
        r = nf.fma(x.broadcast(-LN2_LO), r);
        FloatVector q = expm1Reduced(r);
        FloatVector s = pow2(n);
        return s.fma(q, s.sub(1f));
    }

    private static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        a = a.blend(10f, a.compare(GT, 10f));
        FloatVector e = expm1(a.add(a));
        FloatVector t = e.div(e.add(2f));
        return t.blend(t.neg(), x.compare(LT, 0f));
    }

    private static FloatVector log1pUnit(FloatVector y) {
        VectorMask<Float> big = y.compare(GT, SQRT2_M1);
        FloatVector num = y.sub(y.broadcast(0f).blend(1f, big));
        FloatVector den = y.add(y.broadcast(2f).blend(3f, big));
        FloatVector f = num.div(den);
        FloatVector s = f.mul(f);
        FloatVector p = s.broadcast(L11).fma(s, s.broadcast(L9));
        p = p.fma(s, s.broadcast(L7));
        p = p.fma(s, s.broadcast(L5));
        p = p.fma(s, s.broadcast(L3));
        FloatVector w = f.add(f);
        FloatVector logm = w.mul(s).fma(p, w);
        return logm.add(y.broadcast(0f).blend(LN2, big));
    }

    @Override
    public void activate(float[] a, int from, int to, Activation act) {
        if (act == Activation.IDENTITY) {
            return;
        }
        int i = from;
        for (int upper = i + S.loopBound(to - i); i < upper; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, a, i);
            FloatVector y = switch (act) {
                case MISH -> fMish(v);
                case TANH -> fTanh(v);
                case SIGMOID -> fSigmoid(v);
                case SILU -> fSilu(v);
                case ELU -> fElu(v);
                case SOFTPLUS -> fSoftplus(v);
                default -> null;
            };
            if (y == null) {
                break; // the cheap functions: the scalar loop below is as fast
            }
            y.intoArray(a, i);
        }
        ScalarKernels.INSTANCE.activate(a, i, to, act); // tail, same bits
    }

    @Override
    public void exp(float[] a, int from, int to) {
        int i = from;
        for (int upper = i + S.loopBound(to - i); i < upper; i += S.length()) {
            exp(FloatVector.fromArray(S, a, i)).intoArray(a, i);
        }
        ScalarKernels.INSTANCE.exp(a, i, to); // tail, same bits
    }
}
