package org.mbrl4j.planners;

import org.mbrl4j.core.random.RandomState;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Maximises an {@link ActionObjective} over action sequences {@code [H, A]} within {@link ActionBounds}
 * (mbrl-lib's {@code Optimizer}). Implementations are stateful only where documented (iCEM keeps elites
 * between calls, MPPI the last action) and are not thread-safe. As a {@link RandomState}, an optimiser exports
 * the positions of its generators for checkpoints; every optimiser of this library does, and the defaults
 * refuse, for an optimiser written elsewhere that does not.
 */
public interface TrajectoryOptimizer extends RandomState {

    /** @return the planning horizon H */
    int horizon();

    /** @return the action bounds (A dimensions) */
    ActionBounds bounds();

    /**
     * Runs the optimisation.
     *
     * @param objective scores populations {@code [P, H, A]}
     * @param initialSolution the starting point (for sampling optimisers the initial mean), {@code [H, A]},
     *     finite, within the bounds
     * @return the solution {@code [H, A]}, a fresh float32 array within the bounds
     * @throws IllegalArgumentException if the initial solution has the wrong shape, a non-finite value or a
     *     value outside the bounds, or the objective returns the wrong shape
     */
    INDArray optimize(ActionObjective objective, INDArray initialSolution);

    /**
     * Tells the optimiser that the plan moved on by {@code steps} time steps (the agent will shift the
     * initial solution accordingly); optimisers that keep state between calls shift it too.
     *
     * @param steps the number of executed steps, {@code >= 1}
     */
    default void advance(int steps) {}

    /** Forgets everything kept between calls (a new episode). */
    default void reset() {}

    /**
     * {@inheritDoc}
     *
     * @throws UnsupportedOperationException unless the optimiser overrides it (every one of this library does)
     */
    @Override
    default long[] randomState() {
        throw new UnsupportedOperationException(getClass().getName() + " does not export its random state, so "
                + "a run planning with it cannot be checkpointed");
    }

    /**
     * {@inheritDoc}
     *
     * @throws UnsupportedOperationException unless the optimiser overrides it (every one of this library does)
     */
    @Override
    default void restoreRandomState(long[] state) {
        throw new UnsupportedOperationException(getClass().getName() + " does not restore a random state");
    }
}
