package org.mbrl4j.algorithms.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.models.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;

class PolyakTest {

    @Test
    void movesTheTargetByTauTowardsTheSource() {
        Parameter t = new Parameter("w", Tensors.array(new double[] {1, 2, 3, 4}, DataType.FLOAT, 2, 2));
        Parameter s = new Parameter("w", Tensors.array(new double[] {3, 2, 1, 0}, DataType.FLOAT, 2, 2));
        Polyak.update(List.of(t), List.of(s), 0.25);
        assertArrayEquals(new double[] {1.5, 2, 2.5, 3}, Tensors.doubles(t.value()), 1e-6);
        Polyak.update(List.of(t), List.of(s), 1);
        assertArrayEquals(new double[] {3, 2, 1, 0}, Tensors.doubles(t.value()), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Polyak.update(List.of(t), List.of(s), 1.5));
    }
}
