package org.mbrl4j.algorithms.common;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What {@link OffPolicyLoop} tells its callback at the end of every training episode.
 *
 * @param episode       the episode index, from 0
 * @param envSteps      environment steps taken so far, this episode's included
 * @param episodeReturn the undiscounted return of the training episode (exploration noise included)
 * @param length        its number of steps
 * @param terminated    whether it ended by termination (otherwise by truncation)
 * @param evalReturn    the mean return of the deterministic policy, when an evaluation ran after this episode
 * @param metrics       the learner's recent training metrics (losses, entropy coefficient, model use, ...);
 *                      unmodifiable, in the order the learner reported them (so metrics files keep a fixed
 *                      column and key order)
 */
public record EpisodeReport(int episode, long envSteps, double episodeReturn, int length, boolean terminated,
        OptionalDouble evalReturn, Map<String, Double> metrics) {

    /** Copies the metrics, keeping their order. */
    public EpisodeReport {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}
