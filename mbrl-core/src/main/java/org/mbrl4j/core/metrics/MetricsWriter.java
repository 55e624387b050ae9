package org.mbrl4j.core.metrics;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;

/**
 * A destination for metric records (a CSV file, a JSON Lines file, a dashboard). A record maps non-empty
 * string keys to values that are {@link Number}s, {@link String}s or {@link Boolean}s; its iteration order is
 * the order in which fields are written. Writers flush each record before {@link #write} returns.
 */
public interface MetricsWriter extends Closeable {

    /**
     * Checks, without writing anything, that {@link #write} would accept the record, so that a
     * {@link MetricsLogger} can refuse a record before any of its writers has written it.
     *
     * @param record the record
     * @throws IllegalArgumentException naming the offending key and value if the record is not acceptable
     */
    default void check(Map<String, ?> record) {
        Records.validate(record);
    }

    /**
     * Writes one record and flushes it.
     *
     * @param record the record (not retained)
     * @throws IllegalArgumentException if {@link #check} refuses the record (nothing is written then)
     * @throws IOException if writing fails
     */
    void write(Map<String, ?> record) throws IOException;
}
