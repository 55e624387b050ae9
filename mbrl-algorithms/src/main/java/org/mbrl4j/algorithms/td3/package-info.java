/**
 * TD3 (Fujimoto, van Hoof and Meger 2018, "Addressing Function Approximation Error in Actor-Critic
 * Methods") with DDPG (Lillicrap et al. 2016) as its special case: a deterministic tanh policy, clipped
 * double-Q targets with target policy smoothing, delayed policy and target updates. Also the base learner
 * of {@code org.mbrl4j.algorithms.steve}.
 */
package org.mbrl4j.algorithms.td3;
