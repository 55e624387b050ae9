package org.mbrl4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.io.Checkpoint.EntryType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CheckpointTest {

    @Test
    void entriesKeepOrderTypesAndShapes() {
        Checkpoint cp = Checkpoint.builder()
                .putFloats("f", new float[] {1, 2, 3, 4, 5, 6}, 2, 3)
                .putLongs("l", new long[] {7, 8})
                .putString("s", "{\"a\":1}")
                .putBoolean("b", true)
                .build();
        assertEquals(List.of("f", "l", "s", "b"), List.copyOf(cp.names()));
        assertEquals(EntryType.FLOAT_ARRAY, cp.type("f"));
        assertArrayEquals(new long[] {2, 3}, cp.shape("f"));
        assertArrayEquals(new long[] {2}, cp.shape("l"), "omitted shape is [length]");
        assertTrue(cp.booleanValue("b"));
    }

    @Test
    void valuesAreCopiedInAndOut() {
        float[] data = {1, 2};
        Checkpoint cp = Checkpoint.builder().putFloats("x", data).build();
        data[0] = 9;
        assertEquals(1f, cp.floats("x")[0]);
        cp.floats("x")[1] = 9;
        assertEquals(2f, cp.floats("x")[1]);
    }

    @Test
    void indarraysKeepTypeShapeAndValuesIncludingViews() {
        INDArray m = Nd4j.arange(12).castTo(DataType.FLOAT).reshape(3, 4);
        INDArray view = m.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3));
        INDArray fortran = Nd4j.create(new double[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, 'f');
        Checkpoint cp = Checkpoint.builder()
                .putArray("view", view)
                .putArray("fortran", fortran)
                .putArray("ints", Nd4j.createFromArray(new int[][] {{1, 2}, {3, 4}}))
                .putArray("longs", Nd4j.createFromArray(5L, 6L))
                .putArray("scalar", Nd4j.scalar(2.5f))
                .build();
        assertEquals(view, cp.array("view"));
        assertArrayEquals(new float[] {5, 6, 9, 10}, cp.floats("view"));
        assertEquals(fortran, cp.array("fortran"));
        assertEquals(DataType.DOUBLE, cp.array("fortran").dataType());
        assertArrayEquals(new double[] {1, 3, 5, 2, 4, 6}, cp.doubles("fortran"), "stored row-major");
        assertEquals(DataType.INT32, cp.array("ints").dataType());
        assertArrayEquals(new int[] {1, 2, 3, 4}, cp.ints("ints"));
        assertEquals(DataType.INT64, cp.array("longs").dataType());
        assertEquals(0, cp.array("scalar").rank());
        assertEquals(2.5f, cp.array("scalar").getFloat(0));
    }

    @Test
    void missingNamesAndWrongTypesAreNamed() {
        Checkpoint cp = Checkpoint.builder().putLong("step", 3).build();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> cp.string("config"));
        assertTrue(missing.getMessage().contains("'config'") && missing.getMessage().contains("[step]"));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> cp.doubleValue("step"));
        assertTrue(wrong.getMessage().contains("LONG") && wrong.getMessage().contains("DOUBLE"));
        assertThrows(IllegalArgumentException.class, () -> cp.shape("step"));
        assertThrows(IllegalArgumentException.class, () -> cp.array("step"));
    }

    @Test
    void builderRefusesDuplicateEmptyNamesAndMismatchedShapes() {
        Checkpoint.Builder b = Checkpoint.builder().putLong("a", 1);
        assertThrows(IllegalArgumentException.class, () -> b.putDouble("a", 2));
        assertThrows(IllegalArgumentException.class, () -> b.putDouble("", 2));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> b.putFloats("w", new float[5], 2, 3));
        assertTrue(shape.getMessage().contains("[2, 3]") && shape.getMessage().contains("5"));
        assertThrows(IllegalArgumentException.class, () -> b.putInts("w", new int[0], -1));
    }

    @Test
    void equalityComparesContents() {
        Checkpoint a = Checkpoint.builder().putDoubles("d", new double[] {1, Double.NaN}).putString("s", "x").build();
        Checkpoint b = Checkpoint.builder().putDoubles("d", new double[] {1, Double.NaN}).putString("s", "x").build();
        Checkpoint reordered = Checkpoint.builder().putString("s", "x").putDoubles("d", new double[] {1, Double.NaN})
                .build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, reordered);
        assertNotEquals(a, Checkpoint.builder().putDoubles("d", new double[] {1, 2}).putString("s", "x").build());
        assertNotEquals(a, Checkpoint.builder().putAll(a).putBoolean("extra", false).build());
        assertEquals(a, Checkpoint.builder().putAll(a).build());
    }

    @Test
    void withoutDropsEntriesAndRefusesNamesItDoesNotHave() {
        Checkpoint cp = Checkpoint.builder().putLong("a", 1).putLong("b", 2).putLong("c", 3).build();
        assertEquals(List.of("a", "c"), List.copyOf(cp.without("b").names()));
        assertEquals(3, cp.names().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cp.without("d"));
        assertTrue(e.getMessage().contains("'d'"), e.getMessage());
    }
}
