package org.mbrl4j.envs.classic;

import org.mbrl4j.core.RewardFunction;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Discrete;
import org.mbrl4j.core.spaces.Space;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * CartPole-v1 exactly as Gymnasium 1.x's {@code gymnasium/envs/classic_control/cartpole.py}: a pole on
 * a cart pushed left or right with 10 N, explicit Euler integration with {@code tau = 0.02} s.
 *
 * <ul>
 *   <li>State ({@link #getState()}): {@code [x, x_dot, theta, theta_dot]} in float64, m, m/s, rad, rad/s.
 *   <li>Observation: the state cast to float32, {@code Box([-4.8, -inf, -0.4189, -inf], [4.8, inf,
 *       0.4189, inf])} (twice the termination thresholds).
 *   <li>Action: {@code Discrete(2)}: 0 pushes left ({@code -10} N), 1 pushes right ({@code +10} N).
 *   <li>Reward: {@code +1} for every step, the terminating one included.
 *   <li>Termination: {@code |x| > 2.4} or {@code |theta| > 12 deg} ({@code 12 * 2 * pi / 360} rad).
 *   <li>Initial state: each component uniform in {@code [-0.05, 0.05)}.
 *   <li>Time limit (applied by {@code Envs.make}): 500 steps.
 * </ul>
 *
 * <p>Unlike Gymnasium, which warns and returns reward 0 when stepped after termination, this
 * environment throws {@link IllegalStateException} (the contract of {@code Environment}).
 */
public final class CartPole extends BalancingCartPole {

    /** The registry id. */
    public static final String ID = "CartPole-v1";

    private static final Discrete ACTION_SPACE = Discrete.of(2);
    private static final Box OBSERVATION_SPACE = Box.of(
            new double[] {-(float) (CartPolePhysics.X_THRESHOLD * 2), Double.NEGATIVE_INFINITY,
                -(float) (CartPolePhysics.THETA_THRESHOLD * 2), Double.NEGATIVE_INFINITY},
            new double[] {(float) (CartPolePhysics.X_THRESHOLD * 2), Double.POSITIVE_INFINITY,
                (float) (CartPolePhysics.THETA_THRESHOLD * 2), Double.POSITIVE_INFINITY});

    /** Creates the environment; call {@code reset} (or {@code setState}) before stepping. */
    public CartPole() {
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
    protected double advanceDiscrete(int action) {
        double force = action == 1 ? CartPolePhysics.FORCE_MAG : -CartPolePhysics.FORCE_MAG;
        CartPolePhysics.eulerStep(state, force, CartPolePhysics.TAU);
        boolean terminated = CartPolePhysics.outOfBounds(state[0], state[2]);
        setTerminated(terminated);
        return 1.0;
    }

    /**
     * The batched reward: 1 for every transition (Gymnasium pays the terminating step too).
     *
     * @return a function of ({@code [B, 4]}, {@code [B, 1]}, {@code [B, 4]}) returning ones of shape {@code [B]}
     */
    public static RewardFunction rewardFunction() {
        return (obs, act, next) -> {
            int b = Batch.checkTransition(obs, 4, act, 1, next, 4);
            float[] r = new float[b];
            java.util.Arrays.fill(r, 1f);
            return Batch.vector(r);
        };
    }

    /**
     * The batched termination test on the next observation: {@code |x| > 2.4} or {@code |theta| > 12 deg}.
     *
     * @return a function of ({@code [B, 4]}, {@code [B, 1]}, {@code [B, 4]}) returning 0/1 of shape {@code [B]}
     */
    public static TerminationFunction terminationFunction() {
        return CartPole::cartPoleDone;
    }

    /** Termination of the three cart-pole balancing tasks on {@code [B, 4]} observations. */
    static INDArray cartPoleDone(INDArray obs, INDArray act, INDArray next) {
        int b = Batch.checkTransition(obs, 4, act, 1, next, 4);
        float[] n = Batch.rows("nextObservation", next, 4, b);
        float[] done = new float[b];
        for (int i = 0; i < b; i++) {
            done[i] = CartPolePhysics.outOfBounds(n[4 * i], n[4 * i + 2]) ? 1f : 0f;
        }
        return Batch.vector(done);
    }
}
