package org.mbrl4j.core.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ReplayBufferSequenceTest {

    /**
     * Adds an episode whose observations are {@code [id, t]} for t = 0..length; the last step is terminated or
     * truncated as asked (or neither, for an episode cut off by the end of collection).
     */
    private static void addEpisode(ReplayBuffer buf, int id, int length, boolean terminated, boolean truncated) {
        for (int t = 0; t < length; t++) {
            boolean last = t == length - 1;
            buf.add(Nd4j.createFromArray((float) id, (float) t), Nd4j.createFromArray((float) t), 100 * id + t,
                    Nd4j.createFromArray((float) id, t + 1f), last && terminated, last && truncated);
        }
    }

    @Test
    void windowsAreConsecutiveStepsOfOneEpisode() {
        ReplayBuffer buf = ReplayBuffer.create(100, new long[] {2}, new long[] {1});
        addEpisode(buf, 1, 5, true, false);
        addEpisode(buf, 2, 7, false, true);
        addEpisode(buf, 3, 4, false, false); // collection stopped mid-episode
        addEpisode(buf, 4, 6, true, false);  // starts without a done flag before it
        SequenceBatch s = buf.sampleSequences(500, 4, new SplittableRandom(2));
        assertEquals(500, s.batchSize());
        assertEquals(4, s.length());
        assertArrayEquals(new long[] {500, 4, 2}, s.observations().shape());
        assertArrayEquals(new long[] {500, 4, 1}, s.actions().shape());
        assertArrayEquals(new long[] {500, 4}, s.rewards().shape());
        assertArrayEquals(new long[] {500, 4}, s.terminated().shape());
        for (int b = 0; b < 500; b++) {
            float id = s.observations().getFloat(b, 0, 0);
            float t0 = s.observations().getFloat(b, 0, 1);
            for (int t = 0; t < 4; t++) {
                assertEquals(id, s.observations().getFloat(b, t, 0), "one episode per window");
                assertEquals(t0 + t, s.observations().getFloat(b, t, 1), "consecutive steps");
                assertEquals(100 * id + t0 + t, s.rewards().getFloat(b, t));
                assertEquals(s.observations().getFloat(b, t, 1) + 1, s.nextObservations().getFloat(b, t, 1));
                if (t < 3) {
                    assertEquals(0f, s.terminated().getFloat(b, t) + s.truncated().getFloat(b, t),
                            "only the last step of a window may end an episode");
                }
            }
        }
    }

    @Test
    void windowsAreUniformOverAllValidStarts() {
        ReplayBuffer buf = ReplayBuffer.create(100, new long[] {2}, new long[] {1});
        addEpisode(buf, 1, 3, true, false);  // 1 window of length 3
        addEpisode(buf, 2, 2, true, false);  // none
        addEpisode(buf, 3, 5, false, true);  // 3 windows
        SequenceBatch s = buf.sampleSequences(8000, 3, new SplittableRandom(4));
        Map<String, Integer> counts = new HashMap<>();
        for (int b = 0; b < 8000; b++) {
            String key = s.observations().getFloat(b, 0, 0) + "/" + s.observations().getFloat(b, 0, 1);
            counts.merge(key, 1, Integer::sum);
        }
        assertEquals(java.util.Set.of("1.0/0.0", "3.0/0.0", "3.0/1.0", "3.0/2.0"), counts.keySet());
        for (int c : counts.values()) {
            assertTrue(c > 1800 && c < 2200, counts.toString());
        }
    }

    @Test
    void windowsNeverReachPastTheRingsOverwritePoint() {
        ReplayBuffer buf = ReplayBuffer.create(10, new long[] {2}, new long[] {1});
        addEpisode(buf, 1, 14, false, false); // one long episode, 4 steps overwritten: t = 4..13 kept
        assertEquals(10, buf.longestSegment());
        SequenceBatch s = buf.sampleSequences(300, 10, new SplittableRandom(1));
        for (int b = 0; b < 300; b++) {
            assertEquals(4f, s.observations().getFloat(b, 0, 1), "the only window is the whole kept segment");
        }
        addEpisode(buf, 2, 3, false, false); // overwrite t = 4..6 with a new episode
        assertEquals(7, buf.longestSegment());
        SequenceBatch later = buf.sampleSequences(300, 7, new SplittableRandom(1));
        for (int b = 0; b < 300; b++) {
            assertEquals(1f, later.observations().getFloat(b, 0, 0));
            assertEquals(7f, later.observations().getFloat(b, 0, 1));
        }
    }

    @Test
    void tooLongWindowsAndBadArgumentsAreRefused() {
        ReplayBuffer buf = ReplayBuffer.create(50, new long[] {2}, new long[] {1});
        assertThrows(IllegalStateException.class, () -> buf.sampleSequences(1, 1, new SplittableRandom(1)));
        addEpisode(buf, 1, 6, true, false);
        addEpisode(buf, 2, 9, false, true);
        addEpisode(buf, 3, 2, true, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> buf.sampleSequences(4, 10, new SplittableRandom(1)));
        ReplayBufferTest.assertMessage(e, "length 10", "longest available is 9");
        ReplayBufferTest.assertMessage(assertThrows(IllegalArgumentException.class,
                () -> buf.sampleSequences(4, 0, new SplittableRandom(1))), "length", "0");
        ReplayBufferTest.assertMessage(assertThrows(IllegalArgumentException.class,
                () -> buf.sampleSequences(0, 2, new SplittableRandom(1))), "batchSize", "0");
        assertEquals(9, buf.sampleSequences(2, 9, new SplittableRandom(1)).length());
    }

    @Test
    void lengthOneWindowsAreSingleTransitionsFromAnyEpisode() {
        ReplayBuffer buf = ReplayBuffer.create(20, new long[] {2}, new long[] {1});
        addEpisode(buf, 1, 1, true, false);
        addEpisode(buf, 2, 1, true, false);
        SequenceBatch s = buf.sampleSequences(200, 1, new SplittableRandom(8));
        assertArrayEquals(new long[] {200, 1, 2}, s.observations().shape());
        double mean = s.observations().get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(0))
                .meanNumber().doubleValue();
        assertTrue(mean > 1.3 && mean < 1.7, "both episodes drawn: " + mean);
    }
}
