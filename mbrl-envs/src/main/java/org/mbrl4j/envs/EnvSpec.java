package org.mbrl4j.envs;

import java.util.Objects;
import java.util.function.Supplier;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.RewardFunction;
import org.mbrl4j.core.SimulatedEnvironment;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.envs.wrappers.TimeLimit;

/**
 * What the registry knows about an environment (Gymnasium's {@code EnvSpec}, plus the batched functions
 * that planners need).
 *
 * @param id the registry id, such as {@code "CartPole-v1"}
 * @param maxEpisodeSteps the time limit that {@link Envs#make} applies, {@code >= 1}
 * @param factory creates a fresh unwrapped environment on every call
 * @param rewardFunction the task's reward over batches of observations, agreeing with {@code step}
 * @param terminationFunction the task's termination over batches of observations
 * @param description one line on the task
 */
public record EnvSpec(String id, int maxEpisodeSteps, Supplier<? extends SimulatedEnvironment> factory,
        RewardFunction rewardFunction, TerminationFunction terminationFunction, String description) {

    /** Checks that no field is null and that the time limit is positive. */
    public EnvSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(rewardFunction, "rewardFunction");
        Objects.requireNonNull(terminationFunction, "terminationFunction");
        Objects.requireNonNull(description, "description");
        if (maxEpisodeSteps < 1) {
            throw new IllegalArgumentException("maxEpisodeSteps must be >= 1: " + maxEpisodeSteps);
        }
    }

    /** @return a fresh environment without a time limit (its state can be read and set) */
    public SimulatedEnvironment makeUnwrapped() {
        return factory.get();
    }

    /** @return a fresh environment inside a {@link TimeLimit} of {@link #maxEpisodeSteps()} steps */
    public Environment make() {
        return new TimeLimit(makeUnwrapped(), maxEpisodeSteps);
    }
}
