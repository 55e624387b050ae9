/**
 * Learned dynamics models: ensembles that predict the next observation (and optionally the reward) from
 * an observation and an action, as in PETS (Chua et al. 2018) and MBPO (Janner et al. 2019), following
 * the design of mbrl-lib (Pineda et al. 2021).
 *
 * <p>{@link org.mbrl4j.models.dynamics.DynamicsModel} is the contract planners use;
 * {@link org.mbrl4j.models.dynamics.GaussianEnsemble} (probabilistic, Gaussian NLL with soft log-variance
 * bounds) and {@link org.mbrl4j.models.dynamics.DeterministicEnsemble} (MSE) implement it on the
 * hand-written ensemble MLP of {@code org.mbrl4j.models.nn}. Inputs are normalised by a float64
 * {@link org.mbrl4j.models.dynamics.Normalizer}; targets are deltas {@code next - obs} except for listed
 * dimensions. {@link org.mbrl4j.models.dynamics.ModelTrainer} trains either with bootstrapped batches,
 * a holdout split, early stopping, per-member best weights and elite selection.
 */
package org.mbrl4j.models.dynamics;
