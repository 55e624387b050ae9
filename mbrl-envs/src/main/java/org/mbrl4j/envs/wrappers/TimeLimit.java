package org.mbrl4j.envs.wrappers;

import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Reset;
import org.mbrl4j.core.Step;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Ends episodes after a fixed number of steps, Gymnasium's {@code TimeLimit}: the step that reaches
 * {@code maxEpisodeSteps} returns {@code truncated = true}. As in Gymnasium, that step keeps the inner
 * environment's {@code terminated} flag, so a step that both terminates and reaches the limit has both
 * flags set. Stepping after the episode ended (either way) or before a reset throws
 * {@link IllegalStateException}.
 */
public final class TimeLimit extends Wrapper {

    private final int maxEpisodeSteps;
    private int elapsedSteps;
    private boolean ended;
    private boolean started;

    /**
     * @param env the environment to limit
     * @param maxEpisodeSteps the number of steps after which an episode is truncated, {@code >= 1}
     * @throws IllegalArgumentException if {@code maxEpisodeSteps < 1}
     * @throws NullPointerException if {@code env} is null
     */
    public TimeLimit(Environment env, int maxEpisodeSteps) {
        super(env);
        if (maxEpisodeSteps < 1) {
            throw new IllegalArgumentException("maxEpisodeSteps must be >= 1: " + maxEpisodeSteps);
        }
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    /** @return the step limit of an episode */
    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /** @return the steps taken since the last reset */
    public int elapsedSteps() {
        return elapsedSteps;
    }

    @Override
    public Reset reset(long seed) {
        Reset r = super.reset(seed);
        begin();
        return r;
    }

    @Override
    public Reset reset() {
        Reset r = super.reset();
        begin();
        return r;
    }

    private void begin() {
        elapsedSteps = 0;
        ended = false;
        started = true;
    }

    /**
     * @param action the action, as for the wrapped environment
     * @return the wrapped environment's step, with {@code truncated = true} on the step that reaches the limit
     * @throws IllegalStateException if no episode is running (before a reset, or after it ended)
     */
    @Override
    public Step step(INDArray action) {
        if (!started) {
            throw new IllegalStateException("TimeLimit(" + maxEpisodeSteps + ") on " + inner()
                    + ": step called before reset");
        }
        if (ended) {
            throw new IllegalStateException("TimeLimit(" + maxEpisodeSteps + ") on " + inner()
                    + ": step called after the episode ended at step " + elapsedSteps + "; call reset first");
        }
        Step s = super.step(action);
        elapsedSteps++;
        if (elapsedSteps >= maxEpisodeSteps && !s.truncated()) {
            s = new Step(s.observation(), s.reward(), s.terminated(), true, s.info());
        }
        ended = s.terminated() || s.truncated();
        return s;
    }
}
