/**
 * Dreamer: an actor-critic learned in the imagination of an {@link org.mbrl4j.models.latent.Rssm} world model,
 * with DreamerV3's recipe (Hafner et al. 2023). {@link org.mbrl4j.algorithms.dreamer.Dreamer} is the
 * {@link org.mbrl4j.algorithms.common.OffPolicyLearner}; {@link org.mbrl4j.algorithms.dreamer.DreamerConfig} its
 * settings and presets; {@link org.mbrl4j.algorithms.dreamer.LambdaReturns} and
 * {@link org.mbrl4j.algorithms.dreamer.ReturnNormalizer} the pure pieces of the actor-critic.
 */
package org.mbrl4j.algorithms.dreamer;
