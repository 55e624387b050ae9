package org.mbrl4j.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mbrl4j.envs.wrappers.RescaleActionTest.assertMessage;

import org.junit.jupiter.api.Test;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.envs.fixtures.Counter;
import org.mbrl4j.envs.fixtures.PointMass;
import org.nd4j.linalg.factory.Nd4j;

class ClipActionTest {

    @Test
    void clipsEachElementToTheInnerBounds() {
        PointMass inner = new PointMass(new double[] {-2, 0, Double.NEGATIVE_INFINITY},
                new double[] {2, 0.5, Double.POSITIVE_INFINITY}, Double.POSITIVE_INFINITY, 10);
        ClipAction env = new ClipAction(inner);
        env.reset(1);
        env.step(Nd4j.createFromArray(5f, -1f, -1e30f));
        assertArrayEquals(new float[] {2f, 0f, -1e30f}, inner.lastAction());
        env.step(Nd4j.createFromArray(-7f, 0.25f, 3f));
        assertArrayEquals(new float[] {-2f, 0.25f, 3f}, inner.lastAction());
    }

    @Test
    void actionSpaceIsUnboundedWithTheInnerShape() {
        ClipAction env = new ClipAction(PointMass.oneD());
        assertEquals(Box.uniform(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1), env.actionSpace());
        assertEquals(PointMass.oneD().observationSpace(), env.observationSpace());
    }

    @Test
    void rejectsDiscreteSpacesAndBadActions() {
        assertMessage(() -> new ClipAction(new Counter(1, 1)), "Box", "Discrete(3)");
        ClipAction env = new ClipAction(PointMass.oneD());
        env.reset(0);
        assertMessage(() -> env.step(Nd4j.createFromArray(Float.NaN)), "action", "NaN");
        assertMessage(() -> env.step(Nd4j.createFromArray(1f, 2f)), "action", "[2]");
    }
}
