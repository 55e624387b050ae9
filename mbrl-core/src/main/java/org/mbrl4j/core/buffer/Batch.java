package org.mbrl4j.core.buffer;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A minibatch of {@code B} transitions; every array is a fresh float32 array owned by the caller.
 *
 * @param observations {@code s}, shape {@code [B, ...obsShape]}
 * @param actions {@code a}, shape {@code [B, ...actShape]} ({@code [B]} for scalar discrete indices)
 * @param rewards {@code r}, shape {@code [B]}
 * @param nextObservations {@code s'}, shape {@code [B, ...obsShape]}
 * @param terminated 1 where {@code s'} is terminal for the task, else 0; shape {@code [B]}
 * @param truncated 1 where the episode was cut after the transition, else 0; shape {@code [B]}
 */
public record Batch(INDArray observations, INDArray actions, INDArray rewards, INDArray nextObservations,
        INDArray terminated, INDArray truncated) {

    /** Checks that no field is null. */
    public Batch {
        Objects.requireNonNull(observations, "observations");
        Objects.requireNonNull(actions, "actions");
        Objects.requireNonNull(rewards, "rewards");
        Objects.requireNonNull(nextObservations, "nextObservations");
        Objects.requireNonNull(terminated, "terminated");
        Objects.requireNonNull(truncated, "truncated");
    }

    /** @return the number of transitions {@code B} */
    public int size() {
        return (int) rewards.size(0);
    }
}
