/**
 * Classic control environments: Gymnasium 1.x's {@code CartPole-v1}, {@code Pendulum-v1},
 * {@code MountainCar-v0}, {@code MountainCarContinuous-v0} and {@code Acrobot-v1}, reproduced step for
 * step (same equations, integrators, constants, spaces, rewards, terminations and clipping, float64
 * physics and float32 observations), and two continuous cart-pole tasks of the model-based RL
 * literature, {@code CartPoleContinuous-v0} (mbrl-lib) and {@code CartPoleSwingUp-v0} (PETS,
 * DeepMind Control). Each class also provides its batched reward and termination functions over
 * {@code [B, obsDim]} observations. See {@code docs/environments.md}.
 */
package org.mbrl4j.envs.classic;
