package org.mbrl4j.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.core.Step;
import org.mbrl4j.envs.classic.CartPole;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class TimeLimitTest {

    private static final org.nd4j.linalg.api.ndarray.INDArray RIGHT = Nd4j.scalar(DataType.INT64, 1L);
    private static final org.nd4j.linalg.api.ndarray.INDArray LEFT = Nd4j.scalar(DataType.INT64, 0L);

    @Test
    void truncatesAtTheLimitAndCountsFromEachReset() {
        TimeLimit env = new TimeLimit(new CartPole(), 3);
        for (int episode = 0; episode < 2; episode++) {
            env.reset(episode);
            assertEquals(0, env.elapsedSteps());
            // Alternating pushes keep CartPole alive for three steps.
            Step a = env.step(RIGHT);
            Step b = env.step(LEFT);
            Step c = env.step(RIGHT);
            assertFalse(a.truncated() || b.truncated());
            assertTrue(c.truncated());
            assertFalse(c.terminated());
            assertEquals(3, env.elapsedSteps());
            assertThrows(IllegalStateException.class, () -> env.step(LEFT));
        }
    }

    @Test
    void terminationBeforeTheLimitIsNotTruncation() {
        CartPole base = new CartPole();
        TimeLimit env = new TimeLimit(base, 100);
        env.reset(0);
        base.setState(new double[] {2.39, 2.0, 0, 0});
        Step s = env.step(RIGHT);
        assertTrue(s.terminated());
        assertFalse(s.truncated());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.step(RIGHT));
        assertTrue(e.getMessage().contains("ended at step 1"), e.getMessage());
    }

    /** As in Gymnasium's TimeLimit, a step that terminates at the limit reports both flags. */
    @Test
    void terminationAtTheLimitKeepsBothFlags() {
        CartPole base = new CartPole();
        TimeLimit env = new TimeLimit(base, 1);
        env.reset(0);
        base.setState(new double[] {2.39, 2.0, 0, 0});
        Step s = env.step(RIGHT);
        assertTrue(s.terminated());
        assertTrue(s.truncated());
    }

    @Test
    void rejectsBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TimeLimit(new CartPole(), 0));
        assertTrue(e.getMessage().contains("maxEpisodeSteps") && e.getMessage().contains("0"), e.getMessage());
        assertThrows(NullPointerException.class, () -> new TimeLimit(null, 5));
        TimeLimit env = new TimeLimit(new CartPole(), 5);
        assertThrows(IllegalStateException.class, () -> env.step(RIGHT));
    }
}
