package org.mbrl4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.io.Checkpoints;
import org.mbrl4j.examples.CliRun.Result;

class MuzeroCommandTest {

    @Test
    void muzeroRunWithGumbelSearchLeavesEvaluationsTrainingMetricsAGifAndACheckpoint(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("muzero");
        Result r = CliRun.execute("muzero", "--env", "CartPole-v1", "--steps", "300", "--random-steps", "100",
                "--gumbel", "--simulations", "4", "--training-ratio", "0.2", "--eval-every", "2",
                "--eval-episodes", "1", "--seed", "1", "--checkpoint-every", "150", "--out", out.toString());
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
        assertTrue(Files.readString(out.resolve("config.json")).matches("(?s).*\"preset\" ?: \"paper\".*"),
                Files.readString(out.resolve("config.json")));
        Checkpoint saved = Checkpoints.read(out.resolve(RunCheckpoint.FILE));
        assertEquals("muzero", saved.string("cli.command"));
        assertEquals("muzero", saved.string("learner.kind"));
        assertTrue(saved.contains("learner.replay.tree") && saved.contains("learner.optimizer.step"),
                "the learner's replay and optimiser");
        Result resumed = CliRun.execute("muzero", "--resume", out.toString(), "--gif-width", "0");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(csv, Files.readAllLines(out.resolve("episodes.csv")), "a finished run resumed adds nothing");
    }

    @Test
    void actionRepeatHoldsEachMoveAndIsKeptForResume(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("repeat");
        Result r = CliRun.execute("muzero", "--env", "Acrobot-v1", "--action-repeat", "4", "--steps", "250",
                "--random-steps", "125", "--simulations", "4", "--training-ratio", "0.1", "--eval-every", "0",
                "--eval-episodes", "1", "--gif-width", "0", "--checkpoint-every", "125", "--seed", "1",
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("episodes.csv"));
        // Acrobot-v1 ends at 500 steps = 125 moves of 4 (or at the goal, sooner); each move's reward is the sum
        for (String row : csv.subList(1, csv.size())) {
            String[] f = row.split(",");
            int length = Integer.parseInt(f[3]);
            double ret = Double.parseDouble(f[2]);
            assertTrue(length <= 125 && ret >= -500 && ret <= -4 * (length - 1), row);
            assertTrue(length < 125 || ret == -500, "a full episode holds 125 moves of -4: " + row);
        }
        assertEquals("4", Checkpoints.read(out.resolve(RunCheckpoint.FILE)).string("cli.actionRepeat"));
        assertTrue(Files.readString(out.resolve("config.json")).matches("(?s).*\"actionRepeat\" ?: 4.*"));
        Result resumed = CliRun.execute("muzero", "--resume", out.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(csv, Files.readAllLines(out.resolve("episodes.csv")), "a finished run resumed adds nothing");
    }

    @Test
    void muzeroWithEfficientZeroTrainsTheConsistencyLossAndTheValuePrefix(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ez");
        Result r = CliRun.execute("muzero", "--env", "CartPole-v1", "--efficientzero", "--reanalyse-policy", "0.5",
                "--discount", "0.99", "--steps", "300",
                "--random-steps", "100", "--simulations", "4", "--training-ratio", "0.2", "--eval-every", "2",
                "--eval-episodes", "1", "--seed", "1", "--gif-width", "0", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.readAllLines(out.resolve("episodes.csv")).size() > 2);
        String train = String.join("\n", Files.readAllLines(out.resolve("train.jsonl")));
        assertTrue(train.contains("\"consistency_loss\"") && train.contains("\"reward_loss\""), train);
        String config = Files.readString(out.resolve("config.json"));
        assertTrue(config.matches("(?s).*\"valuePrefix\" ?: true.*") && config.matches("(?s).*\"autoTdSteps\" ?: 3000.*")
                && config.matches("(?s).*\"consistencyWeight\" ?: 2\\.0.*")
                && config.matches("(?s).*\"reanalysePolicy\" ?: 0\\.5.*")
                && config.matches("(?s).*\"discount\" ?: 0\\.99,.*"), config);
    }

    @Test
    void muzeroRejectsBadOptionsAndContinuousActionsBeforeWritingAnything(@TempDir Path dir) {
        for (String[] args : new String[][] {{"--simulations", "0", "--simulations must be >= 1: 0"},
                {"--training-ratio", "-1", "--training-ratio must be finite and > 0: -1.0"},
                {"--updates-per-step", "2", "--updates-per-step is not used by muzero"},
                {"--reanalyse-policy", "2", "--reanalyse-policy must be in [0, 1]: 2.0"},
                {"--discount", "0", "--discount must be in (0, 1]: 0.0"},
                {"--action-repeat", "0", "--action-repeat must be >= 1: 0"},
                {"--env", "Pendulum-v1", "needs discrete ones: CartPole-v1"},
                {"--preset", "small", "--preset small is not available for muzero: its one preset is "
                        + "muzero-general's cart-pole settings (--preset paper, the default)"}}) {
            Path out = dir.resolve("run" + args[1]);
            Result r = CliRun.execute("muzero", args[0], args[1], "--out", out.toString());
            assertEquals(2, r.exitCode(), String.join(" ", args));
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertTrue(r.err().contains(args[2]), r.err());
            assertFalse(Files.exists(out), "nothing written for a rejected " + args[0]);
        }
    }
}
