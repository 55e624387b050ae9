package org.mbrl4j.examples.programs.pointmass;

import java.util.SplittableRandom;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Space;
import org.mbrl4j.envs.AbstractEnvironment;

/**
 * {@code PointMass-v0}, the task of docs/custom-environments.md: a unit mass on a line, pushed by a force in
 * {@code [-1, 1]}; state {@code [x, v]}, reward {@code -(x^2 + 0.1 v^2 + 0.01 u^2)} on the state after the
 * step, terminated when {@code |x| > 2}. The page's listing is this file.
 */
// snippet:point-mass
public final class PointMass extends AbstractEnvironment {
    public static final String ID = "PointMass-v0";
    static final double DT = 0.05;
    static final double LIMIT = 2.0;
    private static final Box OBSERVATIONS = Box.of(new double[] {-LIMIT - 1, -10}, new double[] {LIMIT + 1, 10});
    private static final Box ACTIONS = Box.of(new double[] {-1}, new double[] {1});

    private double x;
    private double v;

    public PointMass() {
        super(ID);
    }

    @Override public Space observationSpace() { return OBSERVATIONS; }
    @Override public Space actionSpace() { return ACTIONS; }

    @Override
    protected void resetState(SplittableRandom rng) {     // the initial state of an episode
        x = rng.nextDouble(-1.0, 1.0);
        v = 0.0;
    }

    @Override
    protected double advanceContinuous(float[] action) {  // finite, of the right length, not yet clipped
        double u = Math.max(-1.0, Math.min(1.0, action[0]));
        v = Math.max(-10.0, Math.min(10.0, v + u * DT));
        x = x + v * DT;
        setTerminated(Math.abs(x) > LIMIT);
        return reward(x, v, u);
    }

    static double reward(double x, double v, double u) {
        return -(x * x + 0.1 * v * v + 0.01 * u * u);
    }

    @Override
    protected void observe(float[] out) {                  // the observation of the current state
        out[0] = (float) x;
        out[1] = (float) v;
    }

    @Override public double[] getState() { return new double[] {x, v}; }

    @Override
    public void setState(double[] state) {
        checkState(state, 2, "[x, v]");
        x = state[0];
        v = state[1];
        markReady();
    }
}
// end-snippet
