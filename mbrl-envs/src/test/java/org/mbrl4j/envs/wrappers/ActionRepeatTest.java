package org.mbrl4j.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.core.Step;
import org.mbrl4j.envs.fixtures.Counter;
import org.mbrl4j.envs.fixtures.PointMass;
import org.nd4j.linalg.factory.Nd4j;

class ActionRepeatTest {

    @Test
    void repeatsTheActionAndSumsRewards() {
        PointMass inner = PointMass.oneD();
        ActionRepeat env = new ActionRepeat(inner, 4);
        env.reset(3);
        double x0 = inner.getState()[0];
        Step s = env.step(Nd4j.createFromArray(0.5f));
        assertEquals(4, inner.stepCalls());
        assertEquals(2.0, s.reward(), 1e-12);
        assertEquals(x0 + 4 * 0.05, inner.getState()[0], 1e-12);
        assertEquals((float) inner.getState()[0], s.observation().getFloat(0));
        assertEquals(4, s.info().get(ActionRepeat.REPEATS_KEY));
        assertEquals(4, s.info().get("steps"), "inner info of the last inner step passes through");
        assertFalse(s.done());
    }

    @Test
    void stopsEarlyAtTermination() {
        Counter inner = new Counter(5, 100);
        ActionRepeat env = new ActionRepeat(inner, 4);
        env.reset(0);
        Step s = env.step(Counter.action(2)); // 2, 4, 6: terminates on the third inner step
        assertTrue(s.terminated());
        assertFalse(s.truncated());
        assertEquals(6.0, s.reward());
        assertEquals(3, s.info().get(ActionRepeat.REPEATS_KEY));
        assertEquals(6f, s.observation().getFloat(0));
        assertThrows(IllegalStateException.class, () -> env.step(Counter.action(1)));
    }

    @Test
    void stopsEarlyAtTruncation() {
        Counter inner = new Counter(1000, 5);
        ActionRepeat env = new ActionRepeat(inner, 3);
        env.reset(0);
        Step first = env.step(Counter.action(1));
        assertEquals(3, first.info().get(ActionRepeat.REPEATS_KEY));
        Step second = env.step(Counter.action(1)); // inner steps 4 and 5, truncated at 5
        assertTrue(second.truncated());
        assertFalse(second.terminated());
        assertEquals(2.0, second.reward());
        assertEquals(2, second.info().get(ActionRepeat.REPEATS_KEY));
    }

    @Test
    void repeatOfOneIsTheInnerEnvironment() {
        PointMass a = PointMass.oneD();
        ActionRepeat b = new ActionRepeat(PointMass.oneD(), 1);
        a.reset(9);
        b.reset(9);
        for (int t = 0; t < 5; t++) {
            Step sa = a.step(Nd4j.createFromArray(0.3f));
            Step sb = b.step(Nd4j.createFromArray(0.3f));
            assertEquals(sa.observation(), sb.observation());
            assertEquals(sa.reward(), sb.reward());
        }
        assertEquals(a.actionSpace(), b.actionSpace());
        assertEquals(a.observationSpace(), b.observationSpace());
    }

    @Test
    void rejectsRepeatBelowOne() {
        for (int bad : new int[] {0, -3}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ActionRepeat(PointMass.oneD(), bad));
            assertTrue(e.getMessage().contains("repeat") && e.getMessage().contains(Integer.toString(bad)),
                    e.getMessage());
        }
    }

    @Test
    void closesTheInnerEnvironment() {
        PointMass inner = PointMass.oneD();
        new ActionRepeat(inner, 2).close();
        assertTrue(inner.closed());
    }
}
