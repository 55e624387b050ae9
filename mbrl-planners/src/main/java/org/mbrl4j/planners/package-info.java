/**
 * Planning over action sequences: trajectory optimisers, the evaluation of action sequences on a learned
 * model with particle propagation, and the receding-horizon {@link org.mbrl4j.planners.MpcAgent}.
 *
 * <p>Every optimiser maximises an {@link org.mbrl4j.planners.ActionObjective} that scores a whole
 * population of action sequences {@code [P, H, A]} in one call, within {@link org.mbrl4j.planners.ActionBounds},
 * starting from an initial solution {@code [H, A]}: {@link org.mbrl4j.planners.RandomShooting},
 * {@link org.mbrl4j.planners.Cem} (Chua et al. 2018), {@link org.mbrl4j.planners.ICem} (Pinneri et al. 2020),
 * {@link org.mbrl4j.planners.Mppi} (Williams et al. 2017), {@link org.mbrl4j.planners.GradientMpc} and
 * {@link org.mbrl4j.planners.HybridCemGradient} (Adam on the actions through a differentiable model),
 * and {@link org.mbrl4j.planners.DiscreteCem} for {@code Discrete} action spaces. Each is built from an
 * immutable {@link org.mbrl4j.planners.OptimizerConfig} record and draws its randomness from a
 * {@link org.mbrl4j.core.random.RandomStreams} node.
 *
 * <p>{@link org.mbrl4j.planners.ModelEnv} rolls a {@link org.mbrl4j.models.dynamics.DynamicsModel} forward
 * with the propagation schemes of PETS ({@link org.mbrl4j.planners.Propagation}); {@link
 * org.mbrl4j.planners.SimulatorObjective} scores sequences on copies of a simulator instead.
 */
package org.mbrl4j.planners;
