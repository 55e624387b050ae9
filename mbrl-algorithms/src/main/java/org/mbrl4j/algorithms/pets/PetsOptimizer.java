package org.mbrl4j.algorithms.pets;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.mbrl4j.planners.CemConfig;
import org.mbrl4j.planners.DiscreteCemConfig;
import org.mbrl4j.planners.GradientMpcConfig;
import org.mbrl4j.planners.HybridConfig;
import org.mbrl4j.planners.ICemConfig;
import org.mbrl4j.planners.MppiConfig;
import org.mbrl4j.planners.OptimizerConfig;
import org.mbrl4j.planners.RandomShootingConfig;

/**
 * The trajectory optimisers PETS can plan with, each sized to the sequence budget of a reference CEM (its
 * {@code iterations x populationSize} sequences scored per plan), so that optimisers are compared at about the
 * same planning work. {@link PetsConfig#withOptimizer(PetsOptimizer)} applies a choice to a config.
 *
 * <p>The budget is counted in action sequences scored per plan ({@link #sequencesPerPlan(OptimizerConfig)}).
 * Model work per sequence is not the same for all choices: {@link #GRADIENT} and {@link #HYBRID} plan with
 * {@link org.mbrl4j.planners.Propagation#EXPECTATION}, one particle per sequence instead of the config's
 * particles, and each gradient evaluation is a forward plus a backward pass through the ensemble.
 */
public enum PetsOptimizer {

    /** The reference CEM itself (Chua et al. 2018; mbrl-lib's {@code cem.yaml}), unchanged. */
    CEM,
    /**
     * iCEM (Pinneri et al. 2020, "Sample-efficient cross-entropy method for real-time planning"): the paper's
     * 3 iterations, population decay 1.25, kept elite fraction 0.3, coloured noise exponent 2 and alpha 0.1
     * ({@link ICemConfig#defaults()}), the reference's elite ratio, and the smallest first population whose
     * decayed populations add up to at least the reference's {@code iterations x populationSize}.
     */
    ICEM,
    /**
     * MPPI (Williams et al. 2017, "Information theoretic MPC for model-based reinforcement learning", as
     * mbrl-lib's {@code MPPIOptimizer}): the reference's iterations and population, gamma 10, sigma 1 (action
     * units) and beta 0.9 of {@link MppiConfig#defaults()}. Sigma 1 is half the half-range of Pendulum-v1's
     * torque and the whole half-range of the cart-poles' force; set another {@link MppiConfig} with
     * {@link PetsConfig#withOptimizer(OptimizerConfig)} to rescale it.
     */
    MPPI,
    /**
     * Random shooting (Nagabandi et al. 2018): one population of {@code iterations x populationSize}
     * uniform sequences, the best one executed.
     */
    RANDOM_SHOOTING,
    /**
     * Gradient MPC (Srinivas et al. 2018; Bharadhwaj et al. 2020): the 30 Adam steps, step 0.05 of the half
     * range and betas 0.9, 0.999 of {@link GradientMpcConfig#defaults()} (fewer steps if the budget is below
     * 30), with {@code ceil(iterations x populationSize / steps)} restarts. Needs
     * {@link org.mbrl4j.planners.Propagation#EXPECTATION}, which {@link PetsConfig#withOptimizer(PetsOptimizer)}
     * sets.
     */
    GRADIENT,
    /**
     * CEM then gradient refinement (Bharadhwaj et al. 2020): the gradient stage of {@link HybridConfig#defaults()}
     * (10 Adam steps, 4 restarts) and the reference CEM with its population reduced by those 40 evaluations
     * per plan spread over its iterations (at least 2). Needs {@link org.mbrl4j.planners.Propagation#EXPECTATION},
     * which {@link PetsConfig#withOptimizer(PetsOptimizer)} sets.
     */
    HYBRID;

    /** Adam steps of the gradient choice: {@link GradientMpcConfig#defaults()}'s. */
    private static final GradientMpcConfig GRADIENT_DEFAULTS = GradientMpcConfig.defaults();
    /** The gradient stage of the hybrid: {@link HybridConfig#defaults()}'s. */
    private static final GradientMpcConfig HYBRID_GRADIENT = HybridConfig.defaults().gradient();

    /** @return whether this optimiser needs a differentiable objective (propagation {@code EXPECTATION}) */
    public boolean needsGradients() {
        return this == GRADIENT || this == HYBRID;
    }

    /**
     * The optimiser config of this choice at the budget of {@code reference}.
     *
     * @param reference the CEM whose {@code iterations x populationSize} sequences per plan set the budget
     * @return the config, of type {@link CemConfig}, {@link ICemConfig}, {@link MppiConfig},
     *     {@link RandomShootingConfig}, {@link GradientMpcConfig} or {@link HybridConfig}
     * @throws IllegalArgumentException if {@code reference} is null
     */
    public OptimizerConfig configFor(CemConfig reference) {
        if (reference == null) {
            throw new IllegalArgumentException("reference must be a CemConfig, not null");
        }
        int n = reference.iterations();
        int p = reference.populationSize();
        long budget = (long) n * p;
        return switch (this) {
            case CEM -> reference;
            case ICEM -> {
                ICemConfig d = ICemConfig.defaults();
                ICemConfig base = new ICemConfig(d.iterations(), 2, reference.eliteRatio(), d.populationDecay(),
                        d.noiseBeta(), d.keepEliteFraction(), d.alpha());
                int first = 2;
                while (sequencesPerPlan(base.withBudget(base.iterations(), first)) < budget) {
                    first++;
                }
                yield base.withBudget(base.iterations(), first);
            }
            case MPPI -> {
                MppiConfig d = MppiConfig.defaults();
                yield new MppiConfig(n, p, d.gamma(), d.sigma(), d.beta());
            }
            case RANDOM_SHOOTING -> new RandomShootingConfig(Math.toIntExact(budget));
            case GRADIENT -> {
                GradientMpcConfig d = GRADIENT_DEFAULTS;
                int steps = (int) Math.min(d.iterations(), budget);
                int restarts = Math.toIntExact((budget + steps - 1) / steps);
                yield new GradientMpcConfig(steps, restarts, d.learningRate(), d.beta1(), d.beta2());
            }
            case HYBRID -> {
                long gradientWork = sequencesPerPlan(HYBRID_GRADIENT);
                int population = (int) Math.max(2, Math.round((budget - gradientWork) / (double) n));
                yield new HybridConfig(reference.withBudget(n, population), HYBRID_GRADIENT);
            }
        };
    }

    /**
     * Action sequences an optimiser scores per plan, the unit of the budget: {@code iterations x populationSize}
     * for CEM (at most: its epsilon may stop it earlier) and MPPI, the sum of the decayed populations for iCEM
     * (not counting the few elites it carries over), the population for random shooting,
     * {@code iterations x restarts} value-and-gradient evaluations for gradient MPC, the sum of both stages
     * for the hybrid, and {@code iterations x populationSize} for the categorical CEM of discrete actions.
     *
     * @param config an optimiser config of one of the seven types above
     * @return sequences per plan
     * @throws IllegalArgumentException if {@code config} is null or of another type
     */
    public static long sequencesPerPlan(OptimizerConfig config) {
        if (config instanceof CemConfig c) {
            return (long) c.iterations() * c.populationSize();
        } else if (config instanceof ICemConfig c) {
            long total = 0;
            int floor = 2 * c.eliteCount();
            for (int it = 0; it < c.iterations(); it++) {
                // The same generation size as ICem.optimize.
                total += (int) Math.ceil(Math.max(c.populationSize() * Math.pow(c.populationDecay(), -it), floor)
                        - 1e-9);
            }
            return total;
        } else if (config instanceof MppiConfig c) {
            return (long) c.iterations() * c.populationSize();
        } else if (config instanceof RandomShootingConfig c) {
            return c.populationSize();
        } else if (config instanceof GradientMpcConfig c) {
            return (long) c.iterations() * c.restarts();
        } else if (config instanceof HybridConfig c) {
            return sequencesPerPlan(c.cem()) + sequencesPerPlan(c.gradient());
        } else if (config instanceof DiscreteCemConfig c) {
            return (long) c.iterations() * c.populationSize();
        }
        throw new IllegalArgumentException("config must be a CemConfig, ICemConfig, MppiConfig, "
                + "RandomShootingConfig, GradientMpcConfig, HybridConfig or DiscreteCemConfig: " + config);
    }

    /**
     * Parses a command-line name: case-insensitive, {@code -} accepted for {@code _}
     * ({@code "random-shooting"}).
     *
     * @param name the name
     * @return the choice
     * @throws IllegalArgumentException if {@code name} names no choice; the message lists the choices
     */
    public static PetsOptimizer parse(String name) {
        String key = name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (PetsOptimizer o : values()) {
            if (o.name().equals(key)) {
                return o;
            }
        }
        throw new IllegalArgumentException("optimizer must be one of " + choices() + ": " + name);
    }

    /** @return the command-line names, e.g. {@code "cem, icem, mppi, random-shooting, gradient, hybrid"} */
    public static String choices() {
        return Arrays.stream(values()).map(PetsOptimizer::cliName).collect(Collectors.joining(", "));
    }

    /** @return the command-line name: lower case with {@code -}, e.g. {@code random-shooting} */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
