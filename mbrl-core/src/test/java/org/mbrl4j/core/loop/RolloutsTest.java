package org.mbrl4j.core.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.RandomAgent;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.buffer.Batch;
import org.mbrl4j.core.buffer.ReplayBuffer;
import org.nd4j.linalg.factory.Nd4j;

class RolloutsTest {

    /** Records every listener event as a string. */
    static final class Events implements RolloutListener {
        final List<String> events = new ArrayList<>();
        final List<EpisodeStats> episodes = new ArrayList<>();
        final List<Long> totals = new ArrayList<>();

        @Override
        public void onStep(Transition transition, long totalSteps) {
            events.add("step");
            totals.add(totalSteps);
        }

        @Override
        public void onEpisodeEnd(EpisodeStats stats) {
            events.add("end");
            episodes.add(stats);
        }
    }

    @Test
    void collectEpisodesSeedsFirstResetAndTellsAgentAndListener() {
        CounterEnv env = new CounterEnv(3);
        RecordingAgent agent = new RecordingAgent();
        Events listener = new Events();
        RolloutSummary summary = Rollouts.collectEpisodes(env, agent, 2, 77, listener);

        assertEquals(List.of("seed:77", "continue"), env.resets);
        assertEquals(List.of("reset", "act", "observe", "act", "observe", "act", "observe",
                "reset", "act", "observe", "act", "observe", "act", "observe"), agent.calls);
        assertEquals(List.of("step", "step", "step", "end", "step", "step", "step", "end"), listener.events);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), listener.totals);
        assertEquals(6, summary.totalSteps());
        assertEquals(List.of(new EpisodeStats(0, 3.0, 3, 3, true, false), new EpisodeStats(1, 3.0, 3, 6, true, false)),
                summary.episodes());
        assertEquals(summary.episodes(), listener.episodes);
        assertEquals(3.0, summary.meanReturn());

        // Transitions chain: each next observation is the following observation within an episode.
        List<Transition> ts = agent.observed;
        assertEquals(ts.get(0).nextObservation(), ts.get(1).observation());
        assertEquals(ts.get(0).observation().getFloat(0) + 3, ts.get(2).nextObservation().getFloat(0));
        assertTrue(ts.get(2).terminated());
        assertFalse(ts.get(1).done());
    }

    @Test
    void collectStepsStopsMidEpisodeAndResetsOnTruncation() {
        TimeLimitBoxEnv env = new TimeLimitBoxEnv(4);
        Events listener = new Events();
        RandomAgent agent = new RandomAgent(env.actionSpace(), new SplittableRandom(1));
        RolloutSummary summary = Rollouts.collectSteps(env, agent, 10, 5, listener);
        assertEquals(10, summary.totalSteps());
        assertEquals(2, summary.episodes().size(), "the third episode is unfinished");
        EpisodeStats second = summary.episodes().get(1);
        assertEquals(1, second.episode());
        assertEquals(4, second.length());
        assertEquals(8, second.totalSteps());
        assertTrue(second.truncated());
        assertFalse(second.terminated());
        assertEquals(10, listener.totals.size());
    }

    @Test
    void noResetAfterTheBudgetEndsOnAnEpisodeBoundary() {
        CounterEnv env = new CounterEnv(2);
        RecordingAgent agent = new RecordingAgent();
        Rollouts.collectSteps(env, agent, 4, 1, RolloutListener.NONE);
        assertEquals(List.of("seed:1", "continue"), env.resets);
        assertEquals(2, agent.count("reset"));
    }

    @Test
    void sameSeedSameRollout() {
        double[] a = returns(9);
        assertArrayEquals(a, returns(9));
        assertFalse(java.util.Arrays.equals(a, returns(10)));
    }

    private static double[] returns(long seed) {
        TimeLimitBoxEnv env = new TimeLimitBoxEnv(5);
        RandomAgent agent = new RandomAgent(env.actionSpace(), new SplittableRandom(seed));
        return Rollouts.collectEpisodes(env, agent, 3, seed, RolloutListener.NONE).episodes().stream()
                .mapToDouble(EpisodeStats::episodeReturn).toArray();
    }

    @Test
    void bufferOverloadsStoreEveryTransition() {
        CounterEnv env = new CounterEnv(3);
        ReplayBuffer buffer = ReplayBuffer.create(100, env.observationSpace(), env.actionSpace());
        Rollouts.collectEpisodes(env, new RecordingAgent(), 2, 3, buffer);
        Rollouts.collectSteps(env, new RecordingAgent(), 2, 4, buffer);
        assertEquals(8, buffer.size());
        Batch all = buffer.all();
        assertArrayEquals(new float[] {0, 0, 1, 0, 0, 1, 0, 0}, all.terminated().toFloatVector());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1}, all.actions().toFloatVector());
        assertEquals(3, buffer.longestSegment(), "the unfinished two-step run is its own segment");
        assertEquals(3, buffer.sampleSequences(5, 3, new SplittableRandom(1)).length());
    }

    @Test
    void listenersCompose() {
        Events a = new Events();
        Events b = new Events();
        Rollouts.collectEpisodes(new CounterEnv(2), new RecordingAgent(), 1, 0, a.andThen(b));
        assertEquals(List.of("step", "step", "end"), a.events);
        assertEquals(a.events, b.events);
    }

    @Test
    void guardsAndPropagatedExceptions() {
        CounterEnv env = new CounterEnv(3);
        RecordingAgent agent = new RecordingAgent();
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Rollouts.collectEpisodes(env, agent, 0, 1, RolloutListener.NONE)).getMessage()
                .contains("episodes must be >= 1: 0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Rollouts.collectSteps(env, agent, -2, 1, RolloutListener.NONE)).getMessage()
                .contains("steps must be >= 1: -2"));

        RecordingAgent badAgent = new RecordingAgent() {
            @Override
            public org.nd4j.linalg.api.ndarray.INDArray act(org.nd4j.linalg.api.ndarray.INDArray observation) {
                return Nd4j.scalar(5L);
            }
        };
        IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
                () -> Rollouts.collectSteps(env, badAgent, 10, 1, RolloutListener.NONE));
        assertTrue(rejected.getMessage().contains("action is 5.0"), rejected.getMessage());

        RecordingAgent nullAgent = new RecordingAgent() {
            @Override
            public org.nd4j.linalg.api.ndarray.INDArray act(org.nd4j.linalg.api.ndarray.INDArray observation) {
                return null;
            }
        };
        assertThrows(IllegalStateException.class,
                () -> Rollouts.collectSteps(env, nullAgent, 10, 1, RolloutListener.NONE));

        RuntimeException stop = new RuntimeException("stop");
        RolloutListener throwing = new RolloutListener() {
            @Override
            public void onStep(Transition transition, long totalSteps) {
                if (totalSteps == 2) {
                    throw stop;
                }
            }
        };
        RecordingAgent counted = new RecordingAgent();
        assertEquals(stop, assertThrows(RuntimeException.class,
                () -> Rollouts.collectSteps(env, counted, 10, 1, throwing)));
        assertEquals(2, counted.count("act"));
    }
}
