package org.mbrl4j.models.dynamics;

import java.util.List;
import org.mbrl4j.tensor.Activation;

/**
 * Settings of a {@link DeterministicEnsemble}.
 *
 * @param ensembleSize number of members E
 * @param numElites    members used after training, in {@code [1, E]}
 * @param hiddenLayers number of hidden layers
 * @param hiddenSize   width of the hidden layers
 * @param activation   activation of the hidden layers
 * @param learnReward  whether a reward column is predicted
 * @param nonDeltaDims observation dimensions predicted directly, not as deltas
 */
public record DeterministicEnsembleConfig(int ensembleSize, int numElites, int hiddenLayers, int hiddenSize,
        Activation activation, boolean learnReward, List<Integer> nonDeltaDims) implements EnsembleSettings {

    /** Validates every field; the message names the bad one. */
    public DeterministicEnsembleConfig {
        EnsembleSettings.validate(ensembleSize, numElites, hiddenLayers, hiddenSize, activation, nonDeltaDims);
        nonDeltaDims = List.copyOf(nonDeltaDims);
    }

    /**
     * The network of mbrl-lib's PETS cart-pole setup ({@code gaussian_mlp_ensemble.yaml} with
     * {@code deterministic: true}): 7 members, 5 elites, 4 hidden layers of 200, SiLU, delta targets, no
     * reward. mbrl-lib commit 3f93ccc.
     *
     * @return the config
     */
    public static DeterministicEnsembleConfig petsCartpole() {
        return new DeterministicEnsembleConfig(7, 5, 4, 200, Activation.SILU, false, List.of());
    }

    /**
     * @param layers number of hidden layers
     * @param size   their width
     * @return a copy with another network size
     */
    public DeterministicEnsembleConfig withHidden(int layers, int size) {
        return new DeterministicEnsembleConfig(ensembleSize, numElites, layers, size, activation, learnReward,
                nonDeltaDims);
    }

    /** @return a builder holding this config's values, for named changes ({@link Builder#build()} validates) */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Named changes to a {@link DeterministicEnsembleConfig}: start from a preset's {@link #toBuilder()}, set what differs, then
     * {@link #build()}. Field meanings, units and valid ranges as on {@link DeterministicEnsembleConfig}.
     */
    public static final class Builder {
        private int ensembleSize;
        private int numElites;
        private int hiddenLayers;
        private int hiddenSize;
        private Activation activation;
        private boolean learnReward;
        private List<Integer> nonDeltaDims;

        private Builder(DeterministicEnsembleConfig c) {
            ensembleSize = c.ensembleSize;
            numElites = c.numElites;
            hiddenLayers = c.hiddenLayers;
            hiddenSize = c.hiddenSize;
            activation = c.activation;
            learnReward = c.learnReward;
            nonDeltaDims = c.nonDeltaDims;
        }

        /** @param value see {@link DeterministicEnsembleConfig#ensembleSize()} @return this builder */
        public Builder ensembleSize(int value) {
            ensembleSize = value;
            return this;
        }

        /** @param value see {@link DeterministicEnsembleConfig#numElites()} @return this builder */
        public Builder numElites(int value) {
            numElites = value;
            return this;
        }

        /** @param value see {@link DeterministicEnsembleConfig#hiddenLayers()} @return this builder */
        public Builder hiddenLayers(int value) {
            hiddenLayers = value;
            return this;
        }

        /** @param value see {@link DeterministicEnsembleConfig#hiddenSize()} @return this builder */
        public Builder hiddenSize(int value) {
            hiddenSize = value;
            return this;
        }

        /** @param value see {@link DeterministicEnsembleConfig#activation()} @return this builder */
        public Builder activation(Activation value) {
            activation = value;
            return this;
        }

        /** @param value see {@link DeterministicEnsembleConfig#learnReward()} @return this builder */
        public Builder learnReward(boolean value) {
            learnReward = value;
            return this;
        }

        /** @param value see {@link DeterministicEnsembleConfig#nonDeltaDims()} @return this builder */
        public Builder nonDeltaDims(List<Integer> value) {
            nonDeltaDims = value;
            return this;
        }

        /**
         * @return the config
         * @throws IllegalArgumentException if a value is out of range (the message names the field)
         */
        public DeterministicEnsembleConfig build() {
            return new DeterministicEnsembleConfig(ensembleSize, numElites, hiddenLayers, hiddenSize, activation,
                    learnReward, nonDeltaDims);
        }
    }
}
