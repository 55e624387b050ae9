package org.mbrl4j.examples;

import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * Entry point of the {@code mbrl4j} command line ({@code java -jar examples/target/mbrl4j.jar ...}).
 *
 * <pre>
 * mbrl4j envs
 * mbrl4j random --env CartPole-v1 --episodes 20 --seed 0 --out runs/random
 * mbrl4j compare --out runs/cmp --at 1000,5000 sac=runs/sac-s0,runs/sac-s1 mbpo=runs/mbpo-s0,runs/mbpo-s1
 * </pre>
 *
 * <p>Every failure is one line on standard error, {@code mbrl4j <command>: <what>}: bad input (an option's
 * value, an unknown option, an output folder that cannot be used) exits with 2 before anything is written; a
 * failure during the run exits with 1 and keeps what was written so far. {@code --verbose} adds the stack
 * trace of a failure during the run.
 *
 * <p>Unlike the library, the command line owns its JVM and applies mbrl4j's thread policy
 * ({@link org.mbrl4j.tensor.CpuThreads#configureDefaults()}; one thread for the off-policy learners unless
 * {@code MBRL4J_THREADS} or {@code -Dmbrl4j.threads} names a count) before a run starts.
 */
@Command(name = "mbrl4j", mixinStandardHelpOptions = true, version = "mbrl4j 0.1.0-SNAPSHOT",
        description = "Model-based reinforcement learning on the JVM: run an algorithm on an environment.",
        subcommands = {EnvsCommand.class, RandomCommand.class, PetsCommand.class, SacCommand.class, Td3Command.class,
                MbpoCommand.class, SteveCommand.class, TdmpcCommand.class, DreamerCommand.class, PlanetCommand.class,
                MuzeroCommand.class, CompareCommand.class, CommandLine.HelpCommand.class})
public final class Mbrl4jCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On a failure, print the stack trace as well as the one-line message.")
    private boolean verbose;

    /**
     * Runs the command line and exits with its status.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            // an Error passes picocli's handlers; still one line, and what was written so far stays
            System.err.println(outOfMemory(e, Runtime.getRuntime().maxMemory()));
            code = 1;
        }
        System.exit(code);
    }

    /**
     * @param e       the error
     * @param maxHeap the heap limit in bytes
     * @return the one line printed for an {@link OutOfMemoryError} during a run
     */
    static String outOfMemory(OutOfMemoryError e, long maxHeap) {
        return String.format(Locale.ROOT, "mbrl4j: the run failed: out of memory (%s; Java heap limit %.1f GB): give "
                + "Java more with MBRL4J_JAVA_OPTS=-Xmx<N>g, or run fewer --steps or smaller --image-size",
                e.getMessage() == null ? "no detail" : oneLine(e.getMessage()), maxHeap / (double) (1L << 30));
    }

    /** @return the configured picocli command line (used by {@link #main} and by tests) */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Mbrl4jCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(Mbrl4jCommand::badInput);
        cli.setExecutionExceptionHandler(Mbrl4jCommand::failure);
        EnvChoices.addHelp(cli);
        return cli;
    }

    /** Bad input: one line naming the option and the value, exit code 2, no usage text. */
    private static int badInput(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String message = oneLine(e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException || e instanceof CommandLine.MissingParameterException) {
            message += " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')";
        }
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + message);
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** A failure during the run: one line, the stack trace only with {@code --verbose}, exit code 1. */
    private static int failure(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean verbose = verbose(parsed);
        if (verbose) {
            e.printStackTrace(err);
        }
        String what = e.getMessage() == null ? e.getClass().getName()
                : e.getClass().getSimpleName() + ": " + oneLine(e.getMessage());
        err.println(cmd.getCommandSpec().qualifiedName() + ": the run failed: " + what
                + (verbose ? "" : " (--verbose prints the stack trace)"));
        err.flush();
        return cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
