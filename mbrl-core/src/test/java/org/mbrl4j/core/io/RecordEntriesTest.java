package org.mbrl4j.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordEntriesTest {

    enum Mode { FAST, SLOW }

    interface Part { }

    record Leaf(double rate, String label) implements Part { }

    record Inner(int size, List<Integer> dims) { }

    record Outer(int a, long b, double c, float d, boolean e, Mode mode, Inner inner, Part part) {
        Outer {
            if (a < 0) {
                throw new IllegalArgumentException("a must be >= 0: " + a);
            }
        }
    }

    private static final Outer VALUE = new Outer(3, 1L << 40, Double.NaN, 0.1f, true, Mode.SLOW,
            new Inner(7, List.of(0, 2)), new Leaf(1e-3, "x"));

    @Test
    void aNestedRecordRoundTripsExactly() {
        Checkpoint.Builder b = Checkpoint.builder();
        RecordEntries.write(b, "config.", VALUE);
        Checkpoint cp = b.build();
        assertEquals(VALUE, RecordEntries.read(cp, "config.", Outer.class));
        assertEquals(7, cp.longValue("config.inner.size"));
        assertEquals(Leaf.class.getName(), cp.string("config.part.class"));
    }

    @Test
    void aStoredValueTheRecordRejectsIsNamed() {
        Checkpoint.Builder b = Checkpoint.builder();
        RecordEntries.write(b, "", VALUE);
        Checkpoint good = b.build();
        Checkpoint bad = copyWithout(good, "a", Checkpoint.builder().putLong("a", -1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordEntries.read(bad, "", Outer.class));
        assertTrue(e.getMessage().contains("a must be >= 0: -1"), e.getMessage());
    }

    private static Checkpoint copyWithout(Checkpoint source, String skipped, Checkpoint.Builder into) {
        for (String name : source.names()) {
            if (name.equals(skipped)) {
                continue;
            }
            switch (source.type(name)) {
                case LONG -> into.putLong(name, source.longValue(name));
                case DOUBLE -> into.putDouble(name, source.doubleValue(name));
                case BOOLEAN -> into.putBoolean(name, source.booleanValue(name));
                case STRING -> into.putString(name, source.string(name));
                case LONG_ARRAY -> into.putLongs(name, source.longs(name), source.shape(name));
                default -> throw new AssertionError(name);
            }
        }
        return into.build();
    }

    @Test
    void aMissingEntryIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordEntries.read(Checkpoint.builder().build(), "config.", Inner.class));
        assertTrue(e.getMessage().contains("config.size"), e.getMessage());
    }

    @Test
    void differencesNameTheNestedComponentsThatDiffer() {
        Outer other = new Outer(3, 1L << 40, Double.NaN, 0.1f, true, Mode.FAST, new Inner(8, List.of(0, 2)),
                new Leaf(1e-3, "x"));
        assertEquals(List.of("mode: SLOW vs FAST", "inner.size: 7 vs 8"), RecordEntries.differences(VALUE, other));
        assertEquals(List.of(), RecordEntries.differences(VALUE, VALUE));
    }
}
