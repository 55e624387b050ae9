package org.mbrl4j.models.latent;

import java.util.List;
import java.util.Objects;
import org.mbrl4j.tensor.autodiff.Var;

/**
 * The result of {@link Rssm#imagine}: the start state, the {@code H} prior states that follow it, and the
 * {@code H} actions that led to them ({@code actions.get(t)} was chosen in {@code states.get(t)}).
 *
 * @param states  {@code H + 1} states of batch {@code B}, the start first
 * @param actions {@code H} actions {@code [B, actDim]}
 */
public record Imagination(List<RssmState> states, List<Var> actions) {

    /** Checks the lengths ({@code states} is one longer) and keeps unmodifiable copies. */
    public Imagination {
        Objects.requireNonNull(states, "states");
        Objects.requireNonNull(actions, "actions");
        if (states.size() != actions.size() + 1) {
            throw new IllegalArgumentException("states (" + states.size() + ") must be one longer than actions ("
                    + actions.size() + ")");
        }
        states = List.copyOf(states);
        actions = List.copyOf(actions);
    }

    /** @return the horizon {@code H} */
    public int horizon() {
        return actions.size();
    }
}
