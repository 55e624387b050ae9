package org.mbrl4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.io.Checkpoints;
import org.mbrl4j.examples.CliRun.Result;

class TdmpcCommandTest {

    @Test
    void tdmpcRunLeavesEvaluationsTrainingMetricsAndAGif(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("tdmpc");
        Result r = CliRun.execute("tdmpc", "--steps", "400", "--random-steps", "200", "--samples", "16", "--eval-every", "1",
                "--eval-episodes", "1", "--seed", "1", "--checkpoint-every", "200", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("episodes.csv"));
        assertEquals(3, csv.size(), "header + 2 Pendulum episodes of 200 steps");
        assertTrue(csv.get(0).endsWith(",eval_return"), csv.get(0));
        List<String> train = Files.readAllLines(out.resolve("train.jsonl"));
        assertTrue(train.get(1).contains("\"consistency_loss\"") && train.get(1).contains("\"pi_scale\""),
                train.get(1));
        assertTrue(Files.size(out.resolve("returns.png")) > 0);
        assertTrue(Files.size(out.resolve("last-episode.gif")) > 0);
        Checkpoint saved = Checkpoints.read(out.resolve(RunCheckpoint.FILE));
        assertEquals("tdmpc", saved.string("cli.command"));
        assertTrue(saved.names().stream().anyMatch(n -> n.contains("targetQ.")), "the learner's target Q functions");
        Result resumed = CliRun.execute("tdmpc", "--resume", out.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(csv, Files.readAllLines(out.resolve("episodes.csv")), "a finished run resumed adds nothing");
    }

    @Test
    void actionRepeatCountsDecisionsAndIsKeptForResume(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("repeat");
        Result r = CliRun.execute("tdmpc", "--action-repeat", "2", "--steps", "200", "--random-steps", "100",
                "--samples", "16", "--eval-every", "0", "--eval-episodes", "1", "--gif-width", "0",
                "--checkpoint-every", "100", "--seed", "2", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("episodes.csv"));
        assertEquals(3, csv.size(), "header + 2 Pendulum episodes of 100 decisions");
        assertTrue(csv.get(1).startsWith("0,100,") && csv.get(2).startsWith("1,200,"), csv.toString());
        assertEquals("2", Checkpoints.read(out.resolve(RunCheckpoint.FILE)).string("cli.actionRepeat"));
        assertTrue(Files.readString(out.resolve("config.json")).contains("\"actionRepeat\""));
    }

    @Test
    void discountFixesBothClipsOfTheHeuristic(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("discount");
        Result r = CliRun.execute("tdmpc", "--discount", "0.9", "--steps", "120", "--random-steps", "100",
                "--samples", "16", "--eval-every", "0", "--eval-episodes", "1", "--gif-width", "0", "--seed", "2",
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        String config = Files.readString(out.resolve("config.json"));
        assertTrue(config.matches("(?s).*\"discountMin\" ?: 0\\.9,.*")
                && config.matches("(?s).*\"discountMax\" ?: 0\\.9,.*"), config);
    }

    @Test
    void tdmpcRejectsBadOptionsBeforeWritingAnything(@TempDir Path dir) {
        CliRun.assertRefused(dir, "tdmpc", new String[][] {
                {"--model-size", "3", "--model-size must be tiny, small, 1m or 5m: 3"},
                {"--samples", "0", "--samples must be >= 1: 0"},
                {"--action-repeat", "0", "--action-repeat must be >= 1: 0"},
                {"--discount", "1.5", "--discount must be in (0, 1]: 1.5"},
                {"--updates-per-step", "0", "--updates-per-step must be >= 1: 0"}});
    }
}
