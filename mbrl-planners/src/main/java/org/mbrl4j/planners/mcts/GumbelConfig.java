package org.mbrl4j.planners.mcts;

/**
 * Settings of {@link GumbelSearch}, Gumbel MuZero's search (Danihelka et al. 2022; the defaults of DeepMind's
 * mctx {@code gumbel_muzero_policy} and {@code qtransform_completed_by_mix_value}).
 *
 * @param simulations          simulations per search, {@code >= 1} (the method is meant for 2-16)
 * @param discount             the discount of rewards inside the tree, in {@code (0, 1]}
 * @param maxConsideredActions how many root actions Gumbel-top-k keeps, {@code >= 1} (mctx: 16)
 * @param gumbelScale          the scale of the Gumbel noise, finite and {@code >= 0}: 1 in self-play, 0 for a
 *                             deterministic search (evaluation)
 * @param cVisit               {@code c_visit} of {@code sigma(q) = (c_visit + max_b N(b)) c_scale q}, finite and
 *                             {@code >= 0} (50)
 * @param cScale               {@code c_scale}, finite and {@code > 0} (0.1)
 */
public record GumbelConfig(int simulations, double discount, int maxConsideredActions, double gumbelScale,
        double cVisit, double cScale) {

    /** Validates every field; the message names the bad one and its value. */
    public GumbelConfig {
        if (simulations < 1) {
            throw new IllegalArgumentException("simulations must be >= 1: " + simulations);
        }
        if (!(discount > 0 && discount <= 1)) {
            throw new IllegalArgumentException("discount must be in (0, 1]: " + discount);
        }
        if (maxConsideredActions < 1) {
            throw new IllegalArgumentException("maxConsideredActions must be >= 1: " + maxConsideredActions);
        }
        if (!(gumbelScale >= 0) || !Double.isFinite(gumbelScale)) {
            throw new IllegalArgumentException("gumbelScale must be finite and >= 0: " + gumbelScale);
        }
        if (!(cVisit >= 0) || !Double.isFinite(cVisit)) {
            throw new IllegalArgumentException("cVisit must be finite and >= 0: " + cVisit);
        }
        if (!(cScale > 0) || !Double.isFinite(cScale)) {
            throw new IllegalArgumentException("cScale must be finite and > 0: " + cScale);
        }
    }

    /**
     * mctx's defaults: 16 considered actions, Gumbel scale 1, {@code c_visit = 50}, {@code c_scale = 0.1}.
     *
     * @param simulations simulations per search, {@code >= 1}
     * @param discount    the discount, in {@code (0, 1]}
     * @return the settings
     */
    public static GumbelConfig of(int simulations, double discount) {
        return new GumbelConfig(simulations, discount, 16, 1.0, 50, 0.1);
    }

    /** @return these settings with no Gumbel noise: the search is deterministic (evaluation) */
    public GumbelConfig withoutNoise() {
        return new GumbelConfig(simulations, discount, maxConsideredActions, 0, cVisit, cScale);
    }
}
