/**
 * Model-Based Policy Optimisation (Janner, Fu, Zhang and Levine 2019, "When to Trust Your Model"): a
 * probabilistic dynamics ensemble trained on real data every few steps, short branched rollouts from real
 * states under the current policy, and SAC trained on batches mixing real and model transitions.
 */
package org.mbrl4j.algorithms.mbpo;
