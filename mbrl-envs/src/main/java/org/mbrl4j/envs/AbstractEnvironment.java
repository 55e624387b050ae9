package org.mbrl4j.envs;

import java.util.Objects;
import java.util.Optional;
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
 * {@link #resetState}, {@link #advanceDiscrete} or {@link #advanceContinuous}, and {@link #observe}. Every
 * bad action fails with an {@link IllegalArgumentException} whose message starts with the environment
 * id and names the value and the expected space.
 *
 * <p>Besides the INDArray API of {@link org.mbrl4j.core.Environment}, whose fresh arrays cost several
 * microseconds each in ND4J, {@link #resetInto} and {@link #stepInto} run the same episode on plain
 * float arrays, for hot loops.
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

    /** @return {@link #id()} */
    @Override
    public Optional<String> registryId() {
        return Optional.of(id);
    }

    @Override
    public final Reset reset(long seed) {
        rng = new SplittableRandom(seed);
        return reset();
    }

    @Override
    public final Reset reset() {
        begin();
        return Reset.of(observation());
    }

    /**
     * The allocation-free form of {@link #reset(long)}: re-seeds the generator, starts an episode and
     * writes its first observation into {@code observationOut}.
     *
     * @param seed any long
     * @param observationOut receives the observation, length {@code observationSpace().flatDim()}
     * @throws IllegalArgumentException if {@code observationOut} is null or has the wrong length
     */
    public final void resetInto(long seed, float[] observationOut) {
        checkObservationOut(observationOut);
        rng = new SplittableRandom(seed);
        begin();
        observe(observationOut);
    }

    /**
     * The allocation-free form of {@link #reset()}: continues the generator.
     *
     * @param observationOut receives the observation, length {@code observationSpace().flatDim()}
     * @throws IllegalArgumentException if {@code observationOut} is null or has the wrong length
     */
    public final void resetInto(float[] observationOut) {
        checkObservationOut(observationOut);
        begin();
        observe(observationOut);
    }

    private void begin() {
        resetState(rng);
        ready = true;
        terminated = false;
    }

    @Override
    public final Step step(INDArray action) {
        checkSteppable();
        double reward;
        if (actionSpace() instanceof Discrete discrete) {
            int index;
            try {
                index = discrete.index("action", action);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(id + ": " + e.getMessage(), e);
            }
            reward = advanceDiscrete(index);
        } else {
            Box box = (Box) actionSpace();
            try {
                box.validate("action", action);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(id + ": " + e.getMessage(), e);
            }
            float[] a = new float[box.flatDim()];
            for (int i = 0; i < a.length; i++) {
                a[i] = action.getFloat(i);
            }
            checkFinite(box, a);
            reward = advanceContinuous(a);
        }
        return Step.of(observation(), reward, terminated, false);
    }

    /**
     * The allocation-free form of {@link #step(INDArray)} for hot loops (planning with the true dynamics,
     * bulk data collection): the same physics, checks and episode life cycle, without INDArrays. Whether
     * the step terminated the episode is then {@link #isTerminated()}; there is no time limit here.
     *
     * @param action for a {@code Box} space its {@code flatDim()} float32 values; for a {@code Discrete}
     *     space one value holding the integer index
     * @param observationOut receives the next observation, length {@code observationSpace().flatDim()}
     * @return the reward of the transition
     * @throws IllegalArgumentException on a bad action (wrong length, NaN, infinite, not an index in range)
     *     or a wrong-length {@code observationOut}
     * @throws IllegalStateException if called before a reset or after the episode terminated
     */
    public final double stepInto(float[] action, float[] observationOut) {
        checkSteppable();
        checkObservationOut(observationOut);
        Space space = actionSpace();
        if (action == null || action.length != space.flatDim()) {
            throw new IllegalArgumentException(id + ": action has length " + (action == null ? "null"
                    : action.length + ": " + java.util.Arrays.toString(action)) + "; expected " + space.flatDim()
                    + " value(s) for " + space);
        }
        double reward;
        if (space instanceof Discrete discrete) {
            float v = action[0];
            if (v != Math.rint(v) || v < discrete.start() || v >= discrete.start() + (long) discrete.n()) {
                throw new IllegalArgumentException(id + ": action is " + v + "; expected an integer index in "
                        + discrete);
            }
            reward = advanceDiscrete((int) v);
        } else {
            checkFinite((Box) space, action);
            reward = advanceContinuous(action);
        }
        observe(observationOut);
        return reward;
    }

    /** @return whether the last step terminated the episode (then only a reset or setState continues it) */
    public final boolean isTerminated() {
        return terminated;
    }

    private void checkSteppable() {
        if (!ready) {
            throw new IllegalStateException(id + ": step called before reset (call reset or setState first)");
        }
        if (terminated) {
            throw new IllegalStateException(id + ": step called after the episode terminated; call reset first");
        }
    }

    private void checkFinite(Box box, float[] a) {
        for (int i = 0; i < a.length; i++) {
            // Gymnasium would clip +-inf to the bound but then report an infinite reward (action costs), which
            // our Step rejects; refuse it here, where the caller can see which value was wrong.
            if (!Float.isFinite(a[i])) {
                throw new IllegalArgumentException(id + ": action[" + i + "] is " + a[i]
                        + "; expected finite values in " + box);
            }
        }
    }

    private void checkObservationOut(float[] out) {
        int n = observationSpace().flatDim();
        if (out == null || out.length != n) {
            throw new IllegalArgumentException(id + ": observationOut has length "
                    + (out == null ? "null" : Integer.toString(out.length)) + "; expected " + n);
        }
    }

    /** The current observation as a fresh float32 vector. */
    private INDArray observation() {
        float[] out = new float[observationSpace().flatDim()];
        observe(out);
        return Nd4j.create(out, new long[] {out.length}, DataType.FLOAT);
    }

    /**
     * Draws the initial state of an episode into the subclass's state.
     *
     * @param rng the environment's generator, continued from the last reset
     */
    protected abstract void resetState(SplittableRandom rng);

    /**
     * Advances a discrete-action environment by one step. Called only with a validated index, in a
     * running episode; reports termination through {@link #setTerminated}.
     *
     * @param action the action index in the action space
     * @return the reward
     */
    protected double advanceDiscrete(int action) {
        throw new UnsupportedOperationException(id + " has a continuous action space");
    }

    /**
     * Advances a continuous-action environment by one step. Called only with a finite action of the
     * right length, not yet clipped (subclasses clip exactly where Gymnasium does), in a running episode;
     * reports termination through {@link #setTerminated}.
     *
     * @param action the action as float32 values, length {@code actionSpace().flatDim()}; not to be kept
     * @return the reward
     */
    protected double advanceContinuous(float[] action) {
        throw new UnsupportedOperationException(id + " has a discrete action space");
    }

    /**
     * Records whether the step being taken ends the episode by termination.
     *
     * @param value whether the new state is terminal
     */
    protected final void setTerminated(boolean value) {
        terminated = value;
    }

    /**
     * Writes the observation of the current state, rounded to float32 as Gymnasium's
     * {@code np.array(..., dtype=np.float32)} rounds each float64 value.
     *
     * @param out receives the observation, length {@code observationSpace().flatDim()}
     */
    protected abstract void observe(float[] out);

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

    @Override
    public String toString() {
        return getClass().getSimpleName() + "<" + id + ">";
    }
}
