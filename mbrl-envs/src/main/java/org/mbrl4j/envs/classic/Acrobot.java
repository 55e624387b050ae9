package org.mbrl4j.envs.classic;

import java.util.SplittableRandom;
import org.mbrl4j.core.RewardFunction;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Discrete;
import org.mbrl4j.core.spaces.Space;
import org.mbrl4j.envs.AbstractEnvironment;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Acrobot-v1 exactly as Gymnasium 1.x's {@code gymnasium/envs/classic_control/acrobot.py} (Sutton 1996;
 * Sutton and Barto's book): a two-link pendulum actuated at the elbow, to be swung so that the tip
 * rises one link length above the base.
 *
 * <ul>
 *   <li>State: {@code [theta1, theta2, dtheta1, dtheta2]}, float64 (rad, rad/s; {@code theta1 = 0}
 *       hangs down, {@code theta2} is relative to link 1).
 *   <li>Observation: float32 {@code [cos theta1, sin theta1, cos theta2, sin theta2, dtheta1, dtheta2]} in
 *       {@code Box([-1, -1, -1, -1, -4 pi, -9 pi], [1, 1, 1, 1, 4 pi, 9 pi])}.
 *   <li>Action: {@code Discrete(3)}: torque {@code -1, 0, +1} N m on the elbow.
 *   <li>Dynamics: the "book" equations (Gymnasium's default {@code book_or_nips = "book"}), one
 *       classical RK4 step of {@code dt = 0.2} s, then both angles wrapped to {@code [-pi, pi]} and the
 *       velocities bounded by {@code 4 pi} and {@code 9 pi}. Links: 1 kg, 1 m, centre of mass at 0.5 m,
 *       moment of inertia 1; gravity 9.8; no torque noise.
 *   <li>Reward: {@code -1} per step, {@code 0} on the terminating step.
 *   <li>Termination: {@code -cos(theta1) - cos(theta1 + theta2) > 1}.
 *   <li>Initial state: each component uniform in {@code [-0.1, 0.1)}, rounded to float32 as Gymnasium's
 *       {@code .astype(np.float32)} does.
 *   <li>Time limit (applied by {@code Envs.make}): 500 steps.
 * </ul>
 */
public final class Acrobot extends AbstractEnvironment {

    /** The registry id. */
    public static final String ID = "Acrobot-v1";
    /** Time step, s. */
    public static final double DT = 0.2;
    /** Velocity bound of the first joint, rad/s. */
    public static final double MAX_VEL_1 = 4 * Math.PI;
    /** Velocity bound of the second joint, rad/s. */
    public static final double MAX_VEL_2 = 9 * Math.PI;

    private static final double LINK_LENGTH_1 = 1.0;
    private static final double LINK_MASS_1 = 1.0;
    private static final double LINK_MASS_2 = 1.0;
    private static final double LINK_COM_POS_1 = 0.5;
    private static final double LINK_COM_POS_2 = 0.5;
    private static final double LINK_MOI = 1.0;
    private static final double GRAVITY = 9.8;
    private static final double[] AVAIL_TORQUE = {-1.0, 0.0, +1};

    private static final Discrete ACTION_SPACE = Discrete.of(3);
    private static final Box OBSERVATION_SPACE = Box.of(
            new double[] {-1, -1, -1, -1, -(float) MAX_VEL_1, -(float) MAX_VEL_2},
            new double[] {1, 1, 1, 1, (float) MAX_VEL_1, (float) MAX_VEL_2});

    private final double[] state = new double[4];
    private final double[] k1 = new double[4];
    private final double[] k2 = new double[4];
    private final double[] k3 = new double[4];
    private final double[] k4 = new double[4];
    private final double[] y = new double[4];

    /** Creates the environment; call {@code reset} (or {@code setState}) before stepping. */
    public Acrobot() {
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
            state[i] = (float) rng.nextDouble(-0.1, 0.1);
        }
    }

    @Override
    protected Step stepDiscrete(int action) {
        double torque = AVAIL_TORQUE[action];
        // Gymnasium's rk4 over t = [0, dt]: one step with dt2 = dt / 2, in its operation order.
        double dt = DT;
        double dt2 = dt / 2.0;
        dsdt(state, torque, k1);
        for (int i = 0; i < 4; i++) {
            y[i] = state[i] + dt2 * k1[i];
        }
        dsdt(y, torque, k2);
        for (int i = 0; i < 4; i++) {
            y[i] = state[i] + dt2 * k2[i];
        }
        dsdt(y, torque, k3);
        for (int i = 0; i < 4; i++) {
            y[i] = state[i] + dt * k3[i];
        }
        dsdt(y, torque, k4);
        for (int i = 0; i < 4; i++) {
            state[i] = state[i] + dt / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        state[0] = wrap(state[0], -Math.PI, Math.PI);
        state[1] = wrap(state[1], -Math.PI, Math.PI);
        state[2] = Math.min(Math.max(state[2], -MAX_VEL_1), MAX_VEL_1);
        state[3] = Math.min(Math.max(state[3], -MAX_VEL_2), MAX_VEL_2);
        boolean terminated = terminal(Math.cos(state[0]), Math.cos(state[1] + state[0]));
        return Step.of(observe(), terminated ? 0.0 : -1.0, terminated, false);
    }

    private static boolean terminal(double cosTheta1, double cosTheta12) {
        return -cosTheta1 - cosTheta12 > 1.0;
    }

    /** Gymnasium's {@code _dsdt} with the book's equation for {@code ddtheta2}. */
    private static void dsdt(double[] s, double a, double[] out) {
        double m1 = LINK_MASS_1;
        double m2 = LINK_MASS_2;
        double l1 = LINK_LENGTH_1;
        double lc1 = LINK_COM_POS_1;
        double lc2 = LINK_COM_POS_2;
        double i1 = LINK_MOI;
        double i2 = LINK_MOI;
        double g = GRAVITY;
        double theta1 = s[0];
        double theta2 = s[1];
        double dtheta1 = s[2];
        double dtheta2 = s[3];
        double cos2 = Math.cos(theta2);
        double sin2 = Math.sin(theta2);
        double d1 = m1 * (lc1 * lc1) + m2 * ((l1 * l1) + (lc2 * lc2) + 2 * l1 * lc2 * cos2) + i1 + i2;
        double d2 = m2 * ((lc2 * lc2) + l1 * lc2 * cos2) + i2;
        double phi2 = m2 * lc2 * g * Math.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * sin2
                - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2
                + (m1 * lc1 + m2 * l1) * g * Math.cos(theta1 - Math.PI / 2)
                + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * sin2 - phi2)
                / (m2 * (lc2 * lc2) + i2 - (d2 * d2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        out[0] = dtheta1;
        out[1] = dtheta2;
        out[2] = ddtheta1;
        out[3] = ddtheta2;
    }

    /** Gymnasium's {@code wrap}: shifts {@code x} by whole periods into {@code [m, M]}. */
    private static double wrap(double x, double m, double bigM) {
        double diff = bigM - m;
        while (x > bigM) {
            x = x - diff;
        }
        while (x < m) {
            x = x + diff;
        }
        return x;
    }

    @Override
    protected INDArray observe() {
        return float32(Math.cos(state[0]), Math.sin(state[0]), Math.cos(state[1]), Math.sin(state[1]),
                state[2], state[3]);
    }

    /** @return a copy of {@code [theta1, theta2, dtheta1, dtheta2]} */
    @Override
    public double[] getState() {
        return state.clone();
    }

    /**
     * @param newState {@code [theta1, theta2, dtheta1, dtheta2]}, finite
     * @throws IllegalArgumentException if the length is not 4 or a value is not finite
     */
    @Override
    public void setState(double[] newState) {
        checkState(newState, 4, "[theta1, theta2, dtheta1, dtheta2]");
        System.arraycopy(newState, 0, state, 0, 4);
        markReady();
    }

    /**
     * The batched reward: {@code -1}, or {@code 0} where the next observation is terminal.
     *
     * @return a function of ({@code [B, 6]}, {@code [B, 1]}, {@code [B, 6]}) returning {@code [B]}
     */
    public static RewardFunction rewardFunction() {
        return (obs, act, next) -> terminationFunction().done(obs, act, next).subi(1.0);
    }

    /**
     * The batched termination test on the next observation, {@code -cos t1 - cos(t1 + t2) > 1} with
     * {@code cos(t1 + t2) = cos t1 cos t2 - sin t1 sin t2}.
     *
     * @return a function of ({@code [B, 6]}, {@code [B, 1]}, {@code [B, 6]}) returning 0/1 of shape {@code [B]}
     */
    public static TerminationFunction terminationFunction() {
        return (obs, act, next) -> {
            int b = Batch.checkTransition(obs, 6, act, 1, next, 6);
            float[] n = Batch.rows("nextObservation", next, 6, b);
            float[] done = new float[b];
            for (int i = 0; i < b; i++) {
                double c1 = n[6 * i];
                double s1 = n[6 * i + 1];
                double c2 = n[6 * i + 2];
                double s2 = n[6 * i + 3];
                done[i] = terminal(c1, c1 * c2 - s1 * s2) ? 1f : 0f;
            }
            return Batch.vector(done);
        };
    }
}
