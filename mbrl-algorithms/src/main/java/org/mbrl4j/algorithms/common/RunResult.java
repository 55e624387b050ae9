package org.mbrl4j.algorithms.common;

import java.util.List;
import org.mbrl4j.core.loop.EvaluationResult;

/**
 * The outcome of a training run.
 *
 * @param episodes        every training episode's report, in order
 * @param finalEvaluation the deterministic policy's evaluation after the last step
 */
public record RunResult(List<EpisodeReport> episodes, EvaluationResult finalEvaluation) {

    /** Copies the list. */
    public RunResult {
        episodes = List.copyOf(episodes);
    }
}
