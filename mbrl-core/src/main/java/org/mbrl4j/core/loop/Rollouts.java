package org.mbrl4j.core.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mbrl4j.core.Agent;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.buffer.ReplayBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Collects experience by running an agent in an environment.
 *
 * <p>The loop: {@code env.reset(seed)} for the first episode and {@code env.reset()} for later ones (so the
 * whole rollout is determined by {@code seed}); {@code agent.reset()} at the start of every episode;
 * then per step {@code agent.act}, {@code env.step}, {@code agent.observe(transition)},
 * {@code listener.onStep}; when a step is terminated or truncated, {@code listener.onEpisodeEnd} and a new
 * episode. An exception from the environment (for instance an action it rejects), the agent or the listener
 * ends the rollout and propagates unchanged.
 */
public final class Rollouts {

    private Rollouts() {}

    /**
     * Runs exactly {@code steps} environment steps, starting new episodes as needed; the last episode may be
     * left unfinished.
     *
     * @param env the environment
     * @param agent the agent; it observes every transition
     * @param steps the number of steps, {@code >= 1}
     * @param seed the seed of the first reset
     * @param listener told about every step and finished episode
     * @return the finished episodes and the step count
     * @throws IllegalArgumentException if {@code steps < 1}
     */
    public static RolloutSummary collectSteps(Environment env, Agent agent, long steps, long seed,
            RolloutListener listener) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1: " + steps);
        }
        return run(env, agent, steps, Long.MAX_VALUE, seed, listener, true);
    }

    /**
     * As {@link #collectSteps(Environment, Agent, long, long, RolloutListener)}, adding every transition to
     * {@code buffer}.
     *
     * @param env the environment
     * @param agent the agent; it observes every transition
     * @param steps the number of steps, {@code >= 1}
     * @param seed the seed of the first reset
     * @param buffer the buffer to fill
     * @return the finished episodes and the step count
     * @throws IllegalArgumentException if {@code steps < 1}, or the buffer refuses a transition (wrong shape,
     *     non-finite values)
     */
    public static RolloutSummary collectSteps(Environment env, Agent agent, long steps, long seed,
            ReplayBuffer buffer) {
        return collectSteps(env, agent, steps, seed, RolloutListener.addingTo(buffer));
    }

    /**
     * Runs {@code episodes} whole episodes (the environment must end each one, by termination or a time
     * limit).
     *
     * @param env the environment
     * @param agent the agent; it observes every transition
     * @param episodes the number of episodes, {@code >= 1}
     * @param seed the seed of the first reset
     * @param listener told about every step and finished episode
     * @return the episodes and the step count
     * @throws IllegalArgumentException if {@code episodes < 1}
     */
    public static RolloutSummary collectEpisodes(Environment env, Agent agent, int episodes, long seed,
            RolloutListener listener) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes must be >= 1: " + episodes);
        }
        return run(env, agent, Long.MAX_VALUE, episodes, seed, listener, true);
    }

    /**
     * As {@link #collectEpisodes(Environment, Agent, int, long, RolloutListener)}, adding every transition to
     * {@code buffer}.
     *
     * @param env the environment
     * @param agent the agent; it observes every transition
     * @param episodes the number of episodes, {@code >= 1}
     * @param seed the seed of the first reset
     * @param buffer the buffer to fill
     * @return the episodes and the step count
     * @throws IllegalArgumentException if {@code episodes < 1}, or the buffer refuses a transition
     */
    public static RolloutSummary collectEpisodes(Environment env, Agent agent, int episodes, long seed,
            ReplayBuffer buffer) {
        return collectEpisodes(env, agent, episodes, seed, RolloutListener.addingTo(buffer));
    }

    /** The loop shared with {@link Evaluation}, which runs it with {@code observe = false}. */
    static RolloutSummary run(Environment env, Agent agent, long maxSteps, long maxEpisodes, long seed,
            RolloutListener listener, boolean observe) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(listener, "listener");
        List<EpisodeStats> finished = new ArrayList<>();
        INDArray observation = env.reset(seed).observation();
        agent.reset();
        long total = 0;
        double episodeReturn = 0;
        int length = 0;
        while (total < maxSteps && finished.size() < maxEpisodes) {
            INDArray action = agent.act(observation);
            if (action == null) {
                throw new IllegalStateException("agent " + agent.getClass().getName() + " returned a null action");
            }
            Step step = env.step(action);
            total++;
            length++;
            episodeReturn += step.reward();
            Transition t = new Transition(observation, action, step.reward(), step.observation(),
                    step.terminated(), step.truncated());
            if (observe) {
                agent.observe(t);
            }
            listener.onStep(t, total);
            if (step.done()) {
                EpisodeStats stats = new EpisodeStats(finished.size(), episodeReturn, length, total,
                        step.terminated(), step.truncated());
                finished.add(stats);
                listener.onEpisodeEnd(stats);
                if (total < maxSteps && finished.size() < maxEpisodes) {
                    observation = env.reset().observation();
                    agent.reset();
                    episodeReturn = 0;
                    length = 0;
                }
            } else {
                observation = step.observation();
            }
        }
        return new RolloutSummary(finished, total);
    }
}
