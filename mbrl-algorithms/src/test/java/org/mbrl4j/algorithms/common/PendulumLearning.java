package org.mbrl4j.algorithms.common;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.LongFunction;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.RandomAgent;
import org.mbrl4j.core.loop.Evaluation;
import org.mbrl4j.core.loop.EvaluationResult;
import org.mbrl4j.envs.EnvOptions;
import org.mbrl4j.envs.Envs;

/**
 * The shared protocol of the off-policy learning tests on Pendulum-v1: train a learner with
 * {@link OffPolicyLoop} from one seed and compare its final evaluation with a uniformly random policy's.
 * A random policy scores about -1200 (its mean over 10 seeded episodes is measured, not assumed); a learner
 * that does not learn (a constant or random action) stays within about 200 of it.
 */
public final class PendulumLearning {

    /** The learning profile's bar: the final evaluation must beat the random policy by this much, per seed. */
    public static final double MARGIN_OVER_RANDOM = 500;

    /** The default run's smoke bar (one seed, a short budget): an absolute return, about random + 300. */
    public static final double SMOKE_BAR = -900;

    private PendulumLearning() {}

    /**
     * @param name the learner's name for the log lines
     * @param learner makes the learner from a seed
     * @param steps environment steps of training
     * @param randomSteps initial uniformly random steps
     * @param seed the seed of the learner, the loop and the evaluations
     * @return the final evaluation (5 episodes)
     */
    public static EvaluationResult train(String name, LongFunction<OffPolicyLearner> learner, long steps,
            int randomSteps, long seed) {
        return train(name, learner, steps, randomSteps, seed, 5);
    }

    /**
     * As {@link #train(String, LongFunction, long, int, long)}, evaluating every {@code evalEvery} episodes
     * ({@code 0}: only the final evaluation; for learners whose acting is expensive, such as planners).
     *
     * @param name the learner's name for the log lines
     * @param learner makes the learner from a seed
     * @param steps environment steps of training
     * @param randomSteps initial uniformly random steps
     * @param seed the seed of the learner, the loop and the evaluations
     * @param evalEvery evaluate every this many training episodes, or 0
     * @return the final evaluation (5 episodes)
     */
    public static EvaluationResult train(String name, LongFunction<OffPolicyLearner> learner, long steps,
            int randomSteps, long seed, int evalEvery) {
        return train(name, learner, steps, randomSteps, seed, evalEvery, EnvOptions.DEFAULT);
    }

    /**
     * As {@link #train(String, LongFunction, long, int, long, int)} on Pendulum-v1 made with {@code options}
     * (an action repeat: then {@code steps} and {@code randomSteps} count decisions).
     *
     * @param name the learner's name for the log lines
     * @param learner makes the learner from a seed
     * @param steps decisions of training
     * @param randomSteps initial uniformly random decisions
     * @param seed the seed of the learner, the loop and the evaluations
     * @param evalEvery evaluate every this many training episodes, or 0
     * @param options how the training and evaluation environments are made
     * @return the final evaluation (5 episodes)
     */
    public static EvaluationResult train(String name, LongFunction<OffPolicyLearner> learner, long steps,
            int randomSteps, long seed, int evalEvery, EnvOptions options) {
        Environment env = Envs.make("Pendulum-v1", options);
        Environment eval = Envs.make("Pendulum-v1", options);
        long start = System.nanoTime();
        RunResult r = OffPolicyLoop.run(env, eval, learner.apply(seed), new LoopConfig(steps, randomSteps, evalEvery, 5),
                seed, rep -> System.out.println(name + " seed " + seed + " episode " + rep.episode() + " return "
                        + rep.episodeReturn() + " eval " + rep.evalReturn()));
        System.out.printf("%s Pendulum seed %d: final eval %.1f in %.1f s%n", name, seed,
                r.finalEvaluation().meanReturn(), (System.nanoTime() - start) / 1e9);
        return r.finalEvaluation();
    }

    /**
     * @param seed the seed of the episodes and the actions
     * @return the mean return of a uniformly random policy over 10 episodes of Pendulum-v1
     */
    public static double randomReturn(long seed) {
        Environment env = Envs.make("Pendulum-v1");
        return Evaluation.evaluate(env, new RandomAgent(env.actionSpace(), new SplittableRandom(seed)), 10, seed)
                .meanReturn();
    }

    /**
     * Asserts the learning profile's bar for one seed.
     *
     * @param name the learner's name
     * @param learned its final evaluation
     * @param seed the run's seed (also the random baseline's)
     */
    public static void assertFarBeyondRandom(String name, EvaluationResult learned, long seed) {
        double random = randomReturn(seed);
        assertTrue(learned.meanReturn() > random + MARGIN_OVER_RANDOM, name + " seed " + seed + ": final evaluation "
                + learned + " vs random policy " + random + " (bar: random + " + MARGIN_OVER_RANDOM + ")");
    }
}
