package org.mbrl4j.core.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one place a run sends its metrics to: each {@link #log} call is checked once and written to every
 * {@link MetricsWriter}, each of which flushes it before {@code log} returns.
 *
 * <pre>{@code
 * try (MetricsLogger metrics = MetricsLogger.toDirectory(Path.of("runs/pets-cartpole"), "train")) {
 *     metrics.log(Map.of("episode", 3, "return", 187.5, "model_loss", 0.031));
 * }
 * }</pre>
 *
 * <p>Thread-safe: calls are serialised, so records from several threads never interleave within a line.
 * Owns its writers and closes them in {@link #close()}.
 */
public final class MetricsLogger implements AutoCloseable {

    private final List<MetricsWriter> writers;
    private boolean closed;

    /**
     * @param writers the destinations (owned from now on); at least one
     * @throws IllegalArgumentException if there is none, or one is null
     */
    public MetricsLogger(List<? extends MetricsWriter> writers) {
        Objects.requireNonNull(writers, "writers");
        if (writers.isEmpty() || writers.contains(null)) {
            throw new IllegalArgumentException("writers must be a non-empty list without null: " + writers);
        }
        this.writers = List.copyOf(writers);
    }

    /**
     * @param writers the destinations (owned from now on); at least one
     * @return a logger writing to all of them
     * @throws IllegalArgumentException if there is none, or one is null
     */
    public static MetricsLogger of(MetricsWriter... writers) {
        return new MetricsLogger(java.util.Arrays.asList(writers));
    }

    /**
     * As {@link #toDirectory}, but adding records after those the two files already hold (a resumed run); the
     * CSV keeps its header's columns ({@link CsvMetricsWriter#append}).
     *
     * @param dir the run's directory
     * @param name the file name without extension, e.g. {@code "episodes"}
     * @return the logger
     * @throws IllegalArgumentException if {@code name} is not a plain file name, or the CSV's last line is cut
     * @throws IOException if the files cannot be opened
     */
    public static MetricsLogger appendToDirectory(Path dir, String name) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (name == null || !name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new IllegalArgumentException("name must be a non-empty file name of letters, digits, '.', '_' "
                    + "or '-' not starting with '.': " + (name == null ? "null" : "'" + name + "'"));
        }
        CsvMetricsWriter csv = CsvMetricsWriter.append(dir.resolve(name + ".csv"));
        try {
            return of(csv, JsonLinesMetricsWriter.append(dir.resolve(name + ".jsonl")));
        } catch (IOException | RuntimeException e) {
            csv.close();
            throw e;
        }
    }

    /**
     * A logger writing both {@code dir/name.csv} and {@code dir/name.jsonl} (created or truncated), creating
     * {@code dir} if needed.
     *
     * @param dir the run's directory
     * @param name the file name without extension, e.g. {@code "train"}; letters, digits, {@code . _ -}
     * @return the logger
     * @throws IllegalArgumentException if {@code name} is empty or has other characters (such as a path
     *     separator)
     * @throws IOException if the directory or files cannot be created
     */
    public static MetricsLogger toDirectory(Path dir, String name) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (name == null || !name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new IllegalArgumentException("name must be a non-empty file name of letters, digits, '.', '_' "
                    + "or '-' not starting with '.': " + (name == null ? "null" : "'" + name + "'"));
        }
        Files.createDirectories(dir);
        CsvMetricsWriter csv = CsvMetricsWriter.open(dir.resolve(name + ".csv"));
        try {
            return of(csv, JsonLinesMetricsWriter.open(dir.resolve(name + ".jsonl")));
        } catch (IOException | RuntimeException e) {
            csv.close();
            throw e;
        }
    }

    /**
     * Logs one record to every writer. The record is checked by all writers before any writes, so a refused
     * record is written nowhere.
     *
     * @param record keys (non-empty strings) to {@link Number}, {@link String} or {@link Boolean} values; its
     *     iteration order is the order of fields (use a {@link LinkedHashMap} or {@code Map.of} for one pair)
     * @throws IllegalArgumentException if a key or value is not acceptable (naming it), or a writer refuses
     *     the record (e.g. a new CSV column)
     * @throws IllegalStateException after {@link #close()}
     * @throws UncheckedIOException if a writer fails to write
     */
    public synchronized void log(Map<String, ?> record) {
        if (closed) {
            throw new IllegalStateException("MetricsLogger is closed; cannot log " + record);
        }
        Records.validate(record);
        Map<String, Object> copy = new LinkedHashMap<>(record);
        for (MetricsWriter w : writers) {
            w.check(copy);
        }
        for (MetricsWriter w : writers) {
            try {
                w.write(copy);
            } catch (IOException e) {
                throw new UncheckedIOException("failed to write metrics record " + copy + " to " + w, e);
            }
        }
    }

    /** @return the writers, in the order they receive records; unmodifiable */
    public List<MetricsWriter> writers() {
        return writers;
    }

    /**
     * Closes every writer (all of them, even if one fails). Idempotent.
     *
     * @throws IOException the first failure, with later ones suppressed
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        List<IOException> failures = new ArrayList<>();
        for (MetricsWriter w : writers) {
            try {
                w.close();
            } catch (IOException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IOException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
