package org.mbrl4j.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.io.Checkpoints;

/**
 * The command line's checkpoint of a run, {@code <out>/checkpoint.ckpt}: the algorithm's own checkpoint
 * ({@code OffPolicyRun}, {@code Pets}) plus the command's settings under {@code cli.} (command, environment,
 * seed, checkpoint interval and the options the metrics name), written atomically so that a kill during the
 * write leaves the previous checkpoint loadable. On {@code --resume} the metrics files are cut back to the
 * records of the saved episodes or trials, so rows written after the checkpoint are not kept twice.
 *
 * @param folder     the run folder
 * @param checkpoint the whole checkpoint
 * @param envId      the environment id the run was started on
 * @param seed       the run's root seed
 * @param every      the checkpoint interval it used (0: none)
 */
record RunCheckpoint(Path folder, Checkpoint checkpoint, String envId, long seed, long every) {

    /** The checkpoint's file name inside a run folder. */
    static final String FILE = "checkpoint.ckpt";

    /**
     * Writes the checkpoint of a run.
     *
     * @param folder  the run folder
     * @param state   the algorithm's checkpoint
     * @param command the command's name
     * @param envId   the environment id
     * @param seed    the root seed
     * @param every   the checkpoint interval
     * @param extra   further settings to keep (strings), under {@code cli.}
     * @throws IOException if it cannot be written (the previous checkpoint then stays)
     */
    static void write(Path folder, Checkpoint state, String command, String envId, long seed, long every,
            Map<String, String> extra) throws IOException {
        Checkpoint.Builder b = Checkpoint.builder().putAll(state);
        b.putString("cli.command", command);
        b.putString("cli.env", envId);
        b.putLong("cli.seed", seed);
        b.putLong("cli.checkpointEvery", every);
        extra.forEach((k, v) -> b.putString("cli." + k, v));
        Checkpoints.write(folder.resolve(FILE), b.build());
    }

    /**
     * Reads the checkpoint of {@code --resume DIR}.
     *
     * @param dir     the value of {@code --resume}
     * @param command the command resuming it
     * @return the checkpoint and the settings it names
     * @throws IllegalArgumentException naming {@code --resume}, the value and the fault: not a folder, no
     *     checkpoint in it, a damaged checkpoint, or one written by another command
     */
    static RunCheckpoint read(Path dir, String command) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--resume " + dir + (Files.exists(dir) ? " is a file, not a run folder"
                    : " does not exist"));
        }
        Path file = dir.resolve(FILE);
        Checkpoint cp;
        try {
            cp = Checkpoints.read(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--resume " + dir + " holds no " + FILE
                    + " (start the run with --checkpoint-every N to write one)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("--resume " + dir + ": " + e.getMessage(), e);
        }
        String found;
        try {
            found = cp.string("cli.command");
            RunCheckpoint r = new RunCheckpoint(dir, cp, cp.string("cli.env"), cp.longValue("cli.seed"),
                    cp.longValue("cli.checkpointEvery"));
            if (!found.equals(command)) {
                throw new IllegalArgumentException("--resume " + dir + " holds a run of 'mbrl4j " + found
                        + "'; resume it with that command");
            }
            return r;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("--resume")) {
                throw e;
            }
            throw new IllegalArgumentException("--resume " + dir + ": " + file + " is not a checkpoint of the "
                    + "command line: " + e.getMessage(), e);
        }
    }

    /**
     * @param key a setting written through {@code extra}
     * @return its value
     * @throws IllegalArgumentException if it is missing
     */
    String setting(String key) {
        return checkpoint.string("cli." + key);
    }

    /**
     * @param key the setting's name
     * @return whether the run saved that setting (runs saved before a command kept it lack it)
     */
    boolean hasSetting(String key) {
        return checkpoint.contains("cli." + key);
    }

    /**
     * Cuts a metrics file back to its first {@code records} records (a CSV keeps its header line too), written
     * through a temporary file; a missing file is left missing.
     *
     * @param file    the metrics file
     * @param records the records to keep
     * @param header  whether the file starts with a header line (CSV)
     * @throws IOException if it cannot be read or written
     */
    static void keepRecords(Path file, int records, boolean header) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int keep = Math.min(lines.size(), records + (header ? 1 : 0));
        if (keep == lines.size() && Files.readString(file, StandardCharsets.UTF_8).endsWith("\n")) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (String line : lines.subList(0, keep)) {
            sb.append(line).append('\n');
        }
        AtomicFiles.write(file, out -> out.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
