package org.mbrl4j.core.loop;

import org.mbrl4j.core.Agent;
import org.mbrl4j.core.Environment;

/**
 * Measures an agent: runs whole episodes as {@link Rollouts} does (seeded first reset, {@code agent.reset()}
 * at each episode start) but never calls {@code agent.observe}, so the agent does not learn from them.
 */
public final class Evaluation {

    private Evaluation() {}

    /**
     * @param env the environment (each episode must end by termination or a time limit)
     * @param agent the agent, as it stands (put it in its evaluation mode first if it has one)
     * @param episodes the number of episodes, {@code >= 1}
     * @param seed the seed of the first reset
     * @return returns, lengths and their statistics
     * @throws IllegalArgumentException if {@code episodes < 1}
     */
    public static EvaluationResult evaluate(Environment env, Agent agent, int episodes, long seed) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes must be >= 1: " + episodes);
        }
        RolloutSummary summary = Rollouts.run(env, agent, Long.MAX_VALUE, episodes, seed, RolloutListener.NONE,
                false);
        double[] returns = summary.episodes().stream().mapToDouble(EpisodeStats::episodeReturn).toArray();
        int[] lengths = summary.episodes().stream().mapToInt(EpisodeStats::length).toArray();
        return EvaluationResult.of(returns, lengths);
    }
}
