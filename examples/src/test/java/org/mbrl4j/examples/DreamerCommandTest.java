package org.mbrl4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.io.Checkpoints;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Space;
import org.mbrl4j.examples.CliRun.Result;

class DreamerCommandTest {

    @Test
    void dreamerRunLeavesEvaluationsAndTrainingMetrics(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("dreamer");
        Result r = CliRun.execute("dreamer", "--model-size", "tiny", "--steps", "400", "--random-steps", "200",
                "--pretrain-updates", "2", "--train-ratio", "32", "--eval-every", "1", "--eval-episodes", "1",
                "--seed", "1", "--checkpoint-every", "200", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("episodes.csv"));
        assertEquals(3, csv.size(), "header + 2 Pendulum episodes of 200 steps");
        List<String> train = Files.readAllLines(out.resolve("train.jsonl"));
        assertTrue(train.get(1).contains("\"model_loss\"") && train.get(1).contains("\"return_scale\""),
                train.get(1));
        assertTrue(Files.size(out.resolve("returns.png")) > 0);
        assertTrue(Files.size(out.resolve("open-loop.png")) > 0, "the open-loop prediction of state vectors");
        assertFalse(Files.exists(out.resolve("video-prediction.gif")));
        assertTrue(Files.readString(out.resolve("config.json")).contains("\"trainRatio\""));
        Checkpoint saved = Checkpoints.read(out.resolve(RunCheckpoint.FILE));
        assertEquals("dreamer", saved.string("cli.command"));
        assertEquals("false", saved.string("cli.pixels"));
        assertTrue(saved.names().stream().anyMatch(n -> n.startsWith("learner.slowCritic.")), "the slow critic");
        Result resumed = CliRun.execute("dreamer", "--resume", out.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(csv, Files.readAllLines(out.resolve("episodes.csv")), "a finished run resumed adds nothing");
        assertEquals(train, Files.readAllLines(out.resolve("train.jsonl")));
    }

    @Test
    void dreamerLearnsFromPixels(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("dreamer-pixels");
        Result r = CliRun.execute("dreamer", "--model-size", "tiny", "--pixels", "--image-size", "16", "--conv-depth",
                "4", "--latents", "4x4", "--steps", "400", "--random-steps", "250", "--pretrain-updates", "1",
                "--train-ratio", "32", "--eval-every", "0", "--eval-episodes", "1", "--seed", "1", "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> train = Files.readAllLines(out.resolve("train.jsonl"));
        assertTrue(train.get(1).contains("\"reconstruction_loss\""), train.get(1));
        String config = Files.readString(out.resolve("config.json"));
        assertTrue(config.contains("\"convDepth\": 4") && config.contains("\"stoch\": 4")
                && config.contains("\"classes\": 4"), config);
        // the video prediction: 50 frames of real | model | error, each panel scaled to 96 pixels
        ImageReader gif = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(out.resolve("video-prediction.gif").toFile())) {
            gif.setInput(in);
            assertEquals(50, gif.getNumImages(true));
            assertEquals(3 * 96, gif.getWidth(0));
        } finally {
            gif.dispose();
        }
        assertFalse(Files.exists(out.resolve("open-loop.png")));
    }

    @Test
    void planetRunLeavesEvaluationsAndTrainingMetrics(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("planet");
        Result r = CliRun.execute("planet", "--steps", "400", "--random-steps", "250", "--pretrain-updates", "1",
                "--candidates", "10", "--iterations", "1", "--eval-every", "0", "--eval-episodes", "1", "--seed", "1",
                "--checkpoint-every", "400", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> train = Files.readAllLines(out.resolve("train.jsonl"));
        assertTrue(train.get(1).contains("\"model_loss\"") && train.get(1).contains("\"kl\""), train.get(1));
        assertTrue(Files.size(out.resolve("returns.png")) > 0);
        assertTrue(Files.size(out.resolve("open-loop.png")) > 0);
        Checkpoint saved = Checkpoints.read(out.resolve(RunCheckpoint.FILE));
        assertEquals("planet", saved.string("cli.command"));
        assertEquals("planet", saved.string("learner.kind"));
        List<String> csv = Files.readAllLines(out.resolve("episodes.csv"));
        Result resumed = CliRun.execute("planet", "--resume", out.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(csv, Files.readAllLines(out.resolve("episodes.csv")), "a finished run resumed adds nothing");
    }

    @Test
    void planetTakesTheWorldModelOptionsFromPixels(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("planet-pixels");
        Result r = CliRun.execute("planet", "--pixels", "--image-size", "16", "--conv-depth", "4", "--latents", "4x0",
                "--steps", "400", "--random-steps", "250", "--pretrain-updates", "1", "--train-ratio", "64",
                "--candidates", "10",
                "--iterations", "1", "--eval-every", "0", "--eval-episodes", "1", "--video-steps", "0", "--seed", "1",
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        String config = Files.readString(out.resolve("config.json"));
        assertTrue(config.contains("\"convDepth\": 4") && config.contains("\"stoch\": 4")
                && config.contains("\"classes\": 0") && config.contains("\"trainRatio\": 64.0")
                && config.contains("\"pretrainUpdates\": 1"), config);
        List<String> train = Files.readAllLines(out.resolve("train.jsonl"));
        assertTrue(train.get(train.size() - 1).contains("\"reconstruction_loss\""), train.toString());
        CliRun.assertRefused(dir, "planet",
                new String[] {"--conv-depth", "-2", "--conv-depth must be >= 1: -2"},
                new String[] {"--train-ratio", "-1", "--train-ratio must be > 0 and finite: -1.0"},
                new String[] {"--pretrain-updates", "-3", "--pretrain-updates must be >= 0: -3"},
                new String[] {"--latents", "0x8",
                        "--latents must be NxK with N >= 1 and K = 0 or K >= 2 (e.g. 32x32): 0x8"});
    }

    @Test
    void aReplayBufferBeyondTheHeapIsRefusedBeforeWritingAnything(@TempDir Path dir) {
        // 1,000,000 decisions of 3 x 128 x 128 images, capped by the preset's capacity (dreamer 1,000,000:
        // 366 GB; planet 100,000: 37 GB): refused with what it needs
        for (String[] c : new String[][] {{"dreamer", "1,000,000", "366.2"}, {"planet", "100,000", "36.6"}}) {
            Path out = dir.resolve(c[0]);
            Result r = CliRun.execute(c[0], "--pixels", "--image-size", "128", "--steps", "1000000",
                    "--out", out.toString());
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().contains("the replay buffer (" + c[1] + " transitions of [3, 128, 128] observations) "
                    + "needs " + c[2] + " GB") && r.err().contains("MBRL4J_JAVA_OPTS=-Xmx"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(out), "nothing written");
        }
    }

    @Test
    void heapCheckSizesTheBufferToTheRun() {
        assertEquals(25_000, HeapCheck.capacity(100_000, 25_000, 64), "a run of 25,000 steps stores 25,000");
        assertEquals(100_000, HeapCheck.capacity(100_000, 1_000_000, 64), "the preset's capacity caps it");
        assertEquals(64, HeapCheck.capacity(100_000, 10, 64), "at least one sequence");
        Space pixels = Box.uniform(0, 1, 3, 64, 64);
        Space action = Box.uniform(-1, 1, 1);
        // 25,000 x 98,318 bytes = 2.3 GB: fits a 4 GB heap, not a 1 GB one
        HeapCheck.replayBuffer(25_000, pixels, action, 4L << 30);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HeapCheck.replayBuffer(25_000, pixels, action, 1L << 30));
        assertEquals("the replay buffer (25,000 transitions of [3, 64, 64] observations) needs 2.3 GB, more than 75% "
                + "of the Java heap (1.0 GB): run fewer --steps or give Java a larger heap (MBRL4J_JAVA_OPTS=-Xmx5g)",
                e.getMessage());
    }

    @Test
    void dreamerRejectsBadOptionsBeforeWritingAnything(@TempDir Path dir) {
        CliRun.assertRefused(dir, "dreamer", new String[][] {
                {"--model-size", "3", "--model-size must be tiny, pixels, small or 12m: 3"},
                {"--image-size", "12", "--image-size must be a power of two >= 8: 12"},
                {"--train-ratio", "0", "--train-ratio must be > 0 and finite: 0.0"},
                {"--train-ratio", "Infinity", "--train-ratio must be > 0 and finite: Infinity"},
                {"--conv-depth", "0", "--conv-depth must be >= 1: 0"},
                {"--latents", "16x1", "--latents must be NxK with N >= 1 and K = 0 or K >= 2 (e.g. 32x32): 16x1"},
                {"--latents", "big", "--latents must be NxK"},
                {"--actor-gradient", "x", "--actor-gradient must be auto, dynamics or reinforce: x"},
                {"--updates-per-step", "2", "--updates-per-step is not used by dreamer"},
                {"--video-steps", "3", "--video-steps must be 0 or > 5: 3"}});
    }
}
