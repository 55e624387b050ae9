package org.mbrl4j.envs.classic;

import java.util.SplittableRandom;
import org.mbrl4j.envs.AbstractEnvironment;

/**
 * What CartPole-v1 and CartPoleContinuous-v0 share besides their physics ({@link CartPolePhysics}): the state
 * {@code [x, x_dot, theta, theta_dot]} (float64; m, m/s, rad, rad/s), Gymnasium's initial distribution
 * (each component uniform in {@code [-0.05, 0.05)}), and the observation, which is that state cast to
 * float32. Subclasses add their spaces and their step.
 */
abstract class BalancingCartPole extends AbstractEnvironment {

    /** The physical state {@code [x, x_dot, theta, theta_dot]}, advanced in place by the subclass's step. */
    protected final double[] state = new double[4];

    /** @param id the registry id */
    BalancingCartPole(String id) {
        super(id);
    }

    @Override
    protected final void resetState(SplittableRandom rng) {
        for (int i = 0; i < 4; i++) {
            state[i] = rng.nextDouble(-0.05, 0.05);
        }
    }

    @Override
    protected final void observe(float[] out) {
        for (int i = 0; i < 4; i++) {
            out[i] = (float) state[i];
        }
    }

    /** @return a copy of {@code [x, x_dot, theta, theta_dot]} */
    @Override
    public final double[] getState() {
        return state.clone();
    }

    /**
     * @param newState {@code [x, x_dot, theta, theta_dot]}, finite
     * @throws IllegalArgumentException if the length is not 4 or a value is not finite
     */
    @Override
    public final void setState(double[] newState) {
        checkState(newState, 4, "[x, x_dot, theta, theta_dot]");
        System.arraycopy(newState, 0, state, 0, 4);
        markReady();
    }
}
