package org.mbrl4j.algorithms.steve;

import java.util.List;
import java.util.Objects;
import org.mbrl4j.algorithms.td3.Td3Config;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.models.dynamics.GaussianEnsembleConfig;
import org.mbrl4j.models.dynamics.TrainerConfig;

/**
 * Settings of {@link Steve}.
 *
 * @param td3             the base learner; its critics are STEVE's Q ensemble ({@code L = critics})
 * @param ensemble        the dynamics-and-reward ensemble ({@code N = M = ensembleSize}); must learn the reward
 * @param trainer         how the ensemble is trained
 * @param horizon         the longest model expansion {@code H}, {@code >= 0} (0: plain TD3 targets without
 *                        the clipped minimum)
 * @param trainModelEvery retrain the model every this many real steps, {@code >= 1}
 * @param minRealSteps    no model (and no expansion) before the buffer holds this many transitions, {@code >= 2}
 * @param clippedQ        how each candidate bootstraps: false (the paper, on DDPG) treats the critics as a
 *                        Q ensemble of {@code L = critics} members, each a candidate, evaluated at the target
 *                        policy's action; true bootstraps every candidate with TD3's target, the minimum over
 *                        the critics at the smoothed target action ({@code L = 1}), so the variances come from
 *                        the dynamics and reward members alone
 * @param rangeMargin     keeps the expansions inside the data: a horizon {@code i >= 1} gets weight 0 for a
 *                        sample when any member's imagined state {@code s'_1 .. s'_i} leaves the box of the
 *                        real observations seen so far (per dimension, the range at the last model training
 *                        widened by {@code rangeMargin} times its width on each side); {@code >= 0}, or
 *                        {@code +infinity} for no check (the paper)
 */
public record SteveConfig(Td3Config td3, GaussianEnsembleConfig ensemble, TrainerConfig trainer, int horizon,
        int trainModelEvery, int minRealSteps, boolean clippedQ, double rangeMargin) {

    /**
     * Without the data-range check ({@code rangeMargin = +infinity}), as the paper.
     *
     * @param td3             the base learner
     * @param ensemble        the dynamics-and-reward ensemble
     * @param trainer         how the ensemble is trained
     * @param horizon         the longest model expansion
     * @param trainModelEvery retrain period in real steps
     * @param minRealSteps    real transitions before the first model
     * @param clippedQ        how each candidate bootstraps (see the record's description)
     */
    public SteveConfig(Td3Config td3, GaussianEnsembleConfig ensemble, TrainerConfig trainer, int horizon,
            int trainModelEvery, int minRealSteps, boolean clippedQ) {
        this(td3, ensemble, trainer, horizon, trainModelEvery, minRealSteps, clippedQ, Double.POSITIVE_INFINITY);
    }

    /**
     * The paper's Q ensemble ({@code clippedQ = false}).
     *
     * @param td3             the base learner
     * @param ensemble        the dynamics-and-reward ensemble
     * @param trainer         how the ensemble is trained
     * @param horizon         the longest model expansion
     * @param trainModelEvery retrain period in real steps
     * @param minRealSteps    real transitions before the first model
     */
    public SteveConfig(Td3Config td3, GaussianEnsembleConfig ensemble, TrainerConfig trainer, int horizon,
            int trainModelEvery, int minRealSteps) {
        this(td3, ensemble, trainer, horizon, trainModelEvery, minRealSteps, false);
    }

    /** Validates every field; the message names the bad one. */
    public SteveConfig {
        Objects.requireNonNull(td3, "td3");
        Objects.requireNonNull(ensemble, "ensemble");
        Objects.requireNonNull(trainer, "trainer");
        if (!ensemble.learnReward()) {
            throw new IllegalArgumentException("ensemble.learnReward must be true: STEVE needs model rewards");
        }
        if (horizon < 0) {
            throw new IllegalArgumentException("horizon must be >= 0: " + horizon);
        }
        if (trainModelEvery < 1) {
            throw new IllegalArgumentException("trainModelEvery must be >= 1: " + trainModelEvery);
        }
        if (minRealSteps < 2) {
            throw new IllegalArgumentException("minRealSteps must be >= 2: " + minRealSteps);
        }
        if (Double.isNaN(rangeMargin) || rangeMargin < 0) {
            throw new IllegalArgumentException("rangeMargin must be >= 0 or +infinity: " + rangeMargin);
        }
    }

    /**
     * STEVE's published setting (Buckman et al. 2018, arXiv:1807.01675, section 5 and appendix): horizon
     * {@code H = 3}, ensembles of 4 dynamics and reward models, on a DDPG-style learner; here the TD3 base of
     * {@link Td3Config#paper()} with its two critics as the Q ensemble, and mbrl-lib's
     * {@code gaussian_mlp_ensemble} network (4 x 200 SiLU) for the dynamics, trained every 250 steps
     * (the paper trains the model continuously in a separate worker).
     *
     * @return the config
     */
    public static SteveConfig paper() {
        GaussianEnsembleConfig ens = new GaussianEnsembleConfig(4, 4, 4, 200, Activation.SILU, false, -10.0, 0.5,
                true, List.of());
        TrainerConfig tr = new TrainerConfig(1e-3, 5e-5, 256, 0.2, 200, 5, 0.01, true, Double.POSITIVE_INFINITY);
        return new SteveConfig(Td3Config.paper(), ens, tr, 3, 250, 256);
    }

    /**
     * A CPU-sized STEVE for Pendulum-v1: the small TD3 of {@link Td3Config#pendulumSmall()}, 4 members of
     * 3 x 64 retrained every 200 steps for at most 100 epochs (patience 10), horizon 3. Tuned here, not from a paper.
     *
     * @return the config
     */
    public static SteveConfig pendulumSmall() {
        GaussianEnsembleConfig ens = new GaussianEnsembleConfig(4, 4, 3, 64, Activation.SILU, false, -10.0, 0.5,
                true, List.of());
        TrainerConfig tr = new TrainerConfig(1e-3, 5e-5, 128, 0.2, 100, 10, 0.01, true, Double.POSITIVE_INFINITY);
        return new SteveConfig(Td3Config.pendulumSmall(), ens, tr, 3, 200, 200);
    }

    /**
     * A CPU-sized STEVE for CartPoleSwingUp-v0: {@link #pendulumSmall()} on the swing-up TD3 of
     * {@link Td3Config#cartpoleSwingUpSmall()} (2 x 256, gamma 0.99, exploration 0.2). Tuned here, not from a
     * paper.
     *
     * @return the config
     */
    public static SteveConfig cartpoleSwingUpSmall() {
        return pendulumSmall().withTd3(Td3Config.cartpoleSwingUpSmall());
    }

    /**
     * @param newTd3 the base learner's settings (for example {@code td3().withUpdates(...)})
     * @return a copy with that TD3
     * @throws NullPointerException if {@code newTd3} is null
     */
    public SteveConfig withTd3(Td3Config newTd3) {
        return new SteveConfig(newTd3, ensemble, trainer, horizon, trainModelEvery, minRealSteps, clippedQ,
                rangeMargin);
    }

    /**
     * @param newEnsemble the dynamics-and-reward ensemble's settings (for example
     *                    {@code ensemble().withHidden(4, 200)})
     * @return a copy with that ensemble
     * @throws NullPointerException if {@code newEnsemble} is null
     */
    public SteveConfig withEnsemble(GaussianEnsembleConfig newEnsemble) {
        return new SteveConfig(td3, Objects.requireNonNull(newEnsemble, "newEnsemble"), trainer, horizon,
                trainModelEvery, minRealSteps, clippedQ, rangeMargin);
    }

    /**
     * @param h the model rollout horizon of the candidate targets, {@code >= 0} (0: the TD3 target alone)
     * @return a copy with that horizon
     * @throws IllegalArgumentException if {@code h < 0}
     */
    public SteveConfig withHorizon(int h) {
        return new SteveConfig(td3, ensemble, trainer, h, trainModelEvery, minRealSteps, clippedQ, rangeMargin);
    }

    /**
     * @param clipped whether candidates bootstrap with TD3's clipped double-Q target (see {@link #clippedQ()})
     * @return a copy with that choice
     */
    public SteveConfig withClippedQ(boolean clipped) {
        return new SteveConfig(td3, ensemble, trainer, horizon, trainModelEvery, minRealSteps, clipped, rangeMargin);
    }

    /**
     * @param margin the data-range check's margin (see {@link #rangeMargin()}), {@code >= 0}, or
     *               {@code +infinity} for none
     * @return a copy with that margin
     * @throws IllegalArgumentException if {@code margin} is negative or NaN
     */
    public SteveConfig withRangeMargin(double margin) {
        return new SteveConfig(td3, ensemble, trainer, horizon, trainModelEvery, minRealSteps, clippedQ, margin);
    }

    /** @return a builder holding this config's values, for named changes ({@link Builder#build()} validates) */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Named changes to a {@link SteveConfig}: start from a preset's {@link #toBuilder()}, set what differs, then
     * {@link #build()}. Field meanings, units and valid ranges as on {@link SteveConfig}.
     */
    public static final class Builder {
        private Td3Config td3;
        private GaussianEnsembleConfig ensemble;
        private TrainerConfig trainer;
        private int horizon;
        private int trainModelEvery;
        private int minRealSteps;
        private boolean clippedQ;
        private double rangeMargin;

        private Builder(SteveConfig c) {
            td3 = c.td3;
            ensemble = c.ensemble;
            trainer = c.trainer;
            horizon = c.horizon;
            trainModelEvery = c.trainModelEvery;
            minRealSteps = c.minRealSteps;
            clippedQ = c.clippedQ;
            rangeMargin = c.rangeMargin;
        }

        /** @param value see {@link SteveConfig#td3()} @return this builder */
        public Builder td3(Td3Config value) {
            td3 = value;
            return this;
        }

        /** @param value see {@link SteveConfig#ensemble()} @return this builder */
        public Builder ensemble(GaussianEnsembleConfig value) {
            ensemble = value;
            return this;
        }

        /** @param value see {@link SteveConfig#trainer()} @return this builder */
        public Builder trainer(TrainerConfig value) {
            trainer = value;
            return this;
        }

        /** @param value see {@link SteveConfig#horizon()} @return this builder */
        public Builder horizon(int value) {
            horizon = value;
            return this;
        }

        /** @param value see {@link SteveConfig#trainModelEvery()} @return this builder */
        public Builder trainModelEvery(int value) {
            trainModelEvery = value;
            return this;
        }

        /** @param value see {@link SteveConfig#minRealSteps()} @return this builder */
        public Builder minRealSteps(int value) {
            minRealSteps = value;
            return this;
        }

        /** @param value see {@link SteveConfig#clippedQ()} @return this builder */
        public Builder clippedQ(boolean value) {
            clippedQ = value;
            return this;
        }

        /** @param value see {@link SteveConfig#rangeMargin()} @return this builder */
        public Builder rangeMargin(double value) {
            rangeMargin = value;
            return this;
        }

        /**
         * @return the config
         * @throws IllegalArgumentException if a value is out of range (the message names the field)
         */
        public SteveConfig build() {
            return new SteveConfig(td3, ensemble, trainer, horizon, trainModelEvery, minRealSteps, clippedQ,
                    rangeMargin);
        }
    }
}
