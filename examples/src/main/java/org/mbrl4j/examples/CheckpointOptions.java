package org.mbrl4j.examples;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --checkpoint-every N} and {@code --resume DIR} of the commands that can save and continue a run
 * ({@code pets} counts trials, the off-policy commands environment steps).
 */
final class CheckpointOptions {

    /** How often to write {@code checkpoint.ckpt}; null when not given. */
    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Save the whole run to "
            + "<out>/checkpoint.ckpt every N environment steps (off-policy commands: at the first episode end at "
            + "or after each multiple of N) or every N trials (pets), and at the end. Default: never, or what "
            + "the resumed run used.")
    Long every;

    /** The folder of a run to continue; null when not given. */
    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run saved in DIR/checkpoint.ckpt "
            + "with the settings it was started with, appending to its metrics in DIR (options that define the "
            + "run, such as --env, --seed or --steps, are taken from the checkpoint).")
    Path resume;

    /**
     * Checks the two options against each other and against the output options.
     *
     * @param options the run's output options
     * @throws IllegalArgumentException naming the option and the value
     */
    void validate(RunOptions options) {
        if (every != null && every < 1) {
            throw new IllegalArgumentException("--checkpoint-every must be >= 1: " + every);
        }
        if (resume != null) {
            if (resume.toString().isBlank()) {
                throw new IllegalArgumentException("--resume must name a run folder, not an empty string");
            }
            if (options.overwrite) {
                throw new IllegalArgumentException("--resume " + resume + " continues the run in that folder; "
                        + "--overwrite would delete it: pass one of them");
            }
            if (options.out != null && !options.out.toAbsolutePath().normalize()
                    .equals(resume.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("--resume " + resume + " writes into its own folder; --out "
                        + options.out + " names another");
            }
        }
    }
}
