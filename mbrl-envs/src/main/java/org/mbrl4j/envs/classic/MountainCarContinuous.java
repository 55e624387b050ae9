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
 * MountainCarContinuous-v0 exactly as Gymnasium 1.x's
 * {@code gymnasium/envs/classic_control/continuous_mountain_car.py}.
 *
 * <ul>
 *   <li>State: {@code [position, velocity]}. Observation: the state as float32, in
 *       {@code Box([-1.2, -0.07], [0.6, 0.07])}.
 *   <li>Action: {@code Box([-1], [1])}; the force is the action clipped to {@code [-1, 1]}.
 *   <li>Dynamics: {@code v' = clip(v + 0.0015 force - 0.0025 cos(3 p), -0.07, 0.07)},
 *       {@code p' = clip(p + v', -1.2, 0.6)}, and {@code v' = 0} if {@code p' = -1.2} and {@code v' < 0}.
 *   <li>Reward: {@code 100} on reaching the goal, minus {@code 0.1 a^2} of the UNCLIPPED action
 *       (Gymnasium's {@code math.pow(action[0], 2) * 0.1}).
 *   <li>Termination: {@code p' >= 0.45} and {@code v' >= 0}.
 *   <li>Initial state: position uniform in {@code [-0.6, -0.4)}, velocity 0.
 *   <li>Time limit (applied by {@code Envs.make}): 999 steps.
 * </ul>
 *
 * <p>Gymnasium stores the state as a float32 array after every step (but as float64 after a reset), and
 * under numpy 2's promotion rules much of the step is then computed in float32. This class follows the
 * same types operation by operation, so that whole episodes agree with Gymnasium, not just single steps.
 * {@link #setState} behaves like assigning a float64 array to Gymnasium's {@code state}.
 */
public final class MountainCarContinuous extends AbstractEnvironment {

    /** The registry id. */
    public static final String ID = "MountainCarContinuous-v0";
    /** Left end of the track. */
    public static final double MIN_POSITION = -1.2;
    /** Right end of the track. */
    public static final double MAX_POSITION = 0.6;
    /** Speed limit per step. */
    public static final double MAX_SPEED = 0.07;
    /** Position of the goal (0.45, Arnaud de Broissia's version). */
    public static final double GOAL_POSITION = 0.45;
    /** Minimum velocity at the goal. */
    public static final double GOAL_VELOCITY = 0;
    /** Engine power per step. */
    public static final double POWER = 0.0015;
    /** Gravity term per step. */
    public static final double GRAVITY = 0.0025;

    private static final Box ACTION_SPACE = Box.of(new double[] {-1.0}, new double[] {1.0});
    private static final Box OBSERVATION_SPACE = Box.of(
            new double[] {(float) MIN_POSITION, (float) -MAX_SPEED},
            new double[] {(float) MAX_POSITION, (float) MAX_SPEED});

    private double position;
    private double velocity;
    /** Whether Gymnasium would hold the state as a float32 array (true after a step). */
    private boolean float32State;

    /** Creates the environment; call {@code reset} (or {@code setState}) before stepping. */
    public MountainCarContinuous() {
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
        position = rng.nextDouble(-0.6, -0.4);
        velocity = 0;
        float32State = false;
    }

    /*
     * Each quantity below carries the numpy type it has in Gymnasium: a float32 scalar (rounded with
     * (float) after every operation, which double rounding leaves exact for +, -, *), or a float64/Python
     * float. A Python float meeting a float32 is cast to float32 first (NEP 50), comparisons included.
     */
    @Override
    protected Step stepContinuous(float[] action) {
        float a = action[0];
        boolean f32 = float32State;

        // force = min(max(action[0], -1.0), 1.0): the float32 element unless a Python bound replaces it.
        boolean forceF32 = a >= -1.0f && a <= 1.0f;
        double force = forceF32 ? a : (a < -1.0f ? -1.0 : 1.0);
        double threeP = f32 ? (float) (3.0 * position) : 3.0 * position;
        double gravityTerm = GRAVITY * Math.cos(threeP);
        double delta;
        if (forceF32) {
            float thrust = (float) (force * (double) (float) POWER);
            delta = (float) (thrust - (double) (float) gravityTerm);
        } else {
            delta = force * POWER - gravityTerm;
        }

        double v;
        boolean vF32;
        if (f32) {
            v = (float) (velocity + (double) (float) delta);
            vF32 = true;
        } else {
            v = velocity + delta;
            vF32 = false;
        }
        if (greater(v, vF32, MAX_SPEED)) {
            v = MAX_SPEED;
            vF32 = false;
        }
        if (greater(-MAX_SPEED, vF32, v)) {
            v = -MAX_SPEED;
            vF32 = false;
        }

        double p;
        boolean pF32;
        if (f32) {
            p = (float) (position + (double) (float) v);
            pF32 = true;
        } else {
            p = position + v;
            pF32 = false;
        }
        if (greater(p, pF32, MAX_POSITION)) {
            p = MAX_POSITION;
            pF32 = false;
        }
        if (greater(MIN_POSITION, pF32, p)) {
            p = MIN_POSITION;
            pF32 = false;
        }
        if (p == (pF32 ? (double) (float) MIN_POSITION : MIN_POSITION) && v < 0) {
            v = 0;
        }

        boolean terminated = !greater(GOAL_POSITION, pF32, p) && v >= GOAL_VELOCITY;
        double reward = (terminated ? 100.0 : 0.0) - ((double) a * a) * 0.1;
        position = (float) p;
        velocity = (float) v;
        float32State = true;
        return Step.of(observe(), reward, terminated, false);
    }

    /** {@code x > y} where one side is a float32 scalar (if {@code f32}) and the other a Python float. */
    private static boolean greater(double x, boolean f32, double y) {
        return f32 ? (float) x > (float) y : x > y;
    }

    @Override
    protected INDArray observe() {
        return float32(position, velocity);
    }

    /** @return a copy of {@code [position, velocity]} */
    @Override
    public double[] getState() {
        return new double[] {position, velocity};
    }

    /**
     * Sets the state as a float64 array, as {@code env.unwrapped.state = np.array([p, v])} does in Gymnasium.
     *
     * @param newState {@code [position, velocity]}, finite
     * @throws IllegalArgumentException if the length is not 2 or a value is not finite
     */
    @Override
    public void setState(double[] newState) {
        checkState(newState, 2, "[position, velocity]");
        position = newState[0];
        velocity = newState[1];
        float32State = false;
        markReady();
    }

    /**
     * The batched reward: {@code 100 * done - 0.1 * a^2} with the unclipped action, as in {@code step}.
     *
     * @return a function of ({@code [B, 2]}, {@code [B, 1]}, {@code [B, 2]}) returning {@code [B]}
     */
    public static RewardFunction rewardFunction() {
        return (obs, act, next) -> {
            int b = Batch.checkTransition(obs, 2, act, 1, next, 2);
            float[] n = Batch.rows("nextObservation", next, 2, b);
            float[] a = Batch.rows("action", act, 1, b);
            float[] r = new float[b];
            for (int i = 0; i < b; i++) {
                boolean done = done(n[2 * i], n[2 * i + 1]);
                r[i] = (float) ((done ? 100.0 : 0.0) - ((double) a[i] * a[i]) * 0.1);
            }
            return Batch.vector(r);
        };
    }

    /**
     * The batched termination test on the next observation: {@code position >= 0.45} and {@code velocity >= 0}.
     *
     * @return a function of ({@code [B, 2]}, {@code [B, 1]}, {@code [B, 2]}) returning 0/1 of shape {@code [B]}
     */
    public static TerminationFunction terminationFunction() {
        return (obs, act, next) -> {
            int b = Batch.checkTransition(obs, 2, act, 1, next, 2);
            float[] n = Batch.rows("nextObservation", next, 2, b);
            float[] done = new float[b];
            for (int i = 0; i < b; i++) {
                done[i] = done(n[2 * i], n[2 * i + 1]) ? 1f : 0f;
            }
            return Batch.vector(done);
        };
    }

    private static boolean done(float position, float velocity) {
        // Observations are float32, compared as numpy compares a float32 with a Python float.
        return position >= (float) GOAL_POSITION && velocity >= GOAL_VELOCITY;
    }
}
