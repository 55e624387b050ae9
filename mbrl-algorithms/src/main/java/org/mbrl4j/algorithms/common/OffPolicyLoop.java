package org.mbrl4j.algorithms.common;

import java.util.List;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.loop.EvaluationResult;

/**
 * The interaction loop shared by SAC, TD3, MBPO and STEVE: step the environment (uniformly random actions
 * for the first {@code randomSteps}, then the learner's exploratory ones), show every transition to the
 * learner, and at every episode end report to the callback, evaluating the deterministic policy on a
 * separate environment as configured. {@code terminated} and {@code truncated} reach the learner apart.
 * {@link OffPolicyRun} is the same loop as an object that can stop, be saved and resume.
 */
public final class OffPolicyLoop {

    private OffPolicyLoop() {
    }

    /**
     * @param env      the training environment (with its time limit)
     * @param evalEnv  a separate environment for evaluation
     * @param learner  the learner
     * @param config   the loop settings
     * @param seed     seeds the environment resets, the warm-up actions and the evaluations
     * @param callback told at the end of every training episode
     * @return every episode's report and the final evaluation
     */
    public static RunResult run(Environment env, Environment evalEnv, OffPolicyLearner learner, LoopConfig config,
            long seed, EpisodeCallback callback) {
        OffPolicyRun run = OffPolicyRun.start(env, evalEnv, learner, config, seed);
        List<EpisodeReport> reports = run.runUntil(Long.MAX_VALUE, callback);
        EvaluationResult fin = run.finish();
        return new RunResult(reports, fin);
    }
}
