package org.mbrl4j.planners;

import org.mbrl4j.core.random.RandomStreams;

/**
 * Settings of {@link Cem}.
 *
 * @param iterations maximum number of generations, {@code >= 1}
 * @param populationSize sequences per generation, {@code >= 2}
 * @param eliteRatio share of the population kept as elites (rounded up), in {@code (0, 1]}
 * @param alpha momentum: {@code mean = alpha * mean + (1 - alpha) * eliteMean}, the same for the variance,
 *     in {@code [0, 1)}
 * @param epsilon stop early when every coordinate's variance is below it, {@code >= 0} (0: never)
 */
public record CemConfig(int iterations, int populationSize, double eliteRatio, double alpha, double epsilon)
        implements OptimizerConfig {

    /** Validates every field; the message names the bad one. */
    public CemConfig {
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
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be >= 0 and finite: " + epsilon);
        }
    }

    /**
     * mbrl-lib's default CEM ({@code mbrl/examples/conf/action_optimizer/cem.yaml}: 5 iterations, population
     * 500, elite ratio 0.1, alpha 0.1, mean of the elites returned) with the early stop of the original PETS
     * code (Chua et al. 2018, {@code handful-of-trials} {@code CEMOptimizer}: {@code epsilon = 0.001}).
     *
     * @return the config
     */
    public static CemConfig defaults() {
        return new CemConfig(5, 500, 0.1, 0.1, 1e-3);
    }

    /**
     * mbrl-lib's PETS cart-pole CEM ({@code overrides/pets_cartpole.yaml}: {@code cem_num_iters 5},
     * {@code cem_population_size 350}, {@code cem_elite_ratio 0.1}, {@code cem_alpha 0.1}), epsilon 0.001.
     *
     * @return the config
     */
    public static CemConfig petsCartpole() {
        return new CemConfig(5, 350, 0.1, 0.1, 1e-3);
    }

    /** @return the number of elites, {@code ceil(populationSize * eliteRatio)} */
    public int eliteCount() {
        return Math.max(1, (int) Math.ceil(populationSize * eliteRatio - 1e-9));
    }

    /**
     * @param n iterations
     * @param p population size
     * @return a copy with another budget
     */
    public CemConfig withBudget(int n, int p) {
        return new CemConfig(n, p, eliteRatio, alpha, epsilon);
    }

    @Override
    public Cem create(ActionBounds bounds, int horizon, RandomStreams streams) {
        return new Cem(this, bounds, horizon, streams);
    }
}
