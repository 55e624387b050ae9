package org.mbrl4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.io.Checkpoints;
import picocli.CommandLine;

/**
 * {@code --checkpoint-every} and {@code --resume}: a run killed with SIGKILL in a child JVM after its first
 * checkpoint and resumed with {@code --resume} ends with the same metrics rows (wall-clock time aside) and the
 * same final checkpoint as the same run left alone.
 */
class ResumeCommandTest {

    @TempDir
    Path dir;

    private static int execute(String... args) {
        CommandLine cli = Mbrl4jCommand.commandLine();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        assertEquals(0, code, String.join(" ", args) + ": " + err);
        return code;
    }

    private static List<String> withoutColumn(List<String> csv, String column) {
        int k = List.of(csv.get(0).split(",", -1)).indexOf(column);
        List<String> out = new ArrayList<>();
        for (String line : csv) {
            List<String> f = new ArrayList<>(List.of(line.split(",", -1)));
            f.remove(k);
            out.add(String.join(",", f));
        }
        return out;
    }

    private void assertSameRun(Path straight, Path resumed, String timeColumn) throws IOException {
        assertEquals(withoutColumn(Files.readAllLines(straight.resolve("episodes.csv")), timeColumn),
                withoutColumn(Files.readAllLines(resumed.resolve("episodes.csv")), timeColumn));
        if (Files.exists(straight.resolve("train.jsonl"))) {
            assertEquals(Files.readAllLines(straight.resolve("train.jsonl")),
                    Files.readAllLines(resumed.resolve("train.jsonl")));
        }
        Checkpoint a = Checkpoints.read(straight.resolve(RunCheckpoint.FILE));
        Checkpoint b = Checkpoints.read(resumed.resolve(RunCheckpoint.FILE));
        for (String name : a.names()) {
            if (!name.equals("reports.seconds")) {
                assertEquals(a.type(name), b.type(name), name);
                assertEquals(String.valueOf(a.type(name).isArray() ? a.array(name) : ""),
                        String.valueOf(b.type(name).isArray() ? b.array(name) : ""), name);
            }
        }
        assertTrue(Files.exists(resumed.resolve("returns.png")));
    }

    /**
     * Starts the command line in a child JVM and kills it (SIGKILL) once its first checkpoint is written. The child
     * gets the SIMD kernels as the test JVM and the {@code mbrl4j} launcher do ({@code --add-modules
     * jdk.incubator.vector}); without it some element-wise ops fall back to ND4J's, whose results differ in the
     * last bits, and a run split between the two JVMs would not match the straight one.
     */
    private void killAfterFirstCheckpoint(Path out, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-Djava.awt.headless=true", "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), Mbrl4jCommand.class.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(out.resolve(RunCheckpoint.FILE)) && child.isAlive()) {
                assertTrue(System.nanoTime() < deadline, "no checkpoint within 120 s");
                Thread.sleep(5);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSacRunKilledAfterACheckpointAndResumedEndsAsTheRunLeftAlone() throws Exception {
        Path straight = dir.resolve("straight");
        Path resumed = dir.resolve("resumed");
        String[] common = {"sac", "--steps", "1000", "--random-steps", "100", "--eval-every", "2", "--eval-episodes",
            "1", "--seed", "4", "--checkpoint-every", "400"};
        execute(concat(common, "--out", straight.toString()));
        killAfterFirstCheckpoint(resumed, concat(common, "--out", resumed.toString()));
        assertTrue(Files.exists(resumed.resolve(RunCheckpoint.FILE)), Files.readString(dir.resolve("child.log")));
        execute("sac", "--resume", resumed.toString());
        assertSameRun(straight, resumed, "wall_seconds");
    }

    @Test
    void aMuzeroRunKilledAfterACheckpointAndResumedEndsAsTheRunLeftAlone() throws Exception {
        Path straight = dir.resolve("muzero-straight");
        Path resumed = dir.resolve("muzero-resumed");
        String[] common = {"muzero", "--steps", "400", "--random-steps", "60", "--simulations", "4",
            "--training-ratio", "0.25", "--eval-every", "3", "--eval-episodes", "1", "--seed", "4", "--gif-width", "0",
            "--checkpoint-every", "150"};
        execute(concat(common, "--out", straight.toString()));
        killAfterFirstCheckpoint(resumed, concat(common, "--out", resumed.toString()));
        assertTrue(Files.exists(resumed.resolve(RunCheckpoint.FILE)), Files.readString(dir.resolve("child.log")));
        long savedAt = Checkpoints.read(resumed.resolve(RunCheckpoint.FILE)).longValue("loop.steps");
        assertTrue(savedAt < 400, "the first checkpoint is mid-run: step " + savedAt);
        execute("muzero", "--resume", resumed.toString());
        assertSameRun(straight, resumed, "wall_seconds");
    }

    /** The run's image observations and action repeat come back from the checkpoint, not from the options. */
    @Test
    void aDreamerRunFromPixelsKilledAfterACheckpointAndResumedEndsAsTheRunLeftAlone() throws Exception {
        Path straight = dir.resolve("straight");
        Path resumed = dir.resolve("resumed");
        String[] common = {"dreamer", "--model-size", "tiny", "--pixels", "--image-size", "16", "--action-repeat", "2",
            "--steps", "200", "--random-steps", "50", "--pretrain-updates", "1", "--train-ratio", "16",
            "--eval-every", "1", "--eval-episodes", "1", "--seed", "4", "--checkpoint-every", "100"};
        execute(concat(common, "--out", straight.toString()));
        killAfterFirstCheckpoint(resumed, concat(common, "--out", resumed.toString()));
        assertTrue(Files.exists(resumed.resolve(RunCheckpoint.FILE)), Files.readString(dir.resolve("child.log")));
        execute("dreamer", "--resume", resumed.toString());
        assertSameRun(straight, resumed, "wall_seconds");
    }

    @Test
    void aPlanetRunKilledAfterACheckpointAndResumedEndsAsTheRunLeftAlone() throws Exception {
        Path straight = dir.resolve("straight");
        Path resumed = dir.resolve("resumed");
        String[] common = {"planet", "--action-repeat", "2", "--steps", "200", "--random-steps", "50",
            "--pretrain-updates", "1", "--candidates", "10", "--iterations", "1", "--eval-every", "1",
            "--eval-episodes", "1", "--seed", "4", "--checkpoint-every", "100"};
        execute(concat(common, "--out", straight.toString()));
        killAfterFirstCheckpoint(resumed, concat(common, "--out", resumed.toString()));
        assertTrue(Files.exists(resumed.resolve(RunCheckpoint.FILE)), Files.readString(dir.resolve("child.log")));
        execute("planet", "--resume", resumed.toString());
        assertSameRun(straight, resumed, "wall_seconds");
    }

    /**
     * A PETS run's checkpoint carries what resuming needs; a finished run resumed adds nothing. (The exactness of
     * a PETS resume is PetsCheckpointTest's: a planned trial at the command line's budgets takes too long here.)
     */
    @Test
    void resumingAFinishedPetsRunKeepsItsRowsAndAddsNone() throws Exception {
        Path run = dir.resolve("pets");
        execute("pets", "--env", "Pendulum-v1", "--trials", "1", "--seed", "2", "--gif-width", "0",
                "--checkpoint-every", "1", "--out", run.toString());
        List<String> rows = Files.readAllLines(run.resolve("episodes.csv"));
        assertEquals(2, rows.size());
        Checkpoint saved = Checkpoints.read(run.resolve(RunCheckpoint.FILE));
        assertEquals("pets", saved.string("cli.command"));
        assertEquals("Pendulum-v1", saved.string("cli.env"));
        assertEquals("cem", saved.string("cli.optimizer"));
        execute("pets", "--resume", run.toString(), "--gif-width", "0");
        assertEquals(rows, Files.readAllLines(run.resolve("episodes.csv")));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
