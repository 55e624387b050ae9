package org.mbrl4j.core.buffer;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code B} windows of {@code T} consecutive transitions of one episode each (for latent world models such
 * as an RSSM); every array is a fresh float32 array owned by the caller. Within a window,
 * {@code nextObservations[b, t]} equals {@code observations[b, t + 1]}, and only the last step
 * {@code t = T - 1} can be terminated or truncated.
 *
 * @param observations shape {@code [B, T, ...obsShape]}
 * @param actions shape {@code [B, T, ...actShape]} ({@code [B, T]} for scalar discrete indices)
 * @param rewards shape {@code [B, T]}
 * @param nextObservations shape {@code [B, T, ...obsShape]}
 * @param terminated 1 where the step reached a terminal state, else 0; shape {@code [B, T]}
 * @param truncated 1 where the episode was cut after the step, else 0; shape {@code [B, T]}
 */
public record SequenceBatch(INDArray observations, INDArray actions, INDArray rewards, INDArray nextObservations,
        INDArray terminated, INDArray truncated) {

    /** Checks that no field is null. */
    public SequenceBatch {
        Objects.requireNonNull(observations, "observations");
        Objects.requireNonNull(actions, "actions");
        Objects.requireNonNull(rewards, "rewards");
        Objects.requireNonNull(nextObservations, "nextObservations");
        Objects.requireNonNull(terminated, "terminated");
        Objects.requireNonNull(truncated, "truncated");
    }

    /** @return the number of windows {@code B} */
    public int batchSize() {
        return (int) rewards.size(0);
    }

    /** @return the window length {@code T} */
    public int length() {
        return (int) rewards.size(1);
    }
}
