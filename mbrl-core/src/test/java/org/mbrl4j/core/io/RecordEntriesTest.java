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

    record Grown(int steps, @RecordEntries.Default("1") int repeats, @RecordEntries.Default("0.5") double share,
            @RecordEntries.Default("SLOW") Mode mode, @RecordEntries.Default("true") boolean on) {
        Grown {
            if (repeats < 1) {
                throw new IllegalArgumentException("repeats must be >= 1: " + repeats);
            }
        }
    }

    record BadDefault(@RecordEntries.Default("one") int repeats) { }

    @Test
    void missingEntriesOfComponentsWithADefaultReadAsThatDefault() {
        Checkpoint.Builder b = Checkpoint.builder();
        RecordEntries.write(b, "c.", new Grown(5, 3, 0.25, Mode.FAST, false));
        Checkpoint full = b.build();
        assertEquals(new Grown(5, 3, 0.25, Mode.FAST, false), RecordEntries.read(full, "c.", Grown.class));
        Checkpoint old = full.without("c.repeats", "c.share", "c.mode", "c.on");
        assertEquals(new Grown(5, 1, 0.5, Mode.SLOW, true), RecordEntries.read(old, "c.", Grown.class));
        // a component without a default is still required
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordEntries.read(full.without("c.steps"), "c.", Grown.class));
        assertTrue(e.getMessage().contains("c.steps"), e.getMessage());
    }

    @Test
    void aDefaultThatIsNotAValueOfItsTypeIsReportedWithTheComponent() {
        Checkpoint empty = Checkpoint.builder().build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordEntries.read(empty, "c.", BadDefault.class));
        assertTrue(e.getMessage().contains("c.repeats") && e.getMessage().contains("\"one\""), e.getMessage());
    }

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
