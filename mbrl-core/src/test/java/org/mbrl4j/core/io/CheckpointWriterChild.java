package org.mbrl4j.core.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The child process of {@link CheckpointKillTest}: writes checkpoints of about 40 MB to one file, forever,
 * each holding its sequence number in every element, until it is killed.
 */
public final class CheckpointWriterChild {

    private CheckpointWriterChild() {
    }

    /**
     * @param args the checkpoint file
     * @throws IOException if a write fails
     */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        float[] data = new float[10_000_000];
        for (long n = 0; ; n++) {
            Arrays.fill(data, n);
            Checkpoints.write(file, Checkpoint.builder().putLong("n", n).putFloats("data", data).build());
        }
    }
}
