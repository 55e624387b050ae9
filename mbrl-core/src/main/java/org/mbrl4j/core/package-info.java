/**
 * The contracts every part of mbrl4j is written against, with Gymnasium semantics in Java spelling:
 * {@link org.mbrl4j.core.Environment} (with {@link org.mbrl4j.core.Reset} and
 * {@link org.mbrl4j.core.Step} results that keep {@code terminated} and {@code truncated} apart),
 * {@link org.mbrl4j.core.SimulatedEnvironment} for environments whose state can be read and set,
 * {@link org.mbrl4j.core.Agent}, {@link org.mbrl4j.core.Transition}, and the batched
 * {@link org.mbrl4j.core.RewardFunction} and {@link org.mbrl4j.core.TerminationFunction} that
 * planners evaluate over learned models.
 *
 * <p>Tensors are float32 and batch-first unless a method says otherwise.
 */
package org.mbrl4j.core;
