package org.mbrl4j.algorithms.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Reset;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.loop.Evaluation;
import org.mbrl4j.core.loop.EvaluationResult;
import org.mbrl4j.core.random.RandomStreams;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interaction loop shared by SAC, TD3, MBPO and STEVE: step the environment (uniformly random actions
 * for the first {@code randomSteps}, then the learner's exploratory ones), show every transition to the
 * learner, and at every episode end report to the callback, evaluating the deterministic policy on a
 * separate environment as configured. {@code terminated} and {@code truncated} reach the learner apart.
 */
public final class OffPolicyLoop {

    private static final Logger LOG = LoggerFactory.getLogger(OffPolicyLoop.class);

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
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(evalEnv, "evalEnv");
        Objects.requireNonNull(learner, "learner");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(callback, "callback");
        RandomStreams streams = RandomStreams.of(seed);
        SplittableRandom warmup = streams.child("warmup").javaRandom();
        long evalSeed = streams.child("eval").seed();
        List<EpisodeReport> reports = new ArrayList<>();
        Reset reset = env.reset(streams.child("env").seed());
        INDArray obs = reset.observation();
        double ret = 0;
        int length = 0;
        int episode = 0;
        for (long t = 0; t < config.totalSteps(); t++) {
            INDArray action = t < config.randomSteps() ? env.actionSpace().sample(warmup) : learner.explore(obs);
            Step step = env.step(action);
            learner.observe(new Transition(obs, action, step.reward(), step.observation(), step.terminated(),
                    step.truncated()));
            ret += step.reward();
            length++;
            obs = step.observation();
            if (step.terminated() || step.truncated()) {
                OptionalDouble eval = OptionalDouble.empty();
                if (config.evalEveryEpisodes() > 0 && (episode + 1) % config.evalEveryEpisodes() == 0) {
                    eval = OptionalDouble.of(Evaluation.evaluate(evalEnv, learner.evaluationAgent(),
                            config.evalEpisodes(), evalSeed + episode).meanReturn());
                }
                EpisodeReport r = new EpisodeReport(episode, t + 1, ret, length, step.terminated(), eval,
                        learner.drainMetrics());
                reports.add(r);
                if (LOG.isDebugEnabled()) {
                    LOG.debug("episode {}: {} steps (total {}), return {}{}, {}", episode, length, t + 1, ret,
                            eval.isPresent() ? ", evaluation " + eval.getAsDouble() : "", r.metrics());
                }
                callback.onEpisode(r);
                episode++;
                ret = 0;
                length = 0;
                obs = env.reset().observation();
            }
        }
        EvaluationResult fin = Evaluation.evaluate(evalEnv, learner.evaluationAgent(), config.evalEpisodes(),
                evalSeed - 1);
        LOG.debug("final evaluation over {} episodes: {} +- {}", config.evalEpisodes(), fin.meanReturn(),
                fin.stdReturn());
        return new RunResult(reports, fin);
    }
}
