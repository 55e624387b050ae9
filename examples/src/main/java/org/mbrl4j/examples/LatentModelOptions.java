package org.mbrl4j.examples;

import java.util.Locale;
import org.mbrl4j.models.latent.RssmConfig;
import picocli.CommandLine.Option;

/**
 * {@code --conv-depth} and {@code --latents} of the latent-model commands ({@code dreamer}, {@code planet}):
 * changes to the preset's {@link RssmConfig}, the two settings that decide whether a world model learns from
 * pixels on a CPU budget (docs/algorithms/dreamer.md, Known limits).
 */
final class LatentModelOptions {

    /** Channels of the first conv stage; null for the preset's. */
    @Option(names = "--conv-depth", description = "Channels of the first conv stage of the image encoder and "
            + "decoder (doubled at every later stage), with --pixels. Default: the preset's.")
    Integer convDepth;

    /** The stochastic state as {@code NxK}; null for the preset's. */
    @Option(names = "--latents", description = "Stochastic state as NxK: N categorical latents of K classes "
            + "(DreamerV3: 32x32), or Nx0 for N Gaussian ones. Default: the preset's.")
    String latents;

    /**
     * @throws IllegalArgumentException naming the option and the value
     */
    void validate() {
        if (convDepth != null && convDepth < 1) {
            throw new IllegalArgumentException("--conv-depth must be >= 1: " + convDepth);
        }
        latentSizes();
    }

    /**
     * @param base the preset's world model
     * @return {@code base} with the options given applied ({@code base} itself when neither is given)
     * @throws IllegalArgumentException naming the option and the value
     */
    RssmConfig apply(RssmConfig base) {
        if (convDepth == null && latents == null) {
            return base;
        }
        RssmConfig.Builder rssm = base.toBuilder();
        if (convDepth != null) {
            rssm.convDepth(convDepth);
        }
        int[] nk = latentSizes();
        if (nk != null) {
            rssm.stoch(nk[0]).classes(nk[1]);
        }
        return rssm.build();
    }

    /** @return {@code {N, K}} from {@code --latents NxK}, or null when not given */
    private int[] latentSizes() {
        if (latents == null) {
            return null;
        }
        String[] parts = latents.toLowerCase(Locale.ROOT).split("x", -1);
        try {
            if (parts.length == 2) {
                int n = Integer.parseInt(parts[0]);
                int k = Integer.parseInt(parts[1]);
                if (n >= 1 && (k == 0 || k >= 2)) {
                    return new int[] {n, k};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--latents must be NxK with N >= 1 and K = 0 or K >= 2 (e.g. 32x32): "
                + latents);
    }
}
