package org.mbrl4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mbrl4j.algorithms.pets.PetsConfig;
import org.mbrl4j.planners.CemConfig;

class JsonTest {

    private enum Mode { FAST }

    private interface Shape {}

    private record Inner(int units, double rate) implements Shape {}

    private record Outer(String name, Inner inner, Shape shape, Mode mode, List<Integer> sizes, double nan,
            Optional<String> missing) {}

    @Test
    void recordsBecomeObjectsInComponentOrderAndReadBack() {
        Outer o = new Outer("a \"quoted\"\nname", new Inner(3, 1e-4), new Inner(5, 0.5), Mode.FAST, List.of(1, 2),
                Double.NaN, Optional.empty());
        String json = Json.write(o);
        Object parsed = Json.parse(json);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "a \"quoted\"\nname");
        expected.put("inner", Map.of("units", 3L, "rate", 1e-4));
        // An interface-typed component names the record it holds.
        expected.put("shape", Map.of("type", "Inner", "units", 5L, "rate", 0.5));
        expected.put("mode", "FAST");
        expected.put("sizes", List.of(1L, 2L));
        expected.put("nan", null);
        expected.put("missing", null);
        assertEquals(expected, parsed, json);
        assertEquals(List.of("name", "inner", "shape", "mode", "sizes", "nan", "missing"),
                List.copyOf(((Map<?, ?>) parsed).keySet()), "component order kept");
    }

    @Test
    void flattenGivesDottedKeysInDocumentOrder() {
        Object doc = Json.parse("{\"a\": {\"b\": 1, \"c\": [true, {\"d\": null}]}, \"e\": {}, \"f\": \"x\"}");
        Map<String, Object> flat = Json.flatten(doc);
        assertEquals(List.of("a.b", "a.c[0]", "a.c[1].d", "e", "f"), List.copyOf(flat.keySet()));
        assertEquals(1L, flat.get("a.b"));
        assertEquals(Map.of(), flat.get("e"));
    }

    @Test
    void aWholePetsConfigSurvivesTheRoundTrip() {
        PetsConfig config = PetsConfig.cartpoleContinuous().reduced();
        Map<String, Object> flat = Json.flatten(Json.parse(Json.write(config)));
        assertEquals(config.envId(), flat.get("envId"));
        assertEquals((long) config.trials(), flat.get("trials"));
        assertEquals((long) config.model().ensembleSize(), flat.get("model.ensembleSize"));
        assertEquals(config.trainer().learningRate(), (Double) flat.get("trainer.learningRate"), 0.0);
        CemConfig cem = (CemConfig) config.optimizer();
        assertEquals("CemConfig", flat.get("optimizer.type"));
        assertEquals((long) cem.populationSize(), flat.get("optimizer.populationSize"));
    }

    @Test
    void malformedJsonNamesThePosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1,}"));
        assertTrue(e.getMessage().contains("character 8"), e.getMessage()); // the "}" where a key belongs
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{} trailing"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("\"open"));
    }
}
