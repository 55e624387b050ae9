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
 * Pendulum-v1 exactly as Gymnasium 1.x's {@code gymnasium/envs/classic_control/pendulum.py}: swing up
 * a torque-limited pendulum, semi-implicit Euler with {@code dt = 0.05} s.
 *
 * <ul>
 *   <li>State: {@code [theta, theta_dot]}, float64 (rad, 0 = upright; rad/s).
 *   <li>Observation: float32 {@code [cos theta, sin theta, theta_dot]} in {@code Box([-1, -1, -8], [1, 1, 8])}.
 *   <li>Action: torque in {@code Box([-2], [2])} N m, clipped to the box before use.
 *   <li>Dynamics: {@code theta_dot' = clip(theta_dot + (3 g / (2 l) sin theta + 3 / (m l^2) u) dt, -8, 8)},
 *       {@code theta' = theta + theta_dot' dt}, with {@code g = 10}, {@code m = l = 1}.
 *   <li>Reward: {@code -(normalize(theta)^2 + 0.1 theta_dot^2 + 0.001 u^2)} on the state before the step
 *       and the clipped torque, where {@code normalize} maps the angle to {@code [-pi, pi)}.
 *   <li>Termination: never. Time limit (applied by {@code Envs.make}): 200 steps.
 *   <li>Initial state: {@code theta} uniform in {@code [-pi, pi)}, {@code theta_dot} uniform in {@code [-1, 1)}.
 * </ul>
 *
 * <p>Where numpy computes in float32 (the torque is a float32 array, so {@code 3.0 * u} and {@code u**2}
 * are float32 products), this class rounds the same products to float32.
 */
public final class Pendulum extends AbstractEnvironment {

    /** The registry id. */
    public static final String ID = "Pendulum-v1";
    /** Maximum angular speed, rad/s. */
    public static final double MAX_SPEED = 8;
    /** Maximum torque, N m. */
    public static final double MAX_TORQUE = 2.0;
    /** Time step, s. */
    public static final double DT = 0.05;
    /** Gravity, m/s^2 (Gymnasium's default {@code g=10.0}). */
    public static final double G = 10.0;
    /** Mass, kg. */
    public static final double M = 1.0;
    /** Length, m. */
    public static final double L = 1.0;

    private static final Box ACTION_SPACE = Box.of(new double[] {-MAX_TORQUE}, new double[] {MAX_TORQUE});
    private static final Box OBSERVATION_SPACE = Box.of(
            new double[] {-1.0, -1.0, -MAX_SPEED}, new double[] {1.0, 1.0, MAX_SPEED});
    /** {@code np.float32(0.001)}: numpy multiplies the float32 {@code u**2} by 0.001 in float32. */
    private static final double ACTION_COST_F32 = (float) 0.001;

    private double theta;
    private double thetaDot;

    /** Creates the environment; call {@code reset} (or {@code setState}) before stepping. */
    public Pendulum() {
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
        theta = rng.nextDouble(-Math.PI, Math.PI);
        thetaDot = rng.nextDouble(-1.0, 1.0);
    }

    @Override
    protected Step stepContinuous(float[] action) {
        float u = clipTorque(action[0]);
        double costs = cost(theta, thetaDot, u);
        double newThetaDot = thetaDot
                + (3 * G / (2 * L) * Math.sin(theta) + (double) (float) (3.0 / (M * L * L) * u)) * DT;
        newThetaDot = Math.min(Math.max(newThetaDot, -MAX_SPEED), MAX_SPEED);
        theta = theta + newThetaDot * DT;
        thetaDot = newThetaDot;
        return Step.of(observe(), -costs, false, false);
    }

    private static float clipTorque(float u) {
        return u < -MAX_TORQUE ? (float) -MAX_TORQUE : u > MAX_TORQUE ? (float) MAX_TORQUE : u;
    }

    /** Gymnasium's cost, with {@code u**2} and {@code 0.001 * u**2} rounded to float32 as numpy does. */
    static double cost(double theta, double thetaDot, float u) {
        double an = angleNormalize(theta);
        float u2 = (float) ((double) u * u);
        float actionCost = (float) (ACTION_COST_F32 * u2);
        return an * an + 0.1 * (thetaDot * thetaDot) + actionCost;
    }

    /** {@code ((x + pi) % (2 pi)) - pi} with numpy's floored remainder. */
    static double angleNormalize(double x) {
        double period = 2 * Math.PI;
        double r = (x + Math.PI) % period;
        if (r != 0 && r < 0) {
            r += period;
        }
        return r - Math.PI;
    }

    @Override
    protected INDArray observe() {
        return float32(Math.cos(theta), Math.sin(theta), thetaDot);
    }

    /** @return a copy of {@code [theta, theta_dot]} */
    @Override
    public double[] getState() {
        return new double[] {theta, thetaDot};
    }

    /**
     * @param newState {@code [theta, theta_dot]}, finite
     * @throws IllegalArgumentException if the length is not 2 or a value is not finite
     */
    @Override
    public void setState(double[] newState) {
        checkState(newState, 2, "[theta, theta_dot]");
        theta = newState[0];
        thetaDot = newState[1];
        markReady();
    }

    /**
     * The batched reward, from the observation before the step ({@code theta = atan2(sin, cos)}) and the
     * action clipped to {@code [-2, 2]}.
     *
     * @return a function of ({@code [B, 3]}, {@code [B, 1]}, {@code [B, 3]}) returning {@code [B]}
     */
    public static RewardFunction rewardFunction() {
        return (obs, act, next) -> {
            int b = Batch.checkTransition(obs, 3, act, 1, next, 3);
            float[] o = Batch.rows("observation", obs, 3, b);
            float[] a = Batch.rows("action", act, 1, b);
            float[] r = new float[b];
            for (int i = 0; i < b; i++) {
                double th = Math.atan2(o[3 * i + 1], o[3 * i]);
                r[i] = (float) -cost(th, o[3 * i + 2], clipTorque(a[i]));
            }
            return Batch.vector(r);
        };
    }

    /** @return {@link TerminationFunction#NEVER}: Pendulum never terminates */
    public static TerminationFunction terminationFunction() {
        return TerminationFunction.NEVER;
    }
}
