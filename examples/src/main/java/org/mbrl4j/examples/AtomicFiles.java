package org.mbrl4j.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file whole or not at all: into a temporary file beside it ({@code .<name>.<random>.tmp}), then
 * renamed over it, so that a run killed while writing leaves the previous version or none, never half a
 * PNG. {@link RunFolder} removes temporary files left by a killed write when it replaces a run.
 */
final class AtomicFiles {

    /** Writes the bytes of a file to a stream. */
    @FunctionalInterface
    interface Content {
        /**
         * @param out the stream to write to (closed by the caller)
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * @param file the file to write; its folder must exist
     * @param content writes the file's bytes
     * @throws IOException if writing or renaming fails (the temporary file is removed, {@code file} untouched)
     */
    static void write(Path file, Content content) throws IOException {
        Path tmp = temporaryFor(file);
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
                content.writeTo(out);
            }
            moveIntoPlace(tmp, file);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * @param file the file that will be written
     * @return the name of a temporary file in the same folder (so that the rename stays on one file system),
     *     not created: created by the writer, it gets the permissions of any new file, not a temporary file's
     *     owner-only ones
     */
    static Path temporaryFor(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        String random = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        return dir.resolve("." + file.getFileName() + "." + random + ".tmp");
    }

    /**
     * Renames a finished temporary file over its target (atomically where the file system can).
     *
     * @param tmp the finished file
     * @param file its final name
     * @throws IOException if the rename fails
     */
    static void moveIntoPlace(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
