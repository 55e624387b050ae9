package org.mbrl4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.TreeSet;
import org.mbrl4j.core.metrics.CsvMetricsWriter;

/**
 * The arithmetic behind {@code mbrl4j compare}: reads one learning curve per run from its
 * {@code episodes.csv}, aligns the curves of several seeds on a common x grid and summarises them
 * (mean, min and max across seeds, the value at chosen steps, the first step a threshold is reached).
 * No plotting, no printing: {@link CompareCommand} and {@link CurvesPlot} do that.
 */
final class SeedCurves {

    private SeedCurves() {}

    /**
     * One run's learning curve: the points with a finite metric, in file order.
     *
     * @param source where the points came from (for messages)
     * @param x x values (environment steps), non-decreasing, length n
     * @param y metric values, finite, length n
     */
    record Curve(String source, double[] x, double[] y) {
        Curve {
            if (x.length != y.length) {
                throw new IllegalArgumentException("x and y must have the same length: " + x.length + " vs " + y.length);
            }
            if (x.length == 0) {
                throw new IllegalArgumentException(source + ": no points");
            }
        }

        /** @return the largest x of the curve (its last point) */
        double lastX() {
            return x[x.length - 1];
        }

        /**
         * The value carried forward from the last point at or before {@code at}.
         *
         * @param at the x value
         * @return the value, or NaN when {@code at} is before the first point or after the last one
         *     (a curve is not extrapolated past its end)
         */
        double valueAt(double at) {
            if (at < x[0] || at > lastX()) {
                return Double.NaN;
            }
            // Last index with x <= at; ties (several rows at one x) resolve to the latest row.
            int lo = 0;
            int hi = x.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (x[mid] <= at) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return y[lo];
        }
    }

    /**
     * Statistics across seeds at one x.
     *
     * @param mean the mean over the seeds that have a value there (NaN when none)
     * @param min the smallest of those values (NaN when none)
     * @param max the largest of those values (NaN when none)
     * @param n how many seeds have a value there
     */
    record Stats(double mean, double min, double max, int n) {
        static Stats of(double[] values) {
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int n = 0;
            for (double v : values) {
                if (!Double.isNaN(v)) {
                    sum += v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    n++;
                }
            }
            return n == 0 ? new Stats(Double.NaN, Double.NaN, Double.NaN, 0) : new Stats(sum / n, min, max, n);
        }
    }

    /**
     * The seeds of one label aligned on the union of their x values.
     *
     * @param label the label (e.g. {@code "sac"})
     * @param seeds the per-seed curves
     * @param x the grid: every x at which some seed has a point, ascending, without duplicates
     * @param stats the statistics at each grid x (same length as {@code x}); seeds whose curve has not
     *     started or has already ended there are left out, and {@link Stats#n()} says how many remain
     */
    record Band(String label, List<Curve> seeds, double[] x, Stats[] stats) {

        /**
         * @param at the x value (need not be on the grid)
         * @return the statistics of the seeds' carried-forward values at {@code at}
         */
        Stats at(double at) {
            double[] values = new double[seeds.size()];
            for (int s = 0; s < values.length; s++) {
                values[s] = seeds.get(s).valueAt(at);
            }
            return Stats.of(values);
        }

        /** @return the statistics of each seed's last value (wherever each seed ended) */
        Stats last() {
            return Stats.of(seeds.stream().mapToDouble(c -> c.y()[c.y().length - 1]).toArray());
        }

        /** @return the statistics of each seed's last x (how far each seed ran) */
        Stats lastX() {
            return Stats.of(seeds.stream().mapToDouble(Curve::lastX).toArray());
        }

        /**
         * The sample-efficiency measure: the first grid x at which the mean over all seeds is at least
         * {@code threshold}. Grid points where some seed has no value are skipped, so a single seed that
         * runs longer than the others cannot decide the answer alone.
         *
         * @param threshold the metric value to reach
         * @return the first such x, or empty when the mean never reaches it
         */
        OptionalDouble firstReaching(double threshold) {
            for (int i = 0; i < x.length; i++) {
                if (stats[i].n() == seeds.size() && stats[i].mean() >= threshold) {
                    return OptionalDouble.of(x[i]);
                }
            }
            return OptionalDouble.empty();
        }
    }

    /**
     * Aligns seeds' curves: the grid is the union of their x values; at each grid x every seed contributes
     * the value of its last point at or before x, if it has started and has not ended before x.
     *
     * @param label the label of the group
     * @param seeds one curve per seed, at least one
     * @return the aligned band
     * @throws IllegalArgumentException if {@code seeds} is empty
     */
    static Band align(String label, List<Curve> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("label " + label + " has no runs");
        }
        TreeSet<Double> grid = new TreeSet<>();
        for (Curve c : seeds) {
            for (double v : c.x()) {
                grid.add(v);
            }
        }
        double[] x = grid.stream().mapToDouble(Double::doubleValue).toArray();
        Band band = new Band(label, List.copyOf(seeds), x, new Stats[x.length]);
        for (int i = 0; i < x.length; i++) {
            band.stats()[i] = band.at(x[i]);
        }
        return band;
    }

    /**
     * Reads a run's learning curve from its metrics CSV (RFC 4180, a header row, one row per episode or
     * trial). Rows whose metric is NaN (no evaluation yet) are skipped.
     *
     * @param csv the CSV file, e.g. {@code runs/sac-s0/episodes.csv}
     * @param xColumn the header name of the x column, e.g. {@code "env_steps"}
     * @param metricColumn the header name of the metric column, e.g. {@code "eval_return"}
     * @return the curve
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if a column is missing, a value is not a number, x is NaN or
     *     decreases, or the metric is never finite
     */
    static Curve read(Path csv, String xColumn, String metricColumn) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(csv + ": empty file, expected a header row");
        }
        List<String> header = splitCsvLine(lines.get(0), csv, 1);
        int xIndex = columnIndex(header, xColumn, csv);
        int yIndex = columnIndex(header, metricColumn, csv);
        List<double[]> points = new ArrayList<>();
        double previousX = Double.NEGATIVE_INFINITY;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> fields = splitCsvLine(lines.get(i), csv, i + 1);
            if (fields.size() != header.size()) {
                throw new IllegalArgumentException(csv + " line " + (i + 1) + ": " + fields.size()
                        + " fields, expected " + header.size() + " as in the header");
            }
            double xv = number(fields.get(xIndex), xColumn, csv, i + 1);
            double yv = number(fields.get(yIndex), metricColumn, csv, i + 1);
            if (Double.isNaN(xv) || xv < previousX) {
                throw new IllegalArgumentException(csv + " line " + (i + 1) + ": " + xColumn
                        + " must be a non-decreasing number: " + fields.get(xIndex) + " after " + previousX);
            }
            previousX = xv;
            if (!Double.isNaN(yv)) {
                points.add(new double[] {xv, yv});
            }
        }
        if (points.isEmpty()) {
            throw new IllegalArgumentException(csv + ": column " + metricColumn + " has no value other than NaN in "
                    + (lines.size() - 1) + " rows");
        }
        double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
        return new Curve(csv.toString(), x, y);
    }

    private static int columnIndex(List<String> header, String column, Path csv) {
        int index = header.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException(csv + " has no column " + column + "; its columns: "
                    + String.join(",", header));
        }
        return index;
    }

    private static double number(String field, String column, Path csv, int line) {
        try {
            return Double.parseDouble(field.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(csv + " line " + line + ": " + column + " is not a number: '"
                    + field + "'", e);
        }
    }

    /** RFC 4180 fields of one line ({@link CsvMetricsWriter#splitLine}); errors name the file and line. */
    static List<String> splitCsvLine(String line, Path csv, int lineNumber) {
        try {
            return CsvMetricsWriter.splitLine(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(csv + " line " + lineNumber + ": " + e.getMessage(), e);
        }
    }
}
