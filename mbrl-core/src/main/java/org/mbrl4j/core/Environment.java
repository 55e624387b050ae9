package org.mbrl4j.core;

import java.util.Optional;
import org.mbrl4j.core.spaces.Space;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A reinforcement-learning environment with Gymnasium's semantics.
 *
 * <p>An episode starts with {@link #reset(long)} (which seeds the environment's own generator, like
 * Gymnasium's {@code reset(seed=...)}) or {@link #reset()} (which continues that generator), and goes on
 * with {@link #step(INDArray)} until the returned {@link Step} is {@code terminated} (a terminal state of
 * the task) or {@code truncated} (a time limit or another cut that is not part of the task). Stepping after
 * either, or before the first reset, throws {@link IllegalStateException}.
 *
 * <p>Implementations are not thread-safe: one environment per thread.
 */
public interface Environment extends AutoCloseable {

    /** @return the space that every observation lies in; never null */
    Space observationSpace();

    /** @return the space of valid actions; never null */
    Space actionSpace();

    /**
     * Starts a new episode after re-seeding the environment's own generator, so that the same seed gives
     * the same initial state and the same episode under the same actions.
     *
     * @param seed any long
     * @return the first observation (shape {@code observationSpace().shape()}, a fresh array) and info
     */
    Reset reset(long seed);

    /**
     * Starts a new episode drawing the initial state from the generator as it stands. Before any seeded
     * reset, the generator starts from a documented default seed of the implementation.
     *
     * @return the first observation (a fresh array) and info
     */
    Reset reset();

    /**
     * Advances the environment by one step.
     *
     * @param action for a {@code Box} space a float array of the space's shape; for a {@code Discrete}
     *     space a scalar (or one-element array) holding the integer index
     * @return next observation (a fresh array), reward, terminated, truncated, info
     * @throws IllegalArgumentException if the action has the wrong shape, contains NaN, or is a discrete
     *     index outside the space
     * @throws IllegalStateException if called before {@code reset} or after the episode ended
     */
    Step step(INDArray action);

    /**
     * The id under which a registry knows this task (such as {@code "Pendulum-v1"}), so that an algorithm can
     * refuse a configuration made for another task at construction. Wrappers report the id of what they wrap.
     *
     * @return the id, or empty for an environment outside a registry (the default)
     */
    default Optional<String> registryId() {
        return Optional.empty();
    }

    /** Releases whatever the environment holds (windows, native buffers); the default does nothing. */
    @Override
    default void close() {}
}
