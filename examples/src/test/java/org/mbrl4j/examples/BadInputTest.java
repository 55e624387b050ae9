package org.mbrl4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.examples.CliRun.Result;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Every command fed the bad inputs of issue 23: each ends with its exit code and one line naming the option
 * and the value, no stack trace and no usage text, and no file created or changed.
 */
class BadInputTest {

    private static final List<String> RUN_COMMANDS = List.of("random", "pets", "sac", "td3", "mbpo", "steve");
    private static final List<String> CONTINUOUS_ONLY = List.of("sac", "td3", "mbpo", "steve");
    private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000_000_000L);

    @TempDir
    Path dir;

    /** One bad command line: the arguments, the exit code and a part of the one-line message. */
    private record Case(List<String> args, int exitCode, String message) {
        @Override
        public String toString() {
            return String.join(" ", args);
        }
    }

    /** A file where a folder is expected, and a folder that holds an earlier run. */
    @BeforeEach
    void fixtures() throws IOException {
        Files.writeString(dir.resolve("file"), "not a folder\n");
        Path run = Files.createDirectories(dir.resolve("existing"));
        Files.writeString(run.resolve("episodes.csv"), "episode,env_steps,return\n0,200,-1200.5\n1,400,-900.25\n");
        Files.write(run.resolve("returns.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Files.writeString(run.resolve("notes.txt"), "my notes\n");
        Path damaged = Files.createDirectories(dir.resolve("damaged-run"));
        Files.writeString(damaged.resolve("checkpoint.ckpt"), "MBRL4JCK but not really\n");
        Path td3Run = Files.createDirectories(dir.resolve("td3-run"));
        org.mbrl4j.core.io.Checkpoints.write(td3Run.resolve("checkpoint.ckpt"), org.mbrl4j.core.io.Checkpoint.builder()
                .putString("cli.command", "td3").putString("cli.env", "Pendulum-v1").putLong("cli.seed", 0)
                .putLong("cli.checkpointEvery", 100).build());
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.toList()) {
                Files.setLastModifiedTime(p, LONG_AGO);
            }
        }
    }

    private List<Case> cases() {
        String fresh = dir.resolve("fresh").toString();
        String file = dir.resolve("file").toString();
        String underFile = dir.resolve("file").resolve("run").toString();
        String existing = dir.resolve("existing").toString();
        List<Case> cases = new ArrayList<>();
        for (String c : RUN_COMMANDS) {
            cases.add(new Case(List.of(c, "--env", "NoSuchEnv-v9", "--out", fresh), 2,
                    "--env NoSuchEnv-v9 is not a registered environment; known: CartPole-v1, Pendulum-v1"));
            cases.add(new Case(List.of(c, "--out", file), 2, "--out " + file + " is a file, not a folder"));
            cases.add(new Case(List.of(c, "--out", underFile), 2, "--out " + underFile + " cannot be created: "
                    + file + " is a file, not a folder"));
            cases.add(new Case(List.of(c, "--out", ""), 2, "--out must name a folder, not an empty string: ''"));
            cases.add(new Case(List.of(c, "--out", existing), 2, "--out " + existing
                    + " already holds episodes.csv, notes.txt, returns.png; pass --overwrite"));
            cases.add(new Case(List.of(c, "--no-such-option", "--out", fresh), 2,
                    "Unknown option: '--no-such-option' (see 'mbrl4j " + c + " --help')"));
            cases.add(new Case(List.of(c, "--seed", "zero", "--out", fresh), 2, "--seed"));
        }
        for (String c : CONTINUOUS_ONLY) {
            cases.add(new Case(List.of(c, "--env", "CartPole-v1", "--out", fresh), 2,
                    "--env CartPole-v1 has discrete actions (Discrete(2)); " + c + " needs bounded continuous ones: "
                            + "Pendulum-v1, MountainCarContinuous-v0, CartPoleContinuous-v0, CartPoleSwingUp-v0"));
            cases.add(new Case(List.of(c, "--steps", "0", "--out", fresh), 2, "--steps must be >= 1: 0"));
            cases.add(new Case(List.of(c, "--random-steps", "-1", "--out", fresh), 2,
                    "--random-steps must be >= 0: -1"));
            cases.add(new Case(List.of(c, "--eval-every", "-2", "--out", fresh), 2, "--eval-every must be >= 0: -2"));
            cases.add(new Case(List.of(c, "--eval-episodes", "0", "--out", fresh), 2,
                    "--eval-episodes must be >= 1: 0"));
        }
        String nowhere = dir.resolve("nowhere").toString();
        String damaged = dir.resolve("damaged-run").toString();
        String td3Run = dir.resolve("td3-run").toString();
        for (String c : List.of("pets", "sac", "td3", "mbpo", "steve", "tdmpc", "dreamer", "planet")) {
            cases.add(new Case(List.of(c, "--checkpoint-every", "0", "--out", fresh), 2,
                    "--checkpoint-every must be >= 1: 0"));
            cases.add(new Case(List.of(c, "--checkpoint-every", "-5", "--out", fresh), 2,
                    "--checkpoint-every must be >= 1: -5"));
            cases.add(new Case(List.of(c, "--resume", nowhere), 2, "--resume " + nowhere + " does not exist"));
            cases.add(new Case(List.of(c, "--resume", file), 2, "--resume " + file + " is a file, not a run folder"));
            cases.add(new Case(List.of(c, "--resume", existing), 2, "--resume " + existing
                    + " holds no checkpoint.ckpt (start the run with --checkpoint-every N to write one)"));
            cases.add(new Case(List.of(c, "--resume", existing, "--overwrite"), 2, "--resume " + existing
                    + " continues the run in that folder; --overwrite would delete it"));
            cases.add(new Case(List.of(c, "--resume", existing, "--out", fresh), 2, "--resume " + existing
                    + " writes into its own folder; --out " + fresh + " names another"));
            cases.add(new Case(List.of(c, "--resume", damaged), 2, "--resume " + damaged + ": "));
            if (!c.equals("td3")) {
                cases.add(new Case(List.of(c, "--resume", td3Run), 2, "--resume " + td3Run
                        + " holds a run of 'mbrl4j td3'; resume it with that command"));
            }
        }
        cases.add(new Case(List.of("td3", "--resume", td3Run), 2, "--resume " + td3Run + ": the checkpoint holds "
                + "no agent"));
        cases.add(new Case(List.of("pets", "--env", "MountainCar-v0", "--out", fresh), 2, "--env MountainCar-v0 has no "
                + "PETS preset; pets runs on: CartPole-v1, Pendulum-v1, Acrobot-v1, CartPoleContinuous-v0, "
                + "CartPoleSwingUp-v0"));
        cases.add(new Case(List.of("pets", "--trials", "0", "--out", fresh), 2, "--trials must be >= 1: 0"));
        cases.add(new Case(List.of("pets", "--trials", "21474837", "--out", fresh), 2,
                "--trials must be <= 10737418 (trials x 200 steps must fit the replay buffer): 21474837"));
        cases.add(new Case(List.of("pets", "--gif-width", "-1", "--out", fresh), 2, "--gif-width must be >= 0: -1"));
        cases.add(new Case(List.of("random", "--episodes", "0", "--out", fresh), 2, "--episodes must be >= 1: 0"));
        String runs = "sac=" + existing;
        cases.add(new Case(List.of("compare", "--out", file, runs), 2, "--out " + file + " is a file, not a folder"));
        cases.add(new Case(List.of("compare", "--out", underFile, runs), 2,
                "--out " + underFile + " cannot be created"));
        cases.add(new Case(List.of("compare", "--out", "", runs), 2, "--out must name a folder, not an empty string"));
        cases.add(new Case(List.of("compare", "--out", existing, "--metric", "return", runs), 2,
                "--out " + existing + " already holds"));
        cases.add(new Case(List.of("compare", "--out", fresh, "--at", "5,1", runs), 2, "--at must be finite"));
        return cases;
    }

    @Test
    void everyBadInputIsOneLineWithItsExitCodeAndWritesNothing() throws IOException {
        Map<String, String> before = snapshot(dir);
        List<String> cwdBefore = listing(Path.of("").toAbsolutePath());
        List<Case> cases = cases();
        for (Case c : cases) {
            Result r = CliRun.execute(Mbrl4jCommand.commandLine(), c.args().toArray(String[]::new));
            assertEquals(c.exitCode(), r.exitCode(), c + "\n" + r.err());
            String err = r.err();
            assertTrue(err.endsWith("\n") && err.indexOf('\n') == err.length() - 1,
                    c + ": one line, not\n" + err);
            assertTrue(err.startsWith("mbrl4j " + c.args().get(0) + ": "), c + ": " + err);
            assertTrue(err.contains(c.message()), c + ": expected '" + c.message() + "' in\n" + err);
            assertFalse(err.contains("Exception") || err.contains("\tat ") || err.contains("Usage:"), c + ": " + err);
            assertEquals(before, snapshot(dir), c + ": no file created or changed");
        }
        assertEquals(cwdBefore, listing(Path.of("").toAbsolutePath()), "nothing written into the working directory");
        assertTrue(cases.size() > 60, "cases: " + cases.size());
    }

    @Test
    void overwriteReplacesTheEarlierRunAndKeepsOtherFiles() throws IOException {
        Path existing = dir.resolve("existing");
        Files.writeString(existing.resolve("open-loop-trial-9.png"), "from a longer run");
        Files.writeString(existing.resolve(".returns.png.k1lled.tmp"), "left by a killed write");
        Result r = CliRun.execute(Mbrl4jCommand.commandLine(), "random", "--episodes", "2", "--seed", "3", "--out",
                existing.toString(), "--overwrite");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(List.of("config.json", "episodes.csv", "episodes.jsonl", "notes.txt", "returns.png"),
                listing(existing));
        assertTrue(Files.readString(existing.resolve("config.json")).contains("\"seed\": 3"), "the new run's config");
        assertEquals("my notes\n", Files.readString(existing.resolve("notes.txt")));
        assertEquals(LONG_AGO, Files.getLastModifiedTime(existing.resolve("notes.txt")));
        assertEquals(3, Files.readAllLines(existing.resolve("episodes.csv")).size(), "header + the new run's 2 rows");
        byte[] png = Files.readAllBytes(existing.resolve("returns.png"));
        assertTrue(png.length > 1000, "the new plot");
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
    }

    @Test
    void aRunIntoAnEmptyFolderNeedsNoOverwrite() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Result r = CliRun.execute(Mbrl4jCommand.commandLine(), "random", "--episodes", "1", "--out", empty.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(List.of("config.json", "episodes.csv", "episodes.jsonl", "returns.png"), listing(empty));
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() throws IOException {
            throw new IOException("No space left on device");
        }
    }

    @Test
    void aFailureDuringTheRunIsOneLineWithExitCode1AndTheTraceOnlyWithVerbose() {
        CommandLine cli = Mbrl4jCommand.commandLine();
        cli.addSubcommand(new Boom());
        Result r = CliRun.execute(cli, "boom");
        assertEquals(1, r.exitCode());
        assertEquals("mbrl4j boom: the run failed: IOException: No space left on device (--verbose prints the stack "
                + "trace)\n", r.err());

        cli = Mbrl4jCommand.commandLine();
        cli.addSubcommand(new Boom());
        r = CliRun.execute(cli, "boom", "--verbose");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("java.io.IOException: No space left on device") && r.err().contains("\tat ")
                && r.err().endsWith("mbrl4j boom: the run failed: IOException: No space left on device\n"), r.err());
    }

    @Test
    void helpListsTheEnvironmentsEachCommandRunsOn() {
        Result pets = CliRun.execute(Mbrl4jCommand.commandLine(), "pets", "--help");
        assertEquals(0, pets.exitCode());
        assertTrue(pets.out().replaceAll("\\s+", " ").contains("Environments (those with a PETS preset): "
                + "CartPole-v1, Pendulum-v1, Acrobot-v1, CartPoleContinuous-v0, CartPoleSwingUp-v0."), pets.out());
        Result sac = CliRun.execute(Mbrl4jCommand.commandLine(), "sac", "--help");
        assertTrue(sac.out().replaceAll("\\s+", " ").contains("Environments (continuous actions): Pendulum-v1, "
                + "MountainCarContinuous-v0, CartPoleContinuous-v0, CartPoleSwingUp-v0."), sac.out());
        assertTrue(sac.out().contains("--overwrite") && sac.out().contains("--verbose"), sac.out());
    }

    @Test
    void withoutATerminalTheProgressBarPrintsLinesNotCarriageReturnFrames() {
        List<String> lines = new ArrayList<>();
        try (ProgressBar bar = EpisodeRecorder.progressBar("steps", 1000, false, lines::add).build()) {
            bar.stepTo(400);
            bar.stepTo(1000);
        }
        assertFalse(lines.isEmpty());
        for (String line : lines) {
            assertFalse(line.contains("\r") || line.contains("\n"), line);
        }
        assertTrue(lines.get(lines.size() - 1).contains("1000/1000"), lines.toString());
    }

    /** Every path under {@code root} with its size, a hash of its bytes and its modification time. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                String key = root.relativize(p).toString();
                files.put(key, Files.isDirectory(p) ? "dir " + Files.getLastModifiedTime(p)
                        : Files.size(p) + " bytes, hash " + Arrays.hashCode(Files.readAllBytes(p)) + ", "
                                + Files.getLastModifiedTime(p));
            }
        }
        return files;
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
