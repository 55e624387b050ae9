package org.mbrl4j.core.loop;

import java.util.List;

/**
 * The outcome of a rollout.
 *
 * @param episodes the episodes that ended during the rollout, in order (a step-budget rollout may stop in
 *     the middle of one more, which is not listed); unmodifiable
 * @param totalSteps the number of environment steps taken
 */
public record RolloutSummary(List<EpisodeStats> episodes, long totalSteps) {

    /** Copies {@code episodes} into an unmodifiable list. */
    public RolloutSummary {
        episodes = List.copyOf(episodes);
    }

    /** @return the mean return of the finished episodes, or NaN if none finished */
    public double meanReturn() {
        return episodes.stream().mapToDouble(EpisodeStats::episodeReturn).average().orElse(Double.NaN);
    }
}
