package org.mbrl4j.examples;

import org.mbrl4j.algorithms.td3.Td3Config;

/** The {@code --exploration-noise} and {@code --noise-correlation} options of {@code td3} and {@code steve}. */
final class Exploration {

    private Exploration() {
    }

    /**
     * @param sigma the {@code --exploration-noise} value, or null when not given
     * @param rho   the {@code --noise-correlation} value, or null when not given
     * @throws IllegalArgumentException naming the option if a given value is out of range
     */
    static void validate(Double sigma, Double rho) {
        if (sigma != null && !(sigma >= 0 && Double.isFinite(sigma))) {
            throw new IllegalArgumentException("--exploration-noise must be >= 0 and finite: " + sigma);
        }
        if (rho != null && !(rho >= 0 && rho < 1)) {
            throw new IllegalArgumentException("--noise-correlation must be in [0, 1): " + rho);
        }
    }

    /**
     * @param config the preset
     * @param sigma  the {@code --exploration-noise} value, or null to keep the preset's
     * @param rho    the {@code --noise-correlation} value, or null to keep the preset's
     * @return the preset with the given exploration noise
     */
    static Td3Config apply(Td3Config config, Double sigma, Double rho) {
        return config.withExploration(sigma == null ? config.explorationNoise() : sigma,
                rho == null ? config.noiseCorrelation() : rho);
    }
}
