package org.mbrl4j.algorithms.mbpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.buffer.Batch;

class ModelReplayTest {

    private static void addRow(ModelReplay r, float v) {
        r.add(new float[] {v, v}, 0, new float[] {v}, 0, v, new float[] {v + 1, v + 1}, 0, false);
    }

    @Test
    void ringKeepsTheNewestRowsAndResizeKeepsTheNewestThatFit() {
        ModelReplay r = new ModelReplay(4, 2, 1);
        for (int i = 0; i < 6; i++) {
            addRow(r, i);
        }
        assertEquals(4, r.size());
        assertSame(r, r.resized(4));
        ModelReplay small = r.resized(2);
        Set<Float> seen = new HashSet<>();
        Batch b = small.sample(200, new SplittableRandom(1));
        for (int i = 0; i < 200; i++) {
            float v = b.rewards().getFloat(i);
            seen.add(v);
            assertEquals(v, b.observations().getFloat(i, 1), 0f);
            assertEquals(v + 1, b.nextObservations().getFloat(i, 0), 0f);
            assertEquals(0f, b.truncated().getFloat(i), 0f);
        }
        assertEquals(Set.of(4f, 5f), seen);
    }
}
