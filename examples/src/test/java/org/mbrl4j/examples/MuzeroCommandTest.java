package org.mbrl4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.examples.CliRun.Result;

class MuzeroCommandTest {

    @Test
    void muzeroRunWithGumbelSearchLeavesEvaluationsTrainingMetricsAndAGif(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("muzero");
        Result r = CliRun.execute("muzero", "--env", "CartPole-v1", "--steps", "300", "--random-steps", "100",
                "--gumbel", "--simulations", "4", "--training-ratio", "0.2", "--eval-every", "2",
                "--eval-episodes", "1", "--seed", "1", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("episodes.csv"));
        assertTrue(csv.size() > 2, "header and episodes: " + csv);
        assertTrue(csv.get(0).endsWith(",eval_return"), csv.get(0));
        String train = String.join("\n", Files.readAllLines(out.resolve("train.jsonl")));
        assertTrue(train.contains("\"value_loss\"") && train.contains("\"policy_loss\""), train);
        assertTrue(Files.size(out.resolve("returns.png")) > 0);
        assertTrue(Files.size(out.resolve("last-episode.gif")) > 0);
        assertTrue(Files.readString(out.resolve("config.json")).contains("\"gumbel\" : true")
                || Files.readString(out.resolve("config.json")).contains("\"gumbel\": true"),
                Files.readString(out.resolve("config.json")));
    }

    @Test
    void muzeroRejectsBadOptionsAndContinuousActionsBeforeWritingAnything(@TempDir Path dir) {
        for (String[] args : new String[][] {{"--simulations", "0", "--simulations must be >= 1: 0"},
                {"--training-ratio", "-1", "--training-ratio must be finite and > 0: -1.0"},
                {"--updates-per-step", "2", "--updates-per-step is not used by muzero"},
                {"--env", "Pendulum-v1", "needs discrete ones: CartPole-v1"}}) {
            Path out = dir.resolve("run" + args[1]);
            Result r = CliRun.execute("muzero", args[0], args[1], "--out", out.toString());
            assertNotEquals(0, r.exitCode(), String.join(" ", args));
            assertTrue(r.err().contains(args[2]), r.err());
            assertFalse(Files.exists(out), "nothing written for a rejected " + args[0]);
        }
    }
}
