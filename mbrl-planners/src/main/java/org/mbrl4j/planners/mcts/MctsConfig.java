package org.mbrl4j.planners.mcts;

/**
 * Settings of {@link Mcts}, MuZero's pUCT search (Schrittwieser et al. 2020, appendix B and the pseudocode's
 * {@code MuZeroConfig}).
 *
 * @param simulations         simulations per search, {@code >= 1}
 * @param discount            the discount of rewards inside the tree, in {@code (0, 1]}
 * @param pbCInit             {@code c1} of the pUCT rule, finite and {@code >= 0} (MuZero: 1.25)
 * @param pbCBase             {@code c2} of the pUCT rule, finite and {@code > 0} (MuZero: 19,652)
 * @param dirichletAlpha      the concentration of the root noise, finite and {@code > 0} (MuZero's Atari and
 *                            muzero-general's cart-pole: 0.25)
 * @param explorationFraction the weight of the noise in the root priors, in {@code [0, 1]} (0.25 in self-play,
 *                            0 for evaluation, where no noise is drawn)
 */
public record MctsConfig(int simulations, double discount, double pbCInit, double pbCBase, double dirichletAlpha,
        double explorationFraction) {

    /** Validates every field; the message names the bad one and its value. */
    public MctsConfig {
        if (simulations < 1) {
            throw new IllegalArgumentException("simulations must be >= 1: " + simulations);
        }
        if (!(discount > 0 && discount <= 1)) {
            throw new IllegalArgumentException("discount must be in (0, 1]: " + discount);
        }
        if (!(pbCInit >= 0) || !Double.isFinite(pbCInit)) {
            throw new IllegalArgumentException("pbCInit must be finite and >= 0: " + pbCInit);
        }
        if (!(pbCBase > 0) || !Double.isFinite(pbCBase)) {
            throw new IllegalArgumentException("pbCBase must be finite and > 0: " + pbCBase);
        }
        if (!(dirichletAlpha > 0) || !Double.isFinite(dirichletAlpha)) {
            throw new IllegalArgumentException("dirichletAlpha must be finite and > 0: " + dirichletAlpha);
        }
        if (!(explorationFraction >= 0 && explorationFraction <= 1)) {
            throw new IllegalArgumentException("explorationFraction must be in [0, 1]: " + explorationFraction);
        }
    }

    /**
     * MuZero's constants: {@code c1 = 1.25}, {@code c2 = 19652}, root noise {@code Dir(0.25)} at fraction 0.25.
     *
     * @param simulations simulations per search, {@code >= 1}
     * @param discount    the discount, in {@code (0, 1]}
     * @return the settings
     */
    public static MctsConfig muzero(int simulations, double discount) {
        return new MctsConfig(simulations, discount, 1.25, 19652, 0.25, 0.25);
    }

    /** @return these settings without root noise (for evaluation) */
    public MctsConfig withoutNoise() {
        return new MctsConfig(simulations, discount, pbCInit, pbCBase, dirichletAlpha, 0);
    }

    /** @param n simulations per search, {@code >= 1} @return these settings with {@code n} simulations */
    public MctsConfig withSimulations(int n) {
        return new MctsConfig(n, discount, pbCInit, pbCBase, dirichletAlpha, explorationFraction);
    }
}
