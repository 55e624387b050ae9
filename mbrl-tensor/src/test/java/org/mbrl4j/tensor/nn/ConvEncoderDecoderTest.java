package org.mbrl4j.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ConvEncoderDecoderTest {

    private static INDArray uniform(SplittableRandom rng, long... shape) {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, rng.nextDouble());
        }
        return a;
    }

    @Test
    void defaultStacksMapFramesToFeaturesAndBack() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int size : new int[] {64, 32}) {
            ConvEncoder enc = ConvEncoder.builder("enc", 3, size).build(rng);
            long side = size / 16;
            assertEquals(256 * side * side, enc.features());
            Var h = enc.forward(Var.constant(uniform(rng, 2, 3, size, size)));
            assertArrayEquals(new long[] {2, enc.features()}, h.shape());
            assertEquals(DataType.FLOAT, h.dataType());
            ConvDecoder dec = ConvDecoder.builder("dec", enc.features(), 3, size).build(rng);
            Var y = dec.forward(h);
            assertArrayEquals(new long[] {2, 3, size, size}, y.shape());
        }
    }

    @Test
    void leadingDimensionsAreKept() {
        SplittableRandom rng = new SplittableRandom(2);
        ConvEncoder enc = ConvEncoder.builder("enc", 1, 16).optDepth(2).optStages(3).build(rng);
        ConvDecoder dec = ConvDecoder.builder("dec", 7, 1, 16).optDepth(2).optStages(3).build(rng);
        assertArrayEquals(new long[] {4, 3, 8 * 2 * 2}, enc.forward(Var.constant(uniform(rng, 4, 3, 1, 16, 16))).shape());
        assertArrayEquals(new long[] {4, 3, 1, 16, 16}, dec.forward(Var.constant(uniform(rng, 4, 3, 7))).shape());
    }

    @Test
    void parametersComeInLayerOrderAndTheNormReplacesTheConvolutionBias() {
        SplittableRandom rng = new SplittableRandom(3);
        ConvEncoder enc = ConvEncoder.builder("enc", 3, 8).optDepth(2).optStages(2).optNorm(1e-3).build(rng);
        assertEquals(List.of("enc.conv0.weight[2, 3, 4, 4]", "enc.conv0.norm.gain[2]", "enc.conv0.norm.bias[2]",
                "enc.conv1.weight[4, 2, 4, 4]", "enc.conv1.norm.gain[4]", "enc.conv1.norm.bias[4]"),
                names(enc.parameters()));
        ConvDecoder dec = ConvDecoder.builder("dec", 5, 3, 8).optDepth(2).optStages(2).build(rng);
        assertEquals(List.of("dec.in.weight[5, 16]", "dec.in.bias[16]", "dec.deconv0.weight[4, 2, 4, 4]",
                "dec.deconv0.bias[2]", "dec.deconv1.weight[2, 3, 4, 4]", "dec.deconv1.bias[3]"), names(dec.parameters()));
    }

    private static List<String> names(List<Parameter> ps) {
        List<String> out = new ArrayList<>();
        for (Parameter p : ps) {
            out.add(p.toString());
        }
        return out;
    }

    @Test
    void badSettingsAreRefused() {
        SplittableRandom rng = new SplittableRandom(4);
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> ConvEncoder.builder("enc", 3, 48));
        assertEquals("enc: image size must be a power of two >= 8: 48", size.getMessage());
        IllegalArgumentException stages = assertThrows(IllegalArgumentException.class,
                () -> ConvDecoder.builder("dec", 10, 3, 16).optStages(5).build(rng));
        assertTrue(stages.getMessage().startsWith("dec: 5 stages halve the image side 16 below one pixel"),
                stages.getMessage());
        IllegalArgumentException input = assertThrows(IllegalArgumentException.class,
                () -> ConvEncoder.builder("enc", 3, 8).optStages(2).build(rng).forward(Var.constant(uniform(rng, 2, 1, 8, 8))));
        assertTrue(input.getMessage().startsWith("enc: input [2, 1, 8, 8] does not end in [3, 8, 8]"), input.getMessage());
    }

    /** Eight 16x16 frames, each a bright square of side 4..7 at a random place on a dark background. */
    private static INDArray squares(SplittableRandom rng, int n) {
        float[] v = new float[n * 16 * 16];
        for (int i = 0; i < n; i++) {
            int side = 4 + rng.nextInt(4);
            int top = rng.nextInt(16 - side);
            int left = rng.nextInt(16 - side);
            for (int r = top; r < top + side; r++) {
                for (int c = left; c < left + side; c++) {
                    v[i * 256 + r * 16 + c] = 1f;
                }
            }
        }
        return Nd4j.createFromArray(v).reshape('c', n, 1, 16, 16);
    }

    /** SGD with heavy-ball momentum on the parameters' values (mbrl-tensor has no optimiser of its own). */
    private static final double LEARNING_RATE = 0.3;
    private static final double MOMENTUM = 0.9;

    @Test
    void gradientDescentHalvesTheReconstructionErrorOfAFixedBatchIn100Steps() {
        SplittableRandom rng = new SplittableRandom(5);
        ConvEncoder enc = ConvEncoder.builder("enc", 1, 16).optDepth(4).optStages(2).build(rng);
        ConvDecoder dec = ConvDecoder.builder("dec", enc.features(), 1, 16).optDepth(4).optStages(2).build(rng);
        List<Parameter> params = new ArrayList<>(enc.parameters());
        params.addAll(dec.parameters());
        Var x = Var.constant(squares(rng, 8));
        List<INDArray> velocity = new ArrayList<>();
        for (Parameter p : params) {
            velocity.add(p.grad().like());
        }
        double first = Double.NaN;
        double last = Double.NaN;
        long t0 = System.nanoTime();
        for (int step = 0; step < 100; step++) {
            for (Parameter p : params) {
                p.grad().assign(0);
            }
            try (Tape tape = Tape.open()) {
                Var loss = dec.forward(enc.forward(x)).sub(x).square().mean();
                last = loss.item();
                if (step == 0) {
                    first = last;
                }
                tape.backward(loss);
            }
            for (int k = 0; k < params.size(); k++) {
                Parameter p = params.get(k);
                velocity.get(k).muli(MOMENTUM).addi(p.grad());
                p.value().subi(velocity.get(k).mul(LEARNING_RATE));
            }
        }
        System.out.printf("100 steps: %.0f ms, MSE %.4f -> %.4f%n", (System.nanoTime() - t0) / 1e6, first, last);
        assertTrue(last <= 0.5 * first, "reconstruction MSE went from " + first + " to " + last);
    }

    @Test
    void timesOneForwardAndBackwardOfTheDefaultAutoencoder() {
        SplittableRandom rng = new SplittableRandom(6);
        ConvEncoder enc = ConvEncoder.builder("enc", 3, 64).build(rng);
        ConvDecoder dec = ConvDecoder.builder("dec", enc.features(), 3, 64).build(rng);
        Var x = Var.constant(uniform(rng, 64, 3, 64, 64));
        for (int run = 0; run < 2; run++) {
            long t0 = System.nanoTime();
            Var y;
            try (Tape tape = Tape.open()) {
                y = dec.forward(enc.forward(x));
                tape.backward(y.sub(x).square().mean());
            }
            long t1 = System.nanoTime();
            System.out.printf("ConvEncoder+ConvDecoder (depth 32, 4 stages), 64 frames 3x64x64 float32, forward+backward"
                    + " (%s): %.1f ms%n", run == 0 ? "first call" : "second call", (t1 - t0) / 1e6);
            assertArrayEquals(x.shape(), y.shape());
        }
    }
}
