package org.mbrl4j.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code mbrl4j} command line ({@code java -jar examples/target/mbrl4j.jar ...}).
 *
 * <pre>
 * mbrl4j envs
 * mbrl4j random --env CartPole-v1 --episodes 20 --seed 0 --out runs/random
 * mbrl4j compare --out runs/cmp --at 1000,5000 sac=runs/sac-s0,runs/sac-s1 mbpo=runs/mbpo-s0,runs/mbpo-s1
 * </pre>
 */
@Command(name = "mbrl4j", mixinStandardHelpOptions = true, version = "mbrl4j 0.1.0-SNAPSHOT",
        description = "Model-based reinforcement learning on the JVM: run an algorithm on an environment.",
        subcommands = {EnvsCommand.class, RandomCommand.class, PetsCommand.class, SacCommand.class, Td3Command.class,
                MbpoCommand.class, SteveCommand.class, CompareCommand.class, CommandLine.HelpCommand.class})
public final class Mbrl4jCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits with its status.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /** @return the configured picocli command line (used by {@link #main} and by tests) */
    public static CommandLine commandLine() {
        return new CommandLine(new Mbrl4jCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
