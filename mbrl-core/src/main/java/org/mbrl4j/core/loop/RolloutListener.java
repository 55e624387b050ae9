package org.mbrl4j.core.loop;

import java.util.Objects;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.buffer.ReplayBuffer;

/**
 * Told about every step and every finished episode of a rollout (to log metrics, fill buffers, train a
 * model every few steps). Both methods do nothing by default. An exception thrown here ends the rollout.
 */
public interface RolloutListener {

    /** A listener that ignores everything. */
    RolloutListener NONE = new RolloutListener() {};

    /**
     * Called after every environment step, after {@code Agent.observe}.
     *
     * @param transition the step's transition
     * @param totalSteps steps taken by the rollout so far, this one included (from 1)
     */
    default void onStep(Transition transition, long totalSteps) {}

    /**
     * Called when an episode ends (terminated or truncated), after {@link #onStep} for its last step.
     *
     * @param stats the episode's statistics
     */
    default void onEpisodeEnd(EpisodeStats stats) {}

    /**
     * @param next the listener to call after this one
     * @return a listener that calls this one, then {@code next}, for every event
     */
    default RolloutListener andThen(RolloutListener next) {
        Objects.requireNonNull(next, "next");
        RolloutListener first = this;
        return new RolloutListener() {
            @Override
            public void onStep(Transition transition, long totalSteps) {
                first.onStep(transition, totalSteps);
                next.onStep(transition, totalSteps);
            }

            @Override
            public void onEpisodeEnd(EpisodeStats stats) {
                first.onEpisodeEnd(stats);
                next.onEpisodeEnd(stats);
            }
        };
    }

    /**
     * @param buffer the buffer to fill
     * @return a listener that adds every transition to {@code buffer}
     */
    static RolloutListener addingTo(ReplayBuffer buffer) {
        Objects.requireNonNull(buffer, "buffer");
        return new RolloutListener() {
            @Override
            public void onStep(Transition transition, long totalSteps) {
                buffer.add(transition);
            }
        };
    }
}
