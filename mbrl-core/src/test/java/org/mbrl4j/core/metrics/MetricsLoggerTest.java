package org.mbrl4j.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLoggerTest {

    @TempDir
    Path dir;

    private static Map<String, Object> rec(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    @Test
    void toDirectoryWritesCsvAndJsonLinesFlushedAfterEachRecord() throws IOException {
        Path run = dir.resolve("runs/pets");
        MetricsLogger logger = MetricsLogger.toDirectory(run, "train");
        logger.log(rec("episode", 0, "return", 12.5));
        // Read before close: what was logged is already on disk.
        assertEquals(List.of("episode,return", "0,12.5"), Files.readAllLines(run.resolve("train.csv")));
        assertEquals(List.of("{\"episode\":0,\"return\":12.5}"), Files.readAllLines(run.resolve("train.jsonl")));
        logger.log(rec("episode", 1, "return", "é,\"x\""));
        logger.close();
        logger.close(); // idempotent
        assertEquals("episode,return\n0,12.5\n1,\"é,\"\"x\"\"\"\n",
                Files.readString(run.resolve("train.csv"), StandardCharsets.UTF_8));
        assertEquals(2, Files.readAllLines(run.resolve("train.jsonl")).size());
        assertThrows(IllegalStateException.class, () -> logger.log(rec("episode", 2, "return", 0)));
    }

    @Test
    void aRecordRefusedByOneWriterIsWrittenByNone() throws IOException {
        StringWriter json = new StringWriter();
        StringWriter csv = new StringWriter();
        // JSON first: it would accept the record, the CSV writer would not.
        try (MetricsLogger logger = MetricsLogger.of(new JsonLinesMetricsWriter(json), new CsvMetricsWriter(csv))) {
            logger.log(Map.of("a", 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> logger.log(rec("a", 2, "b", 3)));
            assertTrue(e.getMessage().contains("'b'"), e.getMessage());
        }
        assertEquals("{\"a\":1}\n", json.toString());
        assertEquals("a\n1\n", csv.toString());
    }

    @Test
    void badNamesAndArgumentsAreRefused() {
        for (String bad : new String[] {"", "../x", "a/b", ".hidden", "sp ace"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MetricsLogger.toDirectory(dir, bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> MetricsLogger.of());
        assertThrows(IllegalArgumentException.class, () -> new MetricsLogger(java.util.Arrays.asList(
                new CsvMetricsWriter(new StringWriter()), null)));
    }

    @Test
    void closeClosesEveryWriterEvenWhenOneFails() {
        List<String> closed = new ArrayList<>();
        MetricsWriter failing = new MetricsWriter() {
            @Override
            public void write(Map<String, ?> record) {}

            @Override
            public void close() throws IOException {
                closed.add("failing");
                throw new IOException("disk gone");
            }
        };
        MetricsWriter fine = new MetricsWriter() {
            @Override
            public void write(Map<String, ?> record) {}

            @Override
            public void close() {
                closed.add("fine");
            }
        };
        MetricsLogger logger = MetricsLogger.of(failing, fine);
        IOException e = assertThrows(IOException.class, logger::close);
        assertEquals("disk gone", e.getMessage());
        assertEquals(List.of("failing", "fine"), closed);
    }

    @Test
    void writeFailuresSurfaceAsUncheckedIOException() {
        MetricsWriter broken = new MetricsWriter() {
            @Override
            public void write(Map<String, ?> record) throws IOException {
                throw new IOException("no space");
            }

            @Override
            public void close() {}
        };
        MetricsLogger logger = MetricsLogger.of(broken);
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> logger.log(Map.of("x", 1)));
        assertEquals("no space", e.getCause().getMessage());
    }

    @Test
    void appendingContinuesBothFilesWithoutASecondHeader(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws java.io.IOException {
        try (MetricsLogger first = MetricsLogger.toDirectory(tmp, "episodes")) {
            first.log(java.util.Map.of("episode", 0));
        }
        java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("episode", 1);
        try (MetricsLogger more = MetricsLogger.appendToDirectory(tmp, "episodes")) {
            more.log(row);
            row.put("other", 2);
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> more.log(row));
        }
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("episode", "0", "1"),
                java.nio.file.Files.readAllLines(tmp.resolve("episodes.csv")));
        org.junit.jupiter.api.Assertions.assertEquals(2,
                java.nio.file.Files.readAllLines(tmp.resolve("episodes.jsonl")).size());
    }
}
