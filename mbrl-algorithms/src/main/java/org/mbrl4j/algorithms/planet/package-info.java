/**
 * PlaNet (Hafner et al. 2019, "Learning Latent Dynamics for Planning from Pixels"): CEM planning over the prior of
 * an {@link org.mbrl4j.models.latent.Rssm} world model. {@link org.mbrl4j.algorithms.planet.Planet} is the
 * {@link org.mbrl4j.algorithms.common.OffPolicyLearner}; {@link org.mbrl4j.algorithms.planet.PlanetConfig} its
 * settings and presets.
 */
package org.mbrl4j.algorithms.planet;
