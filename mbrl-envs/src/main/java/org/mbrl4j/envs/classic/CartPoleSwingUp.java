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
 * CartPoleSwingUp-v0: swing a hanging pole up and balance it above a centred cart, the continuous
 * cart-pole task of the model-based RL literature (PETS, Chua et al. 2018; DeepMind Control's
 * {@code cartpole/swingup}, Tassa et al. 2018).
 *
 * <p>Every constant and where it comes from:
 * <ul>
 *   <li>Equations of motion: Gymnasium's {@code cartpole.py} (frictionless cart and pole) with its
 *       constants: cart 1.0 kg, pole 0.1 kg, pole half-length 0.5 m, gravity 9.8 m/s^2. DeepMind
 *       Control's {@code cartpole.xml} has the same masses and a 1 m pole (its tiny joint damping,
 *       5e-4 and 2e-6, and its rail limits are left out).
 *   <li>Force: {@code 10 N * clip(a, -1, 1)}, DeepMind Control's motor ({@code gear="10"},
 *       {@code ctrlrange="-1 1"}).
 *   <li>Integration: a control interval of {@code dt = 0.05} s, integrated by 5 classical RK4 steps of
 *       0.01 s (DeepMind Control's {@code timestep="0.01" integrator="RK4"}); explicit Euler at 0.05 s
 *       would pump energy into the swinging pole. 200 steps (the registry's limit) make 10 s, DeepMind
 *       Control's {@code _DEFAULT_TIME_LIMIT}.
 *   <li>Initial state: {@code x ~ 0.01 N(0,1)}, {@code theta ~ pi + 0.01 N(0,1)} (hanging down),
 *       {@code x_dot, theta_dot ~ 0.01 N(0,1)}: DeepMind Control's {@code initialize_episode} with
 *       {@code swing_up=True}.
 *   <li>Reward (PETS's cartpole, {@code mbrl/env/pets_cartpole.py} in mbrl-lib): with pole length
 *       {@code L = 1.0} m and the pole tip at {@code (x + L sin theta, L cos theta)},
 *       {@code r = exp(-d^2 / L^2) - 0.01 * clip(a, -1, 1)^2}, where {@code d} is the tip's distance from
 *       {@code (0, L)}, the upright tip above the centre of the track. PETS uses its pole length 0.6 m
 *       as both length and length-scale; ours is 1.0 m. The reward lies in {@code [-0.01, 1]} and
 *       rewards both an upright pole and a centred cart. It is computed on the state after the step.
 *   <li>Termination: none. The track is unbounded (no walls, no termination when the cart runs
 *       off), as in PETS, whose episodes never terminate; the reward decays with the distance from the
 *       centre, so leaving it does not pay.
 * </ul>
 *
 * <p>State ({@link #getState()}): {@code [x, x_dot, theta, theta_dot]}, float64, with {@code theta}
 * not wrapped (0 is upright, positive tilts towards +x). Observation: float32
 * {@code [x, x_dot, cos theta, sin theta, theta_dot]}. Action: {@code Box([-1], [1])}.
 */
public final class CartPoleSwingUp extends AbstractEnvironment {

    /** The registry id. */
    public static final String ID = "CartPoleSwingUp-v0";
    /** The control interval, s. */
    public static final double DT = 0.05;
    /** RK4 sub-steps per control interval (0.01 s each). */
    public static final int SUBSTEPS = 5;
    /** Pole length (twice Gymnasium's half-length), m; also the reward's length-scale. */
    public static final double POLE_LENGTH = 2 * CartPolePhysics.HALF_LENGTH;
    /** Weight of the squared action in the reward. */
    public static final double ACTION_COST = 0.01;
    /** Standard deviation of the initial-state noise (DeepMind Control's 0.01). */
    public static final double INIT_NOISE = 0.01;

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final Box ACTION_SPACE = Box.of(new double[] {-1.0}, new double[] {1.0});
    private static final Box OBSERVATION_SPACE = Box.of(
            new double[] {-INF, -INF, -1, -1, -INF}, new double[] {INF, INF, 1, 1, INF});

    private final double[] state = new double[4];
    private final double[] k1 = new double[4];
    private final double[] k2 = new double[4];
    private final double[] k3 = new double[4];
    private final double[] k4 = new double[4];
    private final double[] tmp = new double[4];

    /** Creates the environment; call {@code reset} (or {@code setState}) before stepping. */
    public CartPoleSwingUp() {
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
        state[0] = INIT_NOISE * rng.nextGaussian();
        state[1] = INIT_NOISE * rng.nextGaussian();
        state[2] = Math.PI + INIT_NOISE * rng.nextGaussian();
        state[3] = INIT_NOISE * rng.nextGaussian();
    }

    @Override
    protected Step stepContinuous(float[] action) {
        double a = Math.min(Math.max(action[0], -1.0), 1.0);
        double force = a * CartPolePhysics.FORCE_MAG;
        double h = DT / SUBSTEPS;
        for (int s = 0; s < SUBSTEPS; s++) {
            rk4(force, h);
        }
        double reward = reward(state[0], Math.cos(state[2]), Math.sin(state[2]), a);
        return Step.of(observe(), reward, false, false);
    }

    private void rk4(double force, double h) {
        CartPolePhysics.derivatives(state, force, k1);
        for (int i = 0; i < 4; i++) {
            tmp[i] = state[i] + 0.5 * h * k1[i];
        }
        CartPolePhysics.derivatives(tmp, force, k2);
        for (int i = 0; i < 4; i++) {
            tmp[i] = state[i] + 0.5 * h * k2[i];
        }
        CartPolePhysics.derivatives(tmp, force, k3);
        for (int i = 0; i < 4; i++) {
            tmp[i] = state[i] + h * k3[i];
        }
        CartPolePhysics.derivatives(tmp, force, k4);
        for (int i = 0; i < 4; i++) {
            state[i] += h / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
    }

    /** PETS's tip-distance reward, documented on the class. */
    static double reward(double x, double cos, double sin, double clippedAction) {
        double dx = x + POLE_LENGTH * sin;
        double dy = POLE_LENGTH * cos - POLE_LENGTH;
        return Math.exp(-(dx * dx + dy * dy) / (POLE_LENGTH * POLE_LENGTH))
                - ACTION_COST * clippedAction * clippedAction;
    }

    @Override
    protected INDArray observe() {
        return float32(state[0], state[1], Math.cos(state[2]), Math.sin(state[2]), state[3]);
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
     * The batched reward on the next observation and the action, clipped to {@code [-1, 1]}.
     *
     * @return a function of ({@code [B, 5]}, {@code [B, 1]}, {@code [B, 5]}) returning {@code [B]}
     */
    public static RewardFunction rewardFunction() {
        return (obs, act, next) -> {
            int b = Batch.checkTransition(obs, 5, act, 1, next, 5);
            float[] n = Batch.rows("nextObservation", next, 5, b);
            float[] a = Batch.rows("action", act, 1, b);
            float[] r = new float[b];
            for (int i = 0; i < b; i++) {
                double u = Math.min(Math.max(a[i], -1.0), 1.0);
                r[i] = (float) reward(n[5 * i], n[5 * i + 2], n[5 * i + 3], u);
            }
            return Batch.vector(r);
        };
    }

    /** @return {@link TerminationFunction#NEVER}: the task has no terminal states */
    public static TerminationFunction terminationFunction() {
        return TerminationFunction.NEVER;
    }
}
