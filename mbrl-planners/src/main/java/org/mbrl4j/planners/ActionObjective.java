package org.mbrl4j.planners;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a {@link TrajectoryOptimizer} maximises: the value of each action sequence of a population, all
 * scored in one call (so that a model can propagate the whole population as one batch).
 */
@FunctionalInterface
public interface ActionObjective {

    /**
     * @param population action sequences {@code [P, H, A]}, float32; not modified
     * @return the value of each sequence, {@code [P]} (higher is better); a NaN counts as the worst value
     */
    INDArray evaluate(INDArray population);
}
