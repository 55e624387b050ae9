package org.mbrl4j.envs;

import java.util.Objects;
import java.util.SplittableRandom;
import org.mbrl4j.core.SimulatedEnvironment;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.Reset;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Discrete;
import org.mbrl4j.core.spaces.Space;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Common bookkeeping of the simulated environments: the seeded generator, the episode's life cycle
 * (no step before a reset or after termination) and the checks of every action at the API boundary.
 *
 * <p>Subclasses implement the physics on a {@code double[]} state in Gymnasium's layout through
 * {@link #resetState}, {@link #stepDiscrete} or {@link #stepContinuous}, and {@link #observe}. Every
 * bad action fails with an {@link IllegalArgumentException} whose message starts with the environment
 * id and names the value and the expected space.
 *
 * <p>Before the first seeded reset the generator starts from {@link #DEFAULT_SEED}; the clock is never
 * used. The generator is a {@link SplittableRandom}, so initial states have Gymnasium's distributions
 * but not numpy's exact draws. Not thread-safe.
 */
public abstract class AbstractEnvironment implements SimulatedEnvironment {

    /** The seed of the generator until the first {@link #reset(long)}. */
    public static final long DEFAULT_SEED = 0L;

    private final String id;
    private SplittableRandom rng = new SplittableRandom(DEFAULT_SEED);
    /** Whether a state exists to step from (after a reset or a {@code setState}). */
    private boolean ready;
    /** Whether the last step returned {@code terminated = true}. */
    private boolean terminated;

    /**
     * @param id the environment id used in messages, such as {@code "CartPole-v1"}
     */
    protected AbstractEnvironment(String id) {
        this.id = Objects.requireNonNull(id, "id");
    }

    /** @return the registry id of this environment, such as {@code "CartPole-v1"} */
    public final String id() {
        return id;
    }

    @Override
    public final Reset reset(long seed) {
        rng = new SplittableRandom(seed);
        return reset();
    }

    @Override
    public final Reset reset() {
        resetState(rng);
        ready = true;
        terminated = false;
        return Reset.of(observe());
    }

    @Override
    public final Step step(INDArray action) {
        if (!ready) {
            throw new IllegalStateException(id + ": step called before reset (call reset or setState first)");
        }
        if (terminated) {
            throw new IllegalStateException(id + ": step called after the episode terminated; call reset first");
        }
        Space space = actionSpace();
        Step result;
        if (space instanceof Discrete discrete) {
            int index;
            try {
                index = discrete.index("action", action);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(id + ": " + e.getMessage(), e);
            }
            result = stepDiscrete(index);
        } else {
            result = stepContinuous(continuousAction((Box) space, action));
        }
        terminated = result.terminated();
        return result;
    }

    private float[] continuousAction(Box box, INDArray action) {
        try {
            box.validate("action", action);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(id + ": " + e.getMessage(), e);
        }
        int n = box.flatDim();
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = action.getFloat(i);
            // Gymnasium would clip +-inf to the bound but then report an infinite reward (action costs), which
            // our Step rejects; refuse it here, where the caller can see which value was wrong.
            if (!Float.isFinite(a[i])) {
                throw new IllegalArgumentException(id + ": action[" + i + "] is " + a[i]
                        + "; expected finite values in " + box);
            }
        }
        return a;
    }

    /**
     * Draws the initial state of an episode into the subclass's state.
     *
     * @param rng the environment's generator, continued from the last reset
     */
    protected abstract void resetState(SplittableRandom rng);

    /**
     * Advances a discrete-action environment. Called only with a validated index.
     *
     * @param action the action index in the action space
     * @return the step result
     */
    protected Step stepDiscrete(int action) {
        throw new UnsupportedOperationException(id + " has a continuous action space");
    }

    /**
     * Advances a continuous-action environment. Called only with a finite action of the right length,
     * not yet clipped (subclasses clip exactly where Gymnasium does).
     *
     * @param action the action as float32 values, length {@code actionSpace().flatDim()}
     * @return the step result
     */
    protected Step stepContinuous(float[] action) {
        throw new UnsupportedOperationException(id + " has a discrete action space");
    }

    /** @return the observation of the current state, a fresh float32 array of the observation shape */
    protected abstract INDArray observe();

    /**
     * Marks the environment steppable after a {@code setState}; subclasses call it after they have
     * checked and copied the state.
     */
    protected final void markReady() {
        ready = true;
        terminated = false;
    }

    /**
     * Checks a state passed to {@code setState}.
     *
     * @param state the candidate state
     * @param length the expected length
     * @param layout the layout, for the message, such as {@code "[x, x_dot, theta, theta_dot]"}
     * @throws IllegalArgumentException naming the environment, the value and the expected layout
     */
    protected final void checkState(double[] state, int length, String layout) {
        if (state == null) {
            throw new IllegalArgumentException(id + ": state must not be null; expected " + length
                    + " values " + layout);
        }
        if (state.length != length) {
            throw new IllegalArgumentException(id + ": state has length " + state.length + ": "
                    + java.util.Arrays.toString(state) + "; expected " + length + " values " + layout);
        }
        for (int i = 0; i < length; i++) {
            if (!Double.isFinite(state[i])) {
                throw new IllegalArgumentException(id + ": state[" + i + "] is not finite: "
                        + java.util.Arrays.toString(state) + "; expected finite values " + layout);
            }
        }
    }

    /**
     * Builds an observation the way Gymnasium does with {@code np.array(..., dtype=np.float32)}: each
     * float64 value rounded to the nearest float32.
     *
     * @param values the observation in double precision
     * @return a fresh float32 vector of shape {@code [values.length]}
     */
    protected static INDArray float32(double... values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return Nd4j.create(out, new long[] {out.length}, DataType.FLOAT);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "<" + id + ">";
    }
}
