package org.mbrl4j.envs.classic;

import org.mbrl4j.core.RewardFunction;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Space;
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
public final class CartPoleContinuous extends BalancingCartPole {

    /** The registry id. */
    public static final String ID = "CartPoleContinuous-v0";

    private static final Box ACTION_SPACE = Box.of(new double[] {-1.0}, new double[] {1.0});
    private static final double F32_MAX = Float.MAX_VALUE;
    private static final Box OBSERVATION_SPACE = Box.of(
            new double[] {-(float) (CartPolePhysics.X_THRESHOLD * 2), -F32_MAX,
                -(float) (CartPolePhysics.THETA_THRESHOLD * 2), -F32_MAX},
            new double[] {(float) (CartPolePhysics.X_THRESHOLD * 2), F32_MAX,
                (float) (CartPolePhysics.THETA_THRESHOLD * 2), F32_MAX});

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
    protected double advanceContinuous(float[] action) {
        double a = Math.min(Math.max(action[0], -1.0), 1.0);
        CartPolePhysics.eulerStep(state, a * CartPolePhysics.FORCE_MAG, CartPolePhysics.TAU);
        boolean terminated = CartPolePhysics.outOfBounds(state[0], state[2]);
        setTerminated(terminated);
        return terminated ? 0.0 : 1.0;
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
