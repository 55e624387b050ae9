package org.mbrl4j.algorithms.common;

import java.util.Map;
import org.mbrl4j.core.Agent;
import org.mbrl4j.core.Transition;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An off-policy learner driven by {@link OffPolicyLoop}: it picks exploratory actions, is shown every real
 * transition (it stores it and trains as its schedule says), and offers a deterministic agent for
 * evaluation.
 */
public interface OffPolicyLearner {

    /**
     * @param observation the current observation, {@code [obsDim]}
     * @return an exploratory action in the environment's action space, {@code [actDim]}, fresh
     */
    INDArray explore(INDArray observation);

    /**
     * Stores a real transition and runs whatever training is due after it.
     *
     * @param transition the transition just taken
     */
    void observe(Transition transition);

    /** @return the deterministic (mean) policy as an agent; it follows later training */
    Agent evaluationAgent();

    /** @return averages of the training metrics since the last call (which resets them) */
    Map<String, Double> drainMetrics();
}
