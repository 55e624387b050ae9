package org.mbrl4j.algorithms.mbpo;

import java.util.List;
import java.util.Objects;
import org.mbrl4j.algorithms.sac.SacConfig;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.models.dynamics.GaussianEnsembleConfig;
import org.mbrl4j.models.dynamics.TrainerConfig;

/**
 * Settings of {@link Mbpo}.
 *
 * @param sac               the SAC learner; its {@code updatesPerStep} and {@code batchSize} are MBPO's
 *                          policy updates per environment step and their batch
 * @param ensemble          the dynamics ensemble; must learn the reward
 * @param trainer           how the ensemble is trained (holdout share, early stopping, elites)
 * @param epochLength       environment steps per epoch (the schedule's unit), {@code >= 1}
 * @param trainModelEvery   retrain the model and refill the model buffer every this many steps, {@code >= 1}
 * @param rolloutsPerStep   branched rollouts started per environment step; each refill starts
 *                          {@code rolloutsPerStep * trainModelEvery} of them (mbrl-lib's
 *                          {@code effective_model_rollouts_per_step}), {@code >= 1}
 * @param schedule          rollout length by epoch
 * @param retainEpochs      epochs of model data the model buffer keeps, {@code >= 1}
 * @param realRatio         share of real transitions in every policy batch, in {@code [0, 1]}
 * @param minRealSteps      no model training before the real buffer holds this many transitions, {@code >= 2}
 * @param sampleModel       whether rollouts sample the chosen member's Gaussian (MBPO, mbrl-lib's
 *                          {@code sample=True}) or take its mean
 */
public record MbpoConfig(SacConfig sac, GaussianEnsembleConfig ensemble, TrainerConfig trainer, int epochLength,
        int trainModelEvery, int rolloutsPerStep, RolloutSchedule schedule, int retainEpochs, double realRatio,
        int minRealSteps, boolean sampleModel) {

    /** Validates every field; the message names the bad one. */
    public MbpoConfig {
        Objects.requireNonNull(sac, "sac");
        Objects.requireNonNull(ensemble, "ensemble");
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(schedule, "schedule");
        if (!ensemble.learnReward()) {
            throw new IllegalArgumentException("ensemble.learnReward must be true: MBPO's rollouts need rewards");
        }
        if (epochLength < 1) {
            throw new IllegalArgumentException("epochLength must be >= 1: " + epochLength);
        }
        if (trainModelEvery < 1) {
            throw new IllegalArgumentException("trainModelEvery must be >= 1: " + trainModelEvery);
        }
        if (rolloutsPerStep < 1) {
            throw new IllegalArgumentException("rolloutsPerStep must be >= 1: " + rolloutsPerStep);
        }
        if (retainEpochs < 1) {
            throw new IllegalArgumentException("retainEpochs must be >= 1: " + retainEpochs);
        }
        if (!(realRatio >= 0 && realRatio <= 1)) {
            throw new IllegalArgumentException("realRatio must be in [0, 1]: " + realRatio);
        }
        if (minRealSteps < 2) {
            throw new IllegalArgumentException("minRealSteps must be >= 2: " + minRealSteps);
        }
    }

    /** @return the rollouts started at every model refill */
    public int rolloutBatchSize() {
        return rolloutsPerStep * trainModelEvery;
    }

    /**
     * Model-buffer capacity for a rollout length, as mbrl-lib sizes its SAC buffer:
     * {@code retainEpochs * k * rolloutBatchSize * ceil(epochLength / trainModelEvery)}.
     *
     * @param rolloutLength the current {@code k}
     * @return the capacity in transitions
     */
    public int modelCapacity(int rolloutLength) {
        long trainsPerEpoch = (epochLength + trainModelEvery - 1) / trainModelEvery;
        long c = (long) retainEpochs * rolloutLength * rolloutBatchSize() * trainsPerEpoch;
        if (c > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("model buffer capacity overflows: " + c);
        }
        return (int) c;
    }

    /**
     * MBPO for Pendulum-v1. No reference publishes a Pendulum-v1 setting; this follows mbrl-lib's
     * {@code mbrl/examples/conf/overrides/mbpo_inv_pendulum.yaml} (the closest task, commit 025e50e):
     * model lr 1e-3, weight decay 5e-5, batch 256, holdout 0.2, patience 5, 5 elites, 400 effective rollouts
     * per step, schedule {@code [1, 15, 1, 1]}, one retained epoch, SAC gamma 0.99, tau 0.005, lr 3e-4,
     * batch 256, hidden 256; the ensemble of {@code conf/dynamics_model/gaussian_mlp_ensemble.yaml}
     * (7 members, 4 x 200 SiLU). Changed for Pendulum's 200-step episodes: epoch and model-training period of
     * 200 steps (one episode, instead of 250); 10 SAC updates per step as there but with automatic entropy
     * (alpha fixed at 0.3 there); real ratio 0.05 from jannerm/mbpo's defaults ({@code real_ratio}); model
     * training from 200 real steps on.
     *
     * @return the config
     */
    public static MbpoConfig pendulum() {
        SacConfig sac = new SacConfig(256, 2, 0.99, 0.005, 3e-4, 3e-4, 3e-4, 256, 1.0, true, Double.NaN, 10, 256,
                1, 1, -5, 2, 1_000_000);
        GaussianEnsembleConfig ens = new GaussianEnsembleConfig(7, 5, 4, 200, Activation.SILU, false, -10.0, 0.5,
                true, List.of());
        TrainerConfig tr = new TrainerConfig(1e-3, 5e-5, 256, 0.2, 200, 5, 0.01, true, Double.POSITIVE_INFINITY);
        return new MbpoConfig(sac, ens, tr, 200, 200, 400, new RolloutSchedule(1, 15, 1, 1), 1, 0.05, 200, true);
    }

    /**
     * A CPU-sized MBPO for Pendulum-v1 (tests, quick runs): SAC 2 x 64 with 5 updates per step, batch 128;
     * 5 members (3 elites) of 3 x 64; model trained every 100 steps for at most 100 epochs (patience 10);
     * 100 rollouts per step, length 1 rising to 3 (schedule {@code [1, 5, 1, 3]}); half of every policy batch
     * real (short runs leave the model rough); rollouts take the members' means, because a few hundred
     * training steps leave the variance heads wide enough to swamp Pendulum's small state changes. Tuned
     * here, not from a paper.
     *
     * @return the config
     */
    public static MbpoConfig pendulumSmall() {
        SacConfig sac = new SacConfig(64, 2, 0.99, 0.005, 1e-3, 1e-3, 1e-3, 128, 1.0, true, Double.NaN, 5, 128,
                1, 1, -5, 2, 100_000);
        GaussianEnsembleConfig ens = new GaussianEnsembleConfig(5, 3, 3, 64, Activation.SILU, false, -10.0, 0.5,
                true, List.of());
        TrainerConfig tr = new TrainerConfig(1e-3, 5e-5, 128, 0.2, 100, 10, 0.01, true, Double.POSITIVE_INFINITY);
        return new MbpoConfig(sac, ens, tr, 200, 100, 100, new RolloutSchedule(1, 5, 1, 3), 1, 0.5, 200, false);
    }

    /**
     * @param newSac the base learner's settings (for example {@code sac().withUpdates(...)})
     * @return a copy with that SAC
     * @throws NullPointerException if {@code newSac} is null
     */
    public MbpoConfig withSac(SacConfig newSac) {
        return new MbpoConfig(newSac, ensemble, trainer, epochLength, trainModelEvery, rolloutsPerStep, schedule,
                retainEpochs, realRatio, minRealSteps, sampleModel);
    }

    /** @return a builder holding this config's values, for named changes ({@link Builder#build()} validates) */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Named changes to a {@link MbpoConfig}: start from a preset's {@link #toBuilder()}, set what differs, then
     * {@link #build()}. Field meanings, units and valid ranges as on {@link MbpoConfig}.
     */
    public static final class Builder {
        private SacConfig sac;
        private GaussianEnsembleConfig ensemble;
        private TrainerConfig trainer;
        private int epochLength;
        private int trainModelEvery;
        private int rolloutsPerStep;
        private RolloutSchedule schedule;
        private int retainEpochs;
        private double realRatio;
        private int minRealSteps;
        private boolean sampleModel;

        private Builder(MbpoConfig c) {
            sac = c.sac;
            ensemble = c.ensemble;
            trainer = c.trainer;
            epochLength = c.epochLength;
            trainModelEvery = c.trainModelEvery;
            rolloutsPerStep = c.rolloutsPerStep;
            schedule = c.schedule;
            retainEpochs = c.retainEpochs;
            realRatio = c.realRatio;
            minRealSteps = c.minRealSteps;
            sampleModel = c.sampleModel;
        }

        /** @param value see {@link MbpoConfig#sac()} @return this builder */
        public Builder sac(SacConfig value) {
            sac = value;
            return this;
        }

        /** @param value see {@link MbpoConfig#ensemble()} @return this builder */
        public Builder ensemble(GaussianEnsembleConfig value) {
            ensemble = value;
            return this;
        }

        /** @param value see {@link MbpoConfig#trainer()} @return this builder */
        public Builder trainer(TrainerConfig value) {
            trainer = value;
            return this;
        }

        /** @param value see {@link MbpoConfig#epochLength()} @return this builder */
        public Builder epochLength(int value) {
            epochLength = value;
            return this;
        }

        /** @param value see {@link MbpoConfig#trainModelEvery()} @return this builder */
        public Builder trainModelEvery(int value) {
            trainModelEvery = value;
            return this;
        }

        /** @param value see {@link MbpoConfig#rolloutsPerStep()} @return this builder */
        public Builder rolloutsPerStep(int value) {
            rolloutsPerStep = value;
            return this;
        }

        /** @param value see {@link MbpoConfig#schedule()} @return this builder */
        public Builder schedule(RolloutSchedule value) {
            schedule = value;
            return this;
        }

        /** @param value see {@link MbpoConfig#retainEpochs()} @return this builder */
        public Builder retainEpochs(int value) {
            retainEpochs = value;
            return this;
        }

        /** @param value see {@link MbpoConfig#realRatio()} @return this builder */
        public Builder realRatio(double value) {
            realRatio = value;
            return this;
        }

        /** @param value see {@link MbpoConfig#minRealSteps()} @return this builder */
        public Builder minRealSteps(int value) {
            minRealSteps = value;
            return this;
        }

        /** @param value see {@link MbpoConfig#sampleModel()} @return this builder */
        public Builder sampleModel(boolean value) {
            sampleModel = value;
            return this;
        }

        /**
         * @return the config
         * @throws IllegalArgumentException if a value is out of range (the message names the field)
         */
        public MbpoConfig build() {
            return new MbpoConfig(sac, ensemble, trainer, epochLength, trainModelEvery, rolloutsPerStep, schedule,
                    retainEpochs, realRatio, minRealSteps, sampleModel);
        }
    }
}
