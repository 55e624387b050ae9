package org.mbrl4j.core.spaces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DiscreteTest {

    @Test
    void containsAcceptsIntegralScalarsInRange() {
        Discrete d = Discrete.of(3);
        assertTrue(d.contains(Nd4j.scalar(DataType.INT64, 0)));
        assertTrue(d.contains(Nd4j.scalar(DataType.INT64, 2)));
        assertTrue(d.contains(Nd4j.createFromArray(1L)), "one-element vector");
        assertTrue(d.contains(Nd4j.scalar(2.0f)), "integral float");
        assertFalse(d.contains(Nd4j.scalar(DataType.INT64, 3)));
        assertFalse(d.contains(Nd4j.scalar(DataType.INT64, -1)));
        assertFalse(d.contains(Nd4j.scalar(1.5f)));
        assertFalse(d.contains(Nd4j.createFromArray(0L, 1L)));
        assertFalse(d.contains(Nd4j.create(DataType.INT64, 1, 1)), "rank 2 is not a scalar");
        assertFalse(d.contains(null));
    }

    @Test
    void startShiftsTheRange() {
        Discrete d = Discrete.of(2, -1);
        assertTrue(d.contains(Nd4j.scalar(DataType.INT64, -1)));
        assertTrue(d.contains(Nd4j.scalar(DataType.INT64, 0)));
        assertFalse(d.contains(Nd4j.scalar(DataType.INT64, 1)));
        assertEquals("Discrete(2, start=-1)", d.toString());
    }

    @Test
    void sampleCoversTheRangeAndNothingElse() {
        Discrete d = Discrete.of(4, 10);
        SplittableRandom rng = new SplittableRandom(3);
        int[] counts = new int[4];
        for (int i = 0; i < 4000; i++) {
            INDArray x = d.sample(rng);
            assertEquals(0, x.rank());
            assertEquals(DataType.INT64, x.dataType());
            long v = x.getLong(0);
            assertTrue(v >= 10 && v < 14, "sample " + v);
            counts[(int) v - 10]++;
        }
        for (int c : counts) {
            assertTrue(c > 850 && c < 1150, "not uniform: " + java.util.Arrays.toString(counts));
        }
    }

    @Test
    void indexAndValidateRefuseBadElements() {
        Discrete d = Discrete.of(3);
        assertEquals(2, d.index("action", Nd4j.scalar(DataType.INT64, 2)));
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> d.index("action", Nd4j.scalar(DataType.INT64, 3)));
        assertTrue(range.getMessage().contains("action") && range.getMessage().contains("3.0")
                && range.getMessage().contains("Discrete(3)"), range.getMessage());
        IllegalArgumentException frac = assertThrows(IllegalArgumentException.class,
                () -> d.validate("action", Nd4j.scalar(0.5)));
        assertTrue(frac.getMessage().contains("0.5"), frac.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> d.validate("action", Nd4j.createFromArray(0L, 1L)));
        assertTrue(shape.getMessage().contains("[2]"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.validate("action", null));
        assertThrows(IllegalArgumentException.class, () -> d.validate("action", Nd4j.scalar(Double.NaN)));
    }

    @Test
    void shapeEqualityAndConstructor() {
        assertArrayEquals(new long[0], Discrete.of(2).shape());
        assertEquals(1, Discrete.of(5).flatDim());
        assertEquals(Discrete.of(3), Discrete.of(3, 0));
        assertEquals(Discrete.of(3).hashCode(), Discrete.of(3, 0).hashCode());
        assertNotEquals(Discrete.of(3), Discrete.of(3, 1));
        assertNotEquals(Discrete.of(3), Discrete.of(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Discrete.of(0));
        assertTrue(e.getMessage().contains("0"));
    }
}
