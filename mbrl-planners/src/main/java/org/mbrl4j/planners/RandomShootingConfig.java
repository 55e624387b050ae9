package org.mbrl4j.planners;

import org.mbrl4j.core.random.RandomStreams;

/**
 * Settings of {@link RandomShooting}.
 *
 * @param populationSize sequences drawn, {@code >= 1}; the default 1000 is the random-shooting budget of
 *     Nagabandi et al. (2018), "Neural network dynamics for model-based deep RL with model-free fine-tuning"
 */
public record RandomShootingConfig(int populationSize) implements OptimizerConfig {

    /** Validates the field. */
    public RandomShootingConfig {
        if (populationSize < 1) {
            throw new IllegalArgumentException("populationSize must be >= 1: " + populationSize);
        }
    }

    /** @return 1000 sequences (Nagabandi et al. 2018) */
    public static RandomShootingConfig defaults() {
        return new RandomShootingConfig(1000);
    }

    @Override
    public RandomShooting create(ActionBounds bounds, int horizon, RandomStreams streams) {
        return new RandomShooting(this, bounds, horizon, streams);
    }
}
