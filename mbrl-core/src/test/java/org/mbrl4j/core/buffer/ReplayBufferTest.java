package org.mbrl4j.core.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Discrete;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ReplayBufferTest {

    /** Observation [i, -i], action [i / 10], reward i, next observation [i + 1, -(i + 1)]. */
    static void addCounting(ReplayBuffer buf, int from, int to) {
        for (int i = from; i < to; i++) {
            buf.add(Nd4j.createFromArray((float) i, (float) -i), Nd4j.createFromArray(i / 10f), i,
                    Nd4j.createFromArray(i + 1f, -(i + 1f)), false, false);
        }
    }

    @Test
    void storageBytesCountsWhatCreateAllocates() {
        // 2 x 3 x 8 x 8 observation floats, 1 action float, 1 reward float, 3 flags per transition
        assertEquals(100L * (4 * (2 * 192 + 1 + 1) + 3), ReplayBuffer.storageBytes(100, new long[] {3, 8, 8},
                new long[] {1}));
        assertEquals(10L * (4 * (2 * 4 + 1 + 1) + 3), ReplayBuffer.storageBytes(10, new long[] {4}, new long[] {}),
                "a discrete action is one float");
        // 1,000,000 transitions of 3 x 128 x 128 images: far beyond a Java array, still counted
        assertEquals(1_000_000L * (4 * (2 * 49_152 + 2) + 3), ReplayBuffer.storageBytes(1_000_000,
                new long[] {3, 128, 128}, new long[] {1}));
        assertThrows(IllegalArgumentException.class, () -> ReplayBuffer.storageBytes(0, new long[] {2},
                new long[] {1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReplayBuffer.storageBytes(5, new long[] {2, 0}, new long[] {1}));
        assertTrue(e.getMessage().contains("obsShape") && e.getMessage().contains("[2, 0]"), e.getMessage());
    }

    @Test
    void storesTransitionsAndReturnsThemOldestFirst() {
        ReplayBuffer buf = ReplayBuffer.create(10, new long[] {2}, new long[] {1});
        assertEquals(0, buf.size());
        assertEquals(10, buf.capacity());
        addCounting(buf, 0, 4);
        buf.add(new Transition(Nd4j.createFromArray(4f, -4f), Nd4j.createFromArray(0.4f), 4,
                Nd4j.createFromArray(5f, -5f), true, false));
        assertEquals(5, buf.size());
        Batch all = buf.all();
        assertEquals(5, all.size());
        assertArrayEquals(new long[] {5, 2}, all.observations().shape());
        assertArrayEquals(new long[] {5, 1}, all.actions().shape());
        assertArrayEquals(new long[] {5}, all.rewards().shape());
        assertEquals(DataType.FLOAT, all.observations().dataType());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4}, all.rewards().toFloatVector());
        assertArrayEquals(new float[] {3, -3}, all.observations().getRow(3).toFloatVector());
        assertArrayEquals(new float[] {4, -4}, all.nextObservations().getRow(3).toFloatVector());
        assertArrayEquals(new float[] {0, 0, 0, 0, 1}, all.terminated().toFloatVector());
        assertArrayEquals(new float[] {0, 0, 0, 0, 0}, all.truncated().toFloatVector());
        assertEquals(0.2f, all.actions().getFloat(2, 0), 1e-7);
    }

    @Test
    void ringOverwritesTheOldest() {
        ReplayBuffer buf = ReplayBuffer.create(4, new long[] {2}, new long[] {1});
        addCounting(buf, 0, 11);
        assertEquals(4, buf.size());
        assertEquals(11, buf.totalAdded());
        assertArrayEquals(new float[] {7, 8, 9, 10}, buf.all().rewards().toFloatVector());
        Batch picked = buf.get(new int[] {3, 0, 0});
        assertArrayEquals(new float[] {10, 7, 7}, picked.rewards().toFloatVector());
        assertArrayEquals(new float[] {10, -10}, picked.observations().getRow(0).toFloatVector());
    }

    @Test
    void sampleIsUniformWithReplacementReproducibleAndFresh() {
        ReplayBuffer buf = ReplayBuffer.create(8, new long[] {2}, new long[] {1});
        addCounting(buf, 0, 8);
        Batch a = buf.sample(4000, new SplittableRandom(5));
        Batch b = buf.sample(4000, new SplittableRandom(5));
        assertEquals(a.rewards(), b.rewards());
        assertNotSame(a.rewards(), b.rewards());
        int[] counts = new int[8];
        for (float r : a.rewards().toFloatVector()) {
            counts[(int) r]++;
        }
        for (int c : counts) {
            assertTrue(c > 400 && c < 600, java.util.Arrays.toString(counts));
        }
        // Rows stay aligned: observation [i, -i] goes with reward i.
        for (int k = 0; k < 50; k++) {
            assertEquals(a.rewards().getFloat(k), a.observations().getFloat(k, 0));
            assertEquals(a.rewards().getFloat(k) + 1, a.nextObservations().getFloat(k, 0));
        }
        a.rewards().assign(-1);
        assertTrue(buf.all().rewards().minNumber().floatValue() >= 0, "returned arrays are copies");
    }

    @Test
    void discreteScalarActionsAndMultiDimensionalObservations() {
        ReplayBuffer buf = ReplayBuffer.create(5, Box.uniform(0, 1, 2, 3), Discrete.of(3));
        INDArray obs = Nd4j.zeros(DataType.FLOAT, 2, 3);
        buf.add(obs, Nd4j.scalar(DataType.INT64, 2), 1, obs, false, false);
        buf.add(obs, Nd4j.createFromArray(1L), 1, obs, false, true);
        Batch all = buf.all();
        assertArrayEquals(new long[] {2, 2, 3}, all.observations().shape());
        assertArrayEquals(new long[] {2}, all.actions().shape());
        assertArrayEquals(new float[] {2, 1}, all.actions().toFloatVector());
        assertArrayEquals(new float[] {0, 1}, all.truncated().toFloatVector());
    }

    @Test
    void discreteActionsCanBeStoredAsOneElementVectors() {
        ReplayBuffer buf = ReplayBuffer.create(5, new long[] {2}, new long[] {1});
        INDArray obs = Nd4j.zeros(DataType.FLOAT, 2);
        buf.add(obs, Nd4j.scalar(DataType.INT64, 1), 0, obs, false, false);
        buf.add(obs, Nd4j.createFromArray(0L), 0, obs, false, false);
        assertArrayEquals(new long[] {2, 1}, buf.all().actions().shape());
        assertArrayEquals(new float[] {1, 0}, buf.all().actions().reshape(2).toFloatVector());
    }

    @Test
    void viewsAndFortranOrderArraysAreReadCorrectly() {
        ReplayBuffer buf = ReplayBuffer.create(3, new long[] {2, 2}, new long[] {2});
        INDArray big = Nd4j.arange(16).castTo(DataType.FLOAT).reshape(4, 4);
        INDArray view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 4),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3));
        INDArray fortran = Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2}, 'f');
        buf.add(view, big.getRow(1).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)), 0, fortran,
                false, false);
        Batch all = buf.all();
        assertArrayEquals(new float[] {9, 10, 13, 14}, all.observations().reshape(4).toFloatVector());
        assertArrayEquals(new float[] {4, 5}, all.actions().reshape(2).toFloatVector());
        assertArrayEquals(new float[] {1, 3, 2, 4}, all.nextObservations().reshape(4).toFloatVector());
    }

    @Test
    void badArgumentsAreRefusedWithNameValueAndExpectation() {
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> ReplayBuffer.create(0, new long[] {2}, new long[] {1})), "capacity", "0");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> ReplayBuffer.create(-5, new long[] {2}, new long[] {1})), "capacity", "-5");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> ReplayBuffer.create(4, new long[] {0}, new long[] {1})), "obsShape", "[0]");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> ReplayBuffer.create(1 << 30, new long[] {8}, new long[] {1})), "obsShape", "exceeds");

        ReplayBuffer buf = ReplayBuffer.create(4, new long[] {2}, new long[] {1});
        INDArray ok = Nd4j.createFromArray(0f, 0f);
        INDArray act = Nd4j.createFromArray(0f);
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> buf.add(Nd4j.createFromArray(0f, 0f, 0f), act, 0, ok, false, false)),
                "observation", "[3]", "expected [2]");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> buf.add(ok, Nd4j.createFromArray(0f, 1f), 0, ok, false, false)), "action", "[2]", "[1]");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> buf.add(ok, act, 0, Nd4j.create(DataType.FLOAT, 1, 2), false, false)),
                "nextObservation", "[1, 2]");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> buf.add(Nd4j.createFromArray(0f, Float.NaN), act, 0, ok, false, false)),
                "observation", "NaN", "index 1", "finite");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> buf.add(ok, act, 0, Nd4j.createFromArray(Float.NEGATIVE_INFINITY, 0f), false, false)),
                "nextObservation", "-Infinity");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> buf.add(ok, Nd4j.createFromArray(Double.POSITIVE_INFINITY), 0, ok, false, false)),
                "action", "Infinity");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> buf.add(ok, Nd4j.createFromArray(1e300), 0, ok, false, false)), "action", "float32");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> buf.add(ok, act, Double.NaN, ok, false, false)), "reward", "NaN");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> buf.add(ok, act, 1e300, ok, false, false)), "reward", "1.0E300");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> buf.add(null, act, 0, ok, false, false)), "observation", "null");
        assertEquals(0, buf.size(), "nothing was stored by refused calls");

        IllegalStateException empty = assertThrows(IllegalStateException.class,
                () -> buf.sample(2, new SplittableRandom(1)));
        assertMessage(empty, "empty");
        assertThrows(IllegalStateException.class, buf::all);
        addCounting(buf, 0, 2);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> buf.sample(0, new SplittableRandom(1))),
                "batchSize", "0");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> buf.get(new int[] {0, 2})),
                "indices[1]", "2", "< 2");
        assertThrows(IllegalArgumentException.class, () -> buf.get(new int[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> buf.get(new int[0]));
    }

    static void assertMessage(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
        }
    }
}
