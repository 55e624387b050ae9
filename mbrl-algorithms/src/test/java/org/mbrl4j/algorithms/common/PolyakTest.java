package org.mbrl4j.algorithms.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;

class PolyakTest {

    @Test
    void movesTheTargetByTauTowardsTheSource() {
        Parameter t = new Parameter("w", HostArrays.array(new double[] {1, 2, 3, 4}, DataType.FLOAT, 2, 2));
        Parameter s = new Parameter("w", HostArrays.array(new double[] {3, 2, 1, 0}, DataType.FLOAT, 2, 2));
        Polyak.update(List.of(t), List.of(s), 0.25);
        assertArrayEquals(new double[] {1.5, 2, 2.5, 3}, HostArrays.toDoubles(t.value()), 1e-6);
        Polyak.update(List.of(t), List.of(s), 1);
        assertArrayEquals(new double[] {3, 2, 1, 0}, HostArrays.toDoubles(t.value()), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Polyak.update(List.of(t), List.of(s), 1.5));
    }

    @Test
    void hostAndNd4jPathsAgree() {
        double[] a = {1, -2, 3, 0.5, 7, -1};
        double[] b = {0, 4, -3, 2.5, 1, 1};
        double[] expected = new double[6];
        for (int i = 0; i < 6; i++) {
            expected[i] = 0.9 * a[i] + 0.1 * b[i];
        }
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Parameter t = new Parameter("b", HostArrays.array(a, type, 2, 1, 3)); // an ensemble bias's shape
            Parameter s = new Parameter("b", HostArrays.array(b, type, 2, 1, 3));
            Polyak.update(List.of(t), List.of(s), 0.1);
            assertArrayEquals(expected, HostArrays.toDoubles(t.value()), 1e-6, type.toString());
        }
    }
}
