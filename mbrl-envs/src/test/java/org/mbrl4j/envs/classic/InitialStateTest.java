package org.mbrl4j.envs.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.core.SimulatedEnvironment;

/**
 * Initial states follow Gymnasium's distributions: inside the documented bounds and spread over them
 * (the extremes of 2000 uniform draws come within 1% of both ends; means near the centre).
 */
class InitialStateTest {

    private static final int N = 2000;

    private static double[][] draws(SimulatedEnvironment env) {
        double[][] out = new double[N][];
        env.reset(11);
        for (int i = 0; i < N; i++) {
            if (i > 0) {
                env.reset();
            }
            out[i] = env.getState();
        }
        return out;
    }

    private static void assertUniform(double[][] states, int k, double low, double high) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (double[] s : states) {
            assertTrue(s[k] >= low && s[k] < high, "component " + k + " = " + s[k] + " outside [" + low + ", " + high + ")");
            min = Math.min(min, s[k]);
            max = Math.max(max, s[k]);
            sum += s[k];
        }
        double range = high - low;
        assertTrue(min < low + 0.01 * range && max > high - 0.01 * range, "component " + k + " spans only [" + min
                + ", " + max + "]");
        // The mean of N uniform draws has standard deviation range / sqrt(12 N); allow 5 of them.
        assertEquals((low + high) / 2, sum / states.length, 5 * range / Math.sqrt(12.0 * N), "mean of component " + k);
    }

    @Test
    void cartPoleUniformInFivePercentBox() {
        double[][] s = draws(new CartPole());
        for (int k = 0; k < 4; k++) {
            assertUniform(s, k, -0.05, 0.05);
        }
        double[][] c = draws(new CartPoleContinuous());
        for (int k = 0; k < 4; k++) {
            assertUniform(c, k, -0.05, 0.05);
        }
    }

    @Test
    void pendulumUniformAngleAndSpeed() {
        double[][] s = draws(new Pendulum());
        assertUniform(s, 0, -Math.PI, Math.PI);
        assertUniform(s, 1, -1, 1);
    }

    @Test
    void mountainCarsStartAtRestInTheValley() {
        for (SimulatedEnvironment env : new SimulatedEnvironment[] {new MountainCar(), new MountainCarContinuous()}) {
            double[][] s = draws(env);
            assertUniform(s, 0, -0.6, -0.4);
            for (double[] x : s) {
                assertEquals(0.0, x[1]);
            }
        }
    }

    @Test
    void acrobotUniformAndFloat32() {
        double[][] s = draws(new Acrobot());
        for (int k = 0; k < 4; k++) {
            assertUniform(s, k, -0.1, 0.1 + 1e-8); // float32 rounding may reach 0.1 itself
        }
        for (double[] x : s) {
            for (double v : x) {
                assertEquals(v, (double) (float) v, "Gymnasium casts Acrobot's initial state to float32");
            }
        }
    }

    @Test
    void swingUpStartsHangingDownWithSmallNoise() {
        double[][] s = draws(new CartPoleSwingUp());
        double[] offsets = {0, 0, Math.PI, 0};
        for (int k = 0; k < 4; k++) {
            double sum = 0;
            double sq = 0;
            for (double[] x : s) {
                double d = x[k] - offsets[k];
                sum += d;
                sq += d * d;
            }
            double mean = sum / N;
            double std = Math.sqrt(sq / N - mean * mean);
            assertEquals(0, mean, 5 * CartPoleSwingUp.INIT_NOISE / Math.sqrt(N), "mean of component " + k);
            assertEquals(CartPoleSwingUp.INIT_NOISE, std, 0.1 * CartPoleSwingUp.INIT_NOISE, "std of component " + k);
        }
    }
}
