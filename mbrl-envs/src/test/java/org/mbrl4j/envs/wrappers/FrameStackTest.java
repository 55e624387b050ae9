package org.mbrl4j.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mbrl4j.envs.wrappers.RescaleActionTest.assertMessage;

import org.junit.jupiter.api.Test;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Reset;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Discrete;
import org.mbrl4j.core.spaces.Space;
import org.mbrl4j.envs.fixtures.Counter;
import org.mbrl4j.envs.fixtures.PointMass;
import org.mbrl4j.envs.render.PixelObservation;
import org.mbrl4j.envs.fixtures.SlidingCart;
import org.mbrl4j.envs.render.CartPoleRenderer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FrameStackTest {

    @Test
    void padsWithTheFirstObservationThenShiftsOldestFirst() {
        FrameStack env = new FrameStack(new Counter(1000, 100), 3);
        Reset r = env.reset(7);
        assertArrayEquals(new long[] {3, 1}, r.observation().shape());
        assertArrayEquals(new float[] {7, 7, 7}, flat(r.observation()));
        assertArrayEquals(new float[] {7, 7, 8}, flat(env.step(Counter.action(1)).observation()));
        assertArrayEquals(new float[] {7, 8, 10}, flat(env.step(Counter.action(2)).observation()));
        Step s = env.step(Counter.action(2));
        assertArrayEquals(new float[] {8, 10, 12}, flat(s.observation()));
        assertEquals(2.0, s.reward());
        assertEquals(12.0, s.info().get("count"));
        // A new episode forgets the old one.
        assertArrayEquals(new float[] {0, 0, 0}, flat(env.reset().observation()));
    }

    @Test
    void returnedObservationsAreNotOverwrittenLater() {
        FrameStack env = new FrameStack(new Counter(1000, 100), 2);
        INDArray first = env.reset(1).observation();
        env.step(Counter.action(2));
        env.step(Counter.action(2));
        assertArrayEquals(new float[] {1, 1}, flat(first));
    }

    @Test
    void stacksMultiDimensionalObservationsAlongANewLeadingAxis() {
        PixelObservation pixels = new PixelObservation(new SlidingCart(),
                new CartPoleRenderer(), 8, 6, false);
        FrameStack env = new FrameStack(pixels, 4);
        assertArrayEquals(new long[] {4, 3, 6, 8}, env.observationSpace().shape());
        INDArray first = env.reset(0).observation();
        assertArrayEquals(new long[] {4, 3, 6, 8}, first.shape());
        INDArray single = pixels.observe();
        for (int i = 0; i < 4; i++) {
            assertEquals(single, first.slice(i));
        }
        INDArray next = env.step(Nd4j.createFromArray(1f)).observation();
        assertEquals(pixels.observe(), next.slice(3));
        assertEquals(single, next.slice(2));
    }

    @Test
    void observationSpaceRepeatsTheInnerBounds() {
        PointMass inner = new PointMass(new double[] {-1}, new double[] {1}, 1, 1);
        FrameStack stacked = new FrameStack(inner, 5);
        assertArrayEquals(new long[] {5, 2}, stacked.observationSpace().shape());
        assertEquals(inner.actionSpace(), stacked.actionSpace());
        FrameStack pixels = new FrameStack(new PixelObservation(new SlidingCart(), new CartPoleRenderer(), 2, 2, true), 2);
        assertEquals(Box.uniform(0, 1, 2, 1, 2, 2), pixels.observationSpace());
    }

    @Test
    void rejectsBadArguments() {
        assertMessage(() -> new FrameStack(PointMass.oneD(), 0), "k", "0");
        assertMessage(() -> new FrameStack(PointMass.oneD(), -2), "k", "-2");
        assertMessage(() -> new FrameStack(new DiscreteObservation(), 2), "Box", "Discrete(5)");
    }

    private static float[] flat(INDArray a) {
        return a.castTo(DataType.FLOAT).reshape(a.length()).toFloatVector();
    }

    /** An environment observed through a Discrete space, which FrameStack cannot stack into a Box. */
    private static final class DiscreteObservation implements Environment {
        @Override
        public Space observationSpace() {
            return Discrete.of(5);
        }

        @Override
        public Space actionSpace() {
            return Discrete.of(2);
        }

        @Override
        public Reset reset(long seed) {
            return Reset.of(Nd4j.scalar(DataType.INT64, 0));
        }

        @Override
        public Reset reset() {
            return reset(0);
        }

        @Override
        public Step step(INDArray action) {
            return Step.of(Nd4j.scalar(DataType.INT64, 0), 0, true, false);
        }
    }
}
