package org.mbrl4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A task's termination rule as a batched function over tensors (mbrl-lib's {@code term_fn}). Time limits
 * are not part of it: they truncate, they do not terminate.
 */
@FunctionalInterface
public interface TerminationFunction {

    /**
     * @param observation states before the step, {@code [B, obsDim]}
     * @param action actions, {@code [B, actDim]}
     * @param nextObservation states after the step, {@code [B, obsDim]}
     * @return a fresh float32 array of shape {@code [B]} holding 1 where the next state is terminal, else 0
     */
    INDArray done(INDArray observation, INDArray action, INDArray nextObservation);

    /** A task that never terminates (only time limits end its episodes). */
    TerminationFunction NEVER = (obs, act, next) ->
            org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, obs.size(0));
}
