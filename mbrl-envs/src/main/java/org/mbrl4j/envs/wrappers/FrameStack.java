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
 * Observes the last {@code k} observations stacked along a new leading axis, like Gymnasium's
 * {@code FrameStackObservation} with its default {@code padding_type="reset"}.
 *
 * <p>Observations have shape {@code [k, ...innerShape]}; index {@code k - 1} is the newest observation and
 * index 0 the oldest. At reset the stack is filled with {@code k} copies of the first observation. The
 * observation space is the inner {@link Box} repeated {@code k} times along the new axis.
 */
public final class FrameStack implements Environment {

    private final Environment inner;
    private final int k;
    private final Box observationSpace;
    private final long[] innerShape;
    private final long[] stackedShape;
    private final int frameSize;
    /** Ring of the last k frames, each flattened row-major; {@code newest} indexes the newest. */
    private final float[][] frames;
    private int newest;

    /**
     * @param env an environment with a {@code Box} observation space
     * @param k the number of observations stacked, {@code >= 1}
     * @throws IllegalArgumentException if {@code k < 1} or the observation space is not a {@code Box}
     */
    public FrameStack(Environment env, int k) {
        this.inner = Objects.requireNonNull(env, "env");
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1: " + k);
        }
        Space space = env.observationSpace();
        if (!(space instanceof Box box)) {
            throw new IllegalArgumentException("FrameStack needs an environment with a Box observation space;"
                    + " env.observationSpace() is " + space);
        }
        this.k = k;
        this.innerShape = box.shape();
        this.frameSize = box.flatDim();
        this.stackedShape = new long[innerShape.length + 1];
        stackedShape[0] = k;
        System.arraycopy(innerShape, 0, stackedShape, 1, innerShape.length);
        double[] low = new double[k * frameSize];
        double[] high = new double[k * frameSize];
        for (int i = 0; i < k; i++) {
            System.arraycopy(box.low(), 0, low, i * frameSize, frameSize);
            System.arraycopy(box.high(), 0, high, i * frameSize, frameSize);
        }
        this.observationSpace = Box.of(low, high, stackedShape);
        this.frames = new float[k][];
    }

    /** @return the wrapped environment */
    public Environment inner() {
        return inner;
    }

    /** @return the number of stacked observations */
    public int k() {
        return k;
    }

    /** @return the stacked box, shape {@code [k, ...innerShape]} */
    @Override
    public Space observationSpace() {
        return observationSpace;
    }

    @Override
    public Space actionSpace() {
        return inner.actionSpace();
    }

    @Override
    public Reset reset(long seed) {
        Reset r = inner.reset(seed);
        return new Reset(fill(r.observation()), r.info());
    }

    @Override
    public Reset reset() {
        Reset r = inner.reset();
        return new Reset(fill(r.observation()), r.info());
    }

    /**
     * Steps the inner environment and pushes its observation onto the stack, dropping the oldest.
     *
     * @return the step with the stacked observation, shape {@code [k, ...innerShape]} (a fresh array)
     */
    @Override
    public Step step(INDArray action) {
        Step s = inner.step(action);
        if (frames[0] == null) {
            throw new IllegalStateException("FrameStack.step called before reset");
        }
        newest = (newest + 1) % k;
        frames[newest] = flatten(s.observation());
        return new Step(stacked(), s.reward(), s.terminated(), s.truncated(), s.info());
    }

    private INDArray fill(INDArray first) {
        float[] f = flatten(first);
        Arrays.fill(frames, f);
        newest = k - 1;
        return stacked();
    }

    private float[] flatten(INDArray obs) {
        if (!Arrays.equals(obs.shape(), innerShape)) {
            throw new IllegalStateException("the inner environment returned an observation of shape "
                    + Arrays.toString(obs.shape()) + "; its observation space has shape "
                    + Arrays.toString(innerShape));
        }
        return obs.castTo(DataType.FLOAT).dup('c').reshape(obs.length()).toFloatVector();
    }

    private INDArray stacked() {
        float[] out = new float[k * frameSize];
        for (int i = 0; i < k; i++) {
            // Slot 0 is the oldest frame, the one just after the newest in the ring.
            float[] f = frames[(newest + 1 + i) % k];
            System.arraycopy(f, 0, out, i * frameSize, frameSize);
        }
        return Nd4j.create(out, stackedShape, DataType.FLOAT);
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return "FrameStack(" + k + ", " + inner + ")";
    }
}
