package org.mbrl4j.envs.wrappers;

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
 * Clips every action element to the inner environment's {@link Box} bounds before stepping, like
 * Gymnasium's {@code ClipAction}. As in Gymnasium 1.x, the wrapper's own action space has the inner shape and
 * infinite bounds, since any finite action is now acceptable. Infinite inner bounds clip nothing on that side.
 */
public final class ClipAction implements Environment {

    private final Environment inner;
    private final Box innerSpace;
    private final Box actionSpace;
    private final long[] shape;

    /**
     * @param env an environment with a {@code Box} action space
     * @throws IllegalArgumentException if the action space is not a {@code Box}
     */
    public ClipAction(Environment env) {
        this.inner = Objects.requireNonNull(env, "env");
        Space space = env.actionSpace();
        if (!(space instanceof Box box)) {
            throw new IllegalArgumentException("ClipAction needs an environment with a Box action space;"
                    + " env.actionSpace() is " + space);
        }
        this.innerSpace = box;
        this.shape = box.shape();
        this.actionSpace = Box.uniform(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, shape);
    }

    /** @return the wrapped environment */
    public Environment inner() {
        return inner;
    }

    /**
     * Clips an action as {@link #step} does.
     *
     * @param action a float array of the inner action shape, without NaN
     * @return a fresh float32 array of that shape within the inner bounds
     * @throws IllegalArgumentException if the shape is wrong or a value is NaN
     */
    public INDArray clip(INDArray action) {
        actionSpace.validate("action", action);
        float[] a = action.castTo(DataType.FLOAT).dup('c').reshape(action.length()).toFloatVector();
        for (int i = 0; i < a.length; i++) {
            // Bounds rounded to float32 first, so a clipped action is contained in the float32 box.
            a[i] = Math.min(Math.max(a[i], (float) innerSpace.low(i)), (float) innerSpace.high(i));
        }
        return Nd4j.create(a, shape, DataType.FLOAT);
    }

    @Override
    public Space observationSpace() {
        return inner.observationSpace();
    }

    /** @return a box of the inner action shape with infinite bounds */
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
        return inner.step(clip(action));
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return "ClipAction(" + inner + ")";
    }
}
