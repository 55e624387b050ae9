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

class BoxTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    private static INDArray vec(float... v) {
        return Nd4j.createFromArray(v);
    }

    @Test
    void containsChecksShapeBoundsAndNaN() {
        Box box = Box.of(new double[] {-1, 0}, new double[] {1, 2});
        assertTrue(box.contains(vec(0f, 1f)));
        assertTrue(box.contains(vec(-1f, 2f)), "bounds are inclusive");
        assertFalse(box.contains(vec(1.01f, 1f)));
        assertFalse(box.contains(vec(0f, -0.001f)));
        assertFalse(box.contains(vec(Float.NaN, 1f)));
        assertFalse(box.contains(vec(0f, 1f, 0f)), "wrong length");
        assertFalse(box.contains(Nd4j.create(DataType.FLOAT, 1, 2)), "wrong rank");
        assertFalse(box.contains(null));
    }

    @Test
    void sampleStaysWithinBoundsForBoundedHalfBoundedAndUnboundedDims() {
        Box box = Box.of(new double[] {-2, 0, -INF, -INF}, new double[] {3, INF, 5, INF});
        SplittableRandom rng = new SplittableRandom(1);
        boolean unboundedNegative = false;
        boolean unboundedPositive = false;
        double sumLowOnly = 0;
        int n = 2000;
        for (int i = 0; i < n; i++) {
            INDArray x = box.sample(rng);
            assertEquals(DataType.FLOAT, x.dataType());
            assertArrayEquals(new long[] {4}, x.shape());
            assertTrue(box.contains(x), "sample outside the box: " + x);
            assertTrue(x.getFloat(0) >= -2 && x.getFloat(0) <= 3);
            assertTrue(x.getFloat(1) >= 0);
            assertTrue(x.getFloat(2) <= 5);
            unboundedNegative |= x.getFloat(3) < 0;
            unboundedPositive |= x.getFloat(3) > 0;
            sumLowOnly += x.getFloat(1);
        }
        assertTrue(unboundedNegative && unboundedPositive, "a fully unbounded dimension takes both signs");
        // low + Exp(1): mean 1.
        assertEquals(1.0, sumLowOnly / n, 0.1);
    }

    @Test
    void sampleIsReproducibleFromTheGenerator() {
        Box box = Box.uniform(-1, 1, 2, 3);
        assertEquals(box.sample(new SplittableRandom(9)), box.sample(new SplittableRandom(9)));
        assertArrayEquals(new long[] {2, 3}, box.sample(new SplittableRandom(9)).shape());
    }

    @Test
    void validateNamesTheArgumentForWrongShapeNaNAndIntegerType() {
        Box box = Box.uniform(-1, 1, 3);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> box.validate("action", vec(0f, 0f)));
        assertTrue(shape.getMessage().contains("action") && shape.getMessage().contains("[2]")
                && shape.getMessage().contains("[3]"), shape.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> box.validate("action", vec(0f, Float.NaN, 0f)));
        assertTrue(nan.getMessage().contains("action") && nan.getMessage().contains("NaN")
                && nan.getMessage().contains("index 1"), nan.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> box.validate("action", Nd4j.createFromArray(0L, 0L, 0L)));
        assertTrue(type.getMessage().contains("data type LONG") && type.getMessage().contains("floating-point"),
                type.getMessage());
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class, () -> box.validate("obs", null));
        assertTrue(nul.getMessage().contains("obs"));
        // Out of bounds but finite is acceptable (environments clip).
        box.validate("action", vec(5f, -5f, 0f));
    }

    @Test
    void equalityIsByValue() {
        Box a = Box.of(new double[] {-1, -2}, new double[] {1, 2});
        Box b = Box.of(new double[] {-1, -2}, new double[] {1, 2});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Box.of(new double[] {-1, -2}, new double[] {1, 3}));
        assertNotEquals(Box.uniform(0, 1, 4), Box.uniform(0, 1, 2, 2), "same bounds, different shape");
        assertNotEquals(a, Discrete.of(2));
    }

    @Test
    void accessorsReturnCopies() {
        Box box = Box.of(new double[] {-1}, new double[] {1});
        box.low()[0] = 7;
        box.shape()[0] = 7;
        assertEquals(-1, box.low(0));
        assertArrayEquals(new long[] {1}, box.shape());
        assertEquals(1, box.flatDim());
        assertTrue(box.isBounded());
        assertFalse(Box.of(new double[] {-INF}, new double[] {0}).isBounded());
    }

    @Test
    void constructorRejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Box.of(new double[] {0, 0}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Box.of(new double[0], new double[0]));
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                () -> Box.of(new double[] {0, 2}, new double[] {1, 1}));
        assertTrue(order.getMessage().contains("low[1]=2.0"), order.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Box.of(new double[] {Double.NaN}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Box.of(new double[] {0}, new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> Box.of(new double[] {0, 0}, new double[] {1, 1}, 3));
    }
}
