package org.mbrl4j.envs.wrappers;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Reset;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.spaces.Space;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Tracks the return, length and wall-clock duration of every episode, like Gymnasium's
 * {@code RecordEpisodeStatistics}.
 *
 * <p>On the step that ends an episode ({@code terminated} or {@code truncated}) the info gains an entry
 * {@value #EPISODE_KEY} holding an unmodifiable {@code Map<String, Object>} with
 * <ul>
 *   <li>{@code "r"}: the episode return, the sum of the episode's rewards (a {@link Double});</li>
 *   <li>{@code "l"}: the episode length in steps (an {@link Integer});</li>
 *   <li>{@code "t"}: seconds elapsed since the episode's reset, rounded to 6 decimals (a {@link Double}).</li>
 * </ul>
 * The statistics of the last {@code bufferLength} episodes are also kept, oldest first, behind
 * {@link #episodeReturns()}, {@link #episodeLengths()} and {@link #episodeTimes()}.
 *
 * <p>Time is read from a nanosecond clock ({@link System#nanoTime()} unless another is given); it is only
 * reported, never used for a decision.
 */
public final class RecordEpisodeStatistics implements Environment {

    /** The info key of the episode statistics, as in Gymnasium. */
    public static final String EPISODE_KEY = "episode";

    /** Gymnasium's default number of episodes kept. */
    public static final int DEFAULT_BUFFER_LENGTH = 100;

    private final Environment inner;
    private final int bufferLength;
    private final LongSupplier nanoClock;
    private final ArrayDeque<double[]> history = new ArrayDeque<>();

    private long episodeStartNanos;
    private double episodeReturn;
    private int episodeLength;
    private long episodeCount;

    /**
     * Keeps the last {@value #DEFAULT_BUFFER_LENGTH} episodes and times them with {@link System#nanoTime()}.
     *
     * @param env the environment to wrap
     */
    public RecordEpisodeStatistics(Environment env) {
        this(env, DEFAULT_BUFFER_LENGTH);
    }

    /**
     * @param env the environment to wrap
     * @param bufferLength how many of the most recent episodes to keep, {@code >= 1}
     * @throws IllegalArgumentException if {@code bufferLength < 1}
     */
    public RecordEpisodeStatistics(Environment env, int bufferLength) {
        this(env, bufferLength, System::nanoTime);
    }

    /**
     * @param env the environment to wrap
     * @param bufferLength how many of the most recent episodes to keep, {@code >= 1}
     * @param nanoClock a monotonic clock in nanoseconds (tests pass a fake one)
     * @throws IllegalArgumentException if {@code bufferLength < 1}
     */
    public RecordEpisodeStatistics(Environment env, int bufferLength, LongSupplier nanoClock) {
        this.inner = Objects.requireNonNull(env, "env");
        if (bufferLength < 1) {
            throw new IllegalArgumentException("bufferLength must be >= 1: " + bufferLength);
        }
        this.bufferLength = bufferLength;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** @return the wrapped environment */
    public Environment inner() {
        return inner;
    }

    @Override
    public Space observationSpace() {
        return inner.observationSpace();
    }

    @Override
    public Space actionSpace() {
        return inner.actionSpace();
    }

    @Override
    public Reset reset(long seed) {
        Reset r = inner.reset(seed);
        startEpisode();
        return r;
    }

    @Override
    public Reset reset() {
        Reset r = inner.reset();
        startEpisode();
        return r;
    }

    private void startEpisode() {
        episodeStartNanos = nanoClock.getAsLong();
        episodeReturn = 0.0;
        episodeLength = 0;
    }

    /**
     * Steps the inner environment and, if the episode ends, adds the {@value #EPISODE_KEY} entry to the info.
     *
     * @throws IllegalStateException if the inner environment's info already holds {@value #EPISODE_KEY}
     */
    @Override
    public Step step(INDArray action) {
        Step s = inner.step(action);
        episodeReturn += s.reward();
        episodeLength++;
        if (!s.done()) {
            return s;
        }
        if (s.info().containsKey(EPISODE_KEY)) {
            throw new IllegalStateException("the inner environment's info already holds \"" + EPISODE_KEY
                    + "\" (is RecordEpisodeStatistics applied twice?): " + s.info().get(EPISODE_KEY));
        }
        double seconds = Math.round((nanoClock.getAsLong() - episodeStartNanos) / 1e3) / 1e6;
        if (history.size() == bufferLength) {
            history.removeFirst();
        }
        history.addLast(new double[] {episodeReturn, episodeLength, seconds});
        episodeCount++;
        Map<String, Object> info = new HashMap<>(s.info());
        info.put(EPISODE_KEY, Map.of("r", episodeReturn, "l", episodeLength, "t", seconds));
        // Like Gymnasium, the clock restarts here, so an episode begun without reset() is still timed.
        startEpisode();
        return new Step(s.observation(), s.reward(), s.terminated(), s.truncated(), info);
    }

    /** @return the number of episodes finished since construction */
    public long episodeCount() {
        return episodeCount;
    }

    /** @return the maximum number of episodes kept */
    public int bufferLength() {
        return bufferLength;
    }

    /** @return the returns of the last (at most {@code bufferLength}) finished episodes, oldest first; a fresh array */
    public double[] episodeReturns() {
        return history.stream().mapToDouble(e -> e[0]).toArray();
    }

    /** @return the lengths in steps of the last finished episodes, oldest first; a fresh array */
    public int[] episodeLengths() {
        return history.stream().mapToInt(e -> (int) e[1]).toArray();
    }

    /** @return the durations in seconds of the last finished episodes, oldest first; a fresh array */
    public double[] episodeTimes() {
        return history.stream().mapToDouble(e -> e[2]).toArray();
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return "RecordEpisodeStatistics(" + inner + ")";
    }
}
