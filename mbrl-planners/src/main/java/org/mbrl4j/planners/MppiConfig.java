package org.mbrl4j.planners;

import org.mbrl4j.core.random.RandomStreams;

/**
 * Settings of {@link Mppi}.
 *
 * @param iterations update rounds per call, {@code >= 1}
 * @param populationSize sequences per round, {@code >= 1}
 * @param gamma inverse temperature: weights are {@code exp(gamma * (value - max value))}, {@code > 0}
 * @param sigma standard deviation of the action noise, in action units, {@code > 0}
 * @param beta smoothing: {@code a_t = beta * (mean_t + noise_t) + (1 - beta) * a_{t-1}}, in {@code (0, 1]}
 */
public record MppiConfig(int iterations, int populationSize, double gamma, double sigma, double beta)
        implements OptimizerConfig {

    /** Validates every field; the message names the bad one. */
    public MppiConfig {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1: " + iterations);
        }
        if (populationSize < 1) {
            throw new IllegalArgumentException("populationSize must be >= 1: " + populationSize);
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be > 0 and finite: " + gamma);
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be > 0 and finite: " + sigma);
        }
        if (!(beta > 0 && beta <= 1)) {
            throw new IllegalArgumentException("beta must be in (0, 1]: " + beta);
        }
    }

    /**
     * 5 iterations and population 350 as mbrl-lib's PETS cart-pole CEM budget ({@code mppi.yaml} reads its
     * numbers from per-environment overrides); {@code gamma 10} is the reward-weighting factor of PDDM
     * (Nagabandi et al. 2019), sigma 1 and beta 0.9 are this library's choices (tuned on Pendulum-v1, whose
     * torque range is [-2, 2]). Scale sigma with the action range of other tasks.
     *
     * @return the config
     */
    public static MppiConfig defaults() {
        return new MppiConfig(5, 350, 10.0, 1.0, 0.9);
    }

    @Override
    public Mppi create(ActionBounds bounds, int horizon, RandomStreams streams) {
        return new Mppi(this, bounds, horizon, streams);
    }
}
