package org.mbrl4j.examples;

import java.io.PrintWriter;
import java.io.StringWriter;
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
}
