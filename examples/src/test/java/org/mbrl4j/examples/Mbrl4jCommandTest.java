package org.mbrl4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.algorithms.presets.Presets;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.examples.CliRun.Result;

class Mbrl4jCommandTest {

    @Test
    void outOfMemoryIsOneLineWithTheRemedy() {
        String line = Mbrl4jCommand.outOfMemory(new OutOfMemoryError("Java heap space"), 1L << 30);
        assertEquals("mbrl4j: the run failed: out of memory (Java heap space; Java heap limit 1.0 GB): give Java more "
                + "with MBRL4J_JAVA_OPTS=-Xmx<N>g, or run fewer --steps or smaller --image-size", line);
    }

    @Test
    void envsListsEveryRegisteredId() {
        Result r = CliRun.execute("envs");
        assertEquals(0, r.exitCode(), r.err());
        for (String id : Envs.ids()) {
            assertTrue(r.out().contains(id), "missing " + id + " in\n" + r.out());
        }
    }

    @Test
    void randomWithActionRepeatHoldsEachActionAndCountsDecisions(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("repeat");
        Result r = CliRun.execute("random", "--env", "Pendulum-v1", "--action-repeat", "4", "--episodes", "2",
                "--seed", "3", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("episodes.csv"));
        // Pendulum-v1's 200 steps are 50 decisions of 4
        assertTrue(csv.get(1).startsWith("0,50,") && csv.get(2).startsWith("1,100,"), csv.toString());
        Map<String, Object> config = Json.flatten(Json.parse(Files.readString(out.resolve("config.json"))));
        assertEquals(4L, config.get("options.actionRepeat"));
        Result bad = CliRun.execute("random", "--action-repeat", "0", "--out", dir.resolve("bad").toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--action-repeat must be >= 1: 0"), bad.err());
        assertFalse(Files.exists(dir.resolve("bad")));
    }

    @Test
    void randomRunLeavesMetricsAndPlot(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Result r = CliRun.execute("random", "--env", "CartPole-v1", "--episodes", "5", "--seed", "3", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());

        List<String> csv = Files.readAllLines(out.resolve("episodes.csv"));
        assertEquals(6, csv.size(), "header + one row per episode");
        assertTrue(csv.get(0).startsWith("episode,env_steps,return,length"), csv.get(0));
        List<String> jsonl = Files.readAllLines(out.resolve("episodes.jsonl"));
        assertEquals(5, jsonl.size());
        assertTrue(jsonl.get(0).startsWith("{\"episode\":0,"), jsonl.get(0));

        byte[] png = Files.readAllBytes(out.resolve("returns.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        assertTrue(r.out().contains("5 episodes"), r.out());

        Map<String, Object> config = Json.flatten(Json.parse(Files.readString(out.resolve("config.json"))));
        assertEquals("random", config.get("command"));
        assertEquals("CartPole-v1", config.get("env"));
        assertEquals(3L, config.get("seed"));
        assertEquals(5L, config.get("options.episodes"));
        for (String key : List.of("mbrl4j.version", "mbrl4j.git_commit", "runtime.nd4j_backend", "runtime.jvm",
                "runtime.gemm_direct", "runtime.cores")) {
            assertTrue(config.get(key) != null && !config.get(key).toString().isBlank(), key + " in " + config);
        }
        assertTrue((Long) config.get("runtime.threads") >= 1, "the command line's thread policy is recorded");
        assertTrue(Files.list(out).noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file");
    }

    @Test
    void sameSeedSameMetricsDifferentSeedDifferent(@TempDir Path dir) throws Exception {
        CliRun.execute("random", "--env", "Pendulum-v1", "--episodes", "2", "--seed", "7", "--out", dir.resolve("a").toString());
        CliRun.execute("random", "--env", "Pendulum-v1", "--episodes", "2", "--seed", "7", "--out", dir.resolve("b").toString());
        CliRun.execute("random", "--env", "Pendulum-v1", "--episodes", "2", "--seed", "8", "--out", dir.resolve("c").toString());
        List<String> a = returns(dir.resolve("a/episodes.csv"));
        assertEquals(a, returns(dir.resolve("b/episodes.csv")));
        assertNotEquals(a, returns(dir.resolve("c/episodes.csv")));
    }

    /** The return column only: wall-clock columns differ between runs. */
    private static List<String> returns(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().skip(1).map(line -> line.split(",")[2]).toList();
    }

    @Test
    void sacRunLeavesEvaluationsAndTrainingMetrics(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sac");
        Result r = CliRun.execute("sac", "--steps", "600", "--random-steps", "300", "--eval-every", "1",
                "--eval-episodes", "1", "--seed", "1", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("episodes.csv"));
        assertEquals(4, csv.size(), "header + 3 Pendulum episodes of 200 steps");
        assertTrue(csv.get(0).endsWith(",eval_return"), csv.get(0));
        assertTrue(Double.isFinite(Double.parseDouble(csv.get(3).substring(csv.get(3).lastIndexOf(',') + 1))));
        List<String> train = Files.readAllLines(out.resolve("train.jsonl"));
        assertTrue(train.get(2).contains("\"critic_loss\""), train.get(2));
        assertTrue(Files.size(out.resolve("returns.png")) > 0);

        Map<String, Object> config = Json.flatten(Json.parse(Files.readString(out.resolve("config.json"))));
        assertEquals("sac", config.get("command"));
        assertEquals(1L, config.get("seed"));
        assertEquals(600L, config.get("options.loop.totalSteps"));
        assertEquals("small", config.get("options.preset"));
        assertEquals(Presets.sacSmall("Pendulum-v1").gamma(), config.get("config.gamma"));
        assertEquals(1L, config.get("runtime.threads"), "the off-policy commands run on one thread");
    }

    @Test
    void offPolicyRejectsAnInvalidBudget() {
        Result r = CliRun.execute("td3", "--steps", "0");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.err().contains("0"), r.err());
    }

    @Test
    void offPolicyRejectsBadUpdateCountsAndHorizonsBeforeWritingAnything(@TempDir Path dir) {
        for (String[] args : new String[][] {{"sac", "--updates-per-step", "0"}, {"mbpo", "--updates-per-step", "-2"},
                {"steve", "--horizon", "-1"}}) {
            Path out = dir.resolve(args[0]);
            String[] full = Arrays.copyOf(args, args.length + 2);
            full[args.length] = "--out";
            full[args.length + 1] = out.toString();
            Result r = CliRun.execute(full);
            assertNotEquals(0, r.exitCode(), String.join(" ", args));
            assertTrue(r.err().contains(args[1] + " must be >= "), r.err());
            assertTrue(r.err().contains(args[2]), r.err());
            assertFalse(Files.exists(out), "nothing written for a rejected " + args[1]);
        }
    }

    @Test
    void explorationNoiseAndRangeOptionsAreCheckedBeforeWritingAnything(@TempDir Path dir) {
        for (String[] args : new String[][] {{"td3", "--noise-correlation", "1.0", "in [0, 1)"},
                {"steve", "--noise-correlation", "-0.5", "in [0, 1)"}, {"td3", "--exploration-noise", "-0.1", ">= 0 and finite"},
                {"steve", "--range-margin", "-1.0", ">= 0"}, {"steve", "--model-layers", "0", ">= 1"},
                {"steve", "--model-hidden", "-3", ">= 1"}}) {
            Path out = dir.resolve(args[0] + args[1]);
            Result r = CliRun.execute(args[0], args[1], args[2], "--out", out.toString());
            assertNotEquals(0, r.exitCode(), String.join(" ", args));
            assertTrue(r.err().contains(args[1] + " must be " + args[3] + ": " + args[2]), r.err());
            assertFalse(Files.exists(out), "nothing written for a rejected " + args[1]);
        }
    }

    @Test
    void entropyOptionsAreCheckedBeforeWritingAnything(@TempDir Path dir) {
        for (String[] args : new String[][] {{"sac", "--fixed-alpha", "0", "> 0 and finite"},
                {"mbpo", "--initial-alpha", "-0.1", "> 0 and finite"}, {"sac", "--target-entropy", "NaN", "finite"}}) {
            Path out = dir.resolve(args[0] + args[1]);
            Result r = CliRun.execute(args[0], args[1], args[2], "--out", out.toString());
            assertNotEquals(0, r.exitCode(), String.join(" ", args));
            assertTrue(r.err().contains(args[1] + " must be " + args[3] + ": " + args[2]), r.err());
            assertFalse(Files.exists(out), "nothing written for a rejected " + args[1]);
        }
        Path out = dir.resolve("both");
        Result r = CliRun.execute("mbpo", "--fixed-alpha", "0.1", "--target-entropy", "0", "--out", out.toString());
        assertNotEquals(0, r.exitCode());
        assertTrue(r.err().contains("--fixed-alpha turns the automatic temperature off"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aFixedAlphaStaysFixedAndATargetEntropyMovesIt(@TempDir Path dir) throws Exception {
        Path fixed = dir.resolve("fixed");
        Result r = CliRun.execute("sac", "--fixed-alpha", "0.05", "--steps", "800", "--random-steps", "200",
                "--eval-every", "0", "--eval-episodes", "1", "--seed", "3", "--out", fixed.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<Double> alphas = alphas(fixed.resolve("train.jsonl"));
        assertFalse(alphas.isEmpty());
        for (double a : alphas) {
            assertEquals(0.05, a, 1e-12);
        }
        // The automatic temperature from the same start: raised towards a high entropy target, lowered towards
        // a low one (800 steps: the small preset's updates start at 500 transitions).
        double[] last = new double[2];
        String[] targets = {"0.5", "-3"};
        for (int i = 0; i < 2; i++) {
            Path out = dir.resolve("auto" + i);
            r = CliRun.execute("sac", "--initial-alpha", "0.05", "--target-entropy", targets[i], "--steps", "800",
                    "--random-steps", "200", "--eval-every", "0", "--eval-episodes", "1", "--seed", "3", "--out",
                    out.toString());
            assertEquals(0, r.exitCode(), r.err());
            List<Double> a = alphas(out.resolve("train.jsonl"));
            last[i] = a.get(a.size() - 1);
        }
        assertTrue(last[0] > 0.05 && last[1] < 0.05, Arrays.toString(last));
    }

    private static List<Double> alphas(Path trainJsonl) throws IOException {
        List<Double> out = new ArrayList<>();
        Pattern p = Pattern.compile("\"alpha\":([-0-9.eE]+)");
        for (String line : Files.readAllLines(trainJsonl)) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                out.add(Double.parseDouble(m.group(1)));
            }
        }
        return out;
    }

    @Test
    void correlatedNoiseRunsOnTheSwingUpPreset(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("td3-ou");
        Result r = CliRun.execute("td3", "--env", "CartPoleSwingUp-v0", "--noise-correlation", "0.85", "--steps", "400",
                "--random-steps", "200", "--eval-every", "0", "--eval-episodes", "1", "--seed", "3", "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("td3 on CartPoleSwingUp-v0: 400 steps"), r.out());
    }

    @Test
    void ddpgAndUpdatesPerStepRunOnTheSmallPreset(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ddpg");
        Result r = CliRun.execute("td3", "--ddpg", "--updates-per-step", "2", "--steps", "400", "--random-steps", "200",
                "--eval-every", "0", "--eval-episodes", "1", "--seed", "3", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("ddpg on Pendulum-v1: 400 steps"), r.out());
        assertEquals(3, Files.readAllLines(out.resolve("episodes.csv")).size());
    }

    @Test
    void unknownEnvironmentFailsWithTheKnownIds() {
        Result r = CliRun.execute("random", "--env", "NoSuchEnv-v9", "--episodes", "1", "--out", "target/unused");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.err().contains("NoSuchEnv-v9") && r.err().contains("CartPole-v1"), r.err());
    }

    @Test
    void invalidEpisodeCountIsRejected() {
        Result r = CliRun.execute("random", "--episodes", "0");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.err().contains("--episodes must be >= 1: 0"), r.err());
    }

    @Test
    void petsNamesAndRecordsTheChosenOptimizer(@TempDir Path dir) throws Exception {
        // One trial, the random one: planning a trial at the reduced budget takes minutes on a shared 2-core
        // machine, and PetsOptimizerTest plans with every choice. Checked here: the option, the header, the
        // metrics column.
        Path out = dir.resolve("pets");
        Result r = CliRun.execute("pets", "--optimizer", "Random-Shooting", "--trials", "1", "--gif-width", "0",
                "--seed", "1", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        // The reduced budget's CEM, 5 x 100, becomes 500 random sequences.
        assertTrue(r.out().contains("budget reduced, optimizer random-shooting: RandomShootingConfig[populationSize=500]"
                + ", 500 sequences per plan, horizon 15, 5 particles TS1"), r.out());
        assertTrue(r.out().contains("optimizer random-shooting: returns per trial ["), r.out());
        List<String> csv = Files.readAllLines(out.resolve("episodes.csv"));
        assertEquals(2, csv.size(), "header + one row per trial");
        // The open-loop diagnostic's columns follow; a random trial has no model to diagnose (NaN).
        assertTrue(csv.get(0).endsWith(",optimizer,open_loop_coverage_2std,open_loop_band_to_error")
                && csv.get(1).endsWith(",random-shooting,NaN,NaN"), csv.toString());
        assertFalse(Files.exists(out.resolve("open-loop-trial-0.png")), "no diagnostic for the random trial");
        assertTrue(Files.readAllLines(out.resolve("episodes.jsonl")).get(0)
                .contains("\"optimizer\":\"random-shooting\""));

        Result hybrid = CliRun.execute("pets", "--optimizer", "HYBRID", "--trials", "1", "--gif-width", "0", "--out",
                dir.resolve("hybrid").toString());
        assertEquals(0, hybrid.exitCode(), hybrid.err());
        assertTrue(hybrid.out().contains("optimizer hybrid: HybridConfig[cem=CemConfig[iterations=5, populationSize=92")
                && hybrid.out().contains("500 sequences per plan, horizon 15, 1 particles EXPECTATION"), hybrid.out());
    }

    @Test
    void petsRejectsAnUnknownOptimizerWithTheChoices() {
        Result r = CliRun.execute("pets", "--optimizer", "adam", "--trials", "1", "--out", "target/unused");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.err().contains("--optimizer") && r.err().contains("adam")
                && r.err().contains("cem, icem, mppi, random-shooting, gradient, hybrid"), r.err());
    }
}
