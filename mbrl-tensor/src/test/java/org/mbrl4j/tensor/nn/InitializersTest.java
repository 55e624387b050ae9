package org.mbrl4j.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class InitializersTest {

    @Test
    void truncatedNormalHasMbrlLibsStdAndBounds() {
        INDArray w = Nd4j.zeros(DataType.DOUBLE, 100, 400);
        Initializers.truncatedNormal().initialize(w, 100, 400, new SplittableRandom(1));
        double std = 1.0 / (2.0 * Math.sqrt(100));
        assertTrue(w.amaxNumber().doubleValue() <= 2 * std + 1e-12);
        // A normal truncated at 2 sigma has std 0.8796 sigma.
        assertEquals(0.8796 * std, w.stdNumber().doubleValue(), 0.01 * std);
        assertEquals(0.0, w.meanNumber().doubleValue(), 0.01 * std);
    }

    @Test
    void xavierUniformBounds() {
        INDArray w = Nd4j.zeros(DataType.DOUBLE, 50, 150);
        Initializers.xavierUniform().initialize(w, 50, 150, new SplittableRandom(2));
        double a = Math.sqrt(6.0 / 200);
        assertTrue(w.amaxNumber().doubleValue() <= a);
        assertEquals(a / Math.sqrt(3), w.stdNumber().doubleValue(), 0.02 * a);
    }

    @Test
    void orthogonalRowsOrColumnsAreOrthonormal() {
        for (long[] shape : new long[][] {{30, 10}, {10, 30}, {16, 16}}) {
            INDArray w = Nd4j.zeros(DataType.DOUBLE, shape);
            Initializers.orthogonal(2.0).initialize(w, shape[0], shape[1], new SplittableRandom(3));
            INDArray gram = shape[0] >= shape[1] ? w.transpose().mmul(w) : w.mmul(w.transpose());
            INDArray expected = Nd4j.eye(Math.min(shape[0], shape[1])).castTo(DataType.DOUBLE).mul(4.0);
            assertTrue(gram.sub(expected).amaxNumber().doubleValue() < 1e-9, java.util.Arrays.toString(shape));
        }
    }

    @Test
    void sameSeedSameWeights() {
        INDArray a = Nd4j.zeros(DataType.FLOAT, 8, 9);
        INDArray b = Nd4j.zeros(DataType.FLOAT, 8, 9);
        Initializers.truncatedNormal().initialize(a, 8, 9, new SplittableRandom(5));
        Initializers.truncatedNormal().initialize(b, 8, 9, new SplittableRandom(5));
        assertArrayEquals(a.data().asFloat(), b.data().asFloat());
        assertThrows(IllegalArgumentException.class, () -> Initializers.truncatedNormal(a, -1, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> Initializers.orthogonal(Double.NaN));
    }
}
