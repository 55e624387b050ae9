package org.mbrl4j.tensor.autodiff;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A value in a differentiable program: an {@link INDArray} plus what the {@link Tape} needs to send a
 * gradient back to it. Four kinds:
 * <ul>
 *   <li>{@link #constant}: no gradient (data, targets, anything under {@link Tape#pause()});</li>
 *   <li>{@link #input}: a leaf that asks for its gradient, read with {@link #grad()} after
 *       {@code backward} (gradient-based planning asks for the actions' gradient this way);</li>
 *   <li>{@link #of(Parameter)}: a parameter, whose gradient is added to {@link Parameter#grad()};</li>
 *   <li>the outputs of ops recorded on an open tape.</li>
 * </ul>
 * The methods of this class are the common ops, each recorded when a tape is open; the rest (ops over
 * several values, last-axis network ops, convolutions) are static methods of {@link Ops}, {@link NnOps} and
 * their siblings in this package. Every op returns a fresh value and never changes its inputs' values. Binary ops broadcast as
 * NumPy does; inputs of one op share a data type (float32 on the fast kernels, float64 for gradient
 * checks).
 */
public final class Var {

    private final INDArray value;
    private final Parameter parameter;
    private final boolean requiresGrad;
    private final boolean leaf;
    private INDArray grad;
    /** The tape that recorded this value (null for leaves and constants): where {@link Tape#recycle} defers to. */
    Tape recordedOn;
    /** Whether an op computed this value (recorded or not), so that {@link Tape#recycle} may take its array. */
    boolean computed;

    private Var(INDArray value, Parameter parameter, boolean requiresGrad, boolean leaf) {
        this.value = value;
        this.parameter = parameter;
        this.requiresGrad = requiresGrad;
        this.leaf = leaf;
    }

    /**
     * @param value the value, kept (not copied)
     * @return a value that receives no gradient
     */
    public static Var constant(INDArray value) {
        return new Var(checkValue(value, "value"), null, false, true);
    }

    /**
     * @param value the value, kept (not copied)
     * @return a leaf whose gradient is kept in {@link #grad()} after {@code backward}
     */
    public static Var input(INDArray value) {
        return new Var(checkValue(value, "value"), null, true, true);
    }

    /**
     * @param parameter a parameter; its value is used (not copied) and its gradient buffer receives the
     *                  gradient (added to what it holds)
     * @return the parameter as a leaf of a differentiable program, or its value as a constant while a
     *         {@link Tape#freeze} scope on this thread holds it
     */
    public static Var of(Parameter parameter) {
        Objects.requireNonNull(parameter, "parameter");
        if (Tape.frozen(parameter)) {
            return new Var(parameter.value(), null, false, true);
        }
        return new Var(parameter.value(), parameter, true, true);
    }

    static Var recorded(INDArray value, Tape tape) {
        Var v = new Var(value, null, true, false);
        v.computed = true;
        v.recordedOn = tape;
        return v;
    }

    /** @return a constant computed by an op outside any recording (no input needed a gradient) */
    static Var computedConstant(INDArray value) {
        Var v = new Var(checkValue(value, "value"), null, false, true);
        v.computed = true;
        return v;
    }

    private static INDArray checkValue(INDArray value, String name) {
        Objects.requireNonNull(value, name);
        if (!value.dataType().isFPType()) {
            throw new IllegalArgumentException(name + " has data type " + value.dataType()
                    + "; expected FLOAT or DOUBLE");
        }
        return value;
    }

    /** @return the value (not a copy; do not modify it while a tape that recorded it is open) */
    public INDArray value() {
        return value;
    }

    /** @return the shape of the value */
    public long[] shape() {
        return value.shape();
    }

    /** @return the rank of the value */
    public int rank() {
        return value.rank();
    }

    /**
     * @param dim a dimension, negative counting from the end
     * @return its size
     */
    public long size(int dim) {
        return value.size(dim < 0 ? dim + value.rank() : dim);
    }

    /** @return the data type of the value */
    public DataType dataType() {
        return value.dataType();
    }

    /**
     * @return the value of a one-element Var as a double
     * @throws IllegalStateException if the value has more than one element
     */
    public double item() {
        if (value.length() != 1) {
            throw new IllegalStateException("item: value has shape " + Arrays.toString(shape())
                    + "; expected one element");
        }
        return value.getDouble(0);
    }

    /** @return whether a gradient flows back to this value */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** @return the parameter this leaf stands for, or null */
    public Parameter parameter() {
        return parameter;
    }

    /**
     * @return the gradient accumulated by {@code backward}: for an {@link #input} leaf after backward, for a
     *         parameter its {@link Parameter#grad()} buffer; null for constants and for values whose gradient
     *         was never reached
     */
    public INDArray grad() {
        return parameter != null ? parameter.grad() : grad;
    }

    void accumulate(INDArray g, boolean owned) {
        if (!requiresGrad) {
            return;
        }
        if (parameter != null) {
            INDArray cleared = parameter.claimClearedGrad();
            if (cleared != null) {
                copyInto(cleared, g);
            } else {
                addInto(parameter.grad(), g);
            }
            if (owned) {
                ArrayPool.give(g); // handed over and now copied: back to the pool (views are left alone)
            }
        } else if (grad == null) {
            grad = owned && g.ordering() == 'c' && !g.isView() ? g : g.dup('c');
        } else {
            addInto(grad, g);
            if (owned) {
                ArrayPool.give(g);
            }
        }
    }

    /** Below this many elements a host loop beats an ND4J op, whose call alone costs several microseconds. */
    static final int HOST_ADD_MAX = 1 << 16;

    /** {@code target = g} (the same shape). */
    private static void copyInto(INDArray target, INDArray g) {
        if (HostArrays.denseFloat(target, g)) {
            HostArrays.floats(target).put(HostArrays.floats(g));
        } else {
            target.assign(g);
        }
    }

    /** {@code target += g} (the same shape). */
    private static void addInto(INDArray target, INDArray g) {
        if (target.length() <= HOST_ADD_MAX && HostArrays.denseFloat(target, g)) {
            FloatBuffer t = HostArrays.floats(target);
            FloatBuffer a = HostArrays.floats(g);
            for (int i = 0, n = (int) target.length(); i < n; i++) {
                t.put(i, t.get(i) + a.get(i));
            }
        } else {
            target.addi(g);
        }
    }

    INDArray gradBuffer() {
        if (parameter != null) {
            return parameter.grad();
        }
        if (grad == null) {
            grad = ArrayPool.zeros(value.dataType(), value.shape());
        }
        return grad;
    }

    /**
     * The gradient array for an op that writes every entry of it, when this value holds no gradient yet: a
     * parameter's zeroed gradient ({@link Parameter#claimClearedGrad}), or for another value an uninitialised
     * pooled array that becomes its gradient.
     *
     * @return the array to overwrite, or null when a gradient is held (add to {@link #gradBuffer} then)
     */
    INDArray claimGrad() {
        if (parameter != null) {
            return parameter.claimClearedGrad();
        }
        if (grad == null) {
            grad = ArrayPool.take(value.dataType(), value.shape());
            return grad;
        }
        return null;
    }

    INDArray takeGrad() {
        INDArray g = grad;
        if (!leaf) {
            grad = null;
        }
        return g;
    }

    void dropGrad() {
        if (!leaf) {
            grad = null;
        }
    }

    // ----------------------------------------------------------------------------------------------------
    // Element-wise arithmetic (broadcasting)

    /** @param other broadcastable @return {@code this + other} */
    public Var add(Var other) {
        return Ops.add(this, other);
    }

    /** @param other broadcastable @return {@code this - other} */
    public Var sub(Var other) {
        return Ops.sub(this, other);
    }

    /** @param other broadcastable @return {@code this * other} */
    public Var mul(Var other) {
        return Ops.mul(this, other);
    }

    /** @param other broadcastable @return {@code this / other} */
    public Var div(Var other) {
        return Ops.div(this, other);
    }

    /** @param c a finite scalar @return {@code this + c} */
    public Var add(double c) {
        return Ops.addScalar(this, c);
    }

    /** @param c a finite scalar @return {@code this * c} */
    public Var mul(double c) {
        return Ops.mulScalar(this, c);
    }

    /** @return {@code -this} */
    public Var neg() {
        return Ops.mulScalar(this, -1);
    }

    /** @return {@code this * this} */
    public Var square() {
        return Ops.square(this);
    }

    /** @return {@code exp(this)} */
    public Var exp() {
        return Ops.exp(this);
    }

    /** @return {@code log(this)} (NaN or -infinity where the value is not positive, as in IEEE arithmetic) */
    public Var log() {
        return Ops.log(this);
    }

    /** @return {@code sqrt(this)} */
    public Var sqrt() {
        return Ops.sqrt(this);
    }

    /** @return {@code |this|} (gradient 0 at 0) */
    public Var abs() {
        return Ops.abs(this);
    }

    /**
     * @param act an activation of {@link Activation}
     * @return {@code act(this)} element-wise, on the fused SIMD kernels for float32
     */
    public Var act(Activation act) {
        return Ops.activation(this, act);
    }

    /** @return {@code tanh(this)} */
    public Var tanh() {
        return act(Activation.TANH);
    }

    /** @return {@code sigmoid(this)} */
    public Var sigmoid() {
        return act(Activation.SIGMOID);
    }

    /** @return {@code softplus(this)} */
    public Var softplus() {
        return act(Activation.SOFTPLUS);
    }

    /** @return {@code silu(this)} */
    public Var silu() {
        return act(Activation.SILU);
    }

    /** @return {@code relu(this)} */
    public Var relu() {
        return act(Activation.RELU);
    }

    /**
     * @param lo lower bound
     * @param hi upper bound, {@code >= lo}
     * @return the value clipped into {@code [lo, hi]}; the gradient passes where the value was inside
     */
    public Var clamp(double lo, double hi) {
        return Ops.clamp(this, lo, hi);
    }

    // ----------------------------------------------------------------------------------------------------
    // Products, reductions, shapes

    /**
     * @param other see {@link Ops#matmul}
     * @return the matrix product
     */
    public Var matmul(Var other) {
        return Ops.matmul(this, other);
    }

    /** @return the sum of all elements, a scalar of shape {@code []} */
    public Var sum() {
        return Ops.sum(this, false, allAxes());
    }

    /**
     * @param keepDims whether the reduced dimensions stay as size 1
     * @param axes     the dimensions to sum over (negative counting from the end)
     * @return the sums
     */
    public Var sum(boolean keepDims, int... axes) {
        return Ops.sum(this, keepDims, axes);
    }

    /** @return the mean of all elements, a scalar */
    public Var mean() {
        return Ops.mean(this, false, allAxes());
    }

    /**
     * @param keepDims whether the reduced dimensions stay as size 1
     * @param axes     the dimensions to average over
     * @return the means
     */
    public Var mean(boolean keepDims, int... axes) {
        return Ops.mean(this, keepDims, axes);
    }

    /**
     * @param shape the new shape (c order), one entry may be -1
     * @return a reshaped copy
     */
    public Var reshape(long... shape) {
        return Ops.reshape(this, shape);
    }

    /**
     * @param axes a permutation of the dimensions
     * @return the permuted value (a fresh c-order array)
     */
    public Var permute(int... axes) {
        return Ops.permute(this, axes);
    }

    /**
     * @param axis the dimension
     * @param from first index, inclusive
     * @param to   last index, exclusive
     * @return the slice {@code [from, to)} along {@code axis} (a fresh array)
     */
    public Var slice(int axis, long from, long to) {
        return Ops.slice(this, axis, from, to);
    }

    /** @return the same value with no gradient flowing back (stop-gradient) */
    public Var detach() {
        return constant(value);
    }

    /**
     * @param scale the factor
     * @return the same value, whose gradient is multiplied by {@code scale} on the way back (MuZero scales
     *         the dynamics gradient by 0.5 this way)
     */
    public Var scaleGrad(double scale) {
        return Ops.scaleGrad(this, scale);
    }

    private int[] allAxes() {
        int[] a = new int[rank()];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        return a;
    }

    @Override
    public String toString() {
        return "Var" + Arrays.toString(shape()) + (parameter != null ? " " + parameter.name()
                : requiresGrad ? " (grad)" : "");
    }
}
