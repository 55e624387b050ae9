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
}
