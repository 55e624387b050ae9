package org.mbrl4j.algorithms.muzero;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.core.io.Checkpoint;

/**
 * MuZero's replay of whole games with prioritised sampling of positions (Schaul et al. 2016, as MuZero uses it,
 * appendix G): position {@code i} is drawn with probability {@code P(i) = p_i^alpha / sum_j p_j^alpha} and
 * weighted by {@code w_i = (N P(i))^-beta / max_batch w}. New positions enter with the largest priority seen so
 * far; {@link #updatePriority} sets a position's priority after training on it. Holds at most {@code capacity}
 * positions: the oldest whole games leave first. A sum tree makes a draw and an update {@code O(log capacity)}.
 * {@link #writeTo} / {@link #readFrom} save and restore the games, where each one starts in the ring, the sum
 * tree as it stands and the largest priority, so that draws after a restore equal those without it. Not
 * thread-safe.
 */
final class GameReplay {

    /** One drawn position. */
    record Sample(GameHistory game, int index, int slot, double weight) {
    }

    private final int capacity;
    private final double alpha;
    private final double beta;
    private final int leaves;
    private final double[] tree;
    private final GameHistory[] slotGame;
    private final int[] slotIndex;
    private final ArrayDeque<GameHistory> games = new ArrayDeque<>();
    private final ArrayDeque<Integer> gameStarts = new ArrayDeque<>();
    private int head;
    private int size;
    private double maxPriority = 1.0;

    /**
     * @param capacity positions kept, {@code >= 1}
     * @param alpha    prioritisation exponent, {@code >= 0}
     * @param beta     importance-weight exponent, in {@code [0, 1]}
     */
    GameReplay(int capacity, double alpha, double beta) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.capacity = capacity;
        this.alpha = alpha;
        this.beta = beta;
        int l = 1;
        while (l < capacity) {
            l <<= 1;
        }
        this.leaves = l;
        this.tree = new double[2 * l];
        this.slotGame = new GameHistory[capacity];
        this.slotIndex = new int[capacity];
    }

    /** @return positions stored */
    int size() {
        return size;
    }

    /** @return games stored */
    int games() {
        return games.size();
    }

    /**
     * Stores a finished game, evicting the oldest games as needed.
     *
     * @param game a finished game of at least one move
     * @throws IllegalArgumentException if it has more moves than the capacity
     */
    void add(GameHistory game) {
        int length = game.length();
        if (length < 1) {
            throw new IllegalArgumentException("a game needs at least one move: " + length);
        }
        if (length > capacity) {
            throw new IllegalArgumentException("a game of " + length + " moves does not fit a buffer of "
                    + capacity + " positions (bufferSize)");
        }
        while (size + length > capacity) {
            GameHistory old = games.removeFirst();
            int start = gameStarts.removeFirst();
            for (int t = 0; t < old.length(); t++) {
                int slot = (start + t) % capacity;
                set(slot, 0);
                slotGame[slot] = null;
            }
            size -= old.length();
        }
        double p = Math.pow(maxPriority, alpha);
        for (int t = 0; t < length; t++) {
            int slot = (head + t) % capacity;
            slotGame[slot] = game;
            slotIndex[slot] = t;
            set(slot, p);
        }
        games.addLast(game);
        gameStarts.addLast(head);
        head = (head + length) % capacity;
        size += length;
    }

    /**
     * Draws positions with replacement.
     *
     * @param count positions to draw, {@code >= 1}
     * @param rng   the generator of the draws
     * @return the positions and their importance weights (largest 1)
     * @throws IllegalStateException if the buffer is empty
     */
    Sample[] sample(int count, RandomGenerator rng) {
        Objects.requireNonNull(rng, "rng");
        if (size == 0) {
            throw new IllegalStateException("the replay buffer holds no game yet");
        }
        double total = tree[1];
        Sample[] out = new Sample[count];
        double[] w = new double[count];
        double maxW = 0;
        for (int i = 0; i < count; i++) {
            int slot = find(rng.nextDouble() * total);
            double prob = tree[leaves + slot] / total;
            w[i] = Math.pow(size * prob, -beta);
            maxW = Math.max(maxW, w[i]);
            out[i] = new Sample(slotGame[slot], slotIndex[slot], slot, 0);
        }
        for (int i = 0; i < count; i++) {
            out[i] = new Sample(out[i].game(), out[i].index(), out[i].slot(), w[i] / maxW);
        }
        return out;
    }

    /**
     * @param slot     a slot returned by {@link #sample}
     * @param priority the new priority {@code p >= 0} (before the exponent), finite
     */
    void updatePriority(int slot, double priority) {
        if (!(priority >= 0) || Double.isInfinite(priority)) {
            throw new IllegalArgumentException("priority must be finite and >= 0: " + priority);
        }
        if (slotGame[slot] == null) {
            return; // the game left the buffer since the draw
        }
        maxPriority = Math.max(maxPriority, priority);
        set(slot, Math.pow(priority, alpha));
    }

    /**
     * Adds the whole buffer to a checkpoint: the games ({@link GameEntries} under {@code games.}), their first
     * slots ({@code starts}), {@code capacity}, {@code head}, {@code size}, {@code maxPriority} and the sum tree
     * ({@code tree}, {@code 2 L} doubles for {@code L} leaves).
     *
     * @param builder the checkpoint being built
     * @param prefix  prefix of the entry names
     * @param obsDim  observation size of the games
     * @param actions number of actions
     */
    void writeTo(Checkpoint.Builder builder, String prefix, int obsDim, int actions) {
        builder.putLong(prefix + "capacity", capacity);
        builder.putLong(prefix + "head", head);
        builder.putLong(prefix + "size", size);
        builder.putDouble(prefix + "maxPriority", maxPriority);
        builder.putDoubles(prefix + "tree", tree);
        GameEntries.write(builder, prefix + "games.", new ArrayList<>(games), obsDim, actions);
        if (!games.isEmpty()) {
            builder.putInts(prefix + "starts", gameStarts.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /**
     * Replaces the content with a buffer written by {@link #writeTo}. Everything is checked before anything
     * changes.
     *
     * @param checkpoint the checkpoint
     * @param prefix     the prefix given to {@link #writeTo}
     * @param obsDim     the observation size the games must have
     * @param actions    the number of actions the games must have
     * @throws IllegalArgumentException if the saved capacity differs from this buffer's, or an entry is missing or
     *     inconsistent (naming it)
     */
    void readFrom(Checkpoint checkpoint, String prefix, int obsDim, int actions) {
        long savedCapacity = checkpoint.longValue(prefix + "capacity");
        if (savedCapacity != capacity) {
            throw new IllegalArgumentException("checkpoint entry '" + prefix + "capacity' is " + savedCapacity
                    + "; expected " + capacity);
        }
        long savedHead = checkpoint.longValue(prefix + "head");
        long savedSize = checkpoint.longValue(prefix + "size");
        double savedMax = checkpoint.doubleValue(prefix + "maxPriority");
        double[] savedTree = checkpoint.doubles(prefix + "tree");
        if (savedHead < 0 || savedHead >= capacity || savedSize < 0 || savedSize > capacity
                || !(savedMax > 0) || savedTree.length != tree.length) {
            throw new IllegalArgumentException("checkpoint entries '" + prefix + "head', 'size', 'maxPriority' and "
                    + "'tree' are " + savedHead + ", " + savedSize + ", " + savedMax + " and " + savedTree.length
                    + " values; expected a head below " + capacity + ", a size up to it, a positive priority and "
                    + tree.length + " values");
        }
        List<GameHistory> saved = GameEntries.read(checkpoint, prefix + "games.", obsDim, actions);
        int[] starts = saved.isEmpty() ? new int[0] : checkpoint.ints(prefix + "starts");
        long moves = 0;
        for (GameHistory g : saved) {
            if (!g.finished() || g.length() < 1) {
                throw new IllegalArgumentException("checkpoint entry '" + prefix + "games.' holds an unfinished or "
                        + "empty game");
            }
            moves += g.length();
        }
        if (starts.length != saved.size() || moves != savedSize) {
            throw new IllegalArgumentException("checkpoint entries '" + prefix + "starts' and '" + prefix + "size' ("
                    + starts.length + " games, " + savedSize + " positions) do not match the " + saved.size()
                    + " games of " + moves + " moves stored");
        }
        for (int start : starts) {
            if (start < 0 || start >= capacity) {
                throw new IllegalArgumentException("checkpoint entry '" + prefix + "starts' holds " + start
                        + "; expected a slot in [0, " + capacity + ")");
            }
        }
        java.util.Arrays.fill(slotGame, null);
        java.util.Arrays.fill(slotIndex, 0);
        games.clear();
        gameStarts.clear();
        for (int i = 0; i < saved.size(); i++) {
            GameHistory g = saved.get(i);
            for (int t = 0; t < g.length(); t++) {
                int slot = (starts[i] + t) % capacity;
                slotGame[slot] = g;
                slotIndex[slot] = t;
            }
            games.addLast(g);
            gameStarts.addLast(starts[i]);
        }
        System.arraycopy(savedTree, 0, tree, 0, tree.length);
        head = (int) savedHead;
        size = (int) savedSize;
        maxPriority = savedMax;
    }

    /**
     * The age of a stored position as EfficientZero's off-policy correction counts it ({@code total_transitions -
     * idx} with {@code idx} the position's index in the buffer, oldest first): the positions from this one to the
     * newest, both counted.
     *
     * @param slot a slot returned by {@link #sample}, holding a position
     * @return the age, in {@code [1, size]}: 1 for the newest position, {@code size} for the oldest
     * @throws IllegalArgumentException if the slot holds no position
     */
    int age(int slot) {
        if (slot < 0 || slot >= capacity || slotGame[slot] == null) {
            throw new IllegalArgumentException("slot " + slot + " holds no position");
        }
        int oldest = gameStarts.peekFirst();
        int index = Math.floorMod(slot - oldest, capacity);
        return size - index;
    }

    /** @return the sampling probability of a slot (for tests) */
    double probability(int slot) {
        return tree[leaves + slot] / tree[1];
    }

    private void set(int slot, double value) {
        int i = leaves + slot;
        tree[i] = value;
        for (i >>= 1; i >= 1; i >>= 1) {
            tree[i] = tree[2 * i] + tree[2 * i + 1];
        }
    }

    /** The slot whose cumulative priority interval holds {@code u}, skipping empty leaves. */
    private int find(double u) {
        int i = 1;
        while (i < leaves) {
            int left = 2 * i;
            if (u < tree[left] || tree[left + 1] <= 0) {
                i = left;
            } else {
                u -= tree[left];
                i = left + 1;
            }
        }
        int slot = i - leaves;
        if (slot >= capacity || tree[i] <= 0) {
            // rounding put u past the last positive leaf: take the last stored position instead
            for (int s = capacity - 1; s >= 0; s--) {
                if (tree[leaves + s] > 0) {
                    return s;
                }
            }
            throw new IllegalStateException("no position has a positive priority among " + size);
        }
        return slot;
    }
}
