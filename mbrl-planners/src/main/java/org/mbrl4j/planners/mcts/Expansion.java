package org.mbrl4j.planners.mcts;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the model says about one node of the tree: the reward of the edge that led to it, its state, its
 * policy logits and its value.
 *
 * @param state  the node's state, kept as given
 * @param reward the reward of the step into this node (0 at the root), finite
 * @param logits the prior policy's logits over the actions, {@code [actionCount]}, finite, kept (not copied)
 * @param value  the predicted value of the state, finite
 * @param <S>    the state type
 */
public record Expansion<S>(S state, double reward, double[] logits, double value) {

    /** Checks that nothing is null and every number is finite; the message names the bad field. */
    public Expansion {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(logits, "logits");
        if (logits.length == 0) {
            throw new IllegalArgumentException("logits must hold one entry per action: length 0");
        }
        if (!Double.isFinite(reward)) {
            throw new IllegalArgumentException("reward must be finite: " + reward);
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite: " + value);
        }
        for (double l : logits) {
            if (!Double.isFinite(l)) {
                throw new IllegalArgumentException("logits must be finite: " + Arrays.toString(logits));
            }
        }
    }
}
