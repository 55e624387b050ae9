package org.mbrl4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.examples.CliRun.Result;

class CompareCommandTest {

    private static final String HEADER = "episode,env_steps,return,length,terminated,truncated,wall_seconds,eval_return\n";

    /** Writes an off-policy style run folder: one row per (env_steps, eval_return) pair; return -1500 + 100 * row. */
    private static Path run(Path dir, String name, double[][] rows) throws Exception {
        Path folder = dir.resolve(name);
        Files.createDirectories(folder);
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < rows.length; i++) {
            csv.append(i).append(',').append((long) rows[i][0]).append(',').append(-1500 + 100 * i)
                    .append(",200,false,true,1.0,")
                    .append(Double.isNaN(rows[i][1]) ? "NaN" : Double.toString(rows[i][1])).append('\n');
        }
        Files.writeString(folder.resolve("episodes.csv"), csv);
        return folder;
    }

    /** sac: s0 evaluates first at 400 and stops at 600, s1 runs to 800; mbpo: one seed to 400. */
    private static String[] fixtures(Path dir) throws Exception {
        Path s0 = run(dir, "sac-s0", new double[][] {{200, Double.NaN}, {400, -1000}, {600, -500}});
        Path s1 = run(dir, "sac-s1", new double[][] {{200, -1200}, {400, -800}, {600, -400}, {800, -300}});
        Path m0 = run(dir, "mbpo-s0", new double[][] {{200, -600}, {400, -200}});
        return new String[] {"sac=" + s0 + "," + s1, "mbpo=" + m0};
    }

    @Test
    void writesCurvesTableAndPlotWithHandComputedNumbers(@TempDir Path dir) throws Exception {
        String[] groups = fixtures(dir);
        Path out = dir.resolve("cmp");
        Result r = CliRun.execute("compare", "--out", out.toString(), "--at", "200,400,800", "--threshold", "-500",
                "--title", "Pendulum-v1", groups[0], groups[1]);
        assertEquals(0, r.exitCode(), r.err());

        List<String> md = Files.readAllLines(out.resolve("summary.md"));
        assertTrue(md.contains("| label | seeds | at 200 | at 400 | at 800 | final | env_steps run "
                + "| first env_steps with mean >= -500.0 |"), String.join("\n", md));
        // at 200 only s1 has evaluated; at 800 s0 has ended; final = each seed's last; mean reaches -500 at 600.
        assertTrue(md.contains("| sac | 2 | -1200.0 [n=1/2] | -900.0 (-1000.0..-800.0) | -300.0 [n=1/2] "
                + "| -400.0 (-500.0..-300.0) | 600..800 | 600 |"), String.join("\n", md));
        assertTrue(md.contains("| mbpo | 1 | -600.0 | -200.0 | n/a | -200.0 | 400 | 400 |"), String.join("\n", md));
        assertTrue(r.out().contains("| mbpo | 1 |"), "summary printed: " + r.out());

        List<String> csv = Files.readAllLines(out.resolve("curves.csv"));
        assertEquals(List.of("env_steps,label,mean,min,max,n",
                "200,sac,-1200.0,-1200.0,-1200.0,1",
                "400,sac,-900.0,-1000.0,-800.0,2",
                "600,sac,-450.0,-500.0,-400.0,2",
                "800,sac,-300.0,-300.0,-300.0,1",
                "200,mbpo,-600.0,-600.0,-600.0,1",
                "400,mbpo,-200.0,-200.0,-200.0,1"), csv);

        byte[] png = Files.readAllBytes(out.resolve("curves.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
    }

    @Test
    void trainingReturnMetricAndGlobbedRuns(@TempDir Path dir) throws Exception {
        fixtures(dir);
        Path out = dir.resolve("cmp");
        Result r = CliRun.execute("compare", "--out", out.toString(), "--metric", "return", "sac=" + dir.resolve("sac-s*"));
        assertEquals(0, r.exitCode(), r.err());
        String md = Files.readString(out.resolve("summary.md"));
        // Last training returns: s0 row 2 (-1300), s1 row 3 (-1200).
        assertTrue(md.contains("| sac | 2 | -1250.0 (-1300.0..-1200.0) | 600..800 |"), md);
        assertTrue(md.contains("sac-s0") && md.contains("sac-s1") && !md.contains("mbpo-s0"), md);
    }

    @Test
    void theSummaryListsTheConfigKeysThatDifferBetweenRuns(@TempDir Path dir) throws Exception {
        for (String seed : new String[] {"4", "5"}) {
            Result r = CliRun.execute("random", "--env", "Pendulum-v1", "--episodes", "1", "--seed", seed, "--out",
                    dir.resolve("random-s" + seed).toString());
            assertEquals(0, r.exitCode(), r.err());
        }
        Path legacy = run(dir, "legacy", new double[][] {{200, -900}});
        Path out = dir.resolve("cmp");
        Result r = CliRun.execute("compare", "--out", out.toString(), "--metric", "return",
                "random=" + dir.resolve("random-s4") + "," + dir.resolve("random-s5"), "old=" + legacy);
        assertEquals(0, r.exitCode(), r.err());
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("| key | random/random-s4 | random/random-s5 |"), md);
        assertTrue(md.contains("| `seed` | 4 | 5 |"), md);
        assertFalse(md.contains("| `env` |") || md.contains("| `command` |"), "equal keys are left out: " + md);
        assertTrue(md.contains("Without config.json: old/legacy"), md);
        assertTrue(r.out().contains("| `seed` | 4 | 5 |"), "printed too: " + r.out());
    }

    @Test
    void runsThatRepeatActionsAreSaidToCountDecisions(@TempDir Path dir) throws Exception {
        Path a = run(dir, "dreamer-s0", new double[][] {{200, -900}, {400, -300}});
        Path b = run(dir, "dreamer-s1", new double[][] {{200, -700}});
        Path c = run(dir, "sac-s0", new double[][] {{200, -800}});
        Files.writeString(a.resolve("config.json"), "{\"config\": {\"actionRepeat\": 2, \"units\": 64}}");
        Files.writeString(b.resolve("config.json"), "{\"config\": {\"actionRepeat\": 2, \"units\": 32}}");
        Path out = dir.resolve("cmp");
        Result r = CliRun.execute("compare", "--out", out.toString(), "dreamer=" + a + "," + b);
        assertEquals(0, r.exitCode(), r.err());
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("Every run repeats each action 2 times (`actionRepeat` in config.json): `env_steps` "
                + "counts decisions, so step s is 2 * s environment steps."), md);

        Path mixed = dir.resolve("cmp-mixed");
        r = CliRun.execute("compare", "--out", mixed.toString(), "dreamer=" + a, "sac=" + c);
        assertEquals(0, r.exitCode(), r.err());
        md = Files.readString(mixed.resolve("summary.md"));
        assertTrue(md.contains("(`actionRepeat`: dreamer/dreamer-s0 2, sac/sac-s0 1)"), md);

        assertEquals("decisions (2 env steps each)", CompareCommand.xTitle("env_steps", Map.of("a", 2, "b", 2)));
        assertEquals("decisions (action repeat differs between runs)",
                CompareCommand.xTitle("env_steps", Map.of("a", 2, "b", 1)));
        assertEquals("env steps", CompareCommand.xTitle("env_steps", Map.of("a", 1)));
        assertEquals("wall seconds", CompareCommand.xTitle("wall_seconds", Map.of("a", 2)));
        assertEquals("", CompareCommand.repeatNote("episode", Map.of("a", 2)));

        Files.writeString(b.resolve("config.json"), "{\"config\": {\"actionRepeat\": 0.5}}");
        assertError("actionRepeat must be an integer >= 1: 0.5", "compare", "--out", dir.resolve("bad").toString(),
                "dreamer=" + a + "," + b);
        assertTrue(Files.notExists(dir.resolve("bad")), "nothing written on a bad config.json");
    }

    @Test
    void badArgumentsNameTheArgumentAndValue(@TempDir Path dir) throws Exception {
        String[] groups = fixtures(dir);
        String out = dir.resolve("cmp").toString();
        Files.createDirectories(dir.resolve("empty"));

        assertError("no such run folder: " + dir.resolve("nope"), "compare", "--out", out, "sac=" + dir.resolve("nope"));
        assertError("run folder " + dir.resolve("empty") + " has no episodes.csv",
                "compare", "--out", out, "sac=" + dir.resolve("empty"));
        assertError("no column success_rate", "compare", "--out", out, "--metric", "success_rate", groups[1]);
        Path pets = dir.resolve("pets-s0");
        Files.createDirectories(pets);
        Files.writeString(pets.resolve("episodes.csv"), "episode,env_steps,return,random\n0,200,-10.0,true\n");
        assertError("no column eval_return; its columns: episode,env_steps,return,random (runs without evaluations",
                "compare", "--out", out, "pets=" + pets);
        assertError("label sac has no runs: sac=", "compare", "--out", out, "sac=");
        assertError("expected LABEL=RUN[,RUN...]", "compare", "--out", out, dir.resolve("sac-s0").toString());
        assertError("label mbpo is given twice", "compare", "--out", out, groups[1], groups[1]);
        assertError("--at must be finite, non-negative and increasing: 1000,500 (at 500)",
                "compare", "--out", out, "--at", "1000,500", groups[1]);
        assertError("--at must be finite, non-negative and increasing: -5 (at -5)",
                "compare", "--out", out, "--at=-5", groups[1]);
        assertError("no run matches", "compare", "--out", out, "sac=" + dir.resolve("td3-s*"));
        assertTrue(Files.notExists(dir.resolve("cmp")), "nothing written on bad input");
    }

    private static void assertError(String expected, String... args) {
        Result r = CliRun.execute(args);
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in\n" + r.err());
    }
}
