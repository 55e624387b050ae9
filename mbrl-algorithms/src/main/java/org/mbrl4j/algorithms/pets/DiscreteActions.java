package org.mbrl4j.algorithms.pets;

import java.util.Arrays;
import org.mbrl4j.core.Agent;
import org.mbrl4j.core.RewardFunction;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.core.spaces.Discrete;
import org.mbrl4j.core.spaces.Space;
import org.mbrl4j.planners.DiscreteCemConfig;
import org.mbrl4j.planners.MpcAgent;
import org.mbrl4j.planners.OptimizerConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The conversions between a {@code Discrete(n, start)} action space and PETS' planning over indices
 * {@code i} in {@code [0, n)}: the environment's action is {@code start + i}.
 */
final class DiscreteActions {

    private DiscreteActions() {
    }

    /**
     * @throws IllegalArgumentException if a {@code Discrete(n)} space is not planned by a {@link DiscreteCemConfig}
     *     with {@code numActions = n}, or another space is
     */
    static void checkOptimizer(OptimizerConfig optimizer, Space actions) {
        if (actions instanceof Discrete d) {
            if (!(optimizer instanceof DiscreteCemConfig c) || c.numActions() != d.n()) {
                throw new IllegalArgumentException("config.optimizer must be a DiscreteCemConfig with numActions "
                        + d.n() + " for the action space " + d + ": " + optimizer);
            }
        } else if (optimizer instanceof DiscreteCemConfig) {
            throw new IllegalArgumentException("config.optimizer must be a continuous optimiser for the action "
                    + "space " + actions + " (DiscreteCemConfig plans Discrete actions): " + optimizer);
        }
    }

    /** The reward of the environment's actions {@code start + i} for planned indices {@code i} ({@code [B, 1]}). */
    static RewardFunction withStart(RewardFunction reward, int start) {
        return start == 0 || reward == null ? reward : (obs, act, next) -> reward.reward(obs, act.add(start), next);
    }

    /** The termination of the environment's actions {@code start + i} for planned indices {@code i}. */
    static TerminationFunction withStart(TerminationFunction termination, int start) {
        return start == 0 || termination == TerminationFunction.NEVER ? termination
                : (obs, act, next) -> termination.done(obs, act.add(start), next);
    }

    /**
     * @param actions {@code [B]} or {@code [B, 1]} actions {@code start + i} of {@code space}
     * @return their one-hot encoding {@code [B, n]}, fresh float32
     * @throws IllegalArgumentException if {@code actions} has another shape or holds a value outside the space
     */
    static INDArray encode(INDArray actions, Discrete space) {
        if (!(actions.rank() == 1 || (actions.rank() == 2 && actions.size(1) == 1))) {
            throw new IllegalArgumentException("actions must be [B] or [B, 1] actions of " + space + ": got "
                    + Arrays.toString(actions.shape()));
        }
        INDArray indices = actions.castTo(DataType.FLOAT).sub(space.start());
        try {
            return OneHotActions.encode(indices.reshape(indices.length(), 1), space.n());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("actions must hold actions of " + space + " (" + space.start()
                    + " added to the index): " + e.getMessage(), e);
        }
    }

    /** @return an agent that turns the planner's index {@code [1]} into an INT64 scalar {@code start + i} */
    static Agent indexAgent(MpcAgent planner, int start) {
        return new Agent() {
            @Override
            public INDArray act(INDArray observation) {
                long index = (long) planner.act(observation).getFloat(0);
                return Nd4j.scalar(DataType.INT64, start + index);
            }

            @Override
            public void reset() {
                planner.reset();
            }
        };
    }
}
