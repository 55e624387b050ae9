package org.mbrl4j.algorithms.common;

/**
 * Settings of {@link OffPolicyLoop}: how long to interact and when to evaluate.
 *
 * @param totalSteps        environment steps to take, {@code >= 1}
 * @param randomSteps       the first steps act uniformly at random (SAC's and TD3's warm-up), {@code >= 0}
 * @param evalEveryEpisodes evaluate the deterministic policy after every this many training episodes;
 *                          {@code 0} for never (the final evaluation still runs)
 * @param evalEpisodes      episodes per evaluation, {@code >= 1}
 */
public record LoopConfig(long totalSteps, int randomSteps, int evalEveryEpisodes, int evalEpisodes) {

    /** Validates every field; the message names the bad one. */
    public LoopConfig {
        if (totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps must be >= 1: " + totalSteps);
        }
        if (randomSteps < 0) {
            throw new IllegalArgumentException("randomSteps must be >= 0: " + randomSteps);
        }
        if (evalEveryEpisodes < 0) {
            throw new IllegalArgumentException("evalEveryEpisodes must be >= 0: " + evalEveryEpisodes);
        }
        if (evalEpisodes < 1) {
            throw new IllegalArgumentException("evalEpisodes must be >= 1: " + evalEpisodes);
        }
    }
}
