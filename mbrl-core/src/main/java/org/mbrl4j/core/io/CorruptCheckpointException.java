package org.mbrl4j.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint file that cannot be trusted: wrong magic, unknown format version, truncated, a checksum
 * mismatch, or contents that do not describe what the reader expects. The message names the file and the
 * problem.
 */
public final class CorruptCheckpointException extends IOException {

    private final transient Path file;

    /**
     * @param file the file that was read
     * @param problem what is wrong with it
     */
    public CorruptCheckpointException(Path file, String problem) {
        super("corrupt checkpoint " + file + ": " + problem);
        this.file = file;
    }

    /**
     * @param file the file that was read
     * @param problem what is wrong with it
     * @param cause the underlying failure
     */
    public CorruptCheckpointException(Path file, String problem, Throwable cause) {
        super("corrupt checkpoint " + file + ": " + problem, cause);
        this.file = file;
    }

    /** @return the file that was read */
    public Path file() {
        return file;
    }
}
