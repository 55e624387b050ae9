package org.mbrl4j.models.dynamics;

import java.util.List;
import org.mbrl4j.tensor.Activation;

/**
 * Settings of a {@link GaussianEnsemble}.
 *
 * @param ensembleSize      number of members E
 * @param numElites         members used for planning after training, in {@code [1, E]}
 * @param hiddenLayers      number of hidden layers
 * @param hiddenSize        width of the hidden layers
 * @param activation        activation of the hidden layers
 * @param learnLogvarBounds whether the soft log-variance bounds are trained (mbrl-lib's
 *                          {@code learn_logvar_bounds}); they are always part of the loss's penalty term
 * @param minLogvarInit     initial lower bound of the log-variance (mbrl-lib: -10)
 * @param maxLogvarInit     initial upper bound of the log-variance (mbrl-lib: 0.5), {@code > minLogvarInit}
 * @param learnReward       whether a reward column is predicted
 * @param nonDeltaDims      observation dimensions predicted directly, not as deltas
 */
public record GaussianEnsembleConfig(int ensembleSize, int numElites, int hiddenLayers, int hiddenSize,
        Activation activation, boolean learnLogvarBounds, double minLogvarInit, double maxLogvarInit,
        boolean learnReward, List<Integer> nonDeltaDims) implements EnsembleSettings {

    /** Validates every field; the message names the bad one. */
    public GaussianEnsembleConfig {
        EnsembleSettings.validate(ensembleSize, numElites, hiddenLayers, hiddenSize, activation, nonDeltaDims);
        if (!Double.isFinite(minLogvarInit)) {
            throw new IllegalArgumentException("minLogvarInit must be finite: " + minLogvarInit);
        }
        if (!Double.isFinite(maxLogvarInit) || maxLogvarInit <= minLogvarInit) {
            throw new IllegalArgumentException("maxLogvarInit must be finite and > minLogvarInit=" + minLogvarInit
                    + ": " + maxLogvarInit);
        }
        nonDeltaDims = List.copyOf(nonDeltaDims);
    }

    /**
     * mbrl-lib's PETS setup for the continuous cart-pole: {@code mbrl/examples/conf/dynamics_model/
     * gaussian_mlp_ensemble.yaml} (7 members, 4 hidden layers of 200, SiLU, {@code learn_logvar_bounds:
     * false}, log-variance bounds initialised to -10 and 0.5 in {@code mbrl/models/gaussian_mlp.py}) and
     * {@code overrides/pets_cartpole.yaml} (5 elites, {@code learned_rewards: false}); all targets deltas
     * ({@code algorithm/pets.yaml}: {@code target_is_delta: true}). mbrl-lib commit 3f93ccc.
     *
     * @return the config
     */
    public static GaussianEnsembleConfig petsCartpole() {
        return new GaussianEnsembleConfig(7, 5, 4, 200, Activation.SILU, false, -10.0, 0.5, false, List.of());
    }

    /**
     * @param layers number of hidden layers
     * @param size   their width
     * @return a copy with another network size
     */
    public GaussianEnsembleConfig withHidden(int layers, int size) {
        return new GaussianEnsembleConfig(ensembleSize, numElites, layers, size, activation, learnLogvarBounds,
                minLogvarInit, maxLogvarInit, learnReward, nonDeltaDims);
    }

    /**
     * @param members number of members
     * @param elites  number of elites
     * @return a copy with another ensemble size
     */
    public GaussianEnsembleConfig withEnsemble(int members, int elites) {
        return new GaussianEnsembleConfig(members, elites, hiddenLayers, hiddenSize, activation, learnLogvarBounds,
                minLogvarInit, maxLogvarInit, learnReward, nonDeltaDims);
    }

    /**
     * @param learn whether the log-variance bounds are trained
     * @return a copy with that setting
     */
    public GaussianEnsembleConfig withLearnLogvarBounds(boolean learn) {
        return new GaussianEnsembleConfig(ensembleSize, numElites, hiddenLayers, hiddenSize, activation, learn,
                minLogvarInit, maxLogvarInit, learnReward, nonDeltaDims);
    }

    /**
     * @param reward whether a reward column is learned
     * @param dims   observation dimensions that are not deltas
     * @return a copy with those target settings
     */
    public GaussianEnsembleConfig withTargets(boolean reward, List<Integer> dims) {
        return new GaussianEnsembleConfig(ensembleSize, numElites, hiddenLayers, hiddenSize, activation,
                learnLogvarBounds, minLogvarInit, maxLogvarInit, reward, dims);
    }

    /** @return a builder holding this config's values, for named changes ({@link Builder#build()} validates) */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Named changes to a {@link GaussianEnsembleConfig}: start from a preset's {@link #toBuilder()}, set what differs, then
     * {@link #build()}. Field meanings, units and valid ranges as on {@link GaussianEnsembleConfig}.
     */
    public static final class Builder {
        private int ensembleSize;
        private int numElites;
        private int hiddenLayers;
        private int hiddenSize;
        private Activation activation;
        private boolean learnLogvarBounds;
        private double minLogvarInit;
        private double maxLogvarInit;
        private boolean learnReward;
        private List<Integer> nonDeltaDims;

        private Builder(GaussianEnsembleConfig c) {
            ensembleSize = c.ensembleSize;
            numElites = c.numElites;
            hiddenLayers = c.hiddenLayers;
            hiddenSize = c.hiddenSize;
            activation = c.activation;
            learnLogvarBounds = c.learnLogvarBounds;
            minLogvarInit = c.minLogvarInit;
            maxLogvarInit = c.maxLogvarInit;
            learnReward = c.learnReward;
            nonDeltaDims = c.nonDeltaDims;
        }

        /** @param value see {@link GaussianEnsembleConfig#ensembleSize()} @return this builder */
        public Builder ensembleSize(int value) {
            ensembleSize = value;
            return this;
        }

        /** @param value see {@link GaussianEnsembleConfig#numElites()} @return this builder */
        public Builder numElites(int value) {
            numElites = value;
            return this;
        }

        /** @param value see {@link GaussianEnsembleConfig#hiddenLayers()} @return this builder */
        public Builder hiddenLayers(int value) {
            hiddenLayers = value;
            return this;
        }

        /** @param value see {@link GaussianEnsembleConfig#hiddenSize()} @return this builder */
        public Builder hiddenSize(int value) {
            hiddenSize = value;
            return this;
        }

        /** @param value see {@link GaussianEnsembleConfig#activation()} @return this builder */
        public Builder activation(Activation value) {
            activation = value;
            return this;
        }

        /** @param value see {@link GaussianEnsembleConfig#learnLogvarBounds()} @return this builder */
        public Builder learnLogvarBounds(boolean value) {
            learnLogvarBounds = value;
            return this;
        }

        /** @param value see {@link GaussianEnsembleConfig#minLogvarInit()} @return this builder */
        public Builder minLogvarInit(double value) {
            minLogvarInit = value;
            return this;
        }

        /** @param value see {@link GaussianEnsembleConfig#maxLogvarInit()} @return this builder */
        public Builder maxLogvarInit(double value) {
            maxLogvarInit = value;
            return this;
        }

        /** @param value see {@link GaussianEnsembleConfig#learnReward()} @return this builder */
        public Builder learnReward(boolean value) {
            learnReward = value;
            return this;
        }

        /** @param value see {@link GaussianEnsembleConfig#nonDeltaDims()} @return this builder */
        public Builder nonDeltaDims(List<Integer> value) {
            nonDeltaDims = value;
            return this;
        }

        /**
         * @return the config
         * @throws IllegalArgumentException if a value is out of range (the message names the field)
         */
        public GaussianEnsembleConfig build() {
            return new GaussianEnsembleConfig(ensembleSize, numElites, hiddenLayers, hiddenSize, activation,
                    learnLogvarBounds, minLogvarInit, maxLogvarInit, learnReward, nonDeltaDims);
        }
    }
}
