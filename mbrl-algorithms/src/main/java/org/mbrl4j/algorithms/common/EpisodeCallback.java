package org.mbrl4j.algorithms.common;

/** Receives an {@link EpisodeReport} at the end of every training episode (progress bars, metrics files). */
@FunctionalInterface
public interface EpisodeCallback {

    /** A callback that does nothing. */
    EpisodeCallback NONE = report -> { };

    /**
     * @param report the episode that just ended
     */
    void onEpisode(EpisodeReport report);
}
