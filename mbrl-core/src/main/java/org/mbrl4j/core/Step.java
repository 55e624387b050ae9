package org.mbrl4j.core;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of {@link Environment#step(INDArray)}, with Gymnasium's two episode-end flags kept apart:
 * value targets bootstrap through {@code truncated} but not through {@code terminated}.
 *
 * @param observation the next observation, shape {@code observationSpace().shape()}
 * @param reward the reward for the transition (finite)
 * @param terminated whether the next state is terminal for the task (no value beyond it)
 * @param truncated whether the episode was cut for a reason outside the task, such as a time limit
 * @param info auxiliary diagnostics; unmodifiable, never null
 */
public record Step(INDArray observation, double reward, boolean terminated, boolean truncated,
        Map<String, Object> info) {

    /** Checks the fields and copies {@code info} into an unmodifiable map. */
    public Step {
        Objects.requireNonNull(observation, "observation");
        if (!Double.isFinite(reward)) {
            throw new IllegalArgumentException("reward must be finite: " + reward);
        }
        info = info == null ? Map.of() : Map.copyOf(info);
    }

    /**
     * @param observation next observation
     * @param reward reward
     * @param terminated terminal state of the task
     * @param truncated cut by a time limit
     * @return a step result with empty info
     */
    public static Step of(INDArray observation, double reward, boolean terminated, boolean truncated) {
        return new Step(observation, reward, terminated, truncated, Map.of());
    }

    /** @return {@code terminated || truncated}: whether the episode is over and needs a reset */
    public boolean done() {
        return terminated || truncated;
    }
}
