package org.mbrl4j.core.metrics;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Writes each record as one JSON object on its own line (JSON Lines, UTF-8 when opened on a file). Keys
 * keep the record's iteration order; records may have different keys.
 *
 * <p>Values: finite numbers as JSON numbers, booleans as {@code true}/{@code false}, strings escaped per
 * RFC 8259 (quote, backslash, control characters and unpaired surrogates as {@code \}-escapes).
 * <b>NaN and infinities are written as {@code null}</b>, because JSON has no literal for them (what
 * JavaScript's {@code JSON.stringify} does too); a record that needs to tell them apart should log a
 * string alongside.
 *
 * <p>Not thread-safe; {@link MetricsLogger} serialises calls.
 */
public final class JsonLinesMetricsWriter implements MetricsWriter {

    private final Writer out;

    /**
     * @param out where to write; owned (and closed) by this writer from now on
     */
    public JsonLinesMetricsWriter(Writer out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Creates (or truncates) a JSON Lines file.
     *
     * @param file the file; its parent directory must exist
     * @return a writer on it
     * @throws IOException if the file cannot be opened
     */
    public static JsonLinesMetricsWriter open(Path file) throws IOException {
        return new JsonLinesMetricsWriter(new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8)));
    }

    /**
     * Opens a JSON Lines file to add records after the ones it holds (a resumed run), creating it if missing.
     *
     * @param file the file; its parent directory must exist
     * @return a writer appending to it
     * @throws IOException if the file cannot be opened
     */
    public static JsonLinesMetricsWriter append(Path file) throws IOException {
        return new JsonLinesMetricsWriter(new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)));
    }

    @Override
    public void write(Map<String, ?> record) throws IOException {
        check(record);
        out.write(toJson(record));
        out.write('\n');
        out.flush();
    }

    /**
     * @param record a valid record
     * @return the record as a one-line JSON object
     */
    static String toJson(Map<String, ?> record) {
        StringBuilder sb = new StringBuilder("{");
        String sep = "";
        for (Map.Entry<String, ?> e : record.entrySet()) {
            sb.append(sep);
            quote(sb, e.getKey());
            sb.append(':');
            Object v = e.getValue();
            if (v instanceof Number n) {
                sb.append(Records.isNonFinite(n) ? "null" : Records.formatNumber(n));
            } else if (v instanceof Boolean b) {
                sb.append(b.booleanValue());
            } else {
                quote(sb, v.toString());
            }
            sep = ",";
        }
        return sb.append('}').toString();
    }

    /** Appends {@code s} as a JSON string literal. */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    boolean unpaired = (Character.isHighSurrogate(c)
                            && (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))))
                            || (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1))));
                    // U+2028/2029 are legal in JSON but break JavaScript line parsing; escaping costs nothing.
                    if (c < 0x20 || unpaired || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
