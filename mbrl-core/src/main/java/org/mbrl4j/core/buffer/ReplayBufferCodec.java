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
        ReplayBuffer buf = ReplayBuffer.create((int) capacity, cp.longs(p + "obsShape"), cp.longs(p + "actShape"));
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
        copyFinite(cp.floats(p + "observations"), buf.observations, n * od, p + "observations");
        copyFinite(cp.floats(p + "actions"), buf.actions, n * ad, p + "actions");
        copyFinite(cp.floats(p + "rewards"), buf.rewards, n, p + "rewards");
        copyFinite(cp.floats(p + "nextObservations"), buf.nextObservations, n * od, p + "nextObservations");
        readFlags(cp.ints(p + "terminated"), buf.terminated, n, p + "terminated");
        readFlags(cp.ints(p + "truncated"), buf.truncated, n, p + "truncated");
        readFlags(cp.ints(p + "startsEpisode"), buf.startsEpisode, n, p + "startsEpisode");
        buf.size = n;
        buf.next = (int) next;
        buf.totalAdded = total;
        return buf;
    }

    private static int[] flags(boolean[] f, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = f[i] ? 1 : 0;
        }
        return out;
    }

    private static void copyFinite(float[] src, float[] dst, int n, String name) {
        if (src.length != n) {
            throw new IllegalArgumentException("entry '" + name + "' has " + src.length + " values; expected " + n);
        }
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(src[i])) {
                throw new IllegalArgumentException("entry '" + name + "' holds " + src[i] + " at " + i);
            }
        }
        System.arraycopy(src, 0, dst, 0, n);
    }

    private static void readFlags(int[] src, boolean[] dst, int n, String name) {
        if (src.length != n) {
            throw new IllegalArgumentException("entry '" + name + "' has " + src.length + " values; expected " + n);
        }
        for (int i = 0; i < n; i++) {
            if (src[i] != 0 && src[i] != 1) {
                throw new IllegalArgumentException("entry '" + name + "' holds " + src[i] + " at " + i
                        + "; expected 0 or 1");
            }
            dst[i] = src[i] == 1;
        }
    }
}
