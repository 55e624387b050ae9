package org.mbrl4j.planners;

import org.mbrl4j.core.random.RandomStreams;

/** An immutable optimiser configuration that can build its optimiser for a given problem. */
public interface OptimizerConfig {

    /**
     * @param bounds the action bounds
     * @param horizon the planning horizon H, {@code >= 1}
     * @param streams the randomness of the optimiser
     * @return a new optimiser
     * @throws IllegalArgumentException if an argument is invalid
     */
    TrajectoryOptimizer create(ActionBounds bounds, int horizon, RandomStreams streams);
}
