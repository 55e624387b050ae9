package org.mbrl4j.envs.wrappers;

import java.util.Arrays;
import java.util.Objects;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Reset;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Space;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Exposes a bounded {@link Box} action space as {@code [min, max]} (per element) and maps every action
 * affinely onto the inner environment's bounds, like Gymnasium's {@code RescaleAction}: {@code min} goes to
 * the inner {@code low}, {@code max} to the inner {@code high}, exactly.
 *
 * <p>The map is evaluated as {@code low * (1 - t) + high * t} with {@code t = (a - min) / (max - min)} in
 * double precision on the float32 values of the bounds, so that a float32 action equal to an endpoint lands
 * exactly on the inner endpoint. Actions outside {@code [min, max]} are extrapolated, not clipped; the inner
 * environment clips them as Gymnasium environments do (or put a {@link ClipAction} outside this wrapper).
 */
public final class RescaleAction implements Environment {

    private final Environment inner;
    private final Box actionSpace;
    private final long[] shape;
    private final double[] min;
    private final double[] max;
    private final double[] low;
    private final double[] high;

    /**
     * Rescales every action element to the same range.
     *
     * @param env an environment with a bounded {@code Box} action space
     * @param min the new lower bound, finite
     * @param max the new upper bound, finite and {@code > min}
     * @throws IllegalArgumentException if the inner action space is not a bounded {@code Box}, a bound is NaN
     *     or infinite, or {@code min >= max}
     */
    public RescaleAction(Environment env, double min, double max) {
        this(env, filled(env, min), filled(env, max));
    }

    /**
     * Rescales each action element to its own range.
     *
     * @param env an environment with a bounded {@code Box} action space
     * @param min new lower bounds, one per action element (flattened row-major), finite
     * @param max new upper bounds, same length, each finite and {@code > min[i]}
     * @throws IllegalArgumentException if the inner action space is not a bounded {@code Box}, a length is
     *     wrong, a bound is NaN or infinite, or {@code min[i] >= max[i]}
     */
    public RescaleAction(Environment env, double[] min, double[] max) {
        this.inner = Objects.requireNonNull(env, "env");
        Box box = boundedBox(env);
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        int n = box.flatDim();
        if (min.length != n || max.length != n) {
            throw new IllegalArgumentException("min and max must have one value per action element (" + n
                    + " for " + box + "): min has " + min.length + ", max has " + max.length);
        }
        this.shape = box.shape();
        this.min = new double[n];
        this.max = new double[n];
        this.low = new double[n];
        this.high = new double[n];
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(min[i])) {
                throw new IllegalArgumentException("min[" + i + "] must be finite: " + min[i]);
            }
            if (!Double.isFinite(max[i])) {
                throw new IllegalArgumentException("max[" + i + "] must be finite: " + max[i]);
            }
            // Compared as float32, the precision the new action space holds its bounds in.
            if ((float) min[i] >= (float) max[i]) {
                throw new IllegalArgumentException("min[" + i + "] must be < max[" + i + "]: min=" + min[i]
                        + ", max=" + max[i]);
            }
            this.min[i] = (float) min[i];
            this.max[i] = (float) max[i];
            this.low[i] = (float) box.low(i);
            this.high[i] = (float) box.high(i);
        }
        this.actionSpace = Box.of(this.min, this.max, shape);
    }

    private static Box boundedBox(Environment env) {
        Space space = Objects.requireNonNull(env, "env").actionSpace();
        if (!(space instanceof Box box) || !box.isBounded()) {
            throw new IllegalArgumentException("RescaleAction needs an environment with a bounded Box action space;"
                    + " env.actionSpace() is " + space);
        }
        return box;
    }

    private static double[] filled(Environment env, double value) {
        double[] a = new double[boundedBox(env).flatDim()];
        Arrays.fill(a, value);
        return a;
    }

    /** @return the wrapped environment */
    public Environment inner() {
        return inner;
    }

    /**
     * Maps an action of this wrapper's space onto the inner space, as {@link #step} does.
     *
     * @param action a float array of the action shape, without NaN
     * @return a fresh float32 array of the same shape in the inner environment's units
     * @throws IllegalArgumentException if the shape is wrong or a value is NaN
     */
    public INDArray toInner(INDArray action) {
        actionSpace.validate("action", action);
        float[] a = action.castTo(DataType.FLOAT).dup('c').reshape(action.length()).toFloatVector();
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            double t = (a[i] - min[i]) / (max[i] - min[i]);
            out[i] = (float) (low[i] * (1.0 - t) + high[i] * t);
        }
        return Nd4j.create(out, shape, DataType.FLOAT);
    }

    @Override
    public Space observationSpace() {
        return inner.observationSpace();
    }

    /** @return the rescaled box {@code [min, max]} with the inner action shape */
    @Override
    public Space actionSpace() {
        return actionSpace;
    }

    @Override
    public Reset reset(long seed) {
        return inner.reset(seed);
    }

    @Override
    public Reset reset() {
        return inner.reset();
    }

    @Override
    public Step step(INDArray action) {
        return inner.step(toInner(action));
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return "RescaleAction(" + actionSpace + ", " + inner + ")";
    }
}
