package org.mbrl4j.envs.classic;

/**
 * The cart-pole equations of motion shared by {@link CartPole}, {@link CartPoleContinuous} and
 * {@link CartPoleSwingUp}: Gymnasium's {@code cartpole.py} (Florian's corrected form of Barto, Sutton
 * and Anderson 1983, frictionless), evaluated in the same operation order so that float64 results agree
 * with numpy's to the last bit wherever {@code sin} and {@code cos} do.
 *
 * <p>State layout {@code [x, x_dot, theta, theta_dot]}: metres, m/s, radians (0 = upright, positive
 * tilts the pole towards +x), rad/s.
 */
final class CartPolePhysics {

    /** Gravity, m/s^2 ({@code self.gravity}). */
    static final double GRAVITY = 9.8;
    /** Cart mass, kg. */
    static final double MASS_CART = 1.0;
    /** Pole mass, kg. */
    static final double MASS_POLE = 0.1;
    /** Cart plus pole, kg (computed as Gymnasium does). */
    static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    /** Half the pole's length, m ({@code self.length}). */
    static final double HALF_LENGTH = 0.5;
    /** Pole mass times half-length, kg m. */
    static final double POLEMASS_LENGTH = MASS_POLE * HALF_LENGTH;
    /** Force magnitude, N ({@code self.force_mag}). */
    static final double FORCE_MAG = 10.0;
    /** Time step of CartPole-v1, s ({@code self.tau}). */
    static final double TAU = 0.02;
    /** Termination angle, rad: 12 degrees, written as Gymnasium computes it. */
    static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
    /** Termination position, m. */
    static final double X_THRESHOLD = 2.4;

    private CartPolePhysics() {}

    /**
     * Writes the time derivative of the state.
     *
     * @param x the state {@code [x, x_dot, theta, theta_dot]}
     * @param force the horizontal force on the cart, N
     * @param out receives {@code [x_dot, x_acc, theta_dot, theta_acc]}
     */
    static void derivatives(double[] x, double force, double[] out) {
        double xDot = x[1];
        double theta = x[2];
        double thetaDot = x[3];
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sin) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sin - cos * temp)
                / (HALF_LENGTH * (4.0 / 3.0 - MASS_POLE * (cos * cos) / TOTAL_MASS));
        double xAcc = temp - POLEMASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        out[0] = xDot;
        out[1] = xAcc;
        out[2] = thetaDot;
        out[3] = thetaAcc;
    }

    /**
     * One explicit Euler step of Gymnasium's default {@code kinematics_integrator = "euler"}, in place.
     *
     * @param s the state, overwritten with the next state
     * @param force the force, N
     * @param tau the step, s
     */
    static void eulerStep(double[] s, double force, double tau) {
        double x = s[0];
        double xDot = s[1];
        double theta = s[2];
        double thetaDot = s[3];
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sin) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sin - cos * temp)
                / (HALF_LENGTH * (4.0 / 3.0 - MASS_POLE * (cos * cos) / TOTAL_MASS));
        double xAcc = temp - POLEMASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        s[0] = x + tau * xDot;
        s[1] = xDot + tau * xAcc;
        s[2] = theta + tau * thetaDot;
        s[3] = thetaDot + tau * thetaAcc;
    }

    /**
     * Gymnasium's termination test on a state.
     *
     * @param x cart position, m
     * @param theta pole angle, rad
     * @return whether the cart left {@code [-2.4, 2.4]} or the pole tilted past 12 degrees
     */
    static boolean outOfBounds(double x, double theta) {
        return x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD || theta > THETA_THRESHOLD;
    }
}
