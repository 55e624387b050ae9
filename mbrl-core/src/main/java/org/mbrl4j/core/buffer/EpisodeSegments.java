package org.mbrl4j.core.buffer;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The episode segments of a {@link ReplayBuffer} in insertion order, recomputed lazily after the buffer
 * changes (one pass over the start flags), and uniform sampling of windows inside them.
 */
final class EpisodeSegments {

    private long computedAt = -1;
    /** Insertion-order position of each segment's first transition. */
    private int[] starts = new int[0];
    private int[] lengths = new int[0];
    private int count;
    private int longest;

    void update(ReplayBuffer buffer) {
        if (computedAt == buffer.totalAdded) {
            return;
        }
        int size = buffer.size;
        int[] s = new int[Math.max(1, Math.min(size, 1024))];
        int[] l = new int[s.length];
        int n = 0;
        int max = 0;
        for (int i = 0; i < size; i++) {
            if (i == 0 || buffer.startsEpisode[buffer.slot(i)]) {
                if (n == s.length) {
                    s = Arrays.copyOf(s, 2 * n);
                    l = Arrays.copyOf(l, 2 * n);
                }
                s[n++] = i;
            }
            l[n - 1]++;
        }
        for (int i = 0; i < n; i++) {
            max = Math.max(max, l[i]);
        }
        starts = s;
        lengths = l;
        count = n;
        longest = max;
        computedAt = buffer.totalAdded;
    }

    int longest() {
        return longest;
    }

    /**
     * @return {@code batchSize} insertion-order start positions of windows of {@code length}, each drawn
     *     uniformly over all windows that fit inside one segment
     */
    int[] sampleStarts(int batchSize, int length, RandomGenerator rng) {
        if (length > longest) {
            throw new IllegalArgumentException("length " + length + " is longer than every stored episode segment;"
                    + " the longest available is " + longest);
        }
        // Cumulative number of windows per segment; a window is identified by (segment, offset).
        long[] cumulative = new long[count];
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += Math.max(0, lengths[i] - length + 1);
            cumulative[i] = total;
        }
        int[] out = new int[batchSize];
        for (int b = 0; b < batchSize; b++) {
            long r = rng.nextLong(total);
            int seg = Arrays.binarySearch(cumulative, 0, count, r + 1);
            if (seg < 0) {
                seg = -seg - 1;
            } else {
                // Several segments may share a cumulative value (those too short add 0): take the first.
                while (seg > 0 && cumulative[seg - 1] == r + 1) {
                    seg--;
                }
            }
            long before = seg == 0 ? 0 : cumulative[seg - 1];
            out[b] = starts[seg] + (int) (r - before);
        }
        return out;
    }
}
