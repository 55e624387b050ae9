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

class PetsCommandTest {

    @Test
    void petsOnCartPoleV1PlansWithTheCategoricalCemAndResumes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pets");
        Result r = CliRun.execute("pets", "--env", "CartPole-v1", "--trials", "2", "--seed", "1", "--gif-width", "0",
                "--open-loop-steps", "5", "--checkpoint-every", "1", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        String first = r.out().lines().findFirst().orElse("");
        assertTrue(first.contains("optimizer cem: DiscreteCemConfig[numActions=2, iterations=5, populationSize=100")
                && first.contains("500 sequences per plan"), first);
        List<String> csv = Files.readAllLines(out.resolve("episodes.csv"));
        assertEquals(3, csv.size(), "header and two trials: " + csv);
        double planned = Double.parseDouble(csv.get(2).split(",")[2]);
        assertTrue(planned >= 1 && planned <= 500, csv.get(2));
        assertTrue(Files.size(out.resolve("open-loop-trial-1.png")) > 0, "the one-hot model's open-loop plot");
        String config = Files.readString(out.resolve("config.json"));
        assertTrue(config.contains("DiscreteCemConfig") && config.contains("\"CartPole-v1\""), config);
        Checkpoint saved = Checkpoints.read(out.resolve(RunCheckpoint.FILE));
        assertEquals("pets", saved.string("cli.command"));
        Result resumed = CliRun.execute("pets", "--resume", out.toString(), "--gif-width", "0");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(csv, Files.readAllLines(out.resolve("episodes.csv")), "a finished run resumed adds nothing");
    }

    @Test
    void petsRefusesContinuousOptimizersForDiscreteActionsBeforeWritingAnything(@TempDir Path dir) {
        for (String name : List.of("mppi", "icem", "gradient", "hybrid", "random-shooting")) {
            Path out = dir.resolve("run-" + name);
            Result r = CliRun.execute("pets", "--env", "CartPole-v1", "--optimizer", name, "--out", out.toString());
            assertEquals(2, r.exitCode(), name + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertTrue(r.err().contains("--optimizer " + name + " does not apply to --env CartPole-v1, whose actions "
                    + "are discrete"), r.err());
            assertFalse(Files.exists(out), "nothing written for --optimizer " + name);
        }
    }
}
