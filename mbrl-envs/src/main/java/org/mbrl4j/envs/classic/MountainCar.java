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
 * MountainCar-v0 exactly as Gymnasium 1.x's {@code gymnasium/envs/classic_control/mountain_car.py}
 * (Moore 1990): drive an under-powered car up the right hill of {@code y = 0.45 sin(3x) + 0.55}.
 *
 * <ul>
 *   <li>State: {@code [position, velocity]}, float64. Observation: the state cast to float32, in
 *       {@code Box([-1.2, -0.07], [0.6, 0.07])}.
 *   <li>Action: {@code Discrete(3)}: 0 accelerates left, 1 does nothing, 2 accelerates right.
 *   <li>Dynamics: {@code v' = clip(v + (a - 1) 0.001 - 0.0025 cos(3 p), -0.07, 0.07)},
 *       {@code p' = clip(p + v', -1.2, 0.6)}, and {@code v' = 0} if {@code p' = -1.2} and {@code v' < 0}.
 *   <li>Reward: {@code -1} per step. Termination: {@code p' >= 0.5} and {@code v' >= 0}.
 *   <li>Initial state: position uniform in {@code [-0.6, -0.4)}, velocity 0.
 *   <li>Time limit (applied by {@code Envs.make}): 200 steps.
 * </ul>
 */
public final class MountainCar extends AbstractEnvironment {

    /** The registry id. */
    public static final String ID = "MountainCar-v0";
    /** Left end of the track. */
    public static final double MIN_POSITION = -1.2;
    /** Right end of the track. */
    public static final double MAX_POSITION = 0.6;
    /** Speed limit per step. */
    public static final double MAX_SPEED = 0.07;
    /** Position of the goal. */
    public static final double GOAL_POSITION = 0.5;
    /** Minimum velocity at the goal (Gymnasium's default {@code goal_velocity=0}). */
    public static final double GOAL_VELOCITY = 0;
    /** Engine force per step. */
    public static final double FORCE = 0.001;
    /** Gravity term per step. */
    public static final double GRAVITY = 0.0025;

    private static final Discrete ACTION_SPACE = Discrete.of(3);
    private static final Box OBSERVATION_SPACE = Box.of(
            new double[] {(float) MIN_POSITION, (float) -MAX_SPEED},
            new double[] {(float) MAX_POSITION, (float) MAX_SPEED});

    private double position;
    private double velocity;

    /** Creates the environment; call {@code reset} (or {@code setState}) before stepping. */
    public MountainCar() {
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
    }

    @Override
    protected Step stepDiscrete(int action) {
        double v = velocity + ((action - 1) * FORCE + Math.cos(3 * position) * (-GRAVITY));
        v = Math.min(Math.max(v, -MAX_SPEED), MAX_SPEED);
        double p = position + v;
        p = Math.min(Math.max(p, MIN_POSITION), MAX_POSITION);
        if (p == MIN_POSITION && v < 0) {
            v = 0;
        }
        position = p;
        velocity = v;
        boolean terminated = p >= GOAL_POSITION && v >= GOAL_VELOCITY;
        return Step.of(observe(), -1.0, terminated, false);
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
     * @param newState {@code [position, velocity]}, finite
     * @throws IllegalArgumentException if the length is not 2 or a value is not finite
     */
    @Override
    public void setState(double[] newState) {
        checkState(newState, 2, "[position, velocity]");
        position = newState[0];
        velocity = newState[1];
        markReady();
    }

    /**
     * The batched reward: {@code -1} for every transition.
     *
     * @return a function of ({@code [B, 2]}, {@code [B, 1]}, {@code [B, 2]}) returning {@code [B]}
     */
    public static RewardFunction rewardFunction() {
        return (obs, act, next) -> {
            int b = Batch.checkTransition(obs, 2, act, 1, next, 2);
            float[] r = new float[b];
            java.util.Arrays.fill(r, -1f);
            return Batch.vector(r);
        };
    }

    /**
     * The batched termination test on the next observation: {@code position >= 0.5} and
     * {@code velocity >= 0}.
     *
     * @return a function of ({@code [B, 2]}, {@code [B, 1]}, {@code [B, 2]}) returning 0/1 of shape {@code [B]}
     */
    public static TerminationFunction terminationFunction() {
        return (obs, act, next) -> {
            int b = Batch.checkTransition(obs, 2, act, 1, next, 2);
            float[] n = Batch.rows("nextObservation", next, 2, b);
            float[] done = new float[b];
            for (int i = 0; i < b; i++) {
                done[i] = n[2 * i] >= GOAL_POSITION && n[2 * i + 1] >= GOAL_VELOCITY ? 1f : 0f;
            }
            return Batch.vector(done);
        };
    }
}
