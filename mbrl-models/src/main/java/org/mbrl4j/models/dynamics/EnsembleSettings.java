package org.mbrl4j.models.dynamics;

import java.util.List;
import org.mbrl4j.tensor.Activation;

/** The settings every ensemble config has: network shape, elites, targets. */
public interface EnsembleSettings {

    /** @return number of members E, {@code >= 1} */
    int ensembleSize();

    /** @return number of elites, in {@code [1, ensembleSize]} */
    int numElites();

    /** @return number of hidden layers, {@code >= 1} */
    int hiddenLayers();

    /** @return width of the hidden layers, {@code >= 1} */
    int hiddenSize();

    /** @return activation of the hidden layers */
    Activation activation();

    /** @return whether the model also predicts the reward (one more output column) */
    boolean learnReward();

    /** @return observation dimensions predicted directly instead of as deltas {@code next - obs} */
    List<Integer> nonDeltaDims();

    /** Shared validation; names the bad field. */
    static void validate(int ensembleSize, int numElites, int hiddenLayers, int hiddenSize, Activation activation,
            List<Integer> nonDeltaDims) {
        if (ensembleSize < 1) {
            throw new IllegalArgumentException("ensembleSize must be >= 1: " + ensembleSize);
        }
        if (numElites < 1 || numElites > ensembleSize) {
            throw new IllegalArgumentException("numElites must be in [1, ensembleSize=" + ensembleSize + "]: "
                    + numElites);
        }
        if (hiddenLayers < 1) {
            throw new IllegalArgumentException("hiddenLayers must be >= 1: " + hiddenLayers);
        }
        if (hiddenSize < 1) {
            throw new IllegalArgumentException("hiddenSize must be >= 1: " + hiddenSize);
        }
        if (activation == null) {
            throw new IllegalArgumentException("activation must not be null");
        }
        if (nonDeltaDims == null) {
            throw new IllegalArgumentException("nonDeltaDims must not be null (use List.of())");
        }
        for (Integer d : nonDeltaDims) {
            if (d == null || d < 0) {
                throw new IllegalArgumentException("nonDeltaDims must hold indices >= 0: " + nonDeltaDims);
            }
        }
        if (nonDeltaDims.stream().distinct().count() != nonDeltaDims.size()) {
            throw new IllegalArgumentException("nonDeltaDims must not repeat an index: " + nonDeltaDims);
        }
    }
}
