package org.mbrl4j.envs.wrappers;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Reset;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.spaces.Space;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Repeats every action for {@code repeat} inner steps (the "action repeat" or frame skip of PlaNet, Dreamer
 * and the PETS benchmarks), summing the rewards.
 *
 * <p>The repetition stops early at the first inner step that is {@code terminated} or {@code truncated}; the
 * returned step then carries that step's flags, so a termination is never hidden behind a later step. The
 * returned observation and info are those of the last inner step taken, with one entry added to the info:
 * {@value #REPEATS_KEY}, the number of inner steps actually taken (an {@link Integer} in
 * {@code [1, repeat]}). Spaces are the inner environment's.
 */
public final class ActionRepeat implements Environment {

    /** Info key holding the number of inner steps that one {@link #step} took. */
    public static final String REPEATS_KEY = "action_repeat.steps";

    private final Environment inner;
    private final int repeat;

    /**
     * @param env the environment to wrap
     * @param repeat how many inner steps each action is held for, {@code >= 1}
     * @throws IllegalArgumentException if {@code repeat < 1}
     * @throws NullPointerException if {@code env} is null
     */
    public ActionRepeat(Environment env, int repeat) {
        this.inner = Objects.requireNonNull(env, "env");
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be >= 1: " + repeat);
        }
        this.repeat = repeat;
    }

    /** @return the wrapped environment */
    public Environment inner() {
        return inner;
    }

    /** @return the number of inner steps per action (the constructor's {@code repeat}) */
    public int repeat() {
        return repeat;
    }

    @Override
    public Space observationSpace() {
        return inner.observationSpace();
    }

    @Override
    public Space actionSpace() {
        return inner.actionSpace();
    }

    @Override
    public Reset reset(long seed) {
        return inner.reset(seed);
    }

    @Override
    public Reset reset() {
        return inner.reset();
    }

    /**
     * Takes up to {@code repeat} inner steps with the same action.
     *
     * @param action an element of {@link #actionSpace()}; the same array is handed to every inner step
     * @return the last inner step's observation, flags and info, with the summed reward
     */
    @Override
    public Step step(INDArray action) {
        double total = 0.0;
        Step last = null;
        int taken = 0;
        while (taken < repeat) {
            last = inner.step(action);
            total += last.reward();
            taken++;
            if (last.done()) {
                break;
            }
        }
        Map<String, Object> info = new HashMap<>(last.info());
        info.put(REPEATS_KEY, taken);
        return new Step(last.observation(), total, last.terminated(), last.truncated(), info);
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return "ActionRepeat(" + repeat + ", " + inner + ")";
    }
}
