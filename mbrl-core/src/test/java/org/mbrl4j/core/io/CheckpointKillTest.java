package org.mbrl4j.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed with SIGKILL while it writes a checkpoint leaves the previous checkpoint whole and loadable;
 * the temporary file of the killed write is removed by the next write.
 */
class CheckpointKillTest {

    @TempDir
    Path dir;

    @Test
    void killingTheWriterMidWriteLeavesThePreviousCheckpointLoadable() throws Exception {
        Path file = dir.resolve("agent.ckpt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                CheckpointWriterChild.class.getName(), file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            // Wait until one checkpoint is in place and the next one is being written.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(file) && temporaries().size() == 1 && Files.size(temporaries().get(0)) > 1_000_000)) {
                assertTrue(child.isAlive(), "the writer died: " + Files.readString(dir.resolve("child.log")));
                assertTrue(System.nanoTime() < deadline, "no write in progress within 60 s");
                Thread.sleep(2);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux and macOS: no shutdown hook, no finally block runs
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(!child.isAlive());
        List<Path> left = temporaries();
        assertEquals(1, left.size(), "the killed write left its temporary file: " + left);
        assertTrue(Files.size(left.get(0)) < Files.size(file) + 1, "a partial write");

        Checkpoint survivor = Checkpoints.read(file);
        long n = survivor.longValue("n");
        float[] data = survivor.floats("data");
        assertEquals(10_000_000, data.length);
        assertEquals((float) n, data[0]);
        assertEquals((float) n, data[data.length - 1]);

        Checkpoints.write(file, Checkpoint.builder().putLong("n", n + 1).build());
        assertEquals(List.of(), temporaries(), "the next write removes the killed write's temporary file");
        assertEquals(n + 1, Checkpoints.read(file).longValue("n"));
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".agent.ckpt.")
                    && p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

}
