package org.mbrl4j.examples;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every run command shares: environment, seed, output folder and whether to replace a run in it. */
public final class RunOptions {

    /** Environment id, one of {@code mbrl4j envs}; null when not given (each command has its default). */
    @Option(names = "--env", description = "Environment id (see `mbrl4j envs`); each command has its own default.")
    String env;

    /** Root seed of every random stream of the run. */
    @Option(names = "--seed", description = "Root seed of the run. Default: ${DEFAULT-VALUE}.", defaultValue = "0")
    long seed;

    /** Output folder; defaults to {@code runs/<command>-<env>-seed<seed>}. */
    @Option(names = "--out", description = "Output folder for metrics and plots. Default: runs/<command>-<env>-seed<seed>.")
    Path out;

    /** Whether a run may replace the files of a run already in {@code --out}. */
    @Option(names = "--overwrite", description = "Replace the run already in the output folder (its metrics, "
            + "plots and GIF are removed first). Without it, a folder that holds files is refused.")
    boolean overwrite;

    /**
     * Fills in the command's default environment when {@code --env} was not given.
     *
     * @param defaultEnv the command's default environment id
     * @return the environment id of this run
     */
    String env(String defaultEnv) {
        if (env == null) {
            env = defaultEnv;
        }
        return env;
    }

    /**
     * @param command the subcommand's name
     * @return the output folder of this run ({@link #env(String)} must have been called)
     */
    Path outputDirectory(String command) {
        return out != null ? out : Path.of("runs", command + "-" + env + "-seed" + seed);
    }

    /**
     * @param command the subcommand's name
     * @return the checked output folder of this run, not created yet ({@link RunFolder#check})
     * @throws IllegalArgumentException naming {@code --out} if the folder cannot be used
     */
    RunFolder folder(String command) {
        return RunFolder.check(outputDirectory(command), overwrite);
    }
}
