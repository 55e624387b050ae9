package org.mbrl4j.core;

/**
 * An environment whose full physical state can be read and written, so that planners can use the true
 * dynamics as a model and tests can compare transitions with a reference implementation.
 *
 * <p>The state layout is that of Gymnasium's internal {@code state} attribute for the same environment
 * (documented by each implementation).
 */
public interface SimulatedEnvironment extends Environment {

    /** @return a copy of the current physical state (layout documented by the implementation) */
    double[] getState();

    /**
     * Sets the physical state. The episode's step counter is left as it is; an environment that was never
     * reset becomes steppable.
     *
     * @param state the state, same layout and length as {@link #getState()}
     * @throws IllegalArgumentException if the length is wrong or a value is not finite
     */
    void setState(double[] state);
}
