package org.mbrl4j.core.metrics;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes records as CSV (RFC 4180 quoting, {@code \n} line ends, UTF-8 when opened on a file).
 *
 * <p>Columns policy: the header is the first record's keys in its iteration order. A later record may
 * leave columns out (their cells are empty) but may not add one: a key that is not in the header throws
 * {@link IllegalArgumentException} naming the key, and nothing is written. Log every key in the first
 * record (with a placeholder value) when columns appear only later, or use {@link JsonLinesMetricsWriter}.
 *
 * <p>Values: numbers as Java prints them ({@code 0.1f} as {@code 0.1}), NaN and infinities as {@code NaN},
 * {@code Infinity} and {@code -Infinity} (which pandas and spreadsheet programs read as floats), booleans as
 * {@code true}/{@code false}; a field is quoted when it contains a comma, a double quote, CR or LF, with
 * double quotes doubled.
 *
 * <p>Not thread-safe; {@link MetricsLogger} serialises calls.
 */
public final class CsvMetricsWriter implements MetricsWriter {

    private final Writer out;
    private List<String> columns;

    /**
     * @param out where to write; owned (and closed) by this writer from now on
     */
    public CsvMetricsWriter(Writer out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Creates (or truncates) a CSV file.
     *
     * @param file the file; its parent directory must exist
     * @return a writer on it
     * @throws IOException if the file cannot be opened
     */
    public static CsvMetricsWriter open(Path file) throws IOException {
        return new CsvMetricsWriter(new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8)));
    }

    /**
     * Opens a CSV file to add rows after the ones it holds (a resumed run): the columns are those of its header,
     * which is not written again. A missing or empty file is created and gets its header from the first record,
     * as with {@link #open}.
     *
     * @param file the file; its parent directory must exist
     * @return a writer appending to it
     * @throws IOException if the file cannot be read or opened
     * @throws IllegalArgumentException if the file's first line is not a complete header line (naming the file)
     */
    public static CsvMetricsWriter append(Path file) throws IOException {
        List<String> header = null;
        if (Files.exists(file) && Files.size(file) > 0) {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            String first = content.lines().findFirst().orElse("");
            if (first.isEmpty() || !content.endsWith("\n")) {
                throw new IllegalArgumentException(file + ": cannot append to a CSV file whose last line is "
                        + "incomplete or whose header is empty");
            }
            try {
                header = List.copyOf(splitLine(first));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": header line: " + e.getMessage(), e);
            }
        }
        CsvMetricsWriter w = new CsvMetricsWriter(new BufferedWriter(Files.newBufferedWriter(file,
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)));
        w.columns = header;
        return w;
    }

    /**
     * Splits one line of a CSV file as {@link #appendField} writes its fields (RFC 4180: quoted fields may hold
     * commas and doubled quotes, not line breaks).
     *
     * @param line one line, without its line break
     * @return the fields, in order; modifiable
     * @throws IllegalArgumentException if a quoted field is not closed
     */
    public static List<String> splitLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quoted field");
        }
        fields.add(field.toString());
        return fields;
    }

    /** @return the header's column names, empty before the first record; unmodifiable */
    public List<String> columns() {
        return columns == null ? List.of() : columns;
    }

    @Override
    public void check(Map<String, ?> record) {
        Records.validate(record);
        if (columns != null) {
            Set<String> known = new LinkedHashSet<>(columns);
            for (String key : record.keySet()) {
                if (!known.contains(key)) {
                    throw new IllegalArgumentException("record has key '" + key
                            + "', which is not a column of this CSV file; the columns are " + columns
                            + " (fixed by the first record)");
                }
            }
        }
    }

    @Override
    public void write(Map<String, ?> record) throws IOException {
        check(record);
        StringBuilder sb = new StringBuilder();
        if (columns == null) {
            columns = List.copyOf(new ArrayList<>(record.keySet()));
            appendRow(sb, columns.stream().map(k -> (Object) k).toList());
        }
        List<Object> row = new ArrayList<>(columns.size());
        for (String c : columns) {
            row.add(record.get(c));
        }
        appendRow(sb, row);
        out.write(sb.toString());
        out.flush();
    }

    private static void appendRow(StringBuilder sb, List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object v = values.get(i);
            if (v == null) {
                continue;
            }
            String s;
            if (v instanceof Number n) {
                s = Records.isNonFinite(n) ? Double.toString(n.doubleValue()) : Records.formatNumber(n);
            } else {
                s = v.toString();
            }
            appendField(sb, s);
        }
        sb.append('\n');
    }

    /** RFC 4180: quote fields holding a separator, a quote or a line break; double inner quotes. */
    static void appendField(StringBuilder sb, String s) {
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            sb.append(s);
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                sb.append('"');
            }
            sb.append(c);
        }
        sb.append('"');
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
