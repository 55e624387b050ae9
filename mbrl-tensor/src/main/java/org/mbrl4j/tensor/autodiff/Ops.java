package org.mbrl4j.tensor.autodiff;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.Activations;
import org.mbrl4j.tensor.Gemm;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The differentiable ops of the tape. Each computes its value at once and, when a {@link Tape} is open and an
 * input needs a gradient, records how to send the output's gradient back. Values are fresh arrays (or
 * read-only views of an input: ops never write into an input's value). Shapes are written NumPy-style;
 * "last axis" ops work on {@code [..., N]}.
 */
public final class Ops {

    private Ops() {
    }

    // ----------------------------------------------------------------------------------------------------
    // Element-wise binary (NumPy broadcasting)

    /** @param a any shape @param b broadcastable with {@code a} @return {@code a + b} */
    public static Var add(Var a, Var b) {
        checkBinary("add", a, b);
        return Tape.record(a.value().add(b.value()), (g, grads) -> {
            grads.add(0, g);
            grads.add(1, g);
        }, a, b);
    }

    /** @param a any shape @param b broadcastable with {@code a} @return {@code a - b} */
    public static Var sub(Var a, Var b) {
        checkBinary("sub", a, b);
        return Tape.record(a.value().sub(b.value()), (g, grads) -> {
            grads.add(0, g);
            if (grads.needs(1)) {
                grads.addOwned(1, g.neg());
            }
        }, a, b);
    }

    /** @param a any shape @param b broadcastable with {@code a} @return {@code a * b} */
    public static Var mul(Var a, Var b) {
        checkBinary("mul", a, b);
        INDArray av = a.value();
        INDArray bv = b.value();
        return Tape.record(av.mul(bv), (g, grads) -> {
            if (grads.needs(0)) {
                grads.addOwned(0, g.mul(bv));
            }
            if (grads.needs(1)) {
                grads.addOwned(1, g.mul(av));
            }
        }, a, b);
    }

    /** @param a any shape @param b broadcastable with {@code a} @return {@code a / b} */
    public static Var div(Var a, Var b) {
        checkBinary("div", a, b);
        INDArray av = a.value();
        INDArray bv = b.value();
        INDArray out = av.div(bv);
        return Tape.record(out, (g, grads) -> {
            if (grads.needs(0)) {
                grads.addOwned(0, g.div(bv));
            }
            if (grads.needs(1)) {
                grads.addOwned(1, g.mul(out).divi(bv).negi());
            }
        }, a, b);
    }

    /**
     * @param a any shape
     * @param b broadcastable with {@code a}
     * @return the element-wise minimum; the gradient goes to {@code a} where {@code a <= b}, else to {@code b}
     */
    public static Var minimum(Var a, Var b) {
        return pick("minimum", a, b, true);
    }

    /**
     * @param a any shape
     * @param b broadcastable with {@code a}
     * @return the element-wise maximum; the gradient goes to {@code a} where {@code a >= b}, else to {@code b}
     */
    public static Var maximum(Var a, Var b) {
        return pick("maximum", a, b, false);
    }

    private static Var pick(String op, Var a, Var b, boolean min) {
        checkBinary(op, a, b);
        long[] shape = Shapes.broadcast(op, a.shape(), b.shape());
        INDArray av = a.value().broadcast(shape);
        INDArray bv = b.value().broadcast(shape);
        INDArray takeA = (min ? av.gt(bv) : av.lt(bv)).castTo(a.dataType()).rsubi(1); // a <= b (min), a >= b (max)
        INDArray out = av.mul(takeA).addi(bv.mul(takeA.rsub(1)));
        return Tape.record(out, (g, grads) -> {
            if (grads.needs(0)) {
                grads.addOwned(0, g.mul(takeA));
            }
            if (grads.needs(1)) {
                grads.addOwned(1, g.mul(takeA.rsub(1)));
            }
        }, a, b);
    }

    private static void checkBinary(String op, Var a, Var b) {
        Objects.requireNonNull(a, op + ": a");
        Objects.requireNonNull(b, op + ": b");
        Shapes.sameType(op, a, b);
        Shapes.broadcast(op, a.shape(), b.shape());
    }

    // ----------------------------------------------------------------------------------------------------
    // Element-wise unary

    /** @param x any shape @param c a finite scalar @return {@code x + c} */
    public static Var addScalar(Var x, double c) {
        finite("addScalar", c);
        return Tape.record(x.value().add(c), (g, grads) -> grads.add(0, g), x);
    }

    /** @param x any shape @param c a finite scalar @return {@code x * c} */
    public static Var mulScalar(Var x, double c) {
        finite("mulScalar", c);
        return Tape.record(x.value().mul(c), (g, grads) -> grads.addOwned(0, g.mul(c)), x);
    }

    /** @param x any shape @return {@code x * x} */
    public static Var square(Var x) {
        INDArray xv = x.value();
        return Tape.record(xv.mul(xv), (g, grads) -> grads.addOwned(0, g.mul(xv).muli(2)), x);
    }

    /** @param x any shape @return {@code exp(x)} */
    public static Var exp(Var x) {
        INDArray out = Transforms.exp(x.value(), true);
        return Tape.record(out, (g, grads) -> grads.addOwned(0, g.mul(out)), x);
    }

    /** @param x any shape @return {@code log(x)} */
    public static Var log(Var x) {
        INDArray xv = x.value();
        if (FloatHost.applies(xv)) {
            float[] v = FloatHost.read(xv);
            float[] y = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                y[i] = (float) Math.log(v[i]);
            }
            long[] shape = x.shape();
            return Tape.record(FloatHost.pooled(y, shape), (g, grads) -> {
                float[] gv = FloatHost.read(g);
                for (int i = 0; i < gv.length; i++) {
                    gv[i] /= v[i];
                }
                grads.addOwned(0, FloatHost.pooled(gv, shape));
            }, x);
        }
        return Tape.record(Transforms.log(xv, true), (g, grads) -> grads.addOwned(0, g.div(xv)), x);
    }

    /** @param x any shape @return {@code sqrt(x)} */
    public static Var sqrt(Var x) {
        INDArray out = Transforms.sqrt(x.value(), true);
        return Tape.record(out, (g, grads) -> grads.addOwned(0, g.div(out).muli(0.5)), x);
    }

    /** @param x any shape @return {@code |x|}, gradient {@code sign(x)} (0 at 0) */
    public static Var abs(Var x) {
        INDArray xv = x.value();
        return Tape.record(Transforms.abs(xv, true), (g, grads) -> grads.addOwned(0, g.mul(Transforms.sign(xv, true))),
                x);
    }

    /**
     * @param x  any shape
     * @param lo lower bound
     * @param hi upper bound, {@code >= lo}
     * @return {@code min(max(x, lo), hi)}; the gradient passes where {@code lo <= x <= hi}
     */
    public static Var clamp(Var x, double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: lo " + lo + " must be <= hi " + hi);
        }
        INDArray xv = x.value();
        INDArray out = Transforms.min(Transforms.max(xv, lo, true), hi, false);
        return Tape.record(out, (g, grads) -> {
            INDArray inside = xv.gte(lo).castTo(xv.dataType()).muli(xv.lte(hi).castTo(xv.dataType()));
            grads.addOwned(0, g.mul(inside));
        }, x);
    }

    /**
     * @param x   any shape
     * @param act the activation
     * @return {@code act(x)}, on the fused SIMD kernels for float32 (ND4J's ops for float64)
     */
    public static Var activation(Var x, Activation act) {
        Objects.requireNonNull(act, "act");
        INDArray xv = x.value();
        INDArray out = ArrayPool.take(xv.dataType(), xv.shape());
        Activations.activate(dense(xv), act, out);
        if (act == Activation.IDENTITY) {
            return Tape.record(out, (g, grads) -> grads.add(0, g), x);
        }
        return Tape.record(out, (g, grads) -> {
            INDArray gin = ArrayPool.take(g.dataType(), g.shape());
            Activations.backward(dense(xv), act, dense(g), gin);
            grads.addOwned(0, gin);
        }, x);
    }

    /**
     * DreamerV3's symmetric log, {@code sign(x) log(1 + |x|)}, computed with {@code log1p} (exact to the last
     * bits near 0). The gradient is the true derivative {@code 1 / (1 + |x|)}, which is 1 at {@code x = 0};
     * autograd of the literal {@code sign(x) * log1p(|x|)} in PyTorch or JAX gives 0 there.
     *
     * @param x any shape
     * @return the compressed values, same shape
     */
    public static Var symlog(Var x) {
        INDArray xv = x.value();
        INDArray out = Transforms.log1p(Transforms.abs(xv, true), false).muli(Transforms.sign(xv, true));
        return Tape.record(out, (g, grads) -> grads.addOwned(0, g.div(Transforms.abs(xv, true).addi(1))), x);
    }

    /**
     * The inverse of {@link #symlog}: {@code sign(x) (exp(|x|) - 1)}, computed with {@code expm1}. The gradient is
     * the true derivative {@code exp(|x|)} (1 at {@code x = 0}, where autograd of the sign form gives 0).
     *
     * @param x any shape
     * @return the expanded values, same shape
     */
    public static Var symexp(Var x) {
        INDArray xv = x.value();
        INDArray em1 = Transforms.expm1(Transforms.abs(xv, true), false);
        INDArray out = em1.mul(Transforms.sign(xv, true));
        return Tape.record(out, (g, grads) -> grads.addOwned(0, g.mul(em1.add(1))), x);
    }

    // ----------------------------------------------------------------------------------------------------
    // Gradient routing

    /**
     * @param x     any value
     * @param scale the gradient's factor
     * @return the same value; on the way back its gradient is multiplied by {@code scale}
     */
    public static Var scaleGrad(Var x, double scale) {
        finite("scaleGrad", scale);
        return Tape.record(x.value(), (g, grads) -> grads.addOwned(0, g.mul(scale)), x);
    }

    /**
     * The straight-through estimator: the value of {@code hard} with the gradient of {@code soft}, i.e.
     * {@code soft + stopGradient(hard - soft)} computed without rounding (the value is exactly {@code hard}).
     *
     * @param hard the forward value (e.g. a one-hot sample), receives no gradient
     * @param soft what the gradient flows to (e.g. the probabilities), the same shape
     * @return the value of {@code hard}, differentiable as {@code soft}
     */
    public static Var straightThrough(Var hard, Var soft) {
        Shapes.sameShape("straightThrough", "hard", hard, "soft", soft);
        return Tape.record(hard.value(), (g, grads) -> grads.add(0, g), soft);
    }

    // ----------------------------------------------------------------------------------------------------
    // Products

    /**
     * Matrix products:
     * <ul>
     *   <li>{@code a [M, K] x b [K, N] -> [M, N]};</li>
     *   <li>{@code a [..., K] x b [K, N] -> [..., N]} (leading dimensions flattened, a shared weight);</li>
     *   <li>{@code a [E, M, K] x b [E, K, N] -> [E, M, N]} (an ensemble: one product per member).</li>
     * </ul>
     * On float32 these run on {@link Gemm}'s direct OpenBLAS path; the backward pass accumulates straight
     * into the gradient buffers ({@code beta = 1}).
     *
     * @param a the left operand
     * @param b the right operand
     * @return the product
     * @throws IllegalArgumentException if the shapes do not match one of the forms above
     */
    public static Var matmul(Var a, Var b) {
        Shapes.sameType("matmul", a, b);
        long[] as = a.shape();
        long[] bs = b.shape();
        if (b.rank() == 2 && a.rank() >= 2) {
            long k = as[as.length - 1];
            if (bs[0] != k) {
                throw new IllegalArgumentException("matmul: a " + Shapes.str(as) + " and b " + Shapes.str(bs)
                        + " do not match (expected b [" + k + ", N])");
            }
            INDArray a2 = dense(a.value()).reshape('c', Shapes.count(as) / k, k);
            INDArray bv = dense(b.value());
            INDArray c2 = ArrayPool.take(a.dataType(), a2.size(0), bs[1]);
            Gemm.gemm(a2, false, bv, false, c2, 1f, 0f);
            long[] outShape = as.clone();
            outShape[outShape.length - 1] = bs[1];
            return Tape.record(as.length == 2 ? c2 : c2.reshape('c', outShape), (g, grads) -> {
                INDArray g2 = dense(g).reshape('c', c2.size(0), c2.size(1));
                if (grads.needs(0)) {
                    float beta = grads.productBeta(0);
                    Gemm.gemm(g2, false, bv, true, grads.buffer(0).reshape('c', a2.shape()), 1f, beta);
                }
                if (grads.needs(1)) {
                    float beta = grads.productBeta(1);
                    Gemm.gemm(a2, true, g2, false, grads.buffer(1), 1f, beta);
                }
            }, a, b);
        }
        if (a.rank() == 3 && b.rank() == 3) {
            if (as[0] != bs[0] || as[2] != bs[1]) {
                throw new IllegalArgumentException("matmul: a " + Shapes.str(as) + " and b " + Shapes.str(bs)
                        + " do not match (expected a [E, M, K] and b [E, K, N])");
            }
            INDArray av = dense(a.value());
            INDArray bv = dense(b.value());
            INDArray c = Nd4j.createUninitialized(a.dataType(), as[0], as[1], bs[2]);
            Gemm.batchedGemm(av, false, bv, false, c, 1f, 0f);
            return Tape.record(c, (g, grads) -> {
                INDArray gd = dense(g);
                if (grads.needs(0)) {
                    float beta = grads.productBeta(0);
                    Gemm.batchedGemm(gd, false, bv, true, grads.buffer(0), 1f, beta);
                }
                if (grads.needs(1)) {
                    float beta = grads.productBeta(1);
                    Gemm.batchedGemm(av, true, gd, false, grads.buffer(1), 1f, beta);
                }
            }, a, b);
        }
        throw new IllegalArgumentException("matmul: unsupported shapes a " + Shapes.str(as) + " and b "
                + Shapes.str(bs) + " (expected [..., K] x [K, N] or [E, M, K] x [E, K, N])");
    }

    /**
     * A dense layer in one fused pass: {@code act(x W + b)} with the bias broadcast over rows.
     *
     * @param x    {@code [..., I]}, or {@code [E, B, I]} for an ensemble weight
     * @param w    {@code [I, O]}, or {@code [E, I, O]} (one weight per ensemble member)
     * @param b    {@code [O]} (or {@code [E, 1, O]} with an ensemble weight); null for no bias
     * @param act  the activation ({@link Activation#IDENTITY} for none)
     * @return {@code [..., O]} (or {@code [E, B, O]})
     */
    public static Var linear(Var x, Var w, Var b, Activation act) {
        Objects.requireNonNull(act, "act");
        if (b == null) {
            Var z = matmul(x, w);
            return act == Activation.IDENTITY ? z : activation(z, act);
        }
        Shapes.sameType("linear", x, w);
        Shapes.sameType("linear", x, b);
        long o = w.size(-1);
        boolean ensemble = w.rank() == 3;
        boolean ok = !ensemble ? w.rank() == 2 && b.rank() == 1 && b.size(0) == o
                : b.rank() == 3 && b.size(0) == w.size(0) && b.size(1) == 1 && b.size(2) == o;
        if (!ok) {
            throw new IllegalArgumentException("linear: bias " + Shapes.str(b.shape()) + " does not match weight "
                    + Shapes.str(w.shape()) + " (expected [" + o + "] or [E, 1, " + o + "])");
        }
        long k = w.size(-2);
        if (x.size(-1) != k || (ensemble && (x.rank() != 3 || x.size(0) != w.size(0)))) {
            throw new IllegalArgumentException("linear: input " + Shapes.str(x.shape()) + " does not match weight "
                    + Shapes.str(w.shape()) + (ensemble ? " (expected [E, B, " + k + "])" : " (expected [..., " + k + "])"));
        }
        INDArray xv = dense(x.value());
        INDArray wv = dense(w.value());
        INDArray bv = dense(b.value());
        INDArray x2 = ensemble || xv.rank() == 2 ? xv : xv.reshape('c', Shapes.count(x.shape()) / k, k);
        long rows = ensemble ? x2.size(1) : x2.size(0);
        boolean keepZ = act != Activation.IDENTITY && Tape.recording();
        long[] zShape = ensemble ? new long[] {x2.size(0), rows, o} : new long[] {rows, o};
        // z is the tape's own array when it is kept apart from the output: pooled, and handed back after backward
        INDArray z = ArrayPool.take(xv.dataType(), zShape);
        if (ensemble) {
            Gemm.batchedGemm(x2, false, wv, false, z, 1f, 0f);
        } else {
            Gemm.gemm(x2, false, wv, false, z, 1f, 0f);
        }
        INDArray out = keepZ ? ArrayPool.take(z.dataType(), z.shape()) : z;
        Activations.addBiasActivate(z, bv, act, out); // z keeps x W + b
        long[] outShape = x.shape().clone();
        outShape[outShape.length - 1] = o;
        return Tape.record(x2 == xv ? out : out.reshape('c', outShape), (g, grads) -> {
            INDArray gz = x2 == xv ? dense(g) : dense(g).reshape('c', z.shape());
            INDArray tmp = null;
            if (act != Activation.IDENTITY) {
                tmp = ArrayPool.take(gz.dataType(), gz.shape());
                INDArray y = out.rank() == z.rank() ? out : out.reshape('c', z.shape());
                Activations.layerBackward(z, y, act, gz, tmp); // from z and y: no exponential for SiLU
                gz = tmp;
            }
            INDArray ones = ones(gz.dataType(), rows);
            if (ensemble) {
                if (grads.needs(0)) {
                    float beta = grads.productBeta(0);
                    Gemm.batchedGemm(gz, false, wv, true, grads.buffer(0), 1f, beta);
                }
                if (grads.needs(1)) {
                    float beta = grads.productBeta(1);
                    Gemm.batchedGemm(x2, true, gz, false, grads.buffer(1), 1f, beta);
                }
                if (grads.needs(2)) {
                    float beta = grads.productBeta(2); // the members' slices make up the whole buffer
                    INDArray gb = grads.buffer(2);
                    for (long e = 0; e < gz.size(0); e++) {
                        Gemm.gemm(ones, false, gz.slice(e), false, gb.slice(e), 1f, beta);
                    }
                }
            } else {
                if (grads.needs(0)) {
                    float beta = grads.productBeta(0);
                    INDArray gx = grads.buffer(0);
                    Gemm.gemm(gz, false, wv, true, x2 == xv ? gx : gx.reshape('c', x2.shape()), 1f, beta);
                }
                if (grads.needs(1)) {
                    float beta = grads.productBeta(1);
                    Gemm.gemm(x2, true, gz, false, grads.buffer(1), 1f, beta);
                }
                if (grads.needs(2)) {
                    float beta = grads.productBeta(2);
                    Gemm.gemm(ones, false, gz, false, grads.bufferRow(2), 1f, beta);
                }
            }
            if (tmp != null) {
                ArrayPool.give(tmp);
                ArrayPool.give(z);
            }
        }, x, w, b);
    }

    private static final ThreadLocal<INDArray[]> ONES = ThreadLocal.withInitial(() -> new INDArray[2]);

    /** A cached {@code [1, n]} row of ones (for bias gradients as one product), per thread and data type. */
    private static INDArray ones(DataType type, long n) {
        INDArray[] cache = ONES.get();
        int slot = type == DataType.DOUBLE ? 1 : 0;
        INDArray o = cache[slot];
        if (o == null || o.size(1) < n || o.dataType() != type) {
            o = Nd4j.ones(type, 1, Math.max(n, o == null ? 0 : o.size(1)));
            cache[slot] = o;
        }
        return o.size(1) == n ? o : o.get(NDArrayIndex.all(), NDArrayIndex.interval(0, n));
    }

    // ----------------------------------------------------------------------------------------------------
    // Reductions

    /**
     * @param x        any shape
     * @param keepDims whether reduced dimensions stay as size 1
     * @param axes     dimensions to sum over (negative counting from the end); none means all
     * @return the sums
     */
    public static Var sum(Var x, boolean keepDims, int... axes) {
        int[] ax = normalise(axes, x.rank(), "sum");
        if (ax.length == x.rank() && ax.length > 0 && FloatHost.applies(x.value())) {
            return scaledTotal(x, keepDims, 1.0);
        }
        if (ax.length == 1 && ax[0] == x.rank() - 1 && x.rank() > 1 && FloatHost.applies(x.value())) {
            return rowSums(x, keepDims);
        }
        long[] inShape = x.shape();
        INDArray out = ax.length == 0 ? x.value().dup() : x.value().sum(keepDims, ax);
        long[] keepShape = keepShape(inShape, ax);
        return Tape.record(out, (g, grads) -> grads.addOwned(0, g.reshape('c', keepShape).broadcast(inShape)), x);
    }

    /**
     * @param x        any shape
     * @param keepDims whether reduced dimensions stay as size 1
     * @param axes     dimensions to average over; none means all
     * @return the means
     */
    public static Var mean(Var x, boolean keepDims, int... axes) {
        int[] ax = normalise(axes, x.rank(), "mean");
        long n = 1;
        for (int a : ax) {
            n *= x.shape()[a];
        }
        if (ax.length == x.rank() && ax.length > 0 && FloatHost.applies(x.value())) {
            return scaledTotal(x, keepDims, 1.0 / n);
        }
        return mulScalar(sum(x, keepDims, ax), 1.0 / Math.max(1, n));
    }

    /** The sums over the last axis of a dense float32 array, as host loops each way (float accumulation). */
    private static Var rowSums(Var x, boolean keepDims) {
        long[] inShape = x.shape();
        int n = (int) inShape[inShape.length - 1];
        float[] v = FloatHost.read(x.value());
        float[] y = new float[v.length / n];
        for (int r = 0; r < y.length; r++) {
            float s = 0;
            for (int i = r * n; i < r * n + n; i++) {
                s += v[i];
            }
            y[r] = s;
        }
        int last = inShape.length - 1;
        long[] outShape = keepDims ? keepShape(inShape, new int[] {last}) : dropAxis(inShape, last);
        return Tape.record(FloatHost.pooled(y, outShape), (g, grads) -> {
            float[] gv = FloatHost.read(g);
            float[] gi = new float[v.length];
            for (int r = 0; r < gv.length; r++) {
                Arrays.fill(gi, r * n, r * n + n, gv[r]);
            }
            grads.addOwned(0, FloatHost.pooled(gi, inShape));
        }, x);
    }

    /**
     * {@code scale * sum(x)} over every axis of a dense float32 array as one op (the reduction that ends a
     * loss): the sum accumulated in float64, the gradient {@code scale * g} in every entry.
     */
    private static Var scaledTotal(Var x, boolean keepDims, double scale) {
        long[] inShape = x.shape();
        long[] outShape = keepDims ? keepShape(inShape, normalise(null, inShape.length, "sum")) : new long[0];
        float total = (float) (FloatHost.sum(x.value()) * scale);
        return Tape.record(FloatHost.filled(total, outShape),
                (g, grads) -> grads.addOwned(0, FloatHost.filled((float) (g.getDouble(0) * scale), inShape)), x);
    }

    /**
     * @param x        any shape
     * @param axis     the dimension to reduce
     * @param keepDims whether it stays as size 1
     * @return the maxima; the gradient goes to the maximal elements (split evenly between ties)
     */
    public static Var max(Var x, int axis, boolean keepDims) {
        int a = Shapes.axis(axis, x.rank(), "max");
        INDArray xv = x.value();
        INDArray keep = xv.max(true, a);
        INDArray mask = xv.eq(keep.broadcast(xv.shape())).castTo(xv.dataType());
        mask.divi(mask.sum(true, a).broadcast(xv.shape()));
        INDArray out = keepDims ? keep : keep.reshape('c', dropAxis(xv.shape(), a));
        long[] keepShape = keep.shape();
        return Tape.record(out, (g, grads) -> grads.addOwned(0, mask.mul(g.reshape('c', keepShape).broadcast(xv.shape()))),
                x);
    }

    // ----------------------------------------------------------------------------------------------------
    // Shapes

    /**
     * @param x     any value
     * @param shape the new shape in c order (one entry may be -1)
     * @return the reshaped value
     */
    public static Var reshape(Var x, long... shape) {
        long[] in = x.shape();
        INDArray out = dense(x.value()).reshape('c', shape);
        if (Shapes.count(out.shape()) != Shapes.count(in)) {
            throw new IllegalArgumentException("reshape: " + Shapes.str(in) + " cannot become " + Arrays.toString(shape));
        }
        return Tape.record(out, (g, grads) -> grads.add(0, dense(g).reshape('c', in)), x);
    }

    /**
     * @param x    any value
     * @param axes a permutation of {@code 0 .. rank-1}
     * @return the permuted value, a fresh c-order array
     */
    public static Var permute(Var x, int... axes) {
        if (axes.length != x.rank()) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(axes) + " is not a permutation of the "
                    + x.rank() + " dimensions of " + Shapes.str(x.shape()));
        }
        int[] inverse = new int[axes.length];
        boolean[] seen = new boolean[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int a = Shapes.axis(axes[i], axes.length, "permute");
            if (seen[a]) {
                throw new IllegalArgumentException("permute: axis " + a + " repeats in " + Arrays.toString(axes));
            }
            seen[a] = true;
            inverse[a] = i;
        }
        INDArray out = x.value().permute(axes).dup('c');
        return Tape.record(out, (g, grads) -> grads.addOwned(0, g.permute(inverse).dup('c')), x);
    }

    /**
     * @param x    any value
     * @param axis the dimension
     * @param from first index, inclusive
     * @param to   end index, exclusive, {@code from < to <= size}
     * @return the slice, a fresh array
     */
    public static Var slice(Var x, int axis, long from, long to) {
        int a = Shapes.axis(axis, x.rank(), "slice");
        long n = x.shape()[a];
        if (from < 0 || to > n || from >= to) {
            throw new IllegalArgumentException("slice: [" + from + ", " + to + ") is not a non-empty range inside [0, "
                    + n + ") of axis " + axis + " of " + Shapes.str(x.shape()));
        }
        if (FloatHost.applies(x.value())) {
            return sliceFloat(x, a, from, to);
        }
        INDArrayIndex[] idx = index(x.rank(), a, from, to);
        INDArray out = x.value().get(idx).dup('c');
        return Tape.record(out, (g, grads) -> grads.buffer(0).get(idx).addi(g), x);
    }

    /**
     * {@link #slice} of a dense float32 array as bulk copies of its contiguous runs: the slice takes
     * {@code (to - from) * inner} consecutive entries out of every {@code n * inner} ({@code n} the axis' size,
     * {@code inner} the product of the later axes); the backward pass adds each run back into the input's
     * gradient buffer (on the host up to {@link Var#HOST_ADD_MAX} entries, as {@link Var} adds gradients; above
     * that, ND4J's multi-threaded in-place add on a view of the buffer).
     */
    private static Var sliceFloat(Var x, int axis, long from, long to) {
        long[] shape = x.shape();
        long inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        int rowWidth = (int) (shape[axis] * inner);
        int width = (int) ((to - from) * inner);
        int start = (int) (from * inner);
        int outer = (int) (Shapes.count(shape) / rowWidth);
        long[] outShape = shape.clone();
        outShape[axis] = to - from;
        INDArray out = ArrayPool.take(DataType.FLOAT, outShape);
        FloatBuffer src = HostArrays.floats(x.value());
        FloatBuffer dst = HostArrays.floats(out);
        for (int r = 0; r < outer; r++) {
            dst.put(r * width, src, r * rowWidth + start, width);
        }
        return Tape.record(out, (g, grads) -> {
            INDArray buffer = grads.buffer(0);
            if ((long) outer * width > Var.HOST_ADD_MAX || !FloatHost.applies(buffer, g)) {
                buffer.get(index(shape.length, axis, from, to)).addi(g);
                return;
            }
            FloatBuffer b = HostArrays.floats(buffer);
            FloatBuffer gv = HostArrays.floats(g);
            for (int r = 0; r < outer; r++) {
                int o = r * rowWidth + start;
                int k = r * width;
                for (int j = 0; j < width; j++) {
                    b.put(o + j, b.get(o + j) + gv.get(k + j));
                }
            }
        }, x);
    }

    /**
     * @param axis   the dimension to join along
     * @param values values of equal shape except along {@code axis}
     * @return their concatenation
     */
    public static Var concat(int axis, Var... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("concat: no values");
        }
        int rank = values[0].rank();
        int a = Shapes.axis(axis, rank, "concat");
        INDArray[] arrays = new INDArray[values.length];
        long[] offsets = new long[values.length + 1];
        for (int i = 0; i < values.length; i++) {
            Shapes.sameType("concat", values[0], values[i]);
            long[] s = values[i].shape();
            long[] s0 = values[0].shape();
            boolean ok = s.length == rank;
            for (int d = 0; ok && d < rank; d++) {
                ok = d == a || s[d] == s0[d];
            }
            if (!ok) {
                throw new IllegalArgumentException("concat: value " + i + " " + Shapes.str(s) + " does not match value 0 "
                        + Shapes.str(s0) + " outside axis " + a);
            }
            arrays[i] = values[i].value();
            offsets[i + 1] = offsets[i] + s[a];
        }
        if (FloatHost.applies(arrays)) {
            return concatFloat(a, values, offsets);
        }
        INDArray out = Nd4j.concat(a, arrays);
        return Tape.record(out, (g, grads) -> {
            for (int i = 0; i < values.length; i++) {
                if (grads.needs(i)) {
                    grads.addOwned(i, g.get(index(rank, a, offsets[i], offsets[i + 1])).dup('c'));
                }
            }
        }, values);
    }

    /**
     * {@link #concat} of dense float32 arrays as block copies: with {@code outer} the product of the dimensions
     * before {@code axis}, value {@code i} is {@code outer} contiguous blocks of {@code width[i]} floats, laid
     * side by side in each of the output's {@code outer} rows; the backward pass copies the blocks back out.
     */
    private static Var concatFloat(int axis, Var[] values, long[] offsets) {
        long[] outShape = values[0].shape().clone();
        outShape[axis] = offsets[values.length];
        long inner = 1;
        for (int d = axis + 1; d < outShape.length; d++) {
            inner *= outShape[d];
        }
        int outer = (int) (Shapes.count(outShape) / (offsets[values.length] * inner));
        int rowWidth = (int) (offsets[values.length] * inner);
        int[] width = new int[values.length];
        int[] start = new int[values.length];
        float[] out = new float[outer * rowWidth];
        for (int i = 0; i < values.length; i++) {
            width[i] = (int) ((offsets[i + 1] - offsets[i]) * inner);
            start[i] = (int) (offsets[i] * inner);
            float[] v = FloatHost.read(values[i].value());
            for (int r = 0; r < outer; r++) {
                System.arraycopy(v, r * width[i], out, r * rowWidth + start[i], width[i]);
            }
        }
        return Tape.record(FloatHost.pooled(out, outShape), (g, grads) -> {
            float[] gv = FloatHost.read(g);
            for (int i = 0; i < values.length; i++) {
                if (grads.needs(i)) {
                    float[] gi = new float[outer * width[i]];
                    for (int r = 0; r < outer; r++) {
                        System.arraycopy(gv, r * rowWidth + start[i], gi, r * width[i], width[i]);
                    }
                    grads.addOwned(i, FloatHost.pooled(gi, values[i].shape()));
                }
            }
        }, values);
    }

    /**
     * @param x     any value
     * @param axis  the dimension to split
     * @param sizes the parts' sizes along {@code axis}, summing to its size
     * @return the parts, in order
     */
    public static List<Var> split(Var x, int axis, long... sizes) {
        int a = Shapes.axis(axis, x.rank(), "split");
        long total = 0;
        for (long s : sizes) {
            total += s;
        }
        if (total != x.shape()[a]) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " sum to " + total
                    + ", but axis " + axis + " of " + Shapes.str(x.shape()) + " has " + x.shape()[a]);
        }
        List<Var> parts = new ArrayList<>(sizes.length);
        long from = 0;
        for (long s : sizes) {
            parts.add(slice(x, a, from, from + s));
            from += s;
        }
        return parts;
    }

    // ----------------------------------------------------------------------------------------------------
    // helpers

    static INDArray dense(INDArray x) {
        return x.ordering() == 'c' && !x.isView() ? x : x.dup('c');
    }

    private static INDArrayIndex[] index(int rank, int axis, long from, long to) {
        INDArrayIndex[] idx = new INDArrayIndex[rank];
        for (int d = 0; d < rank; d++) {
            idx[d] = d == axis ? NDArrayIndex.interval(from, to) : NDArrayIndex.all();
        }
        return idx;
    }

    private static int[] normalise(int[] axes, int rank, String op) {
        if (axes == null || axes.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = Shapes.axis(axes[i], rank, op);
        }
        Arrays.sort(out);
        for (int i = 1; i < out.length; i++) {
            if (out[i] == out[i - 1]) {
                throw new IllegalArgumentException(op + ": axis " + out[i] + " repeats in " + Arrays.toString(axes));
            }
        }
        return out;
    }

    private static long[] keepShape(long[] shape, int[] axes) {
        long[] k = shape.clone();
        for (int a : axes) {
            k[a] = 1;
        }
        return k;
    }

    private static long[] dropAxis(long[] shape, int axis) {
        long[] out = new long[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                out[j++] = shape[i];
            }
        }
        return out;
    }

    static void finite(String op, double c) {
        if (!Double.isFinite(c)) {
            throw new IllegalArgumentException(op + ": the scalar is " + c + "; expected a finite value");
        }
    }

    static double[] host(INDArray x) {
        return HostArrays.toDoubles(x);
    }
}
