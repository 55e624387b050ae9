package org.mbrl4j.envs.classic;

import java.util.SplittableRandom;
import org.mbrl4j.core.RewardFunction;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Space;
import org.mbrl4j.envs.AbstractEnvironment;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * CartPoleContinuous-v0: the continuous-action cart-pole balancing task of mbrl-lib
 * ({@code mbrl/env/cartpole_continuous.py}, used by its PETS and MBPO examples).
 *
 * <p>Physics, time step, initial-state distribution and termination are those of {@link CartPole}
 * (Gymnasium's Euler step, {@code tau = 0.02} s); the action {@code a} in {@code Box([-1], [1])} scales
 * the force: {@code force = 10 N * a}.
 *
 * <ul>
 *   <li>State: {@code [x, x_dot, theta, theta_dot]}, float64. Observation: the state cast to float32, in
 *       {@code Box([-4.8, -f32max, -0.4189, -f32max], [4.8, f32max, 0.4189, f32max])} as mbrl-lib declares it.
 *   <li>Action: clipped to {@code [-1, 1]} before use. mbrl-lib does not clip; the two differ only for
 *       actions outside the space.
 *   <li>Reward: {@code 1} while the next state is not terminal, {@code 0} on the terminating transition,
 *       as mbrl-lib's {@code reward_fns.cartpole} computes it for planning. (mbrl-lib's environment pays
 *       1 on the terminating step too; we follow the reward function, so that {@code step} and the
 *       batched function agree.)
 *   <li>Termination: {@code |x| > 2.4} or {@code |theta| > 12 deg}.
 *   <li>Time limit (applied by {@code Envs.make}): 200 steps.
 * </ul>
 */
public final class CartPoleContinuous extends AbstractEnvironment {

    /** The registry id. */
    public static final String ID = "CartPoleContinuous-v0";

    private static final Box ACTION_SPACE = Box.of(new double[] {-1.0}, new double[] {1.0});
    private static final double F32_MAX = Float.MAX_VALUE;
    private static final Box OBSERVATION_SPACE = Box.of(
            new double[] {-(float) (CartPolePhysics.X_THRESHOLD * 2), -F32_MAX,
                -(float) (CartPolePhysics.THETA_THRESHOLD * 2), -F32_MAX},
            new double[] {(float) (CartPolePhysics.X_THRESHOLD * 2), F32_MAX,
                (float) (CartPolePhysics.THETA_THRESHOLD * 2), F32_MAX});

    private final double[] state = new double[4];

    /** Creates the environment; call {@code reset} (or {@code setState}) before stepping. */
    public CartPoleContinuous() {
        super(ID);
    }

    @Override
    public Space observationSpace() {
        return OBSERVATION_SPACE;
    }

    @Override
    public Space actionSpace() {
        return ACTION_SPACE;
    }

    @Override
    protected void resetState(SplittableRandom rng) {
        for (int i = 0; i < 4; i++) {
            state[i] = rng.nextDouble(-0.05, 0.05);
        }
    }

    @Override
    protected Step stepContinuous(float[] action) {
        double a = Math.min(Math.max(action[0], -1.0), 1.0);
        CartPolePhysics.eulerStep(state, a * CartPolePhysics.FORCE_MAG, CartPolePhysics.TAU);
        boolean terminated = CartPolePhysics.outOfBounds(state[0], state[2]);
        return Step.of(observe(), terminated ? 0.0 : 1.0, terminated, false);
    }

    @Override
    protected INDArray observe() {
        return float32(state);
    }

    /** @return a copy of {@code [x, x_dot, theta, theta_dot]} */
    @Override
    public double[] getState() {
        return state.clone();
    }

    /**
     * @param newState {@code [x, x_dot, theta, theta_dot]}, finite
     * @throws IllegalArgumentException if the length is not 4 or a value is not finite
     */
    @Override
    public void setState(double[] newState) {
        checkState(newState, 4, "[x, x_dot, theta, theta_dot]");
        System.arraycopy(newState, 0, state, 0, 4);
        markReady();
    }

    /**
     * The batched reward: {@code 1 - done(nextObservation)}.
     *
     * @return a function of ({@code [B, 4]}, {@code [B, 1]}, {@code [B, 4]}) returning {@code [B]}
     */
    public static RewardFunction rewardFunction() {
        return (obs, act, next) -> {
            INDArray done = CartPole.cartPoleDone(obs, act, next);
            return done.rsubi(1.0);
        };
    }

    /**
     * The batched termination test: {@code |x| > 2.4} or {@code |theta| > 12 deg} on the next observation.
     *
     * @return a function of ({@code [B, 4]}, {@code [B, 1]}, {@code [B, 4]}) returning 0/1 of shape {@code [B]}
     */
    public static TerminationFunction terminationFunction() {
        return CartPole::cartPoleDone;
    }
}
