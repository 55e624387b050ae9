package org.mbrl4j.algorithms.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class EpisodeReportTest {

    @Test
    void metricsKeepTheOrderTheLearnerGaveThemAndCannotBeChanged() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String k : List.of("critic_loss", "actor_loss", "alpha", "entropy", "q_mean", "model_use", "z")) {
            m.put(k, 1.0);
        }
        EpisodeReport r = new EpisodeReport(0, 10, 1.0, 10, false, OptionalDouble.empty(), m);
        assertEquals(List.copyOf(m.keySet()), List.copyOf(r.metrics().keySet()));
        m.put("late", 2.0);
        assertEquals(7, r.metrics().size());
        assertThrows(UnsupportedOperationException.class, () -> r.metrics().put("x", 0.0));
    }
}
