package org.mbrl4j.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbrl4j.envs.wrappers.RescaleActionTest.assertMessage;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.Step;
import org.mbrl4j.envs.fixtures.Counter;

class RecordEpisodeStatisticsTest {

    @Test
    void addsEpisodeEntryOnlyOnTheLastStep() {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        RecordEpisodeStatistics env = new RecordEpisodeStatistics(new Counter(5, 100), 10, clock::get);
        env.reset(0);
        clock.addAndGet(250_000_000L);
        Step s1 = env.step(Counter.action(2));
        assertFalse(s1.info().containsKey(RecordEpisodeStatistics.EPISODE_KEY));
        Step s2 = env.step(Counter.action(1));
        assertFalse(s2.info().containsKey(RecordEpisodeStatistics.EPISODE_KEY));
        clock.addAndGet(1_234_567_891L);
        Step s3 = env.step(Counter.action(2)); // count 5: terminated
        assertTrue(s3.terminated());
        @SuppressWarnings("unchecked")
        Map<String, Object> episode = (Map<String, Object>) s3.info().get(RecordEpisodeStatistics.EPISODE_KEY);
        assertEquals(5.0, episode.get("r"));
        assertEquals(3, episode.get("l"));
        assertEquals(1.484568, (double) episode.get("t"), 1e-12, "seconds, rounded to 6 decimals");
        assertEquals(5.0, s3.info().get("count"), "the inner info is kept");
        assertEquals(1, env.episodeCount());
    }

    @Test
    void keepsTheLastEpisodesOldestFirst() {
        AtomicLong clock = new AtomicLong();
        RecordEpisodeStatistics env = new RecordEpisodeStatistics(new Counter(1000, 3), 2, clock::get);
        int[] actions = {0, 1, 2};
        for (int episode = 0; episode < 3; episode++) {
            env.reset(episode);
            clock.addAndGet((episode + 1) * 1_000_000L);
            for (int t = 0; t < 3; t++) {
                env.step(Counter.action(actions[episode]));
            }
        }
        assertEquals(3, env.episodeCount());
        assertArrayEquals(new double[] {3.0, 6.0}, env.episodeReturns());
        assertArrayEquals(new int[] {3, 3}, env.episodeLengths());
        assertArrayEquals(new double[] {0.002, 0.003}, env.episodeTimes(), 1e-12);
    }

    @Test
    void resetClearsAnUnfinishedEpisode() {
        RecordEpisodeStatistics env = new RecordEpisodeStatistics(new Counter(3, 100));
        env.reset(0);
        env.step(Counter.action(2));
        env.reset(0);
        env.step(Counter.action(1));
        Step last = env.step(Counter.action(2));
        @SuppressWarnings("unchecked")
        Map<String, Object> episode = (Map<String, Object>) last.info().get("episode");
        assertEquals(3.0, episode.get("r"));
        assertEquals(2, episode.get("l"));
        assertTrue((double) episode.get("t") >= 0.0);
    }

    @Test
    void rejectsBadBufferLengthAndDoubleWrapping() {
        assertMessage(() -> new RecordEpisodeStatistics(new Counter(1, 1), 0), "bufferLength", "0");
        RecordEpisodeStatistics twice = new RecordEpisodeStatistics(new RecordEpisodeStatistics(new Counter(1, 5)));
        twice.reset(0);
        assertThrows(IllegalStateException.class, () -> twice.step(Counter.action(1)));
    }
}
