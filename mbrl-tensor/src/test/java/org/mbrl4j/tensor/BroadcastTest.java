package org.mbrl4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BroadcastTest {

    private static INDArray expected(INDArray rows, int[] members, long k, long b) {
        INDArray out = Nd4j.create(rows.dataType(), k, b, rows.size(2));
        for (int i = 0; i < k; i++) {
            int m = members == null ? i : members[i];
            for (int r = 0; r < b; r++) {
                for (int c = 0; c < rows.size(2); c++) {
                    out.putScalar(new long[] {i, r, c}, rows.getDouble(m, 0, c));
                }
            }
        }
        return out;
    }

    @Test
    void copiesTheChosenRowsOnEveryPath() {
        INDArray rows = Nd4j.linspace(1, 21, 21, DataType.FLOAT).reshape(3, 1, 7);
        int[] members = {2, 0};
        INDArray out = Nd4j.valueArrayOf(new long[] {2, 5, 7}, Float.NaN, DataType.FLOAT);
        Broadcast.rows(rows, members, out);
        assertEquals(expected(rows, members, 2, 5), out);
        INDArray all = Nd4j.create(DataType.FLOAT, 3, 4, 7);
        Broadcast.rows(rows, null, all);
        assertEquals(expected(rows, null, 3, 4), all);
        // float64 and an f-order output take ND4J's path: same numbers.
        INDArray d = Nd4j.create(DataType.DOUBLE, 2, 5, 7);
        Broadcast.rows(rows.castTo(DataType.DOUBLE), members, d);
        assertEquals(expected(rows, members, 2, 5).castTo(DataType.DOUBLE), d);
        INDArray f = Nd4j.create(DataType.FLOAT, new long[] {2, 5, 7}, 'f');
        Broadcast.rows(rows, members, f);
        assertEquals(expected(rows, members, 2, 5), f.dup('c'));
        // The plain form.
        INDArray row = Nd4j.linspace(1, 4, 4, DataType.FLOAT).reshape(1, 4);
        INDArray plain = Nd4j.create(DataType.FLOAT, 3, 4);
        Broadcast.rows(row, null, plain);
        assertEquals(row.repeat(0, 3), plain);
    }

    @Test
    void rowMajorContiguousIgnoresTheStridesOfUnitDimensions() {
        assertTrue(Layouts.rowMajorContiguous(Nd4j.create(DataType.FLOAT, 5, 1, 200)));
        assertTrue(Layouts.rowMajorContiguous(Nd4j.create(DataType.FLOAT, 1, 1)));
        assertTrue(Layouts.rowMajorContiguous(Nd4j.create(DataType.FLOAT, 7, 20, 3)));
        assertTrue(!Layouts.rowMajorContiguous(Nd4j.create(DataType.FLOAT, new long[] {7, 20}, 'f')));
        assertTrue(!Layouts.rowMajorContiguous(Nd4j.create(DataType.FLOAT, 7, 20).transpose()));
        assertTrue(!Layouts.rowMajorContiguous(Nd4j.create(DataType.FLOAT, 7, 20).get(
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2, 20))));
    }

    @Test
    void badArgumentsNameTheShapes() {
        INDArray rows = Nd4j.create(DataType.FLOAT, 3, 1, 7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Broadcast.rows(rows, new int[] {0, 3}, Nd4j.create(DataType.FLOAT, 2, 5, 7)));
        assertTrue(e.getMessage().contains("members[1] = 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Broadcast.rows(rows, null, Nd4j.create(DataType.FLOAT, 2, 5, 7)));
        assertTrue(e.getMessage().contains("[3, 1, 7]") && e.getMessage().contains("[2, 5, 7]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Broadcast.rows(rows, null, Nd4j.create(DataType.FLOAT, 3, 5, 6)));
        assertTrue(e.getMessage().contains("[3, 5, 6]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Broadcast.rows(rows, null, Nd4j.create(DataType.DOUBLE, 3, 5, 7)));
        assertTrue(e.getMessage().contains("DOUBLE"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Broadcast.rows(null, null, rows));
    }
}
