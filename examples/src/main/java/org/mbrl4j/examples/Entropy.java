package org.mbrl4j.examples;

import org.mbrl4j.algorithms.sac.SacConfig;
import picocli.CommandLine.Option;

/**
 * The {@code --target-entropy}, {@code --initial-alpha} and {@code --fixed-alpha} options of {@code sac} and
 * {@code mbpo} (a picocli mixin): SAC's entropy coefficient, as Stable-Baselines3's {@code target_entropy}
 * and {@code ent_coef} ({@code "auto_0.1"} or a number).
 */
final class Entropy {

    @Option(names = "--target-entropy", paramLabel = "NATS", description = "Entropy target of the automatic "
            + "temperature, nats per action. Default: the preset's (-dim(A)).")
    Double target;

    @Option(names = "--initial-alpha", paramLabel = "ALPHA", description = "Starting value of the automatic "
            + "entropy coefficient. Default: the preset's.")
    Double initial;

    @Option(names = "--fixed-alpha", paramLabel = "ALPHA", description = "A constant entropy coefficient "
            + "instead of the automatic one. Default: automatic.")
    Double fixed;

    /** @throws IllegalArgumentException naming the option if a given value is out of range or they conflict */
    void validate() {
        if (target != null && !Double.isFinite(target)) {
            throw new IllegalArgumentException("--target-entropy must be finite: " + target);
        }
        if (initial != null && !(initial > 0 && Double.isFinite(initial))) {
            throw new IllegalArgumentException("--initial-alpha must be > 0 and finite: " + initial);
        }
        if (fixed != null && !(fixed > 0 && Double.isFinite(fixed))) {
            throw new IllegalArgumentException("--fixed-alpha must be > 0 and finite: " + fixed);
        }
        if (fixed != null && (target != null || initial != null)) {
            throw new IllegalArgumentException("--fixed-alpha turns the automatic temperature off; it cannot be "
                    + "combined with --target-entropy or --initial-alpha");
        }
    }

    /**
     * @param config the preset
     * @return the preset with the entropy settings of the options that were given
     */
    SacConfig apply(SacConfig config) {
        if (fixed != null) {
            return config.withEntropy(fixed, false, config.targetEntropy());
        }
        return config.withEntropy(initial == null ? config.initialAlpha() : initial, config.autoEntropy(),
                target == null ? config.targetEntropy() : target);
    }
}
