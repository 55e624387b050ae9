package org.mbrl4j.planners;

import org.mbrl4j.core.random.RandomStreams;

/**
 * Settings of {@link ICem}.
 *
 * @param iterations generations per call, {@code >= 1}
 * @param populationSize sequences in the first generation, {@code >= 2}
 * @param eliteRatio share of the first population kept as elites (rounded up), in {@code (0, 1]}
 * @param populationDecay the population of generation {@code i} is {@code max(ceil(P / decay^i), 2 K)},
 *     {@code >= 1}
 * @param noiseBeta exponent of the coloured noise (0 white, 2 red), {@code >= 0}
 * @param keepEliteFraction share of the elites carried to the next generation and, shifted, to the next
 *     call, in {@code [0, 1]}
 * @param alpha momentum on mean and variance, in {@code [0, 1)}
 */
public record ICemConfig(int iterations, int populationSize, double eliteRatio, double populationDecay,
        double noiseBeta, double keepEliteFraction, double alpha) implements OptimizerConfig {

    /** Validates every field; the message names the bad one. */
    public ICemConfig {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1: " + iterations);
        }
        if (populationSize < 2) {
            throw new IllegalArgumentException("populationSize must be >= 2: " + populationSize);
        }
        if (!(eliteRatio > 0 && eliteRatio <= 1)) {
            throw new IllegalArgumentException("eliteRatio must be in (0, 1]: " + eliteRatio);
        }
        if (!(populationDecay >= 1) || Double.isInfinite(populationDecay)) {
            throw new IllegalArgumentException("populationDecay must be >= 1 and finite: " + populationDecay);
        }
        if (!(noiseBeta >= 0) || Double.isInfinite(noiseBeta)) {
            throw new IllegalArgumentException("noiseBeta must be >= 0 and finite: " + noiseBeta);
        }
        if (!(keepEliteFraction >= 0 && keepEliteFraction <= 1)) {
            throw new IllegalArgumentException("keepEliteFraction must be in [0, 1]: " + keepEliteFraction);
        }
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1): " + alpha);
        }
    }

    /**
     * Pinneri et al. (2020), "Sample-efficient cross-entropy method for real-time planning", Sec. 3 and
     * Table S1: 3 iterations, population decay 1.25, kept elite fraction 0.3, colour exponent 2.0, alpha 0.1,
     * with mbrl-lib's population 350 and elite ratio 0.1 of the PETS cart-pole setting.
     *
     * @return the config
     */
    public static ICemConfig defaults() {
        return new ICemConfig(3, 350, 0.1, 1.25, 2.0, 0.3, 0.1);
    }

    /** @return the number of elites {@code ceil(populationSize * eliteRatio)} */
    public int eliteCount() {
        return Math.max(1, (int) Math.ceil(populationSize * eliteRatio - 1e-9));
    }

    /**
     * @param n iterations
     * @param p population size
     * @return a copy with another budget
     */
    public ICemConfig withBudget(int n, int p) {
        return new ICemConfig(n, p, eliteRatio, populationDecay, noiseBeta, keepEliteFraction, alpha);
    }

    @Override
    public ICem create(ActionBounds bounds, int horizon, RandomStreams streams) {
        return new ICem(this, bounds, horizon, streams);
    }
}
