package org.mbrl4j.core;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.core.spaces.Space;
import org.nd4j.linalg.api.ndarray.INDArray;

/** An agent that ignores observations and samples uniformly from its action space. */
public final class RandomAgent implements Agent {

    private final Space actionSpace;
    private final RandomGenerator rng;

    /**
     * @param actionSpace the space to sample from
     * @param rng the generator to draw from (owned by the agent from now on)
     */
    public RandomAgent(Space actionSpace, RandomGenerator rng) {
        this.actionSpace = Objects.requireNonNull(actionSpace, "actionSpace");
        this.rng = Objects.requireNonNull(rng, "rng");
    }

    @Override
    public INDArray act(INDArray observation) {
        return actionSpace.sample(rng);
    }
}
