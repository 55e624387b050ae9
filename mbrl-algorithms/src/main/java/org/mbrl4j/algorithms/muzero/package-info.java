/**
 * MuZero (Schrittwieser et al. 2020) for discrete actions and vector observations: {@link
 * org.mbrl4j.algorithms.muzero.Muzero} (self-play with {@link org.mbrl4j.planners.mcts.Mcts} or
 * {@link org.mbrl4j.planners.mcts.GumbelSearch} and training in one loop), its networks
 * ({@link org.mbrl4j.algorithms.muzero.MuzeroNetwork}), the categorical value support with
 * {@code h(x) = sign(x)(sqrt(|x| + 1) - 1) + 0.001 x} ({@link org.mbrl4j.algorithms.muzero.ValueSupport}), n-step
 * targets ({@link org.mbrl4j.algorithms.muzero.MuzeroTargets}) and the settings with presets
 * ({@link org.mbrl4j.algorithms.muzero.MuzeroConfig}).
 */
package org.mbrl4j.algorithms.muzero;
