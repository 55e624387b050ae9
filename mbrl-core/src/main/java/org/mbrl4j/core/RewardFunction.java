package org.mbrl4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A task's reward as a batched function over tensors, as planners use it with learned models
 * (mbrl-lib's {@code reward_fn}). It must agree with the environment's own {@code step}.
 */
@FunctionalInterface
public interface RewardFunction {

    /**
     * @param observation states before the step, {@code [B, obsDim]}
     * @param action actions, {@code [B, actDim]} ({@code [B, 1]} holding indices for discrete spaces)
     * @param nextObservation states after the step, {@code [B, obsDim]}
     * @return rewards, a fresh float32 array of shape {@code [B]}
     */
    INDArray reward(INDArray observation, INDArray action, INDArray nextObservation);
}
