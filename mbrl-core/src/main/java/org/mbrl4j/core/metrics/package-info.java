/**
 * Metrics logging: a run hands records (maps from names to numbers, strings and booleans) to a
 * {@link org.mbrl4j.core.metrics.MetricsLogger}, which passes each to its
 * {@link org.mbrl4j.core.metrics.MetricsWriter}s: {@link org.mbrl4j.core.metrics.CsvMetricsWriter}
 * (one column per key) and {@link org.mbrl4j.core.metrics.JsonLinesMetricsWriter} (one JSON object per
 * line). Every record is flushed as soon as it is written, so a crash loses nothing already logged.
 */
package org.mbrl4j.core.metrics;
