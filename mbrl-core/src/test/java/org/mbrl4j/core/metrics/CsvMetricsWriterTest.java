package org.mbrl4j.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvMetricsWriterTest {

    private static Map<String, Object> record(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void headerFollowsTheFirstRecordsKeyOrderAndValuesAreFormatted() throws IOException {
        StringWriter out = new StringWriter();
        try (CsvMetricsWriter w = new CsvMetricsWriter(out)) {
            w.write(record("step", 1, "return", 2.5, "lr", 0.1f, "ok", true, "env", "CartPole-v1"));
            w.write(record("step", 2L, "return", Double.NaN, "lr", Float.POSITIVE_INFINITY, "ok", false,
                    "env", "x"));
            assertEquals(List.of("step", "return", "lr", "ok", "env"), w.columns());
        }
        assertEquals("step,return,lr,ok,env\n"
                + "1,2.5,0.1,true,CartPole-v1\n"
                + "2,NaN,Infinity,false,x\n", out.toString());
    }

    @Test
    void quotingFollowsRfc4180() throws IOException {
        StringWriter out = new StringWriter();
        try (CsvMetricsWriter w = new CsvMetricsWriter(out)) {
            w.write(record("a,b", "x", "note", "say \"hi\", then\nleave", "cr", "a\rb", "plain", "semi;colon"));
        }
        assertEquals("\"a,b\",note,cr,plain\n"
                + "x,\"say \"\"hi\"\", then\nleave\",\"a\rb\",semi;colon\n", out.toString());
    }

    @Test
    void missingKeysLeaveEmptyCellsAndNewKeysAreRefused() throws IOException {
        StringWriter out = new StringWriter();
        try (CsvMetricsWriter w = new CsvMetricsWriter(out)) {
            w.write(record("a", 1, "b", 2));
            w.write(record("b", 3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> w.write(record("a", 4, "c", 5)));
            assertTrue(e.getMessage().contains("'c'") && e.getMessage().contains("[a, b]"), e.getMessage());
        }
        assertEquals("a,b\n1,2\n,3\n", out.toString(), "the refused record wrote nothing");
    }

    @Test
    void invalidValuesAreRefusedWithTheKey() {
        CsvMetricsWriter w = new CsvMetricsWriter(new StringWriter());
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("loss", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.write(withNull));
        assertTrue(e.getMessage().contains("'loss'") && e.getMessage().contains("null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> w.write(record("arr", new double[] {1})));
        assertTrue(e.getMessage().contains("'arr'") && e.getMessage().contains("Number, String or Boolean"));
        assertThrows(IllegalArgumentException.class, () -> w.write(record("", 1)));
        assertThrows(IllegalArgumentException.class, () -> w.write(Map.of()));
    }

    @Test
    void eachRecordIsFlushed() throws IOException {
        StringWriter sink = new StringWriter();
        java.io.BufferedWriter buffered = new java.io.BufferedWriter(sink, 1 << 16);
        CsvMetricsWriter w = new CsvMetricsWriter(buffered);
        w.write(record("a", 1));
        assertEquals("a\n1\n", sink.toString(), "visible without close");
    }
}
