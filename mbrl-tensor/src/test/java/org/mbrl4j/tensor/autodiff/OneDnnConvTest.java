package org.mbrl4j.tensor.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbrl4j.tensor.autodiff.ConvOpsTest.assertClose;
import static org.mbrl4j.tensor.autodiff.GradCheck.uniform;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The oneDNN float32 path of {@link ConvOps} against PyTorch's values and against the im2col path. */
class OneDnnConvTest {

    private final SplittableRandom rng = new SplittableRandom(41);

    @AfterEach
    void restore() {
        System.clearProperty(OneDnnConv.PROPERTY);
        System.clearProperty(OneDnnConv.LAYOUT_PROPERTY);
    }

    @Test
    void oneDnnLoadsOnTheCpuBackend() {
        assertTrue(OneDnnConv.enabled(), () -> "oneDNN did not load: " + OneDnnConv.loadFailure());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "b", "c"})
    void float32MatchesPyTorchValuesAndGradients(String p) {
        matchesReference("conv2d.txt", p, false);
        matchesReference("conv_transpose2d.txt", p, true);
    }

    private static void matchesReference(String file, String p, boolean deconv) {
        Reference ref = Reference.load(file);
        int stride = (int) ref.scalar(p + "_stride");
        int padding = (int) ref.scalar(p + "_padding");
        Var x = Var.input(ref.get(p + "_x").castTo(DataType.FLOAT));
        Var w = Var.input(ref.get(p + "_w").castTo(DataType.FLOAT));
        Var b = Var.input(ref.get(p + "_b").castTo(DataType.FLOAT));
        int before = OneDnnConv.cachedPrimitives();
        try (Tape tape = Tape.open()) {
            Var y = deconv ? ConvOps.convTranspose2d(x, w, b, stride, padding) : ConvOps.conv2d(x, w, b, stride, padding);
            close(ref.get(p + "_y"), y.value(), file + " " + p + " y");
            tape.backward(y, ref.get(p + "_G").castTo(DataType.FLOAT));
        }
        close(ref.get(p + "_dx"), x.grad(), file + " " + p + " dx");
        close(ref.get(p + "_dw"), w.grad(), file + " " + p + " dw");
        close(ref.get(p + "_db"), b.grad(), file + " " + p + " db");
        assertTrue(OneDnnConv.cachedPrimitives() >= before, "cache");
    }

    private static void close(INDArray expected, INDArray actual, String what) {
        assertEquals(DataType.FLOAT, actual.dataType(), what);
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        assertClose(expected, actual, 1e-5 * scale, what);
    }

    /** n, C, H, W, O, k, stride, padding, bias */
    private static final int[][] SHAPES = {
        {3, 3, 64, 64, 32, 4, 2, 1, 1},
        {2, 32, 16, 16, 64, 4, 2, 1, 1},
        {2, 5, 9, 7, 6, 3, 2, 0, 0},
        {1, 4, 10, 11, 3, 3, 3, 1, 1},
        {2, 6, 8, 8, 4, 1, 1, 0, 1},
        {2, 3, 7, 7, 5, 5, 1, 2, 0},
        {1, 2, 5, 5, 3, 2, 2, 0, 1},
    };

    @ParameterizedTest
    @ValueSource(strings = {"any", "plain"})
    void bothLayoutModesAgreeWithIm2colInFloat32(String layout) {
        System.setProperty(OneDnnConv.LAYOUT_PROPERTY, layout);
        for (int[] s : SHAPES) {
            for (boolean deconv : new boolean[] {false, true}) {
                INDArray x = uniform(rng, -1, 1, s[0], deconv ? s[4] : s[1], s[2], s[3]).castTo(DataType.FLOAT);
                long[] wShape = {s[4], s[1], s[5], s[5]};
                INDArray w = uniform(rng, -0.3, 0.3, wShape).castTo(DataType.FLOAT);
                INDArray b = s[8] == 1 ? uniform(rng, -0.1, 0.1, deconv ? s[1] : s[4]).castTo(DataType.FLOAT) : null;
                System.setProperty(OneDnnConv.PROPERTY, "true");
                INDArray[] fast = run(deconv, x, w, b, s[6], s[7]);
                System.setProperty(OneDnnConv.PROPERTY, "false");
                INDArray[] slow = run(deconv, x, w, b, s[6], s[7]);
                String[] names = {"y", "dx", "dw", "db"};
                for (int i = 0; i < fast.length; i++) {
                    if (slow[i] == null) {
                        continue;
                    }
                    String what = layout + (deconv ? " convTranspose2d " : " conv2d ") + java.util.Arrays.toString(s)
                            + " " + names[i];
                    assertEquals(DataType.FLOAT, fast[i].dataType(), what);
                    double scale = Math.max(1, slow[i].amaxNumber().doubleValue());
                    assertClose(slow[i], fast[i], 2e-5 * scale, what);
                }
            }
        }
    }

    /** @return y and the gradients of sum(y * cos(y)) (a non-uniform output gradient) for x, w, b */
    private static INDArray[] run(boolean deconv, INDArray x, INDArray w, INDArray b, int stride, int padding) {
        Var xv = Var.input(x);
        Var wv = Var.input(w);
        Var bv = b == null ? null : Var.input(b);
        Var y;
        try (Tape tape = Tape.open()) {
            y = deconv ? ConvOps.convTranspose2d(xv, wv, bv, stride, padding) : ConvOps.conv2d(xv, wv, bv, stride, padding);
            tape.backward(y.square().sum());
        }
        return new INDArray[] {y.value(), xv.grad(), wv.grad(), bv == null ? null : bv.grad()};
    }

    @Test
    void theSwitchLeavesFloat32OnIm2colAndFloat64NeverUsesOneDnn() {
        System.setProperty(OneDnnConv.PROPERTY, "false");
        int before = OneDnnConv.cachedPrimitives();
        INDArray x = uniform(rng, -1, 1, 1, 2, 13, 13).castTo(DataType.FLOAT);
        INDArray w = uniform(rng, -1, 1, 3, 2, 2, 2).castTo(DataType.FLOAT);
        run(false, x, w, null, 1, 0);
        run(true, x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)),
                w.permute(1, 0, 2, 3).dup('c'), null, 1, 0);
        assertEquals(before, OneDnnConv.cachedPrimitives(), "switched off: no primitive built");
        System.clearProperty(OneDnnConv.PROPERTY);
        run(false, x.castTo(DataType.DOUBLE), w.castTo(DataType.DOUBLE), null, 1, 0);
        assertEquals(before, OneDnnConv.cachedPrimitives(), "float64: no primitive built");
        run(false, x, w, null, 1, 0);
        assertTrue(OneDnnConv.cachedPrimitives() > before, "float32 with the switch on builds primitives");
    }
}
