package org.mbrl4j.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs the command line in-process for the tests, capturing what it prints. */
final class CliRun {

    /** What one command line did: its exit code and its standard output and error. */
    record Result(int exitCode, String out, String err) {}

    private CliRun() {
    }

    /**
     * @param args the arguments after {@code mbrl4j}
     * @return the exit code and the captured output
     */
    static Result execute(String... args) {
        return execute(Mbrl4jCommand.commandLine(), args);
    }

    /**
     * @param cli  the command line to run (the tests add subcommands of their own to it)
     * @param args its arguments
     * @return the exit code and the captured output
     */
    static Result execute(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * Runs {@code command OPTION VALUE --out DIR/runVALUE} for each case and checks that it fails, that standard
     * error holds the expected message and that the output folder was not created.
     *
     * @param dir     where the output folders would go
     * @param command the subcommand
     * @param cases   {@code {option, value, part of the expected message}} each
     */
    static void assertRefused(Path dir, String command, String[]... cases) {
        for (String[] c : cases) {
            Path out = dir.resolve("run" + c[1]);
            Result r = execute(command, c[0], c[1], "--out", out.toString());
            assertNotEquals(0, r.exitCode(), command + " " + String.join(" ", c));
            assertTrue(r.err().contains(c[2]), r.err());
            assertFalse(Files.exists(out), "nothing written for a rejected " + c[0]);
        }
    }
}
