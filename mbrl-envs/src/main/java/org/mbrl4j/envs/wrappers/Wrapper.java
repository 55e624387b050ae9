package org.mbrl4j.envs.wrappers;

import java.util.Objects;
import java.util.Optional;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Reset;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.spaces.Space;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base of the environment wrappers (Gymnasium's {@code gymnasium.Wrapper}): delegates every call to the
 * wrapped environment, so that a subclass overrides only what it changes.
 *
 * <p>{@link #close()} closes the wrapped environment. Not thread-safe, like the environments.
 */
public abstract class Wrapper implements Environment {

    private final Environment env;

    /**
     * @param env the environment to wrap (owned by the wrapper from now on)
     * @throws NullPointerException if {@code env} is null
     */
    protected Wrapper(Environment env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** @return the environment directly inside this wrapper */
    public Environment inner() {
        return env;
    }

    /**
     * Follows the chain of wrappers down to the environment that is not a wrapper.
     *
     * @return the innermost environment
     */
    public Environment unwrapped() {
        Environment e = env;
        while (e instanceof Wrapper w) {
            e = w.inner();
        }
        return e;
    }

    /** @return the wrapped environment's id */
    @Override
    public Optional<String> registryId() {
        return env.registryId();
    }

    @Override
    public Space observationSpace() {
        return env.observationSpace();
    }

    @Override
    public Space actionSpace() {
        return env.actionSpace();
    }

    @Override
    public Reset reset(long seed) {
        return env.reset(seed);
    }

    @Override
    public Reset reset() {
        return env.reset();
    }

    @Override
    public Step step(INDArray action) {
        return env.step(action);
    }

    @Override
    public void close() {
        try {
            env.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing " + env + " failed", e);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "<" + env + ">";
    }
}
