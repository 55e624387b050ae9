/**
 * PETS, probabilistic ensembles with trajectory sampling (Chua et al. 2018, "Deep reinforcement learning in
 * a handful of trials using probabilistic dynamics models"), as mbrl-lib's {@code mbrl/algorithms/pets.py}:
 * a random first trial, then a {@link org.mbrl4j.models.dynamics.GaussianEnsemble} retrained on all data
 * every {@code trainEvery} steps and at each trial start, and an {@link org.mbrl4j.planners.MpcAgent} that
 * plans with CEM (or another optimiser) over a {@link org.mbrl4j.planners.ModelEnv}. {@link
 * org.mbrl4j.algorithms.pets.PetsConfig} holds the presets; {@link org.mbrl4j.algorithms.pets.Pets} runs it.
 */
package org.mbrl4j.algorithms.pets;
