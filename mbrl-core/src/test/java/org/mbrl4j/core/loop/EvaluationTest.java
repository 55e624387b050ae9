package org.mbrl4j.core.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.RandomAgent;

class EvaluationTest {

    @Test
    void evaluatesWholeEpisodesWithoutObserving() {
        CounterEnv env = new CounterEnv(4);
        RecordingAgent agent = new RecordingAgent();
        EvaluationResult r = Evaluation.evaluate(env, agent, 3, 12);
        assertEquals(List.of("seed:12", "continue", "continue"), env.resets);
        assertEquals(0, agent.count("observe"));
        assertEquals(3, agent.count("reset"));
        assertEquals(12, agent.count("act"));
        assertEquals(3, r.episodes());
        assertArrayEquals(new double[] {4, 4, 4}, r.returns());
        assertArrayEquals(new int[] {4, 4, 4}, r.lengths());
        assertEquals(4.0, r.meanReturn());
        assertEquals(0.0, r.stdReturn());
        assertEquals(4, r.minLength());
        assertEquals(4, r.maxLength());
    }

    @Test
    void statisticsUsePopulationStandardDeviation() {
        EvaluationResult r = EvaluationResult.of(new double[] {1, 2, 3, 4}, new int[] {10, 10, 20, 20});
        assertEquals(2.5, r.meanReturn(), 1e-12);
        assertEquals(Math.sqrt(1.25), r.stdReturn(), 1e-12);
        assertEquals(1, r.minReturn());
        assertEquals(4, r.maxReturn());
        assertEquals(15, r.meanLength(), 1e-12);
        assertEquals(5, r.stdLength(), 1e-12);
        assertEquals(10, r.minLength());
        assertEquals(20, r.maxLength());
        double[] copy = r.returns();
        copy[0] = 99;
        assertEquals(1, r.returns()[0], "accessors return copies");
        assertEquals(r, EvaluationResult.of(new double[] {1, 2, 3, 4}, new int[] {10, 10, 20, 20}));
        assertThrows(IllegalArgumentException.class, () -> EvaluationResult.of(new double[0], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> EvaluationResult.of(new double[] {1}, new int[] {1, 2}));
    }

    @Test
    void reproducibleFromTheSeedAndMatchingTheRolloutLoop() {
        TimeLimitBoxEnv env = new TimeLimitBoxEnv(6);
        EvaluationResult a = Evaluation.evaluate(env, new RandomAgent(env.actionSpace(), new SplittableRandom(2)), 4, 8);
        EvaluationResult b = Evaluation.evaluate(env, new RandomAgent(env.actionSpace(), new SplittableRandom(2)), 4, 8);
        assertEquals(a, b);
        double[] viaRollouts = Rollouts.collectEpisodes(env, new RandomAgent(env.actionSpace(), new SplittableRandom(2)),
                4, 8, RolloutListener.NONE).episodes().stream().mapToDouble(EpisodeStats::episodeReturn).toArray();
        assertArrayEquals(viaRollouts, a.returns());
        assertArrayEquals(new int[] {6, 6, 6, 6}, a.lengths());
    }

    @Test
    void guards() {
        CounterEnv env = new CounterEnv(2);
        assertEquals("episodes must be >= 1: 0", assertThrows(IllegalArgumentException.class,
                () -> Evaluation.evaluate(env, new RecordingAgent(), 0, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Evaluation.evaluate(env, new RecordingAgent(), -1, 1));
    }
}
