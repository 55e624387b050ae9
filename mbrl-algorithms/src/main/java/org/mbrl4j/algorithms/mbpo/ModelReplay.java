package org.mbrl4j.algorithms.mbpo;

import java.util.random.RandomGenerator;
import org.mbrl4j.core.buffer.Batch;
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
}
