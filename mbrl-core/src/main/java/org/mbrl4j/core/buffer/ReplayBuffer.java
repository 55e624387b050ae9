package org.mbrl4j.core.buffer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.io.Checkpoints;
import org.mbrl4j.core.spaces.Space;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fixed-capacity ring of transitions {@code (s, a, r, s', terminated, truncated)}, the replay buffer of
 * mbrl-lib and Stable-Baselines3: once full, each new transition overwrites the oldest.
 *
 * <p>Storage is flat float32 arrays, {@code capacity x prod(obsShape)} for observations and next
 * observations and {@code capacity x prod(actShape)} for actions (a discrete index is stored as a float,
 * exact below 2^24), so one transition costs no object of its own. Every read returns fresh arrays.
 *
 * <p><b>Episodes.</b> Sequence sampling needs to know where episodes begin. A stored transition starts a
 * new episode segment when it is the first one added, when the one added before it ended its episode
 * ({@code terminated || truncated}), or when its observation differs from the previous transition's next
 * observation (a run that stopped mid-episode and started again, or transitions of several environments
 * interleaved). The oldest stored transition may be the middle of an episode whose start was overwritten;
 * windows never reach before it.
 *
 * <p><b>Shapes.</b> Arguments must have exactly the buffer's shapes, except that where the shape is
 * {@code []} or {@code [1]} (a scalar, such as a discrete action index) a rank-0 or a {@code [1]} array is
 * accepted either way.
 *
 * <p>Not thread-safe.
 */
public final class ReplayBuffer {

    private final int capacity;
    private final long[] obsShape;
    private final long[] actShape;
    private final int obsDim;
    private final int actDim;

    final float[] observations;
    final float[] actions;
    final float[] rewards;
    final float[] nextObservations;
    final boolean[] terminated;
    final boolean[] truncated;
    /** Per slot: whether the transition there starts an episode segment (see the class comment). */
    final boolean[] startsEpisode;

    /** The slot the next transition goes to. */
    int next;
    int size;
    long totalAdded;

    private final EpisodeSegments segments = new EpisodeSegments();

    ReplayBuffer(int capacity, long[] obsShape, long[] actShape) {
        this.capacity = capacity;
        this.obsShape = obsShape.clone();
        this.actShape = actShape.clone();
        this.obsDim = elementCount("obsShape", obsShape, capacity);
        this.actDim = elementCount("actShape", actShape, capacity);
        this.observations = new float[capacity * obsDim];
        this.nextObservations = new float[capacity * obsDim];
        this.actions = new float[capacity * actDim];
        this.rewards = new float[capacity];
        this.terminated = new boolean[capacity];
        this.truncated = new boolean[capacity];
        this.startsEpisode = new boolean[capacity];
    }

    /**
     * @param capacity the maximum number of transitions kept, {@code >= 1}
     * @param obsShape shape of one observation, e.g. {@code [obsDim]} or {@code [C, H, W]}
     * @param actShape shape of one action: {@code [actDim]} for a box; for a discrete index {@code []} (batches
     *     then hold actions as {@code [B]}) or {@code [1]} (batches hold {@code [B, 1]}, the layout
     *     {@link org.mbrl4j.core.RewardFunction} takes); either accepts rank-0 and {@code [1]} actions
     * @return an empty buffer
     * @throws IllegalArgumentException if {@code capacity < 1}, a dimension is {@code < 1}, or the storage
     *     ({@code capacity x prod(shape)} floats) would not fit in one Java array
     */
    public static ReplayBuffer create(int capacity, long[] obsShape, long[] actShape) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        Objects.requireNonNull(obsShape, "obsShape");
        Objects.requireNonNull(actShape, "actShape");
        return new ReplayBuffer(capacity, obsShape, actShape);
    }

    /**
     * @param capacity the maximum number of transitions kept, {@code >= 1}
     * @param observationSpace the environment's observation space (its shape is used)
     * @param actionSpace the environment's action space (its shape is used; {@code []} for discrete)
     * @return an empty buffer
     * @throws IllegalArgumentException as {@link #create(int, long[], long[])}
     */
    public static ReplayBuffer create(int capacity, Space observationSpace, Space actionSpace) {
        return create(capacity, observationSpace.shape(), actionSpace.shape());
    }

    /**
     * The memory a buffer of this size allocates when it is created (all of it at once, on the Java heap), so
     * that a caller can check it against the heap before creating one.
     *
     * @param capacity the maximum number of transitions kept, {@code >= 1}
     * @param obsShape shape of one observation
     * @param actShape shape of one action ({@code []} for a discrete index)
     * @return bytes: {@code capacity x (4 (2 prod(obsShape) + prod(actShape) + 1) + 3)} (observations and next
     *     observations, actions and rewards as float32, three flags per transition)
     * @throws IllegalArgumentException if {@code capacity < 1} or a dimension is {@code < 1}
     */
    public static long storageBytes(int capacity, long[] obsShape, long[] actShape) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        double perTransition = 4.0 * (2.0 * product("obsShape", obsShape) + product("actShape", actShape) + 1) + 3;
        double bytes = perTransition * capacity;
        return bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) bytes;
    }

    private static double product(String argument, long[] shape) {
        Objects.requireNonNull(shape, argument);
        double n = 1;
        for (long d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException(argument + " dimensions must be >= 1: " + Arrays.toString(shape));
            }
            n *= d;
        }
        return n;
    }

    /** @return the maximum number of transitions kept */
    public int capacity() {
        return capacity;
    }

    /** @return the number of transitions stored, {@code min(totalAdded(), capacity())} */
    public int size() {
        return size;
    }

    /** @return the number of transitions ever added, including overwritten ones */
    public long totalAdded() {
        return totalAdded;
    }

    /** @return the shape of one observation; a fresh copy */
    public long[] observationShape() {
        return obsShape.clone();
    }

    /** @return the shape of one action; a fresh copy */
    public long[] actionShape() {
        return actShape.clone();
    }

    /**
     * Adds a transition, overwriting the oldest once the buffer is full.
     *
     * @param transition the transition (its arrays are copied)
     * @throws IllegalArgumentException as {@link #add(INDArray, INDArray, double, INDArray, boolean, boolean)}
     */
    public void add(Transition transition) {
        Objects.requireNonNull(transition, "transition");
        add(transition.observation(), transition.action(), transition.reward(), transition.nextObservation(),
                transition.terminated(), transition.truncated());
    }

    /**
     * Adds a transition, overwriting the oldest once the buffer is full. Nothing is stored if an argument is
     * refused.
     *
     * @param observation {@code s}, shape {@code obsShape}, any numeric type
     * @param action {@code a}, shape {@code actShape}, any numeric type
     * @param reward {@code r}, finite
     * @param nextObservation {@code s'}, shape {@code obsShape}
     * @param terminated whether {@code s'} is terminal for the task
     * @param truncated whether the episode was cut after this transition
     * @throws IllegalArgumentException if an array has the wrong shape or holds NaN or an infinity (also after
     *     rounding to float32), or the reward is not finite
     */
    public void add(INDArray observation, INDArray action, double reward, INDArray nextObservation,
            boolean terminated, boolean truncated) {
        float[] o = checkedFloats("observation", observation, obsShape);
        float[] a = checkedFloats("action", action, actShape);
        float[] n = checkedFloats("nextObservation", nextObservation, obsShape);
        if (!Double.isFinite(reward) || !Float.isFinite((float) reward)) {
            throw new IllegalArgumentException("reward must be finite (as float32): " + reward);
        }
        int slot = next;
        int prev = (slot - 1 + capacity) % capacity;
        boolean starts = size == 0 || this.terminated[prev] || this.truncated[prev]
                || !Arrays.equals(nextObservations, prev * obsDim, (prev + 1) * obsDim, o, 0, obsDim);
        System.arraycopy(o, 0, observations, slot * obsDim, obsDim);
        System.arraycopy(a, 0, actions, slot * actDim, actDim);
        System.arraycopy(n, 0, nextObservations, slot * obsDim, obsDim);
        rewards[slot] = (float) reward;
        this.terminated[slot] = terminated;
        this.truncated[slot] = truncated;
        startsEpisode[slot] = starts;
        next = (slot + 1) % capacity;
        size = Math.min(size + 1, capacity);
        totalAdded++;
    }

    /**
     * Draws {@code batchSize} stored transitions uniformly with replacement.
     *
     * @param batchSize {@code B >= 1}
     * @param rng the generator to draw indices from
     * @return a batch of fresh arrays, shapes as documented on {@link Batch}
     * @throws IllegalArgumentException if {@code batchSize < 1}
     * @throws IllegalStateException if the buffer is empty
     */
    public Batch sample(int batchSize, RandomGenerator rng) {
        checkBatchSize(batchSize);
        Objects.requireNonNull(rng, "rng");
        checkNotEmpty("sample");
        int[] idx = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            idx[i] = rng.nextInt(size);
        }
        return gather(idx);
    }

    /**
     * @return every stored transition, oldest first ({@code B = size()}), as fresh arrays
     * @throws IllegalStateException if the buffer is empty
     */
    public Batch all() {
        checkNotEmpty("all");
        int[] idx = new int[size];
        Arrays.setAll(idx, i -> i);
        return gather(idx);
    }

    /**
     * @param indices positions in insertion order, {@code 0} the oldest stored transition and
     *     {@code size() - 1} the newest; repeats allowed; at least one
     * @return those transitions in the given order ({@code B = indices.length}), as fresh arrays
     * @throws IllegalArgumentException if {@code indices} is empty or an index is outside {@code [0, size())}
     */
    public Batch get(int[] indices) {
        Objects.requireNonNull(indices, "indices");
        if (indices.length == 0) {
            throw new IllegalArgumentException("indices must not be empty");
        }
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= size) {
                throw new IllegalArgumentException("indices[" + i + "] is " + indices[i] + "; expected 0 <= index < "
                        + size + " (the number of stored transitions)");
            }
        }
        return gather(indices.clone());
    }

    /**
     * Draws {@code batchSize} windows of {@code length} consecutive transitions, uniformly (with replacement)
     * over all windows that lie inside one episode segment (see the class comment): a window may end with a
     * terminated or truncated step but never continues past one, and never wraps around the ring's
     * overwrite point.
     *
     * @param batchSize {@code B >= 1}
     * @param length {@code T >= 1}
     * @param rng the generator to draw from
     * @return windows as fresh arrays, shapes as documented on {@link SequenceBatch}
     * @throws IllegalArgumentException if {@code batchSize < 1}, {@code length < 1}, or {@code length} is longer
     *     than every stored episode segment (the message gives the longest)
     * @throws IllegalStateException if the buffer is empty
     */
    public SequenceBatch sampleSequences(int batchSize, int length, RandomGenerator rng) {
        checkBatchSize(batchSize);
        Objects.requireNonNull(rng, "rng");
        if (length < 1) {
            throw new IllegalArgumentException("length must be >= 1: " + length);
        }
        checkNotEmpty("sampleSequences");
        segments.update(this);
        if ((long) batchSize * length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("batchSize x length = " + batchSize + " x " + length
                    + " exceeds the largest Java array; ask for fewer");
        }
        int[] starts = segments.sampleStarts(batchSize, length, rng);
        int[] idx = new int[batchSize * length];
        for (int b = 0; b < batchSize; b++) {
            for (int t = 0; t < length; t++) {
                idx[b * length + t] = starts[b] + t;
            }
        }
        Batch flat = gather(idx);
        return new SequenceBatch(
                flat.observations().reshape(prepend(obsShape, batchSize, length)),
                flat.actions().reshape(prepend(actShape, batchSize, length)),
                flat.rewards().reshape(batchSize, length),
                flat.nextObservations().reshape(prepend(obsShape, batchSize, length)),
                flat.terminated().reshape(batchSize, length),
                flat.truncated().reshape(batchSize, length));
    }

    /** @return the length of the longest stored episode segment (0 when empty) */
    public int longestSegment() {
        segments.update(this);
        return segments.longest();
    }

    /**
     * Saves the buffer, ring position included, to a checksummed checkpoint file (atomically).
     *
     * @param file the file to write
     * @throws IOException if it cannot be written (an existing file is then left as it was)
     */
    public void save(Path file) throws IOException {
        Checkpoint.Builder b = Checkpoint.builder();
        ReplayBufferCodec.writeTo(this, b, "");
        Checkpoints.write(file, b.build());
    }

    /**
     * Loads a buffer saved by {@link #save}; it continues exactly as the saved one would have (same contents,
     * same next slot to overwrite).
     *
     * @param file the file to read
     * @return the buffer
     * @throws org.mbrl4j.core.io.CorruptCheckpointException if the file is damaged or holds no valid buffer
     * @throws IOException if it cannot be read
     */
    public static ReplayBuffer load(Path file) throws IOException {
        Checkpoint cp = Checkpoints.read(file);
        try {
            return ReplayBufferCodec.readFrom(cp, "");
        } catch (IllegalArgumentException e) {
            throw new org.mbrl4j.core.io.CorruptCheckpointException(file, "not a valid replay buffer: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Adds this buffer's state to a larger checkpoint (an agent's), every entry name starting with
     * {@code prefix}.
     *
     * @param builder the checkpoint being built
     * @param prefix e.g. {@code "buffer."}; may be empty
     */
    public void writeTo(Checkpoint.Builder builder, String prefix) {
        ReplayBufferCodec.writeTo(this, builder, prefix);
    }

    /**
     * Rebuilds a buffer written by {@link #writeTo}.
     *
     * @param checkpoint the checkpoint
     * @param prefix the prefix given to {@link #writeTo}
     * @return the buffer
     * @throws IllegalArgumentException if an entry is missing or inconsistent (naming it)
     */
    public static ReplayBuffer readFrom(Checkpoint checkpoint, String prefix) {
        return ReplayBufferCodec.readFrom(checkpoint, prefix);
    }

    /**
     * Replaces this buffer's contents with a buffer written by {@link #writeTo} under {@code prefix}, in place:
     * no second buffer is allocated, so restoring a full buffer of images needs no more heap than the buffer
     * already takes ({@link #readFrom} allocates a new one). Every entry is checked before this buffer changes,
     * so on an exception it is left as it was. The restored buffer continues exactly as the saved one.
     *
     * @param checkpoint the checkpoint
     * @param prefix the prefix given to {@link #writeTo}; may be empty
     * @throws IllegalArgumentException if an entry is missing or inconsistent, or the saved capacity or a saved
     *     shape differs from this buffer's (naming the entry and both values)
     */
    public void restoreFrom(Checkpoint checkpoint, String prefix) {
        ReplayBufferCodec.restoreInto(checkpoint, prefix, this);
    }

    /** @return the physical slot of insertion-order position {@code i} */
    int slot(int i) {
        int s = next - size + i; // in [-capacity, capacity)
        return s < 0 ? s + capacity : s;
    }

    private Batch gather(int[] logical) {
        int b = logical.length;
        if ((long) b * Math.max(obsDim, actDim) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a batch of " + b + " transitions of " + Math.max(obsDim, actDim)
                    + " floats each exceeds the largest Java array; ask for fewer");
        }
        float[] o = new float[b * obsDim];
        float[] a = new float[b * actDim];
        float[] n = new float[b * obsDim];
        float[] r = new float[b];
        float[] te = new float[b];
        float[] tr = new float[b];
        for (int i = 0; i < b; i++) {
            int s = slot(logical[i]);
            System.arraycopy(observations, s * obsDim, o, i * obsDim, obsDim);
            System.arraycopy(actions, s * actDim, a, i * actDim, actDim);
            System.arraycopy(nextObservations, s * obsDim, n, i * obsDim, obsDim);
            r[i] = rewards[s];
            te[i] = terminated[s] ? 1f : 0f;
            tr[i] = truncated[s] ? 1f : 0f;
        }
        return new Batch(Nd4j.create(o, prepend(obsShape, b), DataType.FLOAT),
                Nd4j.create(a, prepend(actShape, b), DataType.FLOAT),
                Nd4j.create(r, new long[] {b}, DataType.FLOAT),
                Nd4j.create(n, prepend(obsShape, b), DataType.FLOAT),
                Nd4j.create(te, new long[] {b}, DataType.FLOAT),
                Nd4j.create(tr, new long[] {b}, DataType.FLOAT));
    }

    private static long[] prepend(long[] shape, long... lead) {
        long[] out = Arrays.copyOf(lead, lead.length + shape.length);
        System.arraycopy(shape, 0, out, lead.length, shape.length);
        return out;
    }

    private void checkNotEmpty(String operation) {
        if (size == 0) {
            throw new IllegalStateException("cannot " + operation + " from an empty replay buffer (capacity "
                    + capacity + "); add transitions first");
        }
    }

    private static void checkBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
        }
    }

    /** Reads {@code x} as float32 after checking its shape and that every value is finite. */
    private static float[] checkedFloats(String argument, INDArray x, long[] expected) {
        if (x == null) {
            throw new IllegalArgumentException(argument + " must not be null; expected shape "
                    + Arrays.toString(expected));
        }
        boolean scalarLike = expected.length == 0 || (expected.length == 1 && expected[0] == 1);
        boolean ok = scalarLike ? x.length() == 1 && x.rank() <= 1 : Arrays.equals(x.shape(), expected);
        if (!ok) {
            throw new IllegalArgumentException(argument + " has shape " + Arrays.toString(x.shape())
                    + "; expected " + Arrays.toString(expected));
        }
        // Reading the buffer directly is ~50x faster than dup/cast (tens of microseconds per native op).
        // Views carry buffer offsets that getFloatsAt does not handle the same way in every case: copy them.
        INDArray c = !x.isView() && isCContiguous(x) ? x : x.dup('c');
        float[] v = c.data().getFloatsAt(0, (int) c.length());
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException(argument + " holds " + v[i] + " at flat index " + i
                        + " (as float32); expected finite values");
            }
        }
        return v;
    }

    /** Whether the strides are row-major ones, so that the buffer holds the elements in c order. */
    private static boolean isCContiguous(INDArray x) {
        long[] shape = x.shape();
        long[] stride = x.stride();
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    private static int elementCount(String argument, long[] shape, int capacity) {
        long n = 1;
        for (long d : shape) {
            if (d < 1 || d > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(argument + " dimensions must be in [1, 2^31): "
                        + Arrays.toString(shape));
            }
            n *= d;
            if (n * capacity > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(argument + " " + Arrays.toString(shape) + " times capacity "
                        + capacity + " exceeds the largest Java array (" + (Integer.MAX_VALUE - 8) + " floats)");
            }
        }
        return (int) n;
    }
}
