package org.mbrl4j.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JsonLinesMetricsWriterTest {

    @Test
    void oneObjectPerLineInKeyOrder() throws IOException {
        StringWriter out = new StringWriter();
        try (JsonLinesMetricsWriter w = new JsonLinesMetricsWriter(out)) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("step", 10);
            r.put("return", -3.25);
            r.put("lr", 1e-4f);
            r.put("big", 1e300);
            r.put("done", false);
            r.put("env", "Pendulum-v1");
            r.put("count", new AtomicLong(7));
            r.put("exact", new BigDecimal("0.30"));
            w.write(r);
            w.write(Map.of("other", 1L));
        }
        assertEquals("{\"step\":10,\"return\":-3.25,\"lr\":1.0E-4,\"big\":1.0E300,\"done\":false,"
                + "\"env\":\"Pendulum-v1\",\"count\":7.0,\"exact\":0.30}\n{\"other\":1}\n", out.toString());
    }

    @Test
    void nonFiniteNumbersBecomeNull() throws IOException {
        StringWriter out = new StringWriter();
        try (JsonLinesMetricsWriter w = new JsonLinesMetricsWriter(out)) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("a", Double.NaN);
            r.put("b", Double.NEGATIVE_INFINITY);
            r.put("c", Float.NaN);
            w.write(r);
        }
        assertEquals("{\"a\":null,\"b\":null,\"c\":null}\n", out.toString());
    }

    @Test
    void stringsAreEscaped() {
        StringBuilder sb = new StringBuilder();
        JsonLinesMetricsWriter.quote(sb, "q\" b\\ n\n r\r t\t \b \f \u0001 \u001f é \uD83D\uDE80 \u2028 lone\uD800 x\uDC00");
        assertEquals("\"q\\\" b\\\\ n\\n r\\r t\\t \\b \\f \\u0001 \\u001f é \uD83D\uDE80 \\u2028 lone\\ud800"
                + " x\\udc00\"", sb.toString());
        assertEquals("{\"k\\\"ey\":\"v\\nal\"}", JsonLinesMetricsWriter.toJson(Map.of("k\"ey", "v\nal")));
    }

    @Test
    void invalidRecordsAreRefused() {
        JsonLinesMetricsWriter w = new JsonLinesMetricsWriter(new StringWriter());
        assertThrows(IllegalArgumentException.class, () -> w.write(Map.of("x", new Object())));
        assertThrows(IllegalArgumentException.class, () -> w.write(null));
    }
}
