package org.mbrl4j.planners;

import org.mbrl4j.core.random.RandomStreams;

/**
 * Settings of {@link GradientMpc}.
 *
 * @param iterations Adam steps per call, {@code >= 1}
 * @param restarts sequences optimised in parallel: the initial solution and {@code restarts - 1} uniform
 *     random ones, {@code >= 1}
 * @param learningRate Adam step size as a fraction of each dimension's half range {@code (high - low) / 2},
 *     {@code > 0}
 * @param beta1 Adam's first-moment decay, in {@code [0, 1)}
 * @param beta2 Adam's second-moment decay, in {@code [0, 1)}
 */
public record GradientMpcConfig(int iterations, int restarts, double learningRate, double beta1, double beta2)
        implements OptimizerConfig {

    /** Validates every field; the message names the bad one. */
    public GradientMpcConfig {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1: " + iterations);
        }
        if (restarts < 1) {
            throw new IllegalArgumentException("restarts must be >= 1: " + restarts);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0 and finite: " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1): " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1): " + beta2);
        }
    }

    /**
     * 30 Adam steps, 8 restarts, step 0.05 of the half range, Adam's betas 0.9 and 0.999 (Kingma and Ba 2015).
     * The budget is of the order of Bharadhwaj et al. (2020), "Model-predictive control via cross-entropy and
     * gradient-based optimization" (a few to tens of gradient steps per plan); the numbers are this
     * library's choices.
     *
     * @return the config
     */
    public static GradientMpcConfig defaults() {
        return new GradientMpcConfig(30, 8, 0.05, 0.9, 0.999);
    }

    @Override
    public GradientMpc create(ActionBounds bounds, int horizon, RandomStreams streams) {
        return new GradientMpc(this, bounds, horizon, streams);
    }
}
