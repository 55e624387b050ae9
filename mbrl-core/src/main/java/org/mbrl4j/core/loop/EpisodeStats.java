package org.mbrl4j.core.loop;

/**
 * What one finished episode of a rollout amounted to.
 *
 * @param episode the episode's index within the rollout, from 0
 * @param episodeReturn the undiscounted sum of its rewards
 * @param length its number of steps, {@code >= 1}
 * @param totalSteps steps taken by the rollout so far, this episode's last step included
 * @param terminated whether it ended in a terminal state of the task
 * @param truncated whether it was cut (time limit)
 */
public record EpisodeStats(int episode, double episodeReturn, int length, long totalSteps, boolean terminated,
        boolean truncated) {
}
