package org.mbrl4j.planners;

import org.mbrl4j.core.random.RandomStreams;

/**
 * Settings of {@link DiscreteCem}.
 *
 * @param numActions the size n of the {@code Discrete} action space, {@code >= 2}
 * @param iterations generations, {@code >= 1}
 * @param populationSize sequences per generation, {@code >= 2}
 * @param eliteRatio share of the population kept as elites (rounded up), in {@code (0, 1]}
 * @param alpha momentum on the probabilities, in {@code [0, 1)}
 * @param warmStartWeight probability mass put on the initial solution's action at each step (the rest is
 *     uniform), in {@code [0, 1)}
 */
public record DiscreteCemConfig(int numActions, int iterations, int populationSize, double eliteRatio,
        double alpha, double warmStartWeight) implements OptimizerConfig {

    /** Validates every field; the message names the bad one. */
    public DiscreteCemConfig {
        if (numActions < 2) {
            throw new IllegalArgumentException("numActions must be >= 2: " + numActions);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1: " + iterations);
        }
        if (populationSize < 2) {
            throw new IllegalArgumentException("populationSize must be >= 2: " + populationSize);
        }
        if (!(eliteRatio > 0 && eliteRatio <= 1)) {
            throw new IllegalArgumentException("eliteRatio must be in (0, 1]: " + eliteRatio);
        }
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1): " + alpha);
        }
        if (!(warmStartWeight >= 0 && warmStartWeight < 1)) {
            throw new IllegalArgumentException("warmStartWeight must be in [0, 1): " + warmStartWeight);
        }
    }

    /**
     * The continuous CEM budget of mbrl-lib's {@code cem.yaml} (5 iterations, population 500, elite ratio
     * 0.1, alpha 0.1) over categorical distributions (the cross-entropy method for discrete problems,
     * Rubinstein and Kroese 2004, ch. 2); the warm start weight 0.3 is this library's choice.
     *
     * @param numActions the number of discrete actions
     * @return the config
     */
    public static DiscreteCemConfig defaults(int numActions) {
        return new DiscreteCemConfig(numActions, 5, 500, 0.1, 0.1, 0.3);
    }

    /** @return the number of elites */
    public int eliteCount() {
        return Math.max(1, (int) Math.ceil(populationSize * eliteRatio - 1e-9));
    }

    /**
     * Builds the optimiser; {@code bounds} must be the one-dimensional {@code [0, numActions - 1]}.
     *
     * @throws IllegalArgumentException if the bounds are not {@code [0, numActions - 1]}
     */
    @Override
    public DiscreteCem create(ActionBounds bounds, int horizon, RandomStreams streams) {
        if (!ActionBounds.uniform(1, 0, numActions - 1).equals(bounds)) {
            throw new IllegalArgumentException("bounds must be [0, " + (numActions - 1) + "] in one dimension: "
                    + bounds);
        }
        return new DiscreteCem(this, horizon, streams);
    }
}
