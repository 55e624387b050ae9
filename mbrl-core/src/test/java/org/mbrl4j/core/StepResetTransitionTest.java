package org.mbrl4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class StepResetTransitionTest {

    private final INDArray obs = Nd4j.createFromArray(1f, 2f);

    @Test
    void stepRejectsNonFiniteRewardAndNullObservation() {
        for (double r : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Step.of(obs, r, false, false));
            assertTrue(e.getMessage().contains("reward") && e.getMessage().contains(String.valueOf(r)));
        }
        assertThrows(NullPointerException.class, () -> Step.of(null, 0, false, false));
    }

    @Test
    void stepKeepsTerminatedAndTruncatedApart() {
        assertTrue(Step.of(obs, 1, true, false).done());
        assertTrue(Step.of(obs, 1, false, true).done());
        assertFalse(Step.of(obs, 1, false, false).done());
        Step s = Step.of(obs, 1, false, true);
        assertFalse(s.terminated());
        assertTrue(s.truncated());
    }

    @Test
    void infoIsCopiedAndUnmodifiable() {
        Map<String, Object> info = new HashMap<>();
        info.put("x", 1);
        Step step = new Step(obs, 0.5, false, false, info);
        Reset reset = new Reset(obs, info);
        info.put("y", 2);
        assertEquals(Map.of("x", 1), step.info());
        assertEquals(Map.of("x", 1), reset.info());
        assertThrows(UnsupportedOperationException.class, () -> step.info().put("z", 3));
        assertThrows(UnsupportedOperationException.class, () -> reset.info().put("z", 3));
        assertEquals(Map.of(), new Step(obs, 0, false, false, null).info());
        assertEquals(Map.of(), Reset.of(obs).info());
        assertThrows(NullPointerException.class, () -> Reset.of(null));
    }

    @Test
    void transitionRejectsNonFiniteRewardAndNulls() {
        INDArray act = Nd4j.createFromArray(0f);
        assertThrows(IllegalArgumentException.class, () -> new Transition(obs, act, Double.NaN, obs, false, false));
        assertThrows(IllegalArgumentException.class,
                () -> new Transition(obs, act, Double.NEGATIVE_INFINITY, obs, false, false));
        assertThrows(NullPointerException.class, () -> new Transition(null, act, 0, obs, false, false));
        assertThrows(NullPointerException.class, () -> new Transition(obs, null, 0, obs, false, false));
        assertThrows(NullPointerException.class, () -> new Transition(obs, act, 0, null, false, false));
        assertTrue(new Transition(obs, act, 0, obs, false, true).done());
        assertFalse(new Transition(obs, act, 0, obs, false, false).done());
    }
}
