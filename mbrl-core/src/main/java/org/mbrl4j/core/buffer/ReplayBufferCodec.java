package org.mbrl4j.core.buffer;

import java.util.Arrays;
import org.mbrl4j.core.io.Checkpoint;

/**
 * Maps a {@link ReplayBuffer}'s complete state to checkpoint entries and back. Only the occupied slots are
 * stored, in slot order (when the buffer is not full they are slots {@code 0..size-1}), together with the
 * next slot to overwrite, so a loaded buffer continues exactly as the saved one.
 */
final class ReplayBufferCodec {

    static final String KIND = "mbrl4j.ReplayBuffer";
    static final long VERSION = 1;

    private ReplayBufferCodec() {}

    static void writeTo(ReplayBuffer buf, Checkpoint.Builder b, String p) {
        int size = buf.size;
        int od = buf.observations.length / buf.capacity();
        int ad = buf.actions.length / buf.capacity();
        b.putString(p + "kind", KIND)
                .putLong(p + "version", VERSION)
                .putLong(p + "capacity", buf.capacity())
                .putLongs(p + "obsShape", buf.observationShape())
                .putLongs(p + "actShape", buf.actionShape())
                .putLong(p + "size", size)
                .putLong(p + "next", buf.next)
                .putLong(p + "totalAdded", buf.totalAdded)
                .putFloats(p + "observations", Arrays.copyOf(buf.observations, size * od))
                .putFloats(p + "actions", Arrays.copyOf(buf.actions, size * ad))
                .putFloats(p + "rewards", Arrays.copyOf(buf.rewards, size))
                .putFloats(p + "nextObservations", Arrays.copyOf(buf.nextObservations, size * od))
                .putInts(p + "terminated", flags(buf.terminated, size))
                .putInts(p + "truncated", flags(buf.truncated, size))
                .putInts(p + "startsEpisode", flags(buf.startsEpisode, size));
    }

    static ReplayBuffer readFrom(Checkpoint cp, String p) {
        long capacity = checkHeader(cp, p);
        ReplayBuffer buf = ReplayBuffer.create((int) capacity, cp.longs(p + "obsShape"), cp.longs(p + "actShape"));
        fill(cp, p, buf);
        return buf;
    }

    /**
     * Replaces {@code buf}'s contents with the buffer saved under {@code p}, in place; every entry is checked
     * before {@code buf} changes.
     */
    static void restoreInto(Checkpoint cp, String p, ReplayBuffer buf) {
        long capacity = checkHeader(cp, p);
        if (capacity != buf.capacity()) {
            throw new IllegalArgumentException("checkpoint entry '" + p + "capacity' is " + capacity + "; expected "
                    + buf.capacity());
        }
        checkShape(cp.longs(p + "obsShape"), buf.observationShape(), p + "obsShape");
        checkShape(cp.longs(p + "actShape"), buf.actionShape(), p + "actShape");
        fill(cp, p, buf);
    }

    /** Checks kind and version. @return the saved capacity, in {@code [1, 2^31 - 1]} */
    private static long checkHeader(Checkpoint cp, String p) {
        String kind = cp.string(p + "kind");
        if (!KIND.equals(kind)) {
            throw new IllegalArgumentException("entry '" + p + "kind' is '" + kind + "'; expected '" + KIND + "'");
        }
        long version = cp.longValue(p + "version");
        if (version != VERSION) {
            throw new IllegalArgumentException("replay buffer format version " + version + "; expected " + VERSION);
        }
        long capacity = cp.longValue(p + "capacity");
        if (capacity < 1 || capacity > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("capacity is " + capacity + "; expected 1..2^31-1");
        }
        return capacity;
    }

    private static void checkShape(long[] saved, long[] expected, String name) {
        if (!Arrays.equals(saved, expected)) {
            throw new IllegalArgumentException("entry '" + name + "' is " + Arrays.toString(saved) + "; expected "
                    + Arrays.toString(expected));
        }
    }

    /**
     * Checks the ring state and every stored value against {@code buf}'s capacity and shapes, then copies
     * them into {@code buf}: a bad entry leaves {@code buf} unchanged.
     */
    private static void fill(Checkpoint cp, String p, ReplayBuffer buf) {
        long capacity = buf.capacity();
        long size = cp.longValue(p + "size");
        long next = cp.longValue(p + "next");
        long total = cp.longValue(p + "totalAdded");
        boolean consistent = size >= 0 && size <= capacity && total >= size
                && (size < capacity ? next == size && total == size : next >= 0 && next < capacity);
        if (!consistent) {
            throw new IllegalArgumentException("inconsistent ring state: size " + size + ", next " + next
                    + ", totalAdded " + total + ", capacity " + capacity);
        }
        int n = (int) size;
        int od = buf.observations.length / buf.capacity();
        int ad = buf.actions.length / buf.capacity();
        float[] observations = checkFinite(cp.floats(p + "observations"), n * od, p + "observations");
        float[] actions = checkFinite(cp.floats(p + "actions"), n * ad, p + "actions");
        float[] rewards = checkFinite(cp.floats(p + "rewards"), n, p + "rewards");
        float[] nextObservations = checkFinite(cp.floats(p + "nextObservations"), n * od, p + "nextObservations");
        int[] terminated = checkFlags(cp.ints(p + "terminated"), n, p + "terminated");
        int[] truncated = checkFlags(cp.ints(p + "truncated"), n, p + "truncated");
        int[] startsEpisode = checkFlags(cp.ints(p + "startsEpisode"), n, p + "startsEpisode");
        System.arraycopy(observations, 0, buf.observations, 0, n * od);
        System.arraycopy(actions, 0, buf.actions, 0, n * ad);
        System.arraycopy(rewards, 0, buf.rewards, 0, n);
        System.arraycopy(nextObservations, 0, buf.nextObservations, 0, n * od);
        // the slots past the restored ones as in a new buffer, whatever buf held before
        Arrays.fill(buf.observations, n * od, buf.observations.length, 0f);
        Arrays.fill(buf.actions, n * ad, buf.actions.length, 0f);
        Arrays.fill(buf.rewards, n, buf.rewards.length, 0f);
        Arrays.fill(buf.nextObservations, n * od, buf.nextObservations.length, 0f);
        for (int i = 0; i < buf.capacity(); i++) {
            buf.terminated[i] = i < n && terminated[i] == 1;
            buf.truncated[i] = i < n && truncated[i] == 1;
            buf.startsEpisode[i] = i < n && startsEpisode[i] == 1;
        }
        buf.size = n;
        buf.next = (int) next;
        buf.totalAdded = total;
    }

    private static int[] flags(boolean[] f, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = f[i] ? 1 : 0;
        }
        return out;
    }

    private static float[] checkFinite(float[] src, int n, String name) {
        if (src.length != n) {
            throw new IllegalArgumentException("entry '" + name + "' has " + src.length + " values; expected " + n);
        }
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(src[i])) {
                throw new IllegalArgumentException("entry '" + name + "' holds " + src[i] + " at " + i);
            }
        }
        return src;
    }

    private static int[] checkFlags(int[] src, int n, String name) {
        if (src.length != n) {
            throw new IllegalArgumentException("entry '" + name + "' has " + src.length + " values; expected " + n);
        }
        for (int i = 0; i < n; i++) {
            if (src[i] != 0 && src[i] != 1) {
                throw new IllegalArgumentException("entry '" + name + "' holds " + src[i] + " at " + i
                        + "; expected 0 or 1");
            }
        }
        return src;
    }
}
