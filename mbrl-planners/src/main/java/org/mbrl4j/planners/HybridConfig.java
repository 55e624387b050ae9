package org.mbrl4j.planners;

import org.mbrl4j.core.random.RandomStreams;

/**
 * Settings of {@link HybridCemGradient}.
 *
 * @param cem the CEM stage
 * @param gradient the gradient stage, started from CEM's solution
 */
public record HybridConfig(CemConfig cem, GradientMpcConfig gradient) implements OptimizerConfig {

    /** Checks that neither stage is null. */
    public HybridConfig {
        if (cem == null || gradient == null) {
            throw new IllegalArgumentException("cem and gradient must not be null");
        }
    }

    /**
     * CEM's {@link CemConfig#defaults()} followed by 10 Adam steps with 4 restarts (this library's choice,
     * a small refinement in the spirit of Bharadhwaj et al. 2020).
     *
     * @return the config
     */
    public static HybridConfig defaults() {
        return new HybridConfig(CemConfig.defaults(), new GradientMpcConfig(10, 4, 0.05, 0.9, 0.999));
    }

    @Override
    public HybridCemGradient create(ActionBounds bounds, int horizon, RandomStreams streams) {
        return new HybridCemGradient(this, bounds, horizon, streams);
    }
}
