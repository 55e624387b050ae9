package org.mbrl4j.tensor.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TapeTest {

    private static INDArray vec(double... v) {
        return Nd4j.createFromArray(v);
    }

    @Test
    void withoutATapeNothingIsRecorded() {
        Var x = Var.input(vec(1, 2, 3));
        Var y = x.mul(x).sum();
        assertFalse(y.requiresGrad());
        assertEquals(14.0, y.item(), 0);
    }

    @Test
    void pauseSuspendsRecordingInsideATape() {
        Var x = Var.input(vec(1, 2));
        try (Tape tape = Tape.open()) {
            Var target;
            try (Tape.NoGrad ignored = Tape.pause()) {
                target = x.mul(2.0);
                assertFalse(Tape.recording());
            }
            assertTrue(Tape.recording());
            assertFalse(target.requiresGrad());
            Var loss = x.mul(target).sum(); // d/dx = target = 2x
            tape.backward(loss);
        }
        assertArrayEquals(new double[] {2, 4}, x.grad().toDoubleVector(), 0);
    }

    @Test
    void parametersAccumulateAcrossUsesAndTapes() {
        Parameter w = new Parameter("w", vec(3));
        for (int k = 0; k < 2; k++) {
            try (Tape tape = Tape.open()) {
                Var v = Var.of(w);
                tape.backward(v.mul(v).add(v).sum()); // d/dw (w^2 + w) = 2w + 1 = 7
            }
        }
        assertEquals(14.0, w.grad().getDouble(0), 0);
    }

    @Test
    void frozenParametersPassGradientsThroughButReceiveNone() {
        Parameter w1 = new Parameter("w1", Nd4j.createFromArray(new float[][] {{0.5f, -1f}, {2f, 0.25f}}));
        Parameter w2 = new Parameter("w2", Nd4j.createFromArray(new float[][] {{1.5f}, {-0.75f}}));
        float[][] xs = {{0.3f, -0.7f}};
        INDArray[] plain = new INDArray[3];
        INDArray[] frozen = new INDArray[3];
        for (boolean freeze : new boolean[] {false, true}) {
            w1.grad().assign(0);
            w2.grad().assign(0);
            Var x = Var.input(Nd4j.createFromArray(xs));
            try (Tape tape = Tape.open(); Tape.Frozen f = Tape.freeze(freeze ? java.util.List.of(w1) : java.util.List.of())) {
                assertEquals(freeze, Tape.frozen(w1));
                assertFalse(Tape.frozen(w2));
                Var y = x.matmul(Var.of(w1)).tanh().matmul(Var.of(w2)).sum();
                tape.backward(y);
            }
            INDArray[] out = freeze ? frozen : plain;
            out[0] = x.grad().dup();
            out[1] = w1.grad().dup();
            out[2] = w2.grad().dup();
        }
        assertFalse(Tape.frozen(w1), "the scope is closed");
        assertEquals(plain[0], frozen[0], "the input's gradient flows through the frozen weights unchanged");
        assertEquals(plain[2], frozen[2], "the other parameter's gradient is unchanged");
        assertTrue(plain[1].amaxNumber().doubleValue() > 0, "unfrozen, w1 gets a gradient");
        assertEquals(0.0, frozen[1].amaxNumber().doubleValue(), 0, "frozen, w1 gets none");
        try (Tape.Frozen outer = Tape.freeze(java.util.List.of(w1))) {
            try (Tape.Frozen inner = Tape.freeze(java.util.List.of(w2))) {
                assertTrue(Tape.frozen(w1) && Tape.frozen(w2), "nested scopes add up");
            }
            assertTrue(Tape.frozen(w1) && !Tape.frozen(w2), "closing the inner scope restores the outer set");
        }
    }

    @Test
    void aSecondBackwardOrUseAfterCloseIsRefused() {
        Var x = Var.input(vec(1, 2));
        Tape tape = Tape.open();
        Var loss = x.square().sum();
        tape.backward(loss);
        assertEquals(0, tape.size());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.backward(loss));
        assertTrue(e.getMessage().contains("already released"), e.getMessage());
        tape.close();
        assertFalse(Tape.recording());
    }

    @Test
    void backwardNeedsAScalarOrAMatchingGradient() {
        Var x = Var.input(vec(1, 2));
        try (Tape tape = Tape.open()) {
            Var y = x.mul(3.0);
            assertThrows(IllegalArgumentException.class, () -> tape.backward(y));
            assertThrows(IllegalArgumentException.class, () -> tape.backward(y, Nd4j.ones(DataType.DOUBLE, 3)));
        }
    }

    @Test
    void aNonFiniteLossIsRefused() {
        Var x = Var.input(vec(-1));
        try (Tape tape = Tape.open()) {
            Var loss = x.log().sum();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tape.backward(loss));
            assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        }
    }

    @Test
    void detachStopsAndScaleGradScalesTheGradient() {
        Var x = Var.input(vec(2, -1));
        try (Tape tape = Tape.open()) {
            // d/dx [0.5-scaled x * x.detach() + x] = 0.5 * x + 1
            tape.backward(x.scaleGrad(0.5).mul(x.detach()).add(x).sum());
        }
        assertArrayEquals(new double[] {2, 0.5}, x.grad().toDoubleVector(), 1e-15);
    }

    @Test
    void straightThroughHasTheHardValueAndTheSoftGradient() {
        Var soft = Var.input(vec(0.2, 0.8));
        Var hard = Var.constant(vec(0, 1));
        try (Tape tape = Tape.open()) {
            Var st = Ops.straightThrough(hard, soft);
            assertArrayEquals(new double[] {0, 1}, st.value().toDoubleVector(), 0);
            tape.backward(st.mul(Var.constant(vec(3, 5))).sum());
        }
        assertArrayEquals(new double[] {3, 5}, soft.grad().toDoubleVector(), 0);
    }

    @Test
    void constantsReceiveNoGradient() {
        Var c = Var.constant(vec(1, 2));
        Var x = Var.input(vec(3, 4));
        try (Tape tape = Tape.open()) {
            tape.backward(c.mul(x).sum());
        }
        assertNull(c.grad());
        assertArrayEquals(new double[] {1, 2}, x.grad().toDoubleVector(), 0);
    }

    @Test
    void tapesNestAndRestoreTheOuterOne() {
        Var x = Var.input(vec(1));
        try (Tape outer = Tape.open()) {
            Var a = x.mul(3.0);
            try (Tape inner = Tape.open()) {
                Var b = x.mul(5.0);
                inner.backward(b.sum());
            }
            assertTrue(Tape.recording());
            outer.backward(a.sum());
        }
        assertEquals(8.0, x.grad().getDouble(0), 0);
    }

    @Test
    void shapeMismatchesNameTheOpAndTheShapes() {
        Var a = Var.constant(Nd4j.zeros(DataType.DOUBLE, 3, 4));
        Var b = Var.constant(Nd4j.zeros(DataType.DOUBLE, 5, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
        assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("[3, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertTrue(e.getMessage().contains("add") && e.getMessage().contains("do not broadcast"), e.getMessage());
        Var f = Var.constant(Nd4j.zeros(DataType.FLOAT, 3, 4));
        e = assertThrows(IllegalArgumentException.class, () -> a.add(f));
        assertTrue(e.getMessage().contains("data types differ"), e.getMessage());
    }

    @Test
    void float32ProductsOnTheFastPathMatchFloat64() {
        INDArray xd = GradCheck.uniform(new java.util.SplittableRandom(3), -1, 1, 64, 30);
        INDArray wd = GradCheck.uniform(new java.util.SplittableRandom(4), -1, 1, 30, 20);
        Var x64 = Var.input(xd);
        Var w64 = Var.input(wd);
        Var x32 = Var.input(xd.castTo(DataType.FLOAT));
        Var w32 = Var.input(wd.castTo(DataType.FLOAT));
        try (Tape tape = Tape.open()) {
            tape.backward(Ops.linear(x64, w64, null, org.mbrl4j.tensor.Activation.SILU).square().sum());
        }
        try (Tape tape = Tape.open()) {
            tape.backward(Ops.linear(x32, w32, null, org.mbrl4j.tensor.Activation.SILU).square().sum());
        }
        assertArrayEquals(w64.grad().ravel().toDoubleVector(), w32.grad().castTo(DataType.DOUBLE).ravel().toDoubleVector(), 1e-3);
        assertArrayEquals(x64.grad().ravel().toDoubleVector(), x32.grad().castTo(DataType.DOUBLE).ravel().toDoubleVector(), 1e-4);
    }

    @Test
    void aTrainingStepReusesItsScratchAndTheThreadCanReleaseIt() {
        Tape.releasePooledArrays();
        Var w = Var.input(GradCheck.uniform(new java.util.SplittableRandom(8), -1, 1, 64, 32).castTo(DataType.FLOAT));
        Var x = Var.constant(GradCheck.uniform(new java.util.SplittableRandom(9), -1, 1, 16, 64).castTo(DataType.FLOAT));
        for (int step = 0; step < 3; step++) {
            try (Tape tape = Tape.open()) {
                tape.backward(Ops.linear(x, w, null, org.mbrl4j.tensor.Activation.TANH).square().sum());
            }
        }
        long held = Tape.pooledBytes();
        assertTrue(held > 0 && held < ArrayPool.MAX_BYTES, "pooled " + held);
        Tape.releasePooledArrays();
        assertEquals(0, Tape.pooledBytes());
    }

    @Test
    void thePoolKeepsPerShapeAtMostAsManyArraysAsOneCycleTook() {
        Tape.releasePooledArrays();
        INDArray a = ArrayPool.take(DataType.FLOAT, 3, 5);
        INDArray madeElsewhere = org.nd4j.linalg.factory.Nd4j.createUninitialized(DataType.FLOAT, 3, 5);
        INDArray neverTaken = org.nd4j.linalg.factory.Nd4j.createUninitialized(DataType.FLOAT, 7);
        ArrayPool.give(a);
        ArrayPool.give(madeElsewhere);
        ArrayPool.give(neverTaken);
        assertEquals(3 * 5 * 4, Tape.pooledBytes(), "one [3, 5] was taken, so one is kept");
        assertTrue(madeElsewhere.wasClosed() && neverTaken.wasClosed(), "the surplus is closed at once");
        ArrayPool.endCycle();
        INDArray first = ArrayPool.take(DataType.FLOAT, 3, 5);
        INDArray second = ArrayPool.take(DataType.FLOAT, 3, 5);
        assertTrue(first == a && second != a, "the kept array is handed out again, then a fresh one");
        ArrayPool.give(first);
        ArrayPool.give(second);
        assertEquals(2 * 3 * 5 * 4, Tape.pooledBytes(), "this cycle took two: both are kept");
        Tape.releasePooledArrays();
        assertEquals(0, Tape.pooledBytes());
    }

    @Test
    void recycledValuesReturnToThePoolOnlyWhenNoTapeNeedsThem() {
        Tape.releasePooledArrays();
        Var x = Var.constant(seededRand(1, 4, 8));
        Var w = Var.input(seededRand(2, 8, 8));
        try (Tape.NoGrad ignored = Tape.pause()) {
            Var h = Ops.linear(x, w, null, org.mbrl4j.tensor.Activation.TANH);
            Tape.recycle(h);
            assertEquals(4 * 8 * 4, Tape.pooledBytes(), "a value computed without a tape goes back at once");
        }
        long without = pooledAfterBackward(x, w, false);
        long with = pooledAfterBackward(x, w, true);
        assertEquals(4 * 8 * 4, with - without, "h goes back when the tape is released, the leaves stay out");
    }

    /** @return the pool's bytes after one backward through {@code tanh(x w)}, with or without recycling x w */
    private static long pooledAfterBackward(Var x, Var w, boolean recycle) {
        Tape.releasePooledArrays();
        try (Tape tape = Tape.open()) {
            Var h = Ops.linear(x, w, null, org.mbrl4j.tensor.Activation.IDENTITY);
            Var y = h.tanh();
            if (recycle) {
                Tape.recycle(h);
                Tape.recycle(x); // a constant made outside any op: ignored
                Tape.recycle(w); // a leaf: ignored
                assertEquals(0, Tape.pooledBytes(), "the tape still needs h for backward");
            }
            tape.backward(y.sum());
        }
        long held = Tape.pooledBytes();
        Tape.releasePooledArrays();
        return held;
    }

    @Test
    void aStackThatRecyclesItsHiddenLayersGivesTheSameGradientsStepAfterStep() {
        java.util.List<INDArray> first = null;
        org.mbrl4j.tensor.nn.DenseStack net = org.mbrl4j.tensor.nn.DenseStack.builder("net", 5, 3).hidden(16, 3)
                .norm(1e-3).activation(org.mbrl4j.tensor.Activation.SILU).build(new java.util.SplittableRandom(3));
        Var x = Var.constant(seededRand(3, 32, 5));
        for (int step = 0; step < 4; step++) {
            for (Parameter p : net.parameters()) {
                p.grad().assign(0);
            }
            try (Tape.NoGrad ignored = Tape.pause()) {
                net.forward(x); // fills the pool with the shapes the next tape draws from
            }
            try (Tape tape = Tape.open()) {
                tape.backward(net.forward(x).square().mean());
            }
            java.util.List<INDArray> grads = new java.util.ArrayList<>();
            for (Parameter p : net.parameters()) {
                grads.add(p.grad().dup());
            }
            if (first == null) {
                first = grads;
            } else {
                for (int i = 0; i < grads.size(); i++) {
                    assertEquals(first.get(i), grads.get(i), "step " + step + ", " + net.parameters().get(i));
                }
            }
        }
        assertTrue(Tape.pooledBytes() > 0);
        Tape.releasePooledArrays();
    }

    @Test
    void zeroedGradientsAreOverwrittenByTheFirstProductAndAddedToByTheRest() {
        Parameter w = new Parameter("w", seededRand(4, 4, 3));
        INDArray a = seededRand(5, 5, 4);
        INDArray b = seededRand(6, 2, 4);
        // expected: d/dw [sum(a w) + sum(b w)] = a^T 1 + b^T 1
        INDArray expected = a.sum(true, 0).transpose().broadcast(4, 3).add(b.sum(true, 0).transpose().broadcast(4, 3));
        w.grad().assign(123); // stale values from an earlier step
        w.zeroGrad();
        assertEquals(0.0, w.grad().sumNumber().doubleValue(), 0.0, "zeroGrad reads as zeros");
        for (int step = 0; step < 3; step++) {
            w.zeroGrad();
            try (Tape tape = Tape.open()) {
                Var pw = Var.of(w);
                // the same weight in two products: the first overwrites, the second adds
                Var loss = Ops.matmul(Var.constant(a), pw).sum().add(Ops.matmul(Var.constant(b), pw).sum());
                tape.backward(loss);
            }
            assertTrue(expected.equalsWithEps(w.grad(), 1e-5), "step " + step + ": " + w.grad());
        }
        w.grad().assign(7);
        try (Tape tape = Tape.open()) { // without zeroGrad the tape adds, as PyTorch does
            tape.backward(Ops.matmul(Var.constant(a), Var.of(w)).sum());
        }
        assertTrue(a.sum(true, 0).transpose().broadcast(4, 3).add(7).equalsWithEps(w.grad(), 1e-5));
    }

    @Test
    void aBiasUsedTwiceGetsBothRowSumsThroughItsRowViewEvenAfterZeroGrad() {
        Parameter w = new Parameter("w", seededRand(7, 4, 3));
        Parameter bias = new Parameter("b", seededRand(8, 3));
        INDArray a = seededRand(9, 5, 4);
        INDArray b = seededRand(10, 2, 4);
        INDArray row = bias.gradRow();
        assertEquals(bias.grad().data().address(), row.data().address(), "a view of the gradient");
        assertArrayEquals(new long[] {1, 3}, row.shape());
        // d/db [sum(a w + b) + sum(b w + b)] = 5 + 2 in every entry
        for (int step = 0; step < 2; step++) {
            bias.grad().assign(123); // stale
            bias.zeroGrad();
            try (Tape tape = Tape.open()) {
                Var pw = Var.of(w);
                Var pb = Var.of(bias);
                Var loss = Ops.linear(Var.constant(a), pw, pb, Activation.IDENTITY).sum()
                        .add(Ops.linear(Var.constant(b), pw, pb, Activation.IDENTITY).sum());
                tape.backward(loss);
            }
            assertTrue(Nd4j.valueArrayOf(new long[] {3}, 7f).equalsWithEps(bias.grad(), 1e-5), "step " + step
                    + ": " + bias.grad());
        }
        assertTrue(bias.gradRow() == row, "made once");
        assertThrows(IllegalStateException.class, w::gradRow);
    }

    /** Uniform [0, 1) float32 values from a generator seeded with {@code seed}. */
    private static INDArray seededRand(long seed, long... shape) {
        return Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(seed), shape).castTo(DataType.FLOAT);
    }
}
