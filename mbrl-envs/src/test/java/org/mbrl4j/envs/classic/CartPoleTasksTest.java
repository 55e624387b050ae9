package org.mbrl4j.envs.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Step;
import org.mbrl4j.envs.EnvOptions;
import org.mbrl4j.envs.Envs;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The two continuous cart-pole tasks, checked against CartPole and against physics. */
class CartPoleTasksTest {

    /** Actions +1 and -1 are CartPole's pushes; out-of-range actions are clipped; reward 1 until the end. */
    @Test
    void continuousCartPoleScalesCartPolesForce() {
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 200; i++) {
            double[] s = {r.nextDouble(-2, 2), r.nextDouble(-2, 2), r.nextDouble(-0.2, 0.2), r.nextDouble(-2, 2)};
            int push = r.nextInt(2);
            CartPole discrete = new CartPole();
            CartPoleContinuous continuous = new CartPoleContinuous();
            discrete.setState(s);
            continuous.setState(s);
            Step d = discrete.step(Nd4j.scalar(DataType.INT64, (long) push));
            float a = (push == 1 ? 1f : -1f) * (r.nextBoolean() ? 1f : 4f);
            Step c = continuous.step(Nd4j.createFromArray(a));
            assertArrayEquals(discrete.getState(), continuous.getState());
            assertEquals(d.terminated(), c.terminated());
            assertEquals(c.terminated() ? 0.0 : 1.0, c.reward());
        }
        // Half the force moves the cart half as much in one Euler step (the velocity change is linear in force).
        CartPoleContinuous half = new CartPoleContinuous();
        half.setState(new double[] {0, 0, 0, 0});
        half.step(Nd4j.createFromArray(0.5f));
        CartPoleContinuous full = new CartPoleContinuous();
        full.setState(new double[] {0, 0, 0, 0});
        full.step(Nd4j.createFromArray(1f));
        assertEquals(full.getState()[1] / 2, half.getState()[1], 1e-15);
    }

    private static double energy(double[] s) {
        double x = s[0];
        double v = s[1];
        double th = s[2];
        double w = s[3];
        double l = CartPolePhysics.HALF_LENGTH;
        double m = CartPolePhysics.MASS_POLE;
        double vx = v + l * Math.cos(th) * w;
        double vy = -l * Math.sin(th) * w;
        double inertia = m * l * l / 3; // a uniform rod about its centre: the 4/3 in the equations
        return 0.5 * CartPolePhysics.MASS_CART * v * v + 0.5 * m * (vx * vx + vy * vy) + 0.5 * inertia * w * w
                + m * CartPolePhysics.GRAVITY * l * Math.cos(th) + 0 * x;
    }

    /** Without force the frictionless system conserves energy: checks the equations and the RK4 integrator. */
    @Test
    void swingUpConservesEnergyWithoutForce() {
        CartPoleSwingUp env = new CartPoleSwingUp();
        env.setState(new double[] {0.1, 0.3, Math.PI - 1.0, 2.0});
        double e0 = energy(env.getState());
        double momentum0 = momentum(env.getState());
        for (int t = 0; t < 200; t++) {
            env.step(Nd4j.createFromArray(0f));
        }
        assertEquals(e0, energy(env.getState()), 1e-6 * Math.abs(e0) + 1e-9);
        assertEquals(momentum0, momentum(env.getState()), 1e-7);
    }

    private static double momentum(double[] s) {
        double m = CartPolePhysics.MASS_POLE;
        return CartPolePhysics.MASS_CART * s[1] + m * (s[1] + CartPolePhysics.HALF_LENGTH * Math.cos(s[2]) * s[3]);
    }

    @Test
    void swingUpHangingAtRestStaysAndEarnsLittle() {
        CartPoleSwingUp env = new CartPoleSwingUp();
        env.setState(new double[] {0, 0, Math.PI, 0});
        Step s = env.step(Nd4j.createFromArray(0f));
        assertEquals(0, env.getState()[0], 1e-12);
        assertEquals(Math.PI, env.getState()[2], 1e-12);
        assertEquals(Math.exp(-4), s.reward(), 1e-9); // tip 2 L below its target
        assertFalse(s.terminated() || s.truncated());
        assertArrayEquals(new float[] {0, 0, -1, 0, 0}, s.observation().toFloatVector(), 1e-6f);
    }

    /**
     * Why CartPoleSwingUp-v0's pictures follow the cart: under uniformly random actions held for 2 steps (a pixel
     * agent's first episodes), the unbounded track takes the cart beyond a fixed 2.4 m view in about two thirds
     * of the decisions of 200-step episodes (50 episodes: 0.67).
     */
    @Test
    void swingUpRandomPlayTakesTheCartOutOfAFixedViewMostOfTheTime() {
        SplittableRandom rng = new SplittableRandom(1);
        int decisions = 0;
        int outside = 0;
        for (int episode = 0; episode < 50; episode++) {
            Environment env = Envs.make(CartPoleSwingUp.ID, EnvOptions.DEFAULT.withActionRepeat(2));
            env.reset(episode);
            boolean done = false;
            while (!done) {
                Step s = env.step(Nd4j.createFromArray(new double[] {rng.nextDouble(-1, 1)}));
                decisions++;
                if (Math.abs(s.observation().getDouble(0)) > 2.4) {
                    outside++;
                }
                done = s.terminated() || s.truncated();
            }
        }
        assertEquals(50 * 100, decisions);
        double fraction = outside / (double) decisions;
        assertTrue(fraction > 0.55 && fraction < 0.8, "fraction of decisions beyond 2.4 m: " + fraction);
    }

    @Test
    void swingUpRewardIsOneUprightAtTheCentreMinusActionCost() {
        CartPoleSwingUp env = new CartPoleSwingUp();
        env.setState(new double[] {0, 0, 0, 0});
        // Upright at rest is an equilibrium: after one step with no force it is still there.
        assertEquals(1.0, env.step(Nd4j.createFromArray(0f)).reward(), 1e-12);
        env.setState(new double[] {0, 0, 0, 0});
        Step pushed = env.step(Nd4j.createFromArray(5f)); // clipped to 1
        assertTrue(pushed.reward() < 1.0 - 0.01 + 1e-3 && pushed.reward() > 0.9, "reward " + pushed.reward());
        // The cart accelerated as with a = 1, not 5.
        CartPoleSwingUp one = new CartPoleSwingUp();
        one.setState(new double[] {0, 0, 0, 0});
        one.step(Nd4j.createFromArray(1f));
        assertArrayEquals(one.getState(), env.getState());
    }

    @Test
    void pendulumClipsTorqueButContinuousMountainCarChargesTheRawAction() {
        Pendulum p1 = new Pendulum();
        Pendulum p2 = new Pendulum();
        p1.setState(new double[] {0.3, 0.1});
        p2.setState(new double[] {0.3, 0.1});
        Step a = p1.step(Nd4j.createFromArray(2f));
        Step b = p2.step(Nd4j.createFromArray(7f));
        assertArrayEquals(p1.getState(), p2.getState());
        assertEquals(a.reward(), b.reward());

        MountainCarContinuous m1 = new MountainCarContinuous();
        MountainCarContinuous m2 = new MountainCarContinuous();
        m1.setState(new double[] {-0.5, 0.01});
        m2.setState(new double[] {-0.5, 0.01});
        Step c = m1.step(Nd4j.createFromArray(1f));
        Step d = m2.step(Nd4j.createFromArray(3f));
        assertArrayEquals(m1.getState(), m2.getState());
        assertEquals(-0.1, c.reward(), 1e-12);
        assertEquals(-0.9, d.reward(), 1e-6);
    }
}
