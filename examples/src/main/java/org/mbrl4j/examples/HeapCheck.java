package org.mbrl4j.examples;

import java.util.Arrays;
import java.util.Locale;
import org.mbrl4j.core.buffer.ReplayBuffer;
import org.mbrl4j.core.spaces.Space;

/**
 * Checks, before a command creates a learner, that the Java heap can hold the learner's replay buffer (which
 * allocates all of its storage at once, on the heap): a run from pixels that cannot fit is refused with one line
 * that says what it needs and how to give it, instead of failing with {@link OutOfMemoryError}.
 */
final class HeapCheck {

    /** The share of the heap a replay buffer may take; the rest is for the networks' host copies and the run. */
    static final double SHARE = 0.75;

    private HeapCheck() {
    }

    /**
     * @param capacity    the buffer's capacity in transitions
     * @param observation the environment's observation space
     * @param action      the environment's action space
     * @param maxHeap     the heap limit in bytes ({@code Runtime.getRuntime().maxMemory()})
     * @throws IllegalArgumentException if the buffer needs more than {@link #SHARE} of {@code maxHeap}, naming
     *                                  both sizes, the observation shape and the remedies
     */
    static void replayBuffer(int capacity, Space observation, Space action, long maxHeap) {
        long need = ReplayBuffer.storageBytes(capacity, observation.shape(), action.shape());
        if (need > SHARE * maxHeap) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the replay buffer (%,d transitions of %s "
                    + "observations) needs %s, more than %.0f%% of the Java heap (%s): run fewer --steps or give "
                    + "Java a larger heap (MBRL4J_JAVA_OPTS=-Xmx%dg)", capacity,
                    Arrays.toString(observation.shape()), gigabytes(need), 100 * SHARE, gigabytes(maxHeap),
                    (long) Math.ceil(need / SHARE / (1L << 30)) + 1));
        }
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
    }

    /**
     * @param presetCapacity the preset's buffer capacity in transitions
     * @param steps          the transitions the run will store ({@code --steps})
     * @param minimum        the smallest capacity the learner accepts (its sequence length)
     * @return the capacity a run needs: the preset's, or fewer when the run stores fewer transitions
     */
    static int capacity(int presetCapacity, long steps, int minimum) {
        return (int) Math.max(minimum, Math.min(presetCapacity, steps));
    }
}
