/**
 * Soft Actor-Critic (Haarnoja et al. 2018, "Soft Actor-Critic Algorithms and Applications", the version
 * with automatic entropy tuning): twin Q functions with Polyak-averaged targets, a tanh-squashed Gaussian
 * policy, a learned entropy coefficient. Also the base learner of {@code org.mbrl4j.algorithms.mbpo}.
 */
package org.mbrl4j.algorithms.sac;
