package org.mbrl4j.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.envs.fixtures.Counter;
import org.mbrl4j.envs.fixtures.PointMass;
import org.nd4j.linalg.factory.Nd4j;

class RescaleActionTest {

    private static PointMass pendulumLike() {
        // Pendulum-v1's torque range [-2, 2] and an asymmetric second dimension.
        return new PointMass(new double[] {-2, 0.1}, new double[] {2, 0.7}, Double.POSITIVE_INFINITY, 100);
    }

    @Test
    void mapsEndpointsExactlyAndMidpointsLinearly() {
        PointMass inner = pendulumLike();
        RescaleAction env = new RescaleAction(inner, -1, 1);
        assertEquals(Box.uniform(-1, 1, 2), env.actionSpace());
        env.reset(0);
        env.step(Nd4j.createFromArray(-1f, -1f));
        assertArrayEquals(new float[] {-2f, 0.1f}, inner.lastAction());
        env.step(Nd4j.createFromArray(1f, 1f));
        assertArrayEquals(new float[] {2f, 0.7f}, inner.lastAction());
        env.step(Nd4j.createFromArray(0f, 0.5f));
        assertEquals(0f, inner.lastAction()[0], 1e-7);
        assertEquals(0.55f, inner.lastAction()[1], 1e-6);
    }

    @Test
    void perDimensionRangesWithNonRepresentableBounds() {
        PointMass inner = pendulumLike();
        RescaleAction env = new RescaleAction(inner, new double[] {0.1, -3}, new double[] {0.3, 5});
        env.reset(0);
        // 0.1 and 0.3 are not float32 numbers: the float32 action closest to them must still hit the endpoints.
        env.step(Nd4j.createFromArray(0.3f, -3f));
        assertArrayEquals(new float[] {2f, 0.1f}, inner.lastAction());
        env.step(Nd4j.createFromArray(0.1f, 5f));
        assertArrayEquals(new float[] {-2f, 0.7f}, inner.lastAction());
        env.step(Nd4j.createFromArray(0.2f, 1f));
        assertEquals(0f, inner.lastAction()[0], 1e-5);
        assertEquals(0.4f, inner.lastAction()[1], 1e-6);
    }

    @Test
    void extrapolatesOutsideTheRange() {
        PointMass inner = PointMass.oneD();
        RescaleAction env = new RescaleAction(inner, 0, 1);
        assertEquals(3f, env.toInner(Nd4j.createFromArray(2f)).getFloat(0), 1e-6);
    }

    @Test
    void rejectsBadArguments() {
        assertMessage(() -> new RescaleAction(PointMass.oneD(), 1, 1), "min", "1.0");
        assertMessage(() -> new RescaleAction(PointMass.oneD(), 2, -2), "min", "2.0");
        assertMessage(() -> new RescaleAction(PointMass.oneD(), Double.NaN, 1), "min", "NaN");
        assertMessage(() -> new RescaleAction(PointMass.oneD(), 0, Double.NaN), "max", "NaN");
        assertMessage(() -> new RescaleAction(PointMass.oneD(), 0, Double.POSITIVE_INFINITY), "max", "Infinity");
        assertMessage(() -> new RescaleAction(pendulumLike(), new double[] {0}, new double[] {1}), "min", "2");
        assertMessage(() -> new RescaleAction(new Counter(5, 5), -1, 1), "Box", "Discrete(3)");
        PointMass unbounded = new PointMass(new double[] {Double.NEGATIVE_INFINITY}, new double[] {1}, 1, 1);
        assertMessage(() -> new RescaleAction(unbounded, -1, 1), "bounded", "Infinity");
    }

    @Test
    void rejectsActionsOfTheWrongShapeOrWithNaN() {
        RescaleAction env = new RescaleAction(pendulumLike(), -1, 1);
        env.reset(0);
        assertMessage(() -> env.step(Nd4j.createFromArray(0f)), "action", "[1]");
        assertMessage(() -> env.step(Nd4j.createFromArray(0f, Float.NaN)), "action", "NaN");
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message \"" + e.getMessage() + "\" should contain " + p);
        }
    }
}
