package org.mbrl4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Something that chooses actions: a policy, a planner, a random agent. */
public interface Agent {

    /**
     * Chooses an action for the current observation.
     *
     * @param observation the observation, shape {@code observationSpace().shape()}
     * @return an action in the environment's action space (a fresh array)
     */
    INDArray act(INDArray observation);

    /**
     * Receives the transition that followed the last action (for agents that learn online).
     *
     * @param transition the transition; the default ignores it
     */
    default void observe(Transition transition) {}

    /** Clears per-episode state (warm starts, recurrent state); called at every environment reset. */
    default void reset() {}
}
