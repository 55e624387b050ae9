package org.mbrl4j.models.latent;

import java.util.List;
import java.util.Objects;

/**
 * The result of {@link Rssm#observe}: for each step {@code t} of a sequence, the posterior state (which saw
 * observation {@code t}) and the prior state (the model's prediction before seeing it); both share the GRU
 * state {@code h_t}.
 *
 * @param posteriors {@code T} states of batch {@code B}, time order
 * @param priors     {@code T} states of batch {@code B}, time order
 */
public record Observation(List<RssmState> posteriors, List<RssmState> priors) {

    /** Checks that both lists are present and have one length; keeps unmodifiable copies. */
    public Observation {
        Objects.requireNonNull(posteriors, "posteriors");
        Objects.requireNonNull(priors, "priors");
        if (posteriors.size() != priors.size()) {
            throw new IllegalArgumentException("posteriors (" + posteriors.size() + ") and priors (" + priors.size()
                    + ") must have one length");
        }
        posteriors = List.copyOf(posteriors);
        priors = List.copyOf(priors);
    }

    /** @return the posterior state after the last observation, the start of the next step */
    public RssmState last() {
        return posteriors.get(posteriors.size() - 1);
    }
}
