/**
 * STEVE, stochastic ensemble value expansion (Buckman, Hafner, Tucker, Brevdo and Lee 2018, "Sample-Efficient
 * Reinforcement Learning with Stochastic Ensemble Value Expansion"), on the TD3/DDPG learner of
 * {@code org.mbrl4j.algorithms.td3}.
 */
package org.mbrl4j.algorithms.steve;
