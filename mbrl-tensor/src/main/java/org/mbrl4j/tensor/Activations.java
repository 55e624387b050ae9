package org.mbrl4j.tensor;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fused element-wise kernels for dense layers: bias plus activation in one pass, activations, and their
 * derivatives for backward passes.
 *
 * <p>Dense c-order float32 arrays on ND4J's CPU backend are processed directly in host memory. With the
 * Java Vector API present ({@code java --add-modules jdk.incubator.vector ...}), every function runs as
 * one SIMD pass; without it the cheap functions (identity, ReLU, LeakyReLU) still run as one plain-Java
 * pass and the transcendental ones go through ND4J's ops. Any other array (views with gaps, f-order,
 * other data types, the CUDA backend) goes through ND4J's own activation functions
 * ({@link Activation#nd4j()}), with the same results to float rounding. {@code -Dmbrl4j.vector=false}
 * switches the Vector API path off even when the module is present.
 *
 * <p>Deterministic: the Vector API and plain-Java paths give bitwise-identical results, whether or not
 * the JIT has compiled them, because exp, tanh and log1p are mbrl4j's own float32 functions built from
 * IEEE-exact operations (a few ulp from the correctly rounded values; see {@link Activation}). ND4J's
 * path differs from them in the last bits.
 *
 * <p>Once {@link CpuThreads} is configured, large calls are split into contiguous chunks over
 * {@link CpuThreads#threads()} threads (the caller and daemon workers); unconfigured, they run on the caller.
 * Element-wise results do not depend on the split. Calls below about 16k elements (64k
 * for the cheap functions) stay on the calling thread.
 *
 * <p>Stateless and thread-safe; calls with distinct outputs may run concurrently.
 */
public final class Activations {

    private static final Logger LOG = LoggerFactory.getLogger(Activations.class);

    /** System property that switches the Vector API path off ({@code -Dmbrl4j.vector=false}). */
    public static final String VECTOR_PROPERTY = "mbrl4j.vector";

    /** Which implementation runs a call; package-private so that tests can compare all of them. */
    enum Path { VECTOR, SCALAR, ND4J }

    private static final class Vector {
        static final ElementwiseKernels KERNELS = loadVectorKernels();
    }

    private Activations() {
    }

    private static ElementwiseKernels loadVectorKernels() {
        if (!Boolean.parseBoolean(System.getProperty(VECTOR_PROPERTY, "true"))) {
            return null;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null; // started without --add-modules jdk.incubator.vector: never touch the class
        }
        try {
            return VectorKernels.INSTANCE;
        } catch (LinkageError e) {
            LOG.debug("Vector API present but unusable; using plain Java and ND4J", e);
            return null;
        }
    }

    /**
     * The library's float32 exponential, in plain Java: the same bits on every path and machine (the fused SIMD
     * kernels compute their lanes with the same operations).
     *
     * @param x any float
     * @return {@code e^x} to 1.02 ulp; 0 below about -103.3, {@code +Infinity} above about 88.72, NaN for NaN
     */
    public static float exp(float x) {
        return ScalarKernels.exp(x);
    }

    /**
     * {@link #exp(float)} over a range of a heap array, in place, on SIMD lanes where the Vector API is available
     * (the same bits either way).
     *
     * @param a    the values; {@code a[i]} becomes {@code e^{a[i]}} for {@code i} in {@code [from, to)}
     * @param from the first index
     * @param to   one past the last index
     * @throws IndexOutOfBoundsException if the range is not within {@code a}
     */
    public static void expInPlace(float[] a, int from, int to) {
        java.util.Objects.checkFromToIndex(from, to, a.length);
        (Vector.KERNELS != null ? Vector.KERNELS : ScalarKernels.INSTANCE).exp(a, from, to);
    }

    /**
     * {@code a[i] = act(a[i])} over a range of a heap array, in place, on SIMD lanes where the Vector API is
     * available: the same bits as {@link #activate(INDArray, Activation, INDArray)} gives on an ND4J array.
     *
     * @param a    the values
     * @param from the first index
     * @param to   one past the last index
     * @param act  the activation
     * @throws IndexOutOfBoundsException if the range is not within {@code a}
     * @throws NullPointerException      if {@code a} or {@code act} is null
     */
    public static void activateInPlace(float[] a, int from, int to, Activation act) {
        java.util.Objects.checkFromToIndex(from, to, a.length);
        java.util.Objects.requireNonNull(act, "act");
        (Vector.KERNELS != null ? Vector.KERNELS : ScalarKernels.INSTANCE).activate(a, from, to, act);
    }

    /**
     * @return whether the Vector API kernels are in use in this JVM
     */
    public static boolean vectorApiEnabled() {
        return Vector.KERNELS != null;
    }

    /**
     * In place: {@code z = act(z + bias)}, the bias broadcast over rows (and, for ensembles, per member).
     *
     * @param z    pre-activations {@code [B, O]}, or {@code [E, B, O]} for an ensemble; overwritten
     * @param bias {@code [O]} or {@code [1, O]} for {@code z [B, O]}; {@code [E, O]} or {@code [E, 1, O]} for
     *             {@code z [E, B, O]}; same data type as {@code z}
     * @param act  the activation
     * @throws IllegalArgumentException if an argument is null or the shapes do not match
     */
    public static void addBiasActivate(INDArray z, INDArray bias, Activation act) {
        addBiasActivate(z, bias, act, z);
    }

    /**
     * One pass for a dense layer's forward: {@code z += bias} (the pre-activation, kept for the backward pass
     * of functions that need it) and {@code out = act(z)}.
     *
     * @param z    {@code [B, O]} or {@code [E, B, O]}: the product {@code x W}; on return {@code x W + b}
     * @param bias {@code [O]} or {@code [1, O]} for {@code z [B, O]}; {@code [E, O]} or {@code [E, 1, O]} for
     *             {@code z [E, B, O]}; same data type as {@code z}
     * @param act  the activation
     * @param out  the activations, same shape and data type as {@code z}; may be {@code z} itself (then
     *             {@code z} ends as the activation), otherwise must not overlap it
     * @throws IllegalArgumentException if an argument is null or the shapes or data types do not match
     */
    public static void addBiasActivate(INDArray z, INDArray bias, Activation act, INDArray out) {
        sameShape("addBiasActivate", "z", z, "out", out);
        addBiasActivate(z, bias, act, out, choose(act, z, bias, out)); // validates the bias
    }

    static void addBiasActivate(INDArray z, INDArray bias, Activation act, INDArray out, Path path) {
        boolean perMember = checkBias(z, bias, act);
        if (z.isEmpty()) {
            return;
        }
        long cols = z.size(z.rank() - 1);
        long rowsPerMember = z.rank() == 3 ? z.size(1) : z.size(0);
        if (path == Path.ND4J) {
            if (z.rank() == 2) {
                z.addiRowVector(bias.reshape(cols));
            } else {
                for (long e = 0; e < z.size(0); e++) {
                    z.slice(e).addiRowVector(perMember ? bias.reshape(z.size(0), cols).getRow(e) : bias.reshape(cols));
                }
            }
            if (out != z) {
                out.assign(z);
            }
            act.nd4j().getActivation(out, false);
            return;
        }
        ElementwiseKernels k = kernels(path);
        ByteBuffer zb = HostArrays.bytes(z);
        ByteBuffer ob = out == z ? zb : HostArrays.bytes(out);
        ByteBuffer bb = HostArrays.bytes(bias);
        int c = (int) cols;
        int stride = perMember ? c : 0;
        int per = (int) Math.max(1, rowsPerMember);
        int grainRows = Math.max(1, grain(act) / Math.max(1, c));
        int rows = (int) (z.length() / cols);
        if (!ParallelRanges.splits(rows, grainRows)) {
            k.biasActivate(zb, ob, 0, rows, c, bb, stride, per, act); // no lambda on the default path
            return;
        }
        ParallelRanges.run(rows, grainRows, (r0, r1) -> k.biasActivate(zb, ob, r0, r1, c, bb, stride, per, act));
    }

    /**
     * {@code out = act(x)} element-wise.
     *
     * @param x   input, any shape
     * @param act the activation
     * @param out output of the same shape and data type; may be {@code x} itself (in place), otherwise
     *            must not overlap it
     * @throws IllegalArgumentException if an argument is null or the shapes or data types differ
     */
    public static void activate(INDArray x, Activation act, INDArray out) {
        activate(x, act, out, choose(act, x, out));
    }

    static void activate(INDArray x, Activation act, INDArray out, Path path) {
        requireNonNull(act, "act");
        sameShape("activate", "x", x, "out", out);
        if (x.isEmpty()) {
            return;
        }
        if (path == Path.ND4J) {
            if (out != x) {
                out.assign(x);
            }
            act.nd4j().getActivation(out, false);
            return;
        }
        ElementwiseKernels k = kernels(path);
        ByteBuffer xb = HostArrays.bytes(x);
        ByteBuffer ob = out == x ? xb : HostArrays.bytes(out);
        int n = (int) x.length();
        if (!ParallelRanges.splits(n, grain(act))) {
            k.activate(xb, ob, 0, n, act);
            return;
        }
        ParallelRanges.run(n, grain(act), (from, to) -> k.activate(xb, ob, from, to, act));
    }

    /**
     * Backward pass of an activation: {@code gradIn = gradOut * act'(z)} element-wise.
     *
     * @param z       the pre-activations of the forward pass, any shape
     * @param act     the activation
     * @param gradOut gradient of the loss with respect to {@code act(z)}, same shape
     * @param gradIn  output: gradient with respect to {@code z}, same shape; may be {@code gradOut} (in
     *                place), otherwise must not overlap the inputs
     * @throws IllegalArgumentException if an argument is null or the shapes or data types differ
     */
    public static void backward(INDArray z, Activation act, INDArray gradOut, INDArray gradIn) {
        backward(z, act, gradOut, gradIn, choose(act, z, gradOut, gradIn));
    }

    static void backward(INDArray z, Activation act, INDArray gradOut, INDArray gradIn, Path path) {
        requireNonNull(act, "act");
        sameShape("backward", "z", z, "gradOut", gradOut);
        sameShape("backward", "z", z, "gradIn", gradIn);
        if (z.isEmpty()) {
            return;
        }
        if (path == Path.ND4J) {
            Pair<INDArray, INDArray> p = act.nd4j().backprop(z.dup(), gradOut.dup());
            gradIn.assign(p.getFirst());
            return;
        }
        ElementwiseKernels k = kernels(path);
        ByteBuffer zb = HostArrays.bytes(z);
        ByteBuffer gb = HostArrays.bytes(gradOut);
        ByteBuffer ib = gradIn == gradOut ? gb : HostArrays.bytes(gradIn);
        int n = (int) z.length();
        if (!ParallelRanges.splits(n, grain(act))) {
            k.backward(zb, gb, ib, 0, n, act);
            return;
        }
        ParallelRanges.run(n, grain(act), (from, to) -> k.backward(zb, gb, ib, from, to, act));
    }

    /**
     * Backward pass from the forward pass's outputs: {@code gradIn = gradOut * act'(x)} with the derivative
     * computed from {@code y = act(x)} ({@link Activation#derivativeFromOutput(float)}): no transcendental,
     * and the pre-activations need not be kept. Only for {@link Activation#hasDerivativeFromOutput()}.
     *
     * @param y       the outputs of the forward pass, any shape
     * @param act     the activation
     * @param gradOut gradient of the loss with respect to {@code y}, same shape
     * @param gradIn  output: gradient with respect to the pre-activations, same shape; may be {@code gradOut}
     *                (in place), otherwise must not overlap the inputs
     * @throws IllegalArgumentException if an argument is null, the shapes or data types differ, or {@code act}
     *                                  has no derivative from its output (SiLU, softplus, Mish)
     */
    public static void backwardFromOutput(INDArray y, Activation act, INDArray gradOut, INDArray gradIn) {
        requireNonNull(act, "act");
        if (!act.hasDerivativeFromOutput()) {
            throw new IllegalArgumentException("backwardFromOutput: act is " + act
                    + ", whose derivative needs the pre-activation (expected one of IDENTITY, RELU, LEAKY_RELU, "
                    + "ELU, TANH, SIGMOID); use backward(z, ...)");
        }
        backwardFromOutput(y, act, gradOut, gradIn, choose(act, y, gradOut, gradIn));
    }

    static void backwardFromOutput(INDArray y, Activation act, INDArray gradOut, INDArray gradIn, Path path) {
        sameShape("backwardFromOutput", "y", y, "gradOut", gradOut);
        sameShape("backwardFromOutput", "y", y, "gradIn", gradIn);
        if (y.isEmpty()) {
            return;
        }
        if (path == Path.ND4J) {
            gradIn.assign(gradOut.mul(nd4jDerivativeFromOutput(y, act)));
            return;
        }
        ElementwiseKernels k = kernels(path);
        ByteBuffer yb = HostArrays.bytes(y);
        ByteBuffer gb = HostArrays.bytes(gradOut);
        ByteBuffer ib = gradIn == gradOut ? gb : HostArrays.bytes(gradIn);
        int n = (int) y.length();
        if (!ParallelRanges.splits(n, CHEAP_GRAIN)) {
            k.backwardFromOutput(yb, gb, ib, 0, n, act);
            return;
        }
        ParallelRanges.run(n, CHEAP_GRAIN, (from, to) -> k.backwardFromOutput(yb, gb, ib, from, to, act));
    }

    /**
     * A layer's activation backward: from the outputs {@code y} where the function allows it
     * ({@link #backwardFromOutput}: no transcendental); for SiLU from both, with the sigmoid recovered as
     * {@code y / z} (no transcendental either); otherwise from the pre-activations {@code z}
     * ({@link #backward}).
     *
     * @param z       the pre-activations of the forward pass, any shape
     * @param y       the outputs {@code act(z)} of the forward pass, as mbrl4j's kernels computed them, same shape
     * @param act     the activation
     * @param gradOut gradient of the loss with respect to {@code y}, same shape
     * @param gradIn  output: gradient with respect to {@code z}, same shape; may be {@code gradOut}
     * @throws IllegalArgumentException if an argument is null or the shapes or data types differ
     */
    public static void layerBackward(INDArray z, INDArray y, Activation act, INDArray gradOut, INDArray gradIn) {
        requireNonNull(act, "act");
        if (act.hasDerivativeFromOutput()) {
            backwardFromOutput(y, act, gradOut, gradIn);
        } else if (act == Activation.SILU) {
            siluBackward(z, y, gradOut, gradIn, choose(act, z, y, gradOut, gradIn));
        } else {
            backward(z, act, gradOut, gradIn);
        }
    }

    /**
     * SiLU's layer backward from both {@code z} and {@code y = silu(z)}: the sigmoid is recovered as {@code y / z}
     * instead of recomputed through an exponential ({@code ScalarKernels.siluDerivative}); arrays the host
     * kernels do not take (views, float64) go through {@link #backward} from {@code z}.
     */
    static void siluBackward(INDArray z, INDArray y, INDArray gradOut, INDArray gradIn, Path path) {
        sameShape("layerBackward", "z", z, "y", y);
        sameShape("layerBackward", "z", z, "gradOut", gradOut);
        sameShape("layerBackward", "z", z, "gradIn", gradIn);
        if (path == Path.ND4J) {
            backward(z, Activation.SILU, gradOut, gradIn, path);
            return;
        }
        if (z.isEmpty()) {
            return;
        }
        ElementwiseKernels k = kernels(path);
        ByteBuffer zb = HostArrays.bytes(z);
        ByteBuffer yb = HostArrays.bytes(y);
        ByteBuffer gb = HostArrays.bytes(gradOut);
        ByteBuffer ib = gradIn == gradOut ? gb : HostArrays.bytes(gradIn);
        int n = (int) z.length();
        if (!ParallelRanges.splits(n, CHEAP_GRAIN)) {
            k.siluBackward(zb, yb, gb, ib, 0, n);
            return;
        }
        ParallelRanges.run(n, CHEAP_GRAIN, (from, to) -> k.siluBackward(zb, yb, gb, ib, from, to));
    }

    /** {@code act'} from the outputs with ND4J ops, for arrays the host kernels do not take (views, doubles). */
    private static INDArray nd4jDerivativeFromOutput(INDArray y, Activation act) {
        switch (act) {
            case IDENTITY: return Nd4j.onesLike(y);
            case RELU: return y.gt(0).castTo(y.dataType());
            case LEAKY_RELU: {
                INDArray pos = y.gt(0).castTo(y.dataType());
                return pos.muli(1 - Activation.LEAKY_SLOPE).addi(Activation.LEAKY_SLOPE);
            }
            case ELU: {
                INDArray pos = y.gt(0).castTo(y.dataType());
                // y > 0: 1; otherwise y + 1
                return y.add(1).muli(pos.rsub(1)).addi(pos);
            }
            case TANH: return y.mul(y).rsubi(1);
            case SIGMOID: return y.rsub(1).muli(y);
            default: throw new AssertionError(act);
        }
    }

    /** Elements per thread below which a loop stays on the calling thread. */
    private static final int TRANSCENDENTAL_GRAIN = 16_384;
    private static final int CHEAP_GRAIN = 65_536;

    private static int grain(Activation act) {
        return act.transcendental() ? TRANSCENDENTAL_GRAIN : CHEAP_GRAIN;
    }

    // ------------------------------------------------------------------------------------------------------

    /** The fastest path that these arrays allow. */
    private static Path choose(Activation act, INDArray... arrays) {
        requireNonNull(act, "act");
        for (INDArray x : arrays) {
            if (x == null || !HostArrays.denseFloat(x)) {
                return Path.ND4J;
            }
        }
        if (Vector.KERNELS != null) {
            return Path.VECTOR;
        }
        // Without SIMD lanes a scalar Math.exp loop is slower than ND4J's multithreaded native op.
        return act.transcendental() ? Path.ND4J : Path.SCALAR;
    }

    private static ElementwiseKernels kernels(Path path) {
        if (path == Path.VECTOR) {
            if (Vector.KERNELS == null) {
                throw new IllegalStateException("the Vector API path is not available in this JVM");
            }
            return Vector.KERNELS;
        }
        return ScalarKernels.INSTANCE;
    }

    /** Validates z and bias; returns whether the bias is per ensemble member. */
    private static boolean checkBias(INDArray z, INDArray bias, Activation act) {
        requireNonNull(act, "act");
        requireNonNull(z, "z");
        requireNonNull(bias, "bias");
        if (z.rank() != 2 && z.rank() != 3) {
            throw new IllegalArgumentException("addBiasActivate: z must be [B, O] or [E, B, O]: got "
                    + Arrays.toString(z.shape()));
        }
        if (bias.dataType() != z.dataType()) {
            throw new IllegalArgumentException("addBiasActivate: bias has data type " + bias.dataType()
                    + " but z has " + z.dataType() + " (expected the same)");
        }
        long cols = z.size(z.rank() - 1);
        if (z.rank() == 2) {
            if (bias.length() != cols || bias.rank() > 2 || (bias.rank() == 2 && bias.size(0) != 1)) {
                throw new IllegalArgumentException("addBiasActivate: bias must be [" + cols + "] or [1, " + cols
                        + "] for z " + Arrays.toString(z.shape()) + ": got " + Arrays.toString(bias.shape()));
            }
            return false;
        }
        long members = z.size(0);
        boolean ok = (bias.rank() == 2 && bias.size(0) == members && bias.size(1) == cols)
                || (bias.rank() == 3 && bias.size(0) == members && bias.size(1) == 1 && bias.size(2) == cols);
        if (!ok) {
            throw new IllegalArgumentException("addBiasActivate: bias must be [" + members + ", " + cols + "] or ["
                    + members + ", 1, " + cols + "] for z " + Arrays.toString(z.shape()) + ": got "
                    + Arrays.toString(bias.shape()));
        }
        return true;
    }

    private static void sameShape(String op, String n1, INDArray a, String n2, INDArray b) {
        requireNonNull(a, n1);
        requireNonNull(b, n2);
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": " + n2 + " has shape " + Arrays.toString(b.shape())
                    + " but " + n1 + " has " + Arrays.toString(a.shape()) + " (expected the same)");
        }
        if (a.dataType() != b.dataType()) {
            throw new IllegalArgumentException(op + ": " + n2 + " has data type " + b.dataType() + " but " + n1
                    + " has " + a.dataType() + " (expected the same)");
        }
    }

    private static void requireNonNull(Object x, String name) {
        if (x == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
    }
}
