package org.mbrl4j.algorithms.mbpo;

import java.util.Arrays;
import java.util.random.RandomGenerator;

import org.mbrl4j.core.buffer.Batch;
import org.mbrl4j.core.io.Checkpoint;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MBPO's buffer of model transitions: a ring of flat float arrays written a batch of rows at a time (a
 * refill adds tens of thousands of rows, which one {@code Transition} object each would make slow). Model
 * transitions never truncate; {@code terminated} comes from the task's termination function. When the
 * rollout length changes, {@link #resized} keeps the newest rows that fit, as mbrl-lib's
 * {@code maybe_replace_sac_buffer} does. Not thread-safe.
 */
public final class ModelReplay {

    private final int capacity;
    private final int obsDim;
    private final int actDim;
    private final float[] obs;
    private final float[] act;
    private final float[] rew;
    private final float[] next;
    private final float[] term;
    private int head;
    private int size;

    /**
     * @param capacity rows kept, {@code >= 1}
     * @param obsDim   observation size
     * @param actDim   action size
     */
    public ModelReplay(int capacity, int obsDim, int actDim) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.capacity = capacity;
        this.obsDim = obsDim;
        this.actDim = actDim;
        obs = new float[capacity * obsDim];
        act = new float[capacity * actDim];
        rew = new float[capacity];
        next = new float[capacity * obsDim];
        term = new float[capacity];
    }

    /** @return the capacity in rows */
    public int capacity() {
        return capacity;
    }

    /** @return the rows stored */
    public int size() {
        return size;
    }

    /**
     * Appends one row, overwriting the oldest when full.
     *
     * @param o   holds the observation {@code [obsDim]} at {@code o[oOff..]}
     * @param oOff offset in {@code o}
     * @param a   action (environment units)
     * @param aOff offset in {@code a}
     * @param r   reward
     * @param n   next observation
     * @param nOff offset in {@code n}
     * @param terminated whether the next state is terminal
     */
    public void add(float[] o, int oOff, float[] a, int aOff, float r, float[] n, int nOff, boolean terminated) {
        System.arraycopy(o, oOff, obs, head * obsDim, obsDim);
        System.arraycopy(a, aOff, act, head * actDim, actDim);
        System.arraycopy(n, nOff, next, head * obsDim, obsDim);
        rew[head] = r;
        term[head] = terminated ? 1f : 0f;
        head = (head + 1) % capacity;
        size = Math.min(size + 1, capacity);
    }

    /**
     * @param newCapacity the new capacity
     * @return this buffer when the capacity is unchanged, else a new one holding the newest rows that fit
     */
    public ModelReplay resized(int newCapacity) {
        if (newCapacity == capacity) {
            return this;
        }
        ModelReplay r = new ModelReplay(newCapacity, obsDim, actDim);
        int keep = Math.min(size, newCapacity);
        for (int i = size - keep; i < size; i++) {
            int s = (head - size + i + capacity) % capacity;
            r.add(obs, s * obsDim, act, s * actDim, rew[s], next, s * obsDim, term[s] != 0);
        }
        return r;
    }

    /**
     * @param batchSize rows to draw uniformly with replacement, {@code >= 1}
     * @param rng       the generator
     * @return fresh float32 arrays; {@code truncated} is all zero
     * @throws IllegalStateException if the buffer is empty
     */
    public Batch sample(int batchSize, RandomGenerator rng) {
        if (size == 0) {
            throw new IllegalStateException("the model buffer is empty");
        }
        float[] o = new float[batchSize * obsDim];
        float[] a = new float[batchSize * actDim];
        float[] r = new float[batchSize];
        float[] n = new float[batchSize * obsDim];
        float[] d = new float[batchSize];
        for (int i = 0; i < batchSize; i++) {
            int s = rng.nextInt(size);
            System.arraycopy(obs, s * obsDim, o, i * obsDim, obsDim);
            System.arraycopy(act, s * actDim, a, i * actDim, actDim);
            System.arraycopy(next, s * obsDim, n, i * obsDim, obsDim);
            r[i] = rew[s];
            d[i] = term[s];
        }
        return new Batch(Nd4j.create(o, new long[] {batchSize, obsDim}, DataType.FLOAT),
                Nd4j.create(a, new long[] {batchSize, actDim}, DataType.FLOAT),
                Nd4j.create(r, new long[] {batchSize}, DataType.FLOAT),
                Nd4j.create(n, new long[] {batchSize, obsDim}, DataType.FLOAT),
                Nd4j.create(d, new long[] {batchSize}, DataType.FLOAT), Nd4j.zeros(DataType.FLOAT, batchSize));
    }

    /**
     * Adds the buffer's whole state (capacity, occupied rows in slot order, the next slot to write) to a
     * checkpoint, so a restored buffer samples and overwrites exactly as this one.
     *
     * @param builder the checkpoint being built
     * @param prefix  prefix of the entry names, e.g. {@code "modelBuffer."}
     */
    public void writeTo(Checkpoint.Builder builder, String prefix) {
        builder.putLong(prefix + "capacity", capacity);
        builder.putLong(prefix + "obsDim", obsDim);
        builder.putLong(prefix + "actDim", actDim);
        builder.putLong(prefix + "head", head);
        builder.putLong(prefix + "size", size);
        builder.putFloats(prefix + "observations", Arrays.copyOf(obs, size * obsDim));
        builder.putFloats(prefix + "actions", Arrays.copyOf(act, size * actDim));
        builder.putFloats(prefix + "rewards", Arrays.copyOf(rew, size));
        builder.putFloats(prefix + "nextObservations", Arrays.copyOf(next, size * obsDim));
        builder.putFloats(prefix + "terminated", Arrays.copyOf(term, size));
    }

    /**
     * Rebuilds a buffer written by {@link #writeTo}.
     *
     * @param checkpoint the checkpoint
     * @param prefix     the prefix given to {@link #writeTo}
     * @return the buffer
     * @throws IllegalArgumentException if an entry is missing or the stored sizes are inconsistent (naming it)
     */
    public static ModelReplay readFrom(Checkpoint checkpoint, String prefix) {
        long capacity = checkpoint.longValue(prefix + "capacity");
        long obsDim = checkpoint.longValue(prefix + "obsDim");
        long actDim = checkpoint.longValue(prefix + "actDim");
        long head = checkpoint.longValue(prefix + "head");
        long size = checkpoint.longValue(prefix + "size");
        if (capacity < 1 || capacity > Integer.MAX_VALUE || obsDim < 1 || actDim < 1 || size < 0 || size > capacity
                || head < 0 || head >= capacity || (size < capacity && head != size)
                || capacity * Math.max(obsDim, actDim) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("model buffer entries under '" + prefix + "' are inconsistent: capacity "
                    + capacity + ", obsDim " + obsDim + ", actDim " + actDim + ", head " + head + ", size " + size);
        }
        ModelReplay r = new ModelReplay((int) capacity, (int) obsDim, (int) actDim);
        int n = (int) size;
        copy(checkpoint, prefix + "observations", r.obs, n * r.obsDim);
        copy(checkpoint, prefix + "actions", r.act, n * r.actDim);
        copy(checkpoint, prefix + "rewards", r.rew, n);
        copy(checkpoint, prefix + "nextObservations", r.next, n * r.obsDim);
        copy(checkpoint, prefix + "terminated", r.term, n);
        r.head = (int) head;
        r.size = n;
        return r;
    }

    private static void copy(Checkpoint checkpoint, String name, float[] into, int expected) {
        float[] stored = checkpoint.floats(name);
        if (stored.length != expected) {
            throw new IllegalArgumentException("checkpoint entry '" + name + "' holds " + stored.length
                    + " values; expected " + expected);
        }
        System.arraycopy(stored, 0, into, 0, expected);
    }
}
