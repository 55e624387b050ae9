package org.mbrl4j.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.mbrl4j.core.metrics.MetricsLogger;

/**
 * A {@link MetricsLogger} opened at its first record, so that a run that fails before its first episode
 * leaves no empty {@code episodes.csv} or {@code train.jsonl}. Each record reaches the file as one write
 * ({@code MetricsLogger} flushes every writer after a whole row), so a killed run leaves whole rows.
 */
final class LazyMetrics implements AutoCloseable {

    /** Opens the logger. */
    @FunctionalInterface
    interface Opener {
        /**
         * @return the logger
         * @throws IOException if its files cannot be created
         */
        MetricsLogger open() throws IOException;
    }

    private final Opener opener;
    private MetricsLogger logger;

    /** @param opener opens the logger at the first record */
    LazyMetrics(Opener opener) {
        this.opener = opener;
    }

    /**
     * @param record one metrics record (see {@link MetricsLogger#log(Map)})
     * @throws UncheckedIOException if the files cannot be created
     */
    void log(Map<String, ?> record) {
        if (logger == null) {
            try {
                logger = opener.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        logger.log(record);
    }

    @Override
    public void close() throws IOException {
        if (logger != null) {
            logger.close();
        }
    }
}
