package org.mbrl4j.planners;

import org.nd4j.linalg.api.ndarray.INDArray;

/** An {@link ActionObjective} that also gives the gradient of each value with respect to its actions. */
public interface DifferentiableObjective extends ActionObjective {

    /**
     * The values and their gradients.
     *
     * @param values {@code [P]}, as {@link #evaluate}
     * @param gradient {@code d value[p] / d population[p]}, {@code [P, H, A]}
     */
    record ValueAndGradient(INDArray values, INDArray gradient) {}

    /**
     * @param population action sequences {@code [P, H, A]}, float32
     * @return the values {@code [P]} and gradients {@code [P, H, A]}, fresh arrays
     */
    ValueAndGradient valueAndGradient(INDArray population);
}
