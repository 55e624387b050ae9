package org.mbrl4j.examples;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every run command shares: environment, seed and output folder. */
public final class RunOptions {

    /** Environment id, one of {@code mbrl4j envs}. */
    @Option(names = "--env", description = "Environment id (see `mbrl4j envs`). Default: ${DEFAULT-VALUE}.",
            defaultValue = "CartPole-v1")
    String env;

    /** Root seed of every random stream of the run. */
    @Option(names = "--seed", description = "Root seed of the run. Default: ${DEFAULT-VALUE}.", defaultValue = "0")
    long seed;

    /** Output folder; defaults to {@code runs/<command>-<env>-seed<seed>}. */
    @Option(names = "--out", description = "Output folder for metrics and plots. Default: runs/<command>-<env>-seed<seed>.")
    Path out;

    /**
     * @param command the subcommand's name
     * @return the output folder of this run
     */
    Path outputDirectory(String command) {
        return out != null ? out : Path.of("runs", command + "-" + env + "-seed" + seed);
    }
}
