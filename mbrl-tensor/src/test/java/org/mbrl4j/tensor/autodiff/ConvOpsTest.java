package org.mbrl4j.tensor.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbrl4j.tensor.autodiff.GradCheck.check;
import static org.mbrl4j.tensor.autodiff.GradCheck.uniform;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ConvOpsTest {

    private static final double TOL = 1e-6;
    private final SplittableRandom rng = new SplittableRandom(23);

    /** Which op a reference file holds. */
    private interface Conv {
        Var apply(Var x, Var w, Var b, int stride, int padding);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "b", "c"})
    void conv2dMatchesPyTorchValuesAndGradients(String tensorCase) {
        matchesReference("conv2d.txt", tensorCase, ConvOps::conv2d);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "b", "c"})
    void convTranspose2dMatchesPyTorchValuesAndGradients(String tensorCase) {
        matchesReference("conv_transpose2d.txt", tensorCase, ConvOps::convTranspose2d);
    }

    private static void matchesReference(String file, String p, Conv op) {
        Reference ref = Reference.load(file);
        int stride = (int) ref.scalar(p + "_stride");
        int padding = (int) ref.scalar(p + "_padding");
        Var x = Var.input(ref.get(p + "_x"));
        Var w = Var.input(ref.get(p + "_w"));
        Var b = Var.input(ref.get(p + "_b"));
        try (Tape tape = Tape.open()) {
            Var y = op.apply(x, w, b, stride, padding);
            assertClose(ref.get(p + "_y"), y.value(), 1e-10, file + " " + p + " y");
            tape.backward(y, ref.get(p + "_G"));
        }
        assertClose(ref.get(p + "_dx"), x.grad(), 1e-10, file + " " + p + " dx");
        assertClose(ref.get(p + "_dw"), w.grad(), 1e-10, file + " " + p + " dw");
        assertClose(ref.get(p + "_db"), b.grad(), 1e-10, file + " " + p + " db");
    }

    @Test
    void conv2dGradientsMatchFiniteDifferences() {
        // stride 2, padding 1, batch 2, bias
        check(v -> ConvOps.conv2d(v.get(0), v.get(1), v.get(2), 2, 1), TOL, 1,
                uniform(rng, -1, 1, 2, 2, 5, 6), uniform(rng, -1, 1, 3, 2, 3, 3), uniform(rng, -1, 1, 3));
        // stride 1, padding 0, no bias
        check(v -> ConvOps.conv2d(v.get(0), v.get(1), null, 1, 0), TOL, 2,
                uniform(rng, -1, 1, 1, 1, 4, 4), uniform(rng, -1, 1, 2, 1, 2, 2));
        // a non-square kernel, stride 2, padding 0 (the last row and column are never read), batch 3
        check(v -> ConvOps.conv2d(v.get(0), v.get(1), v.get(2), 2, 0), TOL, 3,
                uniform(rng, -1, 1, 3, 2, 6, 5), uniform(rng, -1, 1, 2, 2, 3, 2), uniform(rng, -1, 1, 2));
        // padding larger than half the kernel: whole output rows read only zeros
        check(v -> ConvOps.conv2d(v.get(0), v.get(1), null, 2, 2), TOL, 4,
                uniform(rng, -1, 1, 2, 2, 3, 3), uniform(rng, -1, 1, 2, 2, 2, 2));
    }

    @Test
    void convTranspose2dGradientsMatchFiniteDifferences() {
        check(v -> ConvOps.convTranspose2d(v.get(0), v.get(1), v.get(2), 2, 1), TOL, 1,
                uniform(rng, -1, 1, 2, 3, 3, 4), uniform(rng, -1, 1, 3, 2, 4, 4), uniform(rng, -1, 1, 2));
        check(v -> ConvOps.convTranspose2d(v.get(0), v.get(1), null, 1, 0), TOL, 2,
                uniform(rng, -1, 1, 1, 2, 3, 3), uniform(rng, -1, 1, 2, 1, 2, 3));
        check(v -> ConvOps.convTranspose2d(v.get(0), v.get(1), v.get(2), 2, 0), TOL, 3,
                uniform(rng, -1, 1, 3, 1, 2, 3), uniform(rng, -1, 1, 1, 2, 3, 3), uniform(rng, -1, 1, 2));
    }

    @Test
    void convTransposeIsTheInputGradientOfConv() {
        INDArray x = uniform(rng, -1, 1, 2, 3, 8, 8);
        INDArray w = uniform(rng, -1, 1, 4, 3, 4, 4);
        INDArray g = uniform(rng, -1, 1, 2, 4, 4, 4);
        Var xv = Var.input(x);
        try (Tape tape = Tape.open()) {
            tape.backward(ConvOps.conv2d(xv, Var.constant(w), null, 2, 1), g);
        }
        Var transposed = ConvOps.convTranspose2d(Var.constant(g), Var.constant(w), null, 2, 1);
        assertClose(xv.grad(), transposed.value(), 1e-12, "dx vs convTranspose2d");
    }

    @Test
    void aBatchSplitIntoSeveralColumnChunksGivesThePerImageResults() {
        // 8 channels, 4x4 kernel, 64x64 at stride 1: 476k column elements per image, 8 images per chunk
        INDArray x = uniform(rng, -1, 1, 10, 8, 64, 64);
        INDArray w = uniform(rng, -0.2, 0.2, 2, 8, 4, 4);
        int perImage = 8 * 16 * 63 * 63;
        assertTrue(10L * perImage > ConvKernels.COLUMN_BUDGET, "the batch must span more than one chunk");
        Var whole = ConvOps.conv2d(Var.constant(x), Var.constant(w), null, 1, 1);
        INDArray last = x.get(NDArrayIndex.interval(9, 10)).dup('c');
        Var alone = ConvOps.conv2d(Var.constant(last), Var.constant(w), null, 1, 1);
        assertClose(alone.value(), whole.value().get(NDArrayIndex.interval(9, 10)), 0, "image 9");
        Var back = ConvOps.convTranspose2d(whole, Var.constant(w), null, 1, 1);
        Var backAlone = ConvOps.convTranspose2d(alone, Var.constant(w), null, 1, 1);
        assertClose(backAlone.value(), back.value().get(NDArrayIndex.interval(9, 10)), 0, "transposed image 9");
    }

    @Test
    void float32AgreesWithFloat64() {
        INDArray x = uniform(rng, -1, 1, 3, 4, 12, 12);
        INDArray w = uniform(rng, -0.3, 0.3, 5, 4, 4, 4);
        INDArray b = uniform(rng, -0.1, 0.1, 5);
        INDArray wt = uniform(rng, -0.3, 0.3, 5, 2, 4, 4);
        INDArray bt = uniform(rng, -0.1, 0.1, 2);
        INDArray[] f64 = convThenTranspose(x, w, b, wt, bt);
        INDArray[] f32 = convThenTranspose(x.castTo(DataType.FLOAT), w.castTo(DataType.FLOAT),
                b.castTo(DataType.FLOAT), wt.castTo(DataType.FLOAT), bt.castTo(DataType.FLOAT));
        String[] names = {"y", "dx", "dw", "db", "dwt", "dbt"};
        for (int i = 0; i < f64.length; i++) {
            assertEquals(DataType.FLOAT, f32[i].dataType());
            double scale = Math.max(1, f64[i].amaxNumber().doubleValue());
            assertClose(f64[i], f32[i].castTo(DataType.DOUBLE), 1e-4 * scale, "float32 " + names[i]);
        }
    }

    /** @return y, then the gradients of sum(y^2) for x, w, b, wt, bt */
    private static INDArray[] convThenTranspose(INDArray x, INDArray w, INDArray b, INDArray wt, INDArray bt) {
        Var[] in = {Var.input(x), Var.input(w), Var.input(b), Var.input(wt), Var.input(bt)};
        Var y;
        try (Tape tape = Tape.open()) {
            Var h = ConvOps.conv2d(in[0], in[1], in[2], 2, 1).tanh();
            y = ConvOps.convTranspose2d(h, in[3], in[4], 2, 1);
            tape.backward(y.square().sum());
        }
        return new INDArray[] {y.value(), in[0].grad(), in[1].grad(), in[2].grad(), in[3].grad(), in[4].grad()};
    }

    @Test
    void constantsRecordNothingAndAskForNoGradient() {
        Var x = Var.constant(uniform(rng, -1, 1, 1, 1, 4, 4));
        Var w = Var.input(uniform(rng, -1, 1, 1, 1, 2, 2));
        try (Tape tape = Tape.open()) {
            Var y = ConvOps.conv2d(x, w, null, 1, 0);
            assertEquals(1, tape.size());
            tape.backward(y.sum());
        }
        assertNull(x.grad());
        assertArrayEquals(new long[] {1, 1, 2, 2}, w.grad().shape());
    }

    @Test
    void badArgumentsAreRefusedWithTheOpTheArgumentAndTheValue() {
        Var x = Var.constant(uniform(rng, -1, 1, 2, 3, 8, 8));
        Var w = Var.constant(uniform(rng, -1, 1, 4, 3, 4, 4));
        Var b = Var.constant(uniform(rng, -1, 1, 4));
        assertMessage("conv2d: x has shape [3, 8, 8]; expected rank 4",
                () -> ConvOps.conv2d(Var.constant(uniform(rng, -1, 1, 3, 8, 8)), w, b, 1, 0));
        assertMessage("conv2d: w has shape [4, 3, 16]; expected rank 4",
                () -> ConvOps.conv2d(x, Var.constant(uniform(rng, -1, 1, 4, 3, 16)), b, 1, 0));
        assertMessage("conv2d: w [4, 2, 4, 4] has 2 input channels (dimension 1); expected 3",
                () -> ConvOps.conv2d(x, Var.constant(uniform(rng, -1, 1, 4, 2, 4, 4)), b, 1, 0));
        assertMessage("conv2d: b has shape [3]; expected [4]",
                () -> ConvOps.conv2d(x, w, Var.constant(uniform(rng, -1, 1, 3)), 1, 0));
        assertMessage("conv2d: stride must be >= 1: 0", () -> ConvOps.conv2d(x, w, b, 0, 0));
        assertMessage("conv2d: padding must be >= 0: -1", () -> ConvOps.conv2d(x, w, b, 1, -1));
        assertMessage("conv2d: kernel height 4 is larger than the padded input height 3",
                () -> ConvOps.conv2d(Var.constant(uniform(rng, -1, 1, 1, 3, 1, 8)), w, b, 1, 1));
        assertMessage("conv2d: data types differ: DOUBLE and FLOAT",
                () -> ConvOps.conv2d(x, Var.constant(w.value().castTo(DataType.FLOAT)), b, 1, 0));

        Var wt = Var.constant(uniform(rng, -1, 1, 3, 5, 4, 4));
        assertMessage("convTranspose2d: w [4, 3, 4, 4] has 4 input channels (dimension 0); expected 3",
                () -> ConvOps.convTranspose2d(x, w, null, 2, 1));
        assertMessage("convTranspose2d: b has shape [4]; expected [5]", () -> ConvOps.convTranspose2d(x, wt, b, 2, 1));
        assertMessage("convTranspose2d: padding 3 leaves an empty output -2x-2",
                () -> ConvOps.convTranspose2d(Var.constant(uniform(rng, -1, 1, 1, 3, 1, 1)), wt, null, 2, 3));
        assertMessage("convTranspose2d: stride must be >= 1: -2", () -> ConvOps.convTranspose2d(x, wt, null, -2, 1));
    }

    @Test
    void channelLayerNormRefusesBadArgumentsByName() {
        Var x = Var.constant(uniform(rng, -1, 1, 2, 3, 4, 4));
        assertMessage("channelLayerNorm: gain [4] does not match the channels (axis 1) of [2, 3, 4, 4] (expected [3])",
                () -> NnOps.channelLayerNorm(x, Var.constant(uniform(rng, -1, 1, 4)), null, 1e-3));
        assertMessage("channelLayerNorm: bias [3, 1] does not match the channels",
                () -> NnOps.channelLayerNorm(x, null, Var.constant(uniform(rng, -1, 1, 3, 1)), 1e-3));
        assertMessage("channelLayerNorm: x [5] must have rank >= 2",
                () -> NnOps.channelLayerNorm(Var.constant(uniform(rng, -1, 1, 5)), null, null, 1e-3));
        assertMessage("channelLayerNorm: eps must be finite and > 0: 0.0",
                () -> NnOps.channelLayerNorm(x, null, null, 0));
        assertMessage("channelLayerNorm: data types differ",
                () -> NnOps.channelLayerNorm(x, Var.constant(uniform(rng, -1, 1, 3).castTo(DataType.FLOAT)), null,
                        1e-3));
    }

    private static void assertMessage(String expectedStart, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith(expectedStart), () -> "message: " + e.getMessage());
    }

    static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double[] e = expected.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        double[] a = actual.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        double worst = 0;
        int at = -1;
        for (int i = 0; i < e.length; i++) {
            double d = Math.abs(e[i] - a[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        if (!(worst <= tol)) {
            throw new AssertionError(what + ": element " + at + " differs by " + worst + " > " + tol + " (expected "
                    + e[at] + ", got " + a[at] + ")");
        }
    }
}
