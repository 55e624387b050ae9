/**
 * TD-MPC2 (Hansen, Su and Wang 2024, "TD-MPC2: Scalable, Robust World Models for Continuous Control",
 * ICLR 2024): a decoder-free latent world model (encoder, latent dynamics, two-hot reward, Q ensemble,
 * policy prior, optional termination head) trained on short sub-trajectories with latent consistency and
 * TD losses, and acting by MPPI planning in its latent space with the policy prior's samples and a Q bootstrap
 * at the horizon. Written on the tape of {@code org.mbrl4j.tensor.autodiff}.
 */
package org.mbrl4j.algorithms.tdmpc;
