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
}
