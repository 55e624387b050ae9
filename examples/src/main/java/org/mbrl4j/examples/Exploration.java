package org.mbrl4j.examples;

import org.mbrl4j.algorithms.td3.Td3Config;
import picocli.CommandLine.Option;

/**
 * The {@code --exploration-noise} and {@code --noise-correlation} options of {@code td3} and {@code steve}
 * (a picocli mixin).
 */
final class Exploration {

    @Option(names = "--exploration-noise", paramLabel = "SIGMA", description = "Standard deviation of TD3's "
            + "exploration noise in normalised action units. Default: the preset's.")
    Double sigma;

    @Option(names = "--noise-correlation", paramLabel = "RHO", description = "Step-to-step correlation of the "
            + "exploration noise in [0, 1): an Ornstein-Uhlenbeck process restarted each episode (DDPG's is 0.85). "
            + "Default: the preset's (0, independent noise).")
    Double rho;

    /** @throws IllegalArgumentException naming the option if a given value is out of range */
    void validate() {
        if (sigma != null && !(sigma >= 0 && Double.isFinite(sigma))) {
            throw new IllegalArgumentException("--exploration-noise must be >= 0 and finite: " + sigma);
        }
        if (rho != null && !(rho >= 0 && rho < 1)) {
            throw new IllegalArgumentException("--noise-correlation must be in [0, 1): " + rho);
        }
    }

    /**
     * @param config the preset
     * @return the preset with the exploration noise of the options that were given
     */
    Td3Config apply(Td3Config config) {
        return config.withExploration(sigma == null ? config.explorationNoise() : sigma,
                rho == null ? config.noiseCorrelation() : rho);
    }
}
