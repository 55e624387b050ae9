package org.mbrl4j.tensor.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.Activations;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

class FloatInferenceTest {

    private static float[] normal(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble(-1, 1) * 1.5);
        }
        return a;
    }

    @Test
    void denseMatchesAFloat64ProductForEveryShapeOfTail() {
        int[] ins = {1, 7, 33, 64};
        int[] outs = {1, 5, 16, 37, 64, 101};
        int[] rowCounts = {0, 1, 3, 8};
        long seed = 1;
        for (int in : ins) {
            for (int out : outs) {
                for (int rows : rowCounts) {
                    float[] x = normal(rows * in, seed++);
                    float[] w = normal(in * out, seed++);
                    float[] b = normal(out, seed++);
                    float[] y = new float[rows * out];
                    FloatInference.dense(x, rows, in, w, b, out, y);
                    for (int r = 0; r < rows; r++) {
                        for (int j = 0; j < out; j++) {
                            double s = b[j];
                            for (int k = 0; k < in; k++) {
                                s += (double) x[r * in + k] * w[k * out + j];
                            }
                            assertEquals(s, y[r * out + j], 1e-5 * (1 + in),
                                    "in " + in + " out " + out + " rows " + rows + " at " + r + "," + j);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aRowGivesTheSameBitsAloneAsInABatch() {
        int in = 33;
        int out = 101;
        int rows = 7;
        float[] x = normal(rows * in, 11);
        float[] w = normal(in * out, 12);
        float[] y = new float[rows * out];
        FloatInference.dense(x, rows, in, w, null, out, y);
        for (int r = 0; r < rows; r++) {
            float[] one = new float[out];
            FloatInference.dense(Arrays.copyOfRange(x, r * in, (r + 1) * in), 1, in, w, null, out, one);
            assertArrayEquals(Arrays.copyOfRange(y, r * out, (r + 1) * out), one, "row " + r);
        }
    }

    @Test
    void layerNormAndActivationGiveTheTapesFloat32Bits() {
        int rows = 5;
        int n = 37;
        float[] x = normal(rows * n, 21);
        float[] gain = normal(n, 22);
        float[] shift = normal(n, 23);
        Var tape = NnOps.layerNorm(Var.constant(HostArrays.array(x, rows, n)),
                Var.constant(HostArrays.array(gain, n)), Var.constant(HostArrays.array(shift, n)), 1e-5)
                .act(Activation.MISH);
        float[] y = x.clone();
        FloatInference.layerNorm(y, rows, n, 1e-5f, gain, shift);
        Activations.activateInPlace(y, 0, y.length, Activation.MISH);
        assertArrayEquals(HostArrays.toFloats(tape.value()), y);
    }

    @Test
    void activateInPlaceGivesTheBitsOfTheArrayKernelsForEveryActivation() {
        float[] x = normal(53, 31);
        for (int i = 0; i < 5; i++) {
            x[i] = 30f * (i - 2); // large magnitudes: the clamped branches
        }
        for (Activation act : Activation.values()) {
            INDArray out = HostArrays.array(new float[x.length], x.length);
            Activations.activate(HostArrays.array(x.clone(), x.length), act, out);
            float[] y = x.clone();
            Activations.activateInPlace(y, 0, y.length, act);
            assertArrayEquals(HostArrays.toFloats(out), y, act.name());
        }
        float[] part = x.clone();
        Activations.activateInPlace(part, 10, 20, Activation.TANH);
        assertArrayEquals(Arrays.copyOfRange(x, 0, 10), Arrays.copyOfRange(part, 0, 10), "untouched before");
        assertArrayEquals(Arrays.copyOfRange(x, 20, x.length), Arrays.copyOfRange(part, 20, x.length),
                "untouched after");
    }

    @Test
    void softmaxRowsSumToOneAndKeepOrder() {
        float[] x = normal(4 * 8, 41);
        float[] p = x.clone();
        FloatInference.softmax(p, 4, 8);
        for (int r = 0; r < 4; r++) {
            double sum = 0;
            for (int i = 0; i < 8; i++) {
                sum += p[r * 8 + i];
                if (i > 0) {
                    assertEquals(Float.compare(x[r * 8 + i], x[r * 8]), Float.compare(p[r * 8 + i], p[r * 8]));
                }
            }
            assertEquals(1.0, sum, 1e-6);
        }
        assertThrows(IllegalArgumentException.class, () -> FloatInference.softmax(new float[10], 4, 8));
    }

    @Test
    void twoHotMeanOnArraysGivesTheTapesBits() {
        TwoHot codec = TwoHot.tdmpc2(101, -10, 10);
        int rows = 6;
        float[] logits = normal(rows * 101, 51);
        float[] tape = HostArrays.toFloats(codec.mean(Var.constant(HostArrays.array(logits.clone(), rows, 101)))
                .value());
        float[] out = new float[rows];
        codec.mean(logits, rows, out);
        assertArrayEquals(tape, out);
        assertThrows(IllegalArgumentException.class, () -> codec.mean(new float[100], 1, new float[1]));
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FloatInference.dense(new float[3], 2, 2, new float[4], null, 2, new float[4]));
        assertTrue(e.getMessage().contains("x") && e.getMessage().contains("4"), e.getMessage());
        float[] same = new float[4];
        assertThrows(IllegalArgumentException.class,
                () -> FloatInference.dense(same, 2, 2, new float[4], null, 2, same));
        assertThrows(IllegalArgumentException.class,
                () -> FloatInference.layerNorm(new float[4], 2, 2, 0f, null, null));
    }
}
