package org.mbrl4j.algorithms.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.io.Checkpoints;
import org.mbrl4j.core.io.CorruptCheckpointException;
import org.mbrl4j.core.io.RecordEntries;
import org.mbrl4j.core.random.SplitMix64;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Discrete;
import org.mbrl4j.core.spaces.Space;

/**
 * The entries every algorithm's checkpoint shares: a {@code kind} naming the algorithm, a format version,
 * the config record, and the problem's sizes (observation size and action space, or for learners of images
 * the whole observation and action spaces; a {@link Box} as its bounds {@code low} / {@code high}, a
 * {@link Discrete} as {@code n} / {@code start}), with the checks that refuse a checkpoint of
 * another algorithm or another config before anything is restored.
 */
public final class AgentCheckpoints {

    /** The version of the agents' checkpoint layout that this code writes and reads. */
    public static final long FORMAT = 1;

    private AgentCheckpoints() {
    }

    /**
     * Writes {@code kind}, the format, the config, {@code obsDim} and the action space under {@code prefix}.
     *
     * @param builder     the checkpoint being built
     * @param prefix      prefix of the entry names
     * @param kind        the algorithm's name, e.g. {@code "mbrl4j.Sac"}
     * @param config      the config record the agent was built from
     * @param obsDim      the observation size
     * @param actionSpace the action space, a {@link Box} or a {@link Discrete}
     * @throws IllegalArgumentException if the action space is neither
     */
    public static void writeHeader(Checkpoint.Builder builder, String prefix, String kind, Record config,
            int obsDim, Space actionSpace) {
        builder.putString(prefix + "kind", kind);
        builder.putLong(prefix + "format", FORMAT);
        builder.putLong(prefix + "obsDim", obsDim);
        putSpace(builder, prefix + "action.", actionSpace);
        RecordEntries.write(builder, prefix + "config.", config);
    }

    /**
     * Writes {@code kind}, the format, the config and both spaces under {@code prefix}: the header of a learner
     * whose observations may be images and whose actions may be discrete (the spaces as {@link #putSpace} writes
     * them, under {@code observation.} and {@code action.}).
     *
     * @param builder          the checkpoint being built
     * @param prefix           prefix of the entry names
     * @param kind             the algorithm's name, e.g. {@code "dreamer"}
     * @param config           the config record the agent was built from
     * @param observationSpace the observation space
     * @param actionSpace      the action space
     */
    public static void writeHeader(Checkpoint.Builder builder, String prefix, String kind, Record config,
            Space observationSpace, Space actionSpace) {
        builder.putString(prefix + "kind", kind);
        builder.putLong(prefix + "format", FORMAT);
        putSpace(builder, prefix + "observation.", observationSpace);
        putSpace(builder, prefix + "action.", actionSpace);
        RecordEntries.write(builder, prefix + "config.", config);
    }

    /**
     * Puts a space: a {@link Box} as {@code low} and {@code high} (with the box's shape), a {@link Discrete} as
     * {@code n} and {@code start}.
     *
     * @param builder the checkpoint being built
     * @param prefix  prefix of the entry names, e.g. {@code "action."}
     * @param space   the space
     * @throws IllegalArgumentException if the space is neither a {@link Box} nor a {@link Discrete}
     */
    public static void putSpace(Checkpoint.Builder builder, String prefix, Space space) {
        if (space instanceof Discrete d) {
            builder.putLong(prefix + "n", d.n());
            builder.putLong(prefix + "start", d.start());
        } else if (space instanceof Box box) {
            builder.putDoubles(prefix + "low", box.low(), box.shape());
            builder.putDoubles(prefix + "high", box.high(), box.shape());
        } else {
            throw new IllegalArgumentException("a space must be a Box or a Discrete to be saved: " + space);
        }
    }

    /**
     * @param checkpoint the checkpoint
     * @param prefix     the prefix given to {@link #putSpace}
     * @return the stored space
     * @throws IllegalArgumentException if an entry is missing or the values do not make a space (naming it)
     */
    public static Space space(Checkpoint checkpoint, String prefix) {
        if (checkpoint.contains(prefix + "n")) {
            long n = checkpoint.longValue(prefix + "n");
            long start = checkpoint.longValue(prefix + "start");
            if (n < 1 || n > Integer.MAX_VALUE || start < Integer.MIN_VALUE || start > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("checkpoint entries '" + prefix + "n' and '" + prefix
                        + "start' are " + n + " and " + start + "; expected n >= 1 and both ints");
            }
            return Discrete.of((int) n, (int) start);
        }
        return Box.of(checkpoint.doubles(prefix + "low"), checkpoint.doubles(prefix + "high"),
                checkpoint.shape(prefix + "low"));
    }

    /**
     * Checks the kind, then that the stored config and spaces (a header written with the spaces by
     * {@code writeHeader}) equal this agent's.
     *
     * @param checkpoint       the checkpoint
     * @param prefix           the prefix given to {@code writeHeader}
     * @param kind             the expected kind
     * @param config           this agent's config
     * @param observationSpace this agent's observation space
     * @param actionSpace      this agent's action space
     * @throws IllegalArgumentException naming what differs (every differing config field with both values)
     */
    public static void checkMatches(Checkpoint checkpoint, String prefix, String kind, Record config,
            Space observationSpace, Space actionSpace) {
        checkKind(checkpoint, prefix, kind);
        checkConfig(checkpoint, prefix, kind, config);
        Space storedObs = space(checkpoint, prefix + "observation.");
        Space storedActions = space(checkpoint, prefix + "action.");
        if (!storedObs.equals(observationSpace) || !storedActions.equals(actionSpace)) {
            throw new IllegalArgumentException("the checkpoint's " + kind + " has observations " + storedObs
                    + " and actions " + storedActions + "; this agent has " + observationSpace + " and "
                    + actionSpace);
        }
    }

    private static void checkConfig(Checkpoint checkpoint, String prefix, String kind, Record config) {
        Record stored = RecordEntries.read(checkpoint, prefix + "config.", config.getClass());
        List<String> diff = RecordEntries.differences(stored, config);
        if (!diff.isEmpty()) {
            throw new IllegalArgumentException("the checkpoint's " + kind + " was made with another config "
                    + "(checkpoint vs this agent): " + String.join(", ", diff));
        }
    }

    /**
     * Checks that a checkpoint holds an agent of this kind and format.
     *
     * @param checkpoint the checkpoint
     * @param prefix     the prefix given to {@link #writeHeader}
     * @param kind       the expected kind
     * @throws IllegalArgumentException if the kind or the format differ, naming both
     */
    public static void checkKind(Checkpoint checkpoint, String prefix, String kind) {
        String found = checkpoint.contains(prefix + "kind")
                && checkpoint.type(prefix + "kind") == Checkpoint.EntryType.STRING
                ? checkpoint.string(prefix + "kind") : null;
        if (!kind.equals(found)) {
            throw new IllegalArgumentException("the checkpoint holds "
                    + (found == null ? "no agent (no '" + prefix + "kind' entry)" : "a " + found)
                    + "; expected a " + kind);
        }
        long format = checkpoint.longValue(prefix + "format");
        if (format != FORMAT) {
            throw new IllegalArgumentException("the checkpoint's " + kind + " has format " + format
                    + "; this version reads " + FORMAT);
        }
    }

    /**
     * Checks the kind, then that the stored config and problem sizes equal this agent's.
     *
     * @param checkpoint  the checkpoint
     * @param prefix      the prefix given to {@link #writeHeader}
     * @param kind        the expected kind
     * @param config      this agent's config
     * @param obsDim      this agent's observation size
     * @param actionSpace this agent's action space
     * @throws IllegalArgumentException naming what differs (every differing config field with both values)
     */
    public static void checkMatches(Checkpoint checkpoint, String prefix, String kind, Record config, int obsDim,
            Space actionSpace) {
        checkKind(checkpoint, prefix, kind);
        checkConfig(checkpoint, prefix, kind, config);
        long storedObs = checkpoint.longValue(prefix + "obsDim");
        Space storedActions = actionSpace(checkpoint, prefix);
        if (storedObs != obsDim || !storedActions.equals(actionSpace)) {
            throw new IllegalArgumentException("the checkpoint's " + kind + " has observation size " + storedObs
                    + " and actions " + storedActions + "; this agent has " + obsDim + " and " + actionSpace);
        }
    }

    /**
     * @param checkpoint the checkpoint
     * @param prefix     the prefix given to {@link #writeHeader}
     * @param type       the config's record class
     * @param <R>        the config type
     * @return the stored config
     * @throws IllegalArgumentException if it is missing or invalid (naming the entry)
     */
    public static <R extends Record> R config(Checkpoint checkpoint, String prefix, Class<R> type) {
        return RecordEntries.read(checkpoint, prefix + "config.", type);
    }

    /**
     * @param checkpoint the checkpoint
     * @param prefix     the prefix given to {@link #writeHeader}
     * @return the stored observation size
     */
    public static int observationSize(Checkpoint checkpoint, String prefix) {
        long v = checkpoint.longValue(prefix + "obsDim");
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("checkpoint entry '" + prefix + "obsDim' is " + v + "; expected >= 1");
        }
        return (int) v;
    }

    /**
     * @param checkpoint the checkpoint
     * @param prefix     the prefix given to {@link #writeHeader}
     * @return the stored action space: a {@link Discrete} where {@code action.n} is stored, else a {@link Box}
     * @throws IllegalArgumentException if the entries are missing or out of range (naming the entry)
     */
    public static Space actionSpace(Checkpoint checkpoint, String prefix) {
        return space(checkpoint, prefix + "action.");
    }

    /**
     * Puts a generator's state.
     *
     * @param builder the checkpoint being built
     * @param name    the entry name
     * @param rng     the generator
     */
    public static void putGenerator(Checkpoint.Builder builder, String name, SplitMix64 rng) {
        builder.putLong(name, rng.state());
    }

    /**
     * Restores a generator's state.
     *
     * @param checkpoint the checkpoint
     * @param name       the entry name
     * @param rng        the generator to restore
     */
    public static void readGenerator(Checkpoint checkpoint, String name, SplitMix64 rng) {
        rng.restore(checkpoint.longValue(name));
    }

    /**
     * Writes a checkpoint file atomically (see {@link Checkpoints#write}).
     *
     * @param file       the file
     * @param checkpoint the content
     * @throws IOException if it cannot be written (a previous file is then left as it was)
     */
    public static void write(Path file, Checkpoint checkpoint) throws IOException {
        Checkpoints.write(file, checkpoint);
    }

    /**
     * Reads a checkpoint file and builds something from it, turning malformed content into a
     * {@link CorruptCheckpointException} that names the file.
     *
     * @param file   the file
     * @param reader builds the result; throws IllegalArgumentException on malformed content
     * @param <T>    the result type
     * @return the result
     * @throws IOException if the file is missing or unreadable, or a CorruptCheckpointException if damaged or
     *     not what {@code reader} expects (the message names the file and the fault)
     */
    public static <T> T read(Path file, java.util.function.Function<Checkpoint, T> reader) throws IOException {
        Checkpoint cp = Checkpoints.read(file);
        try {
            return reader.apply(cp);
        } catch (IllegalArgumentException e) {
            throw new CorruptCheckpointException(file, e.getMessage(), e);
        }
    }

    /**
     * Loads a learner saved by {@link OffPolicyLearner#save}: builds it from the checkpoint's header (the
     * learner's {@code fromCheckpoint}), then restores its whole state ({@link OffPolicyLearner#readState}).
     *
     * @param file          the checkpoint file
     * @param fromCheckpoint builds a learner of the saved config from the checkpoint and an entry prefix (here
     *                      {@code ""}), e.g. {@code Sac::fromCheckpoint}
     * @param <L>           the learner type
     * @return the learner, which continues exactly as the saved one would have
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws IOException if it cannot be read, or a CorruptCheckpointException if it is damaged or holds
     *     another kind of learner (the message names the file and the fault)
     */
    public static <L extends OffPolicyLearner> L loadLearner(Path file,
            java.util.function.BiFunction<Checkpoint, String, L> fromCheckpoint) throws IOException {
        return read(file, cp -> {
            L learner = fromCheckpoint.apply(cp, "");
            learner.readState(cp, "");
            return learner;
        });
    }
}
