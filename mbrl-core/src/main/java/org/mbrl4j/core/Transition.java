package org.mbrl4j.core;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One environment transition {@code (s, a, r, s', terminated, truncated)}.
 *
 * @param observation {@code s}, shape {@code obsShape}
 * @param action {@code a}, shape {@code actShape} (a scalar index for discrete spaces)
 * @param reward {@code r}, finite
 * @param nextObservation {@code s'}, shape {@code obsShape}
 * @param terminated whether {@code s'} is terminal for the task
 * @param truncated whether the episode was cut after this transition
 */
public record Transition(INDArray observation, INDArray action, double reward, INDArray nextObservation,
        boolean terminated, boolean truncated) {

    /** Checks that no field is null and that the reward is finite (as {@link Step} does). */
    public Transition {
        Objects.requireNonNull(observation, "observation");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(nextObservation, "nextObservation");
        if (!Double.isFinite(reward)) {
            throw new IllegalArgumentException("reward must be finite: " + reward);
        }
    }

    /** @return {@code terminated || truncated} */
    public boolean done() {
        return terminated || truncated;
    }
}
