package org.mbrl4j.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.DirectoryStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes {@link Checkpoint}s atomically and reads them back with integrity checks. The byte layout is
 * described in the {@linkplain org.mbrl4j.core.io package documentation}.
 *
 * <p>A write goes to a temporary file in the target's directory, is forced to disk, and is then renamed
 * over the target ({@code ATOMIC_MOVE}, or {@code REPLACE_EXISTING} where the file system cannot move
 * atomically), so a crash or an exception mid-write leaves the previous file as it was. The temporary file is
 * named {@code .<target name>.<pid>-<counter>.tmp}; a write first deletes the temporary files of the same
 * target that a killed process left behind (those whose process no longer runs, and those of this process's
 * id that no write of this process holds open), so a crash costs disk space only until the next write.
 */
public final class Checkpoints {

    /** The format version this class writes and the only one it reads. */
    public static final int FORMAT_VERSION = 1;
    private static final int CHUNK = 1 << 16;
    private static final AtomicLong TEMP_COUNTER = new AtomicLong();
    /** The temporary files this process is writing now, which a concurrent write must not delete. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    private Checkpoints() {}

    /**
     * Something that writes a file's bytes to a stream; used by {@link #writeAtomically}.
     */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out the stream to write to; do not close it
         * @throws IOException if writing fails (the target file is then left untouched)
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes a checkpoint atomically, creating missing parent directories.
     *
     * @param file the target file; replaced if it exists
     * @param checkpoint what to write
     * @throws IOException if the file cannot be written (the previous file, if any, is then untouched)
     */
    public static void write(Path file, Checkpoint checkpoint) throws IOException {
        Objects.requireNonNull(checkpoint, "checkpoint");
        writeAtomically(file, out -> CheckpointFormat.encode(checkpoint, out));
    }

    /**
     * Writes any content atomically: to a temporary file next to {@code file}, fsync, then rename over
     * {@code file}. If {@code content} throws, the temporary file is deleted and {@code file} is untouched.
     * Stale temporary files of the same target left by a killed write are deleted first.
     *
     * @param file the target file; replaced if it exists
     * @param content writes the bytes
     * @throws IOException from {@code content} or the file system
     */
    public static void writeAtomically(Path file, Content content) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(content, "content");
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        removeStaleTemporaries(dir, target.getFileName().toString());
        Path tmp = createTemporary(dir, target.getFileName().toString());
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), CHUNK);
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncDirectory(dir);
        } finally {
            try {
                if (!moved) {
                    Files.deleteIfExists(tmp);
                }
            } finally {
                IN_FLIGHT.remove(tmp);
            }
        }
    }

    /**
     * Deletes {@code .<name>.<pid>-<n>.tmp} files in {@code dir} whose writer cannot still be writing: another
     * process id that is no longer alive, or this process's id with no write of this process behind it (a
     * leftover of an earlier process that had the same id). Files of other live processes are left alone.
     *
     * @param dir  the target's directory
     * @param name the target's file name
     * @return the number of files deleted
     * @throws IOException if the directory cannot be listed
     */
    static int removeStaleTemporaries(Path dir, String name) throws IOException {
        String prefix = "." + name + ".";
        long self = ProcessHandle.current().pid();
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, path -> {
            String f = path.getFileName().toString();
            return f.startsWith(prefix) && f.endsWith(".tmp");
        })) {
            for (Path path : files) {
                String middle = path.getFileName().toString();
                middle = middle.substring(prefix.length(), middle.length() - ".tmp".length());
                int dash = middle.indexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(dash < 0 ? middle : middle.substring(0, dash));
                    if (dash >= 0) {
                        Long.parseLong(middle.substring(dash + 1));
                    }
                } catch (NumberFormatException e) {
                    continue; // not one of ours
                }
                boolean abandoned = pid == self ? !IN_FLIGHT.contains(path.toAbsolutePath())
                        : ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
                if (abandoned) {
                    stale.add(path);
                }
            }
        }
        int removed = 0;
        for (Path path : stale) {
            try {
                if (Files.deleteIfExists(path)) {
                    removed++;
                }
            } catch (IOException e) {
                // Another cleaner got there first, or no permission: the write itself does not depend on it.
            }
        }
        return removed;
    }

    /**
     * Reads and verifies a checkpoint: first the size and the CRC-32 over the whole content, then the entries.
     *
     * @param file the file to read
     * @return the checkpoint
     * @throws CorruptCheckpointException on a wrong magic, an unknown format version, a truncated or
     *     extended file, a checksum mismatch or malformed entries; the message names the file and the problem
     * @throws IOException if the file cannot be read at all (e.g. {@link java.nio.file.NoSuchFileException}) or
     *     is a directory (the message names the path)
     */
    public static Checkpoint read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a directory; expected a checkpoint file");
        }
        return CheckpointFormat.read(file);
    }

    /**
     * Creates an empty file next to the target with the directory's default permissions (unlike
     * {@link Files#createTempFile}, which makes it owner-only, a mode the checkpoint would keep after the rename).
     * The name is unique per process and call, not random, so no generator is involved.
     */
    private static Path createTemporary(Path dir, String name) throws IOException {
        long pid = ProcessHandle.current().pid();
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + pid + "-" + TEMP_COUNTER.incrementAndGet() + ".tmp");
            IN_FLIGHT.add(tmp); // before the file exists, so a concurrent cleaner never sees it unclaimed
            try {
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                IN_FLIGHT.remove(tmp);
                // A leftover of an earlier process with the same pid: take the next name.
                if (attempt >= 1000) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                IN_FLIGHT.remove(tmp);
                throw e;
            }
        }
    }

    /** Makes the rename durable; some platforms cannot open a directory, which costs only durability there. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Best effort: the data itself was forced before the rename.
        }
    }
}
