package org.mbrl4j.tensor.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A reverse-mode tape: while a tape is open on a thread, every differentiable op on {@link Var}s that need
 * a gradient records itself here; {@link #backward(Var)} then walks the records in reverse, accumulating
 * gradients into {@link org.mbrl4j.tensor.nn.Parameter#grad() parameters} and into the inputs that asked for
 * one ({@link Var#input}), and releases every saved activation.
 *
 * <pre>{@code
 * try (Tape tape = Tape.open()) {
 *     Var loss = net.forward(Var.constant(x)).sub(Var.constant(y)).square().mean();
 *     tape.backward(loss);          // parameters' grad() now hold dloss/dparameter (added to what was there)
 * }
 * adam.step();
 * }</pre>
 *
 * <p>With no tape open (acting, planning, target computation) ops compute values only: nothing is recorded
 * and no tape is allocated, as under PyTorch's {@code no_grad}. {@link #pause()} suspends an open tape for a
 * block inside a training step. Tapes nest: {@link #open()} inside an open tape starts a new one, and
 * closing it makes the outer one current again.
 *
 * <p>A tape belongs to the thread that opened it and is not thread-safe. After {@code backward} (or
 * {@code close}) the tape is released: a second {@code backward} throws {@link IllegalStateException}.
 */
public final class Tape implements AutoCloseable {

    private static final ThreadLocal<Tape> CURRENT = new ThreadLocal<>();
    /** The parameters that {@link Var#of} turns into constants on this thread ({@link #freeze}), or null. */
    private static final ThreadLocal<Set<Parameter>> FROZEN = new ThreadLocal<>();

    private final Tape outer;
    private final Thread owner;
    private List<Node> nodes = new ArrayList<>();
    private List<INDArray> recycled = new ArrayList<>();
    private boolean released;
    private boolean closed;

    private Tape(Tape outer) {
        this.outer = outer;
        this.owner = Thread.currentThread();
    }

    /**
     * Opens a tape and makes it this thread's current one until {@link #close()}.
     *
     * @return the new tape
     */
    public static Tape open() {
        Tape tape = new Tape(CURRENT.get());
        CURRENT.set(tape);
        return tape;
    }

    /**
     * Suspends recording on this thread until the returned scope is closed (the tape's {@code no_grad}): ops
     * inside compute values only.
     *
     * @return the scope to close, which restores the tape that was current
     */
    public static NoGrad pause() {
        Tape was = CURRENT.get();
        CURRENT.remove();
        return new NoGrad(was);
    }

    /**
     * Frees the arrays that tapes on this thread keep for reuse between training steps (intermediate
     * gradients and scratch, at most 256 MB per thread or {@code -Dmbrl4j.pool.mb} MB). Call it when a thread is
     * done training; the next tape simply allocates again.
     */
    public static void releasePooledArrays() {
        ArrayPool.clear();
    }

    /** @return the bytes of arrays that tapes on this thread keep for reuse */
    public static long pooledBytes() {
        return ArrayPool.heldBytes();
    }

    /**
     * Hands the array of a value that never leaves the module that computed it back to the tape's per-thread
     * pool of arrays, for the next op of the same shape: at once when no recording tape needs it (acting and
     * planning under {@link #pause()}), else when the tape that recorded it is released after
     * {@link #backward} or {@link #close}. Modules call it on their hidden activations (e.g. the hidden layers
     * of a {@code DenseStack}), which spares the allocation of a fresh native array per layer and step.
     *
     * <p>Only for values that nothing else reads afterwards: no caller holds the {@link Var}, no later op
     * returned a view of it (a reshape or slice of {@code v} would see the array reused), and {@code v} is not
     * itself a reshape of a value that is still read. Slices of larger arrays, leaves and constants that no
     * op computed are ignored.
     *
     * @param v a value computed by an op, private to the caller
     */
    public static void recycle(Var v) {
        if (v == null || !v.computed) {
            return;
        }
        INDArray a = v.value();
        Tape tape = v.recordedOn;
        if (tape != null && !tape.released) {
            tape.recycled.add(a);
        } else if (tape == null && !recording()) {
            ArrayPool.give(a);
        }
    }

    /** @return this thread's open tape, or null when none is open (or recording is paused) */
    public static Tape current() {
        return CURRENT.get();
    }

    /** @return whether ops on this thread are being recorded right now */
    public static boolean recording() {
        Tape t = CURRENT.get();
        return t != null && !t.released;
    }

    /**
     * Freezes parameters on this thread until the returned scope closes: while it is open, {@link Var#of} gives
     * their values as constants, so a backward pass sends gradients through them to the inputs but computes no
     * gradient for them (no weight-gradient product, nothing added to {@link Parameter#grad()}). For a loss that
     * trains some parameters through others held fixed, such as an actor trained through a world model's
     * dynamics. Scopes nest: an inner one freezes its parameters in addition to the outer one's.
     *
     * @param parameters the parameters to hold fixed (compared by identity)
     * @return the scope; closing it restores the frozen set as it was
     * @throws NullPointerException if {@code parameters} or one of them is null
     */
    public static Frozen freeze(Collection<Parameter> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        Set<Parameter> was = FROZEN.get();
        Set<Parameter> now = Collections.newSetFromMap(new IdentityHashMap<>());
        if (was != null) {
            now.addAll(was);
        }
        for (Parameter p : parameters) {
            now.add(Objects.requireNonNull(p, "parameters holds null"));
        }
        FROZEN.set(now);
        return new Frozen(was);
    }

    /**
     * @param parameter a parameter
     * @return whether a {@link #freeze} scope open on this thread holds it
     */
    public static boolean frozen(Parameter parameter) {
        Set<Parameter> s = FROZEN.get();
        return s != null && s.contains(parameter);
    }

    /** Puts back a thread-local's earlier value ({@code null}: none). */
    private static <T> void restore(ThreadLocal<T> local, T value) {
        if (value == null) {
            local.remove();
        } else {
            local.set(value);
        }
    }

    /** The scope returned by {@link Tape#freeze}. */
    public static final class Frozen implements AutoCloseable {
        private final Set<Parameter> restore;
        private boolean closed;

        private Frozen(Set<Parameter> restore) {
            this.restore = restore;
        }

        /** Restores the frozen set that was in force when the scope opened; closing twice does nothing. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                restore(FROZEN, restore);
            }
        }
    }

    /** The scope returned by {@link Tape#pause()}. */
    public static final class NoGrad implements AutoCloseable {
        private final Tape restore;
        private boolean closed;

        private NoGrad(Tape restore) {
            this.restore = restore;
        }

        /** Makes the paused tape (if any) current again; closing twice does nothing. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                restore(CURRENT, restore);
            }
        }
    }

    /** @return the number of ops recorded so far (0 once released) */
    public int size() {
        return nodes == null ? 0 : nodes.size();
    }

    /** @return whether {@link #backward} or {@link #close} has released this tape */
    public boolean released() {
        return released;
    }

    /**
     * Back-propagates from a scalar: seeds {@code d loss / d loss = 1}, then releases the tape.
     *
     * @param loss a scalar (one element) recorded on this tape, or a parameter/input leaf
     * @throws IllegalArgumentException if {@code loss} has more than one element or is not finite
     * @throws IllegalStateException    if the tape was already released, or is used from another thread
     */
    public void backward(Var loss) {
        Objects.requireNonNull(loss, "loss");
        if (loss.value().length() != 1) {
            throw new IllegalArgumentException("backward: loss must be a scalar (one element); got shape "
                    + Arrays.toString(loss.shape()) + " (use backward(output, gradOutput) for others)");
        }
        double v = loss.value().getDouble(0);
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("backward: loss is " + v + "; expected a finite value");
        }
        checkUsable("backward");
        INDArray seed = ArrayPool.take(loss.dataType(), loss.shape()); // the tape's own: back to the pool after use
        if (HostArrays.denseFloat(seed)) {
            HostArrays.fill(seed, 1f); // a host write: an ND4J op costs more than the rest of a small loss
        } else {
            seed.assign(1);
        }
        run(loss, seed, true);
    }

    /**
     * Back-propagates a given output gradient ({@code output} may have any shape), then releases the tape.
     *
     * @param output     a value recorded on this tape
     * @param gradOutput {@code d L / d output}, the same shape and data type as {@code output}
     * @throws IllegalArgumentException if the gradient's shape or data type differs from the output's
     * @throws IllegalStateException    if the tape was already released, or is used from another thread
     */
    public void backward(Var output, INDArray gradOutput) {
        checkUsable("backward");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(gradOutput, "gradOutput");
        if (!Arrays.equals(output.shape(), gradOutput.shape()) || output.dataType() != gradOutput.dataType()) {
            throw new IllegalArgumentException("backward: gradOutput " + Arrays.toString(gradOutput.shape()) + " "
                    + gradOutput.dataType() + " does not match the output " + Arrays.toString(output.shape())
                    + " " + output.dataType());
        }
        run(output, gradOutput, false);
    }

    /** The backward pass from {@code gradOutput}, which becomes the output's gradient when {@code owned}. */
    private void run(Var output, INDArray gradOutput, boolean owned) {
        try {
            if (output.requiresGrad()) {
                output.accumulate(gradOutput, owned);
                List<Node> all = nodes;
                for (int k = all.size() - 1; k >= 0; k--) {
                    Node node = all.get(k);
                    INDArray g = node.output.takeGrad();
                    if (g != null) {
                        node.backward.backward(g, node.grads);
                        ArrayPool.give(g); // the tape's own array: ops never keep the gradient they are given
                    }
                    all.set(k, null); // saved activations become unreachable as soon as they are used
                }
            }
        } finally {
            release();
        }
    }

    /** Releases the tape (if {@code backward} did not) and makes the outer tape current again. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        release();
        if (CURRENT.get() == this) {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    private void release() {
        if (released) {
            return; // close() after backward(): everything below was done once
        }
        if (nodes != null) {
            for (Node n : nodes) {
                if (n != null) {
                    n.output.dropGrad();
                }
            }
        }
        nodes = null;
        released = true;
        if (recycled != null) {
            for (INDArray a : recycled) {
                ArrayPool.give(a);
            }
            recycled = null;
        }
        if (outer == null) {
            ArrayPool.endCycle();
        }
    }

    private void checkUsable(String what) {
        if (released) {
            throw new IllegalStateException(what + ": this tape was already released by backward() or close(); "
                    + "record the computation again on a new tape");
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException(what + ": a tape is used only by the thread that opened it ("
                    + owner.getName() + "), not " + Thread.currentThread().getName());
        }
    }

    // ----------------------------------------------------------------------------------------------------
    // Recording (used by the ops)

    /**
     * How an op turns the gradient of its output into gradients of its inputs.
     */
    @FunctionalInterface
    public interface Backward {
        /**
         * @param gradOutput {@code d L / d output}, the output's shape; the op may overwrite it
         * @param grads      where to add the inputs' gradients
         */
        void backward(INDArray gradOutput, Grads grads);
    }

    /**
     * Records an op if a tape is open and any input needs a gradient; otherwise returns a constant.
     *
     * @param value    the op's output, owned by the returned Var
     * @param backward the op's backward pass; it may capture saved activations, released after use
     * @param inputs   the op's differentiable inputs, in the order {@link Grads} indexes them
     * @return the output
     */
    public static Var record(INDArray value, Backward backward, Var... inputs) {
        Tape tape = CURRENT.get();
        if (tape == null || tape.released) {
            return Var.computedConstant(value);
        }
        boolean any = false;
        for (Var v : inputs) {
            if (v.requiresGrad()) {
                any = true;
                break;
            }
        }
        if (!any) {
            return Var.computedConstant(value);
        }
        tape.checkUsable("record");
        Var out = Var.recorded(value, tape);
        tape.nodes.add(new Node(out, backward, new Grads(inputs)));
        return out;
    }

    private static final class Node {
        final Var output;
        final Backward backward;
        final Grads grads;

        Node(Var output, Backward backward, Grads grads) {
            this.output = output;
            this.backward = backward;
            this.grads = grads;
        }
    }

    /**
     * The gradient sinks of one op's inputs. Gradients are added to what the inputs already hold; a gradient
     * of a broadcast shape is summed down to the input's shape.
     */
    public static final class Grads {
        private final Var[] inputs;

        Grads(Var[] inputs) {
            this.inputs = inputs;
        }

        /**
         * @param i the input's index
         * @return whether input {@code i} needs a gradient (an op skips the work for those that do not)
         */
        public boolean needs(int i) {
            return inputs[i].requiresGrad();
        }

        /**
         * Adds {@code grad} to input {@code i}'s gradient, summing over broadcast dimensions first. The array
         * is not kept: the caller may reuse it.
         *
         * @param i    the input's index
         * @param grad the gradient, the input's shape or one it broadcasts to
         */
        public void add(int i, INDArray grad) {
            Var in = inputs[i];
            if (in.requiresGrad()) {
                INDArray g = Shapes.unbroadcast(grad, in.shape());
                in.accumulate(g, g != grad);
            }
        }

        /**
         * As {@link #add}, for a fresh array that the caller hands over and never touches again: the sink may
         * keep it as the gradient instead of copying it.
         *
         * @param i    the input's index
         * @param grad the gradient, the input's shape or one it broadcasts to
         */
        public void addOwned(int i, INDArray grad) {
            Var in = inputs[i];
            if (in.requiresGrad()) {
                in.accumulate(Shapes.unbroadcast(grad, in.shape()), true);
            }
        }

        /**
         * The input's gradient buffer, allocated as zeros on first use, for ops that accumulate in place
         * (a GEMM with {@code beta = 1}).
         *
         * @param i the input's index
         * @return the buffer, the input's shape; add to it, never overwrite it
         */
        public INDArray buffer(int i) {
            return inputs[i].gradBuffer();
        }

        /**
         * {@link #buffer} of a rank-1 input ({@code [n]}) viewed as one row {@code [1, n]}, for a bias gradient
         * written as a product; a parameter's view is made once ({@link Parameter#gradRow}).
         *
         * @param i the input's index (a rank-1 input)
         * @return the buffer as {@code [1, n]}, the same memory; add to it, never overwrite it
         * @throws IllegalStateException if the input is not rank 1
         */
        public INDArray bufferRow(int i) {
            Var in = inputs[i];
            if (in.rank() != 1) {
                throw new IllegalStateException("bufferRow: input " + i + " has shape "
                        + Arrays.toString(in.shape()) + "; expected rank 1");
            }
            Parameter p = in.parameter();
            if (p != null) {
                return p.gradRow();
            }
            INDArray b = in.gradBuffer();
            return b.reshape('c', 1, b.length());
        }

        /**
         * For a product {@code C = alpha A B + beta C} into {@link #buffer}{@code (i)} that writes every entry:
         * the {@code beta} to use. 0 when the input held no gradient yet (a parameter's zeroed gradient, or an
         * intermediate value's first gradient): the buffer is then left uninitialised, with no pass over memory
         * to clear it, and the product must overwrite it; 1 when the product must add to what it holds.
         *
         * @param i the input's index (one that {@link #needs})
         * @return 0 or 1
         */
        public float productBeta(int i) {
            return inputs[i].claimGrad() != null ? 0f : 1f;
        }
    }
}
