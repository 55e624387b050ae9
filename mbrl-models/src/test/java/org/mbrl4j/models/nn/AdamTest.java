package org.mbrl4j.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.io.Checkpoints;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class AdamTest {

    /** A scalar re-statement of PyTorch's Adam / AdamW update, in float64. */
    private static double[] reference(double p, double[] grads, double lr, double wd, boolean decoupled) {
        double m = 0;
        double v = 0;
        double[] out = new double[grads.length];
        for (int t = 1; t <= grads.length; t++) {
            double g = grads[t - 1];
            if (decoupled) {
                p *= 1 - lr * wd;
            } else {
                g += wd * p;
            }
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            double denom = Math.sqrt(v) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
            p -= lr / (1 - Math.pow(0.9, t)) * m / denom;
            out[t - 1] = p;
        }
        return out;
    }

    @Test
    void matchesPyTorchUpdateWithL2AndDecoupledDecay() {
        double[] grads = {0.5, -0.2, 0.9, 0.05, -1.3};
        for (boolean decoupled : new boolean[] {false, true}) {
            Parameter p = new Parameter("p", Nd4j.valueArrayOf(new long[] {1}, 0.7, DataType.DOUBLE));
            AdamConfig cfg = decoupled ? AdamConfig.adamW(0.01, 0.1) : AdamConfig.adam(0.01, 0.1);
            Adam adam = new Adam(List.of(p), cfg);
            double[] expected = reference(0.7, grads, 0.01, 0.1, decoupled);
            for (int t = 0; t < grads.length; t++) {
                p.grad().assign(grads[t]);
                adam.step();
                assertEquals(expected[t], p.value().getDouble(0), 1e-12, "decoupled=" + decoupled + " step " + t);
            }
            assertEquals(grads.length, adam.steps());
        }
    }

    @Test
    void float32HostLoopMatchesTheReference() {
        double[] grads = {0.5, -0.2, 0.9, 0.05, -1.3};
        for (boolean decoupled : new boolean[] {false, true}) {
            Parameter p = new Parameter("p", Nd4j.valueArrayOf(new long[] {3}, 0.7, DataType.FLOAT));
            Adam adam = new Adam(List.of(p), decoupled ? AdamConfig.adamW(0.01, 0.1) : AdamConfig.adam(0.01, 0.1));
            double[] expected = reference(0.7, grads, 0.01, 0.1, decoupled);
            for (int t = 0; t < grads.length; t++) {
                p.grad().assign(grads[t]);
                adam.step();
                assertEquals(expected[t], p.value().getDouble(2), 1e-6, "decoupled=" + decoupled + " step " + t);
            }
        }
    }

    @Test
    void clipsTheGlobalNorm() {
        Parameter a = new Parameter("a", Nd4j.zeros(DataType.DOUBLE, 2));
        Parameter b = new Parameter("b", Nd4j.zeros(DataType.DOUBLE, 1));
        a.grad().assign(Nd4j.createFromArray(3.0, 0.0));
        b.grad().assign(4.0);
        double norm = Gradients.clipGlobalNorm(List.of(a, b), 1.0);
        assertEquals(5.0, norm, 1e-12);
        assertEquals(1.0, Gradients.globalNorm(List.of(a, b)), 1e-6);
        assertEquals(0.6, a.grad().getDouble(0), 1e-6);
    }

    @Test
    void globalNormOfFloatGradientsMatchesAPlainFloat64Sum() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        List<Parameter> params = new java.util.ArrayList<>();
        double expected = 0;
        // Lengths around the chunk size (8192) and the 4-way unroll, plus a float64 parameter (ND4J's path).
        for (int n : new int[] {1, 3, 4, 8191, 8192, 8193, 20_001}) {
            float[] g = new float[n];
            for (int i = 0; i < n; i++) {
                g[i] = (float) (rng.nextDouble() * 2 - 1);
                expected += (double) g[i] * g[i];
            }
            Parameter p = new Parameter("p" + n, Nd4j.zeros(DataType.FLOAT, n));
            p.grad().assign(Nd4j.createFromArray(g));
            params.add(p);
        }
        Parameter d = new Parameter("d", Nd4j.zeros(DataType.DOUBLE, 2));
        d.grad().assign(Nd4j.createFromArray(3.0, 4.0));
        params.add(d);
        expected += 25;
        double norm = Gradients.globalNorm(params);
        assertEquals(Math.sqrt(expected), norm, 1e-12 * Math.sqrt(expected));
        assertEquals(norm, Gradients.globalNorm(params), 0.0, "same value every call");
    }

    @Test
    void refusesNonFiniteGradientsAndBadConfig() {
        Parameter a = new Parameter("a", Nd4j.zeros(DataType.FLOAT, 2));
        a.grad().assign(Float.NaN);
        Adam adam = new Adam(List.of(a), AdamConfig.adam(1e-3, 0));
        assertThrows(IllegalStateException.class, adam::step);
        assertEquals(0.0, a.value().getDouble(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AdamConfig.adam(-1, 0));
        assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AdamConfig.adam(1e-3, -1));
    }

    @Test
    void stateRoundTripsThroughACheckpoint(@TempDir Path dir) throws Exception {
        Parameter a = new Parameter("a", Nd4j.ones(DataType.FLOAT, 3));
        Adam adam = new Adam(List.of(a), AdamConfig.adam(1e-2, 0));
        a.grad().assign(Nd4j.createFromArray(1f, 2f, 3f));
        adam.step();
        Checkpoint.Builder b = Checkpoint.builder();
        adam.writeTo(b, "opt.");
        Parameters.writeTo(b, "", List.of(a));
        Checkpoints.write(dir.resolve("a.ck"), b.build());
        Checkpoint cp = Checkpoints.read(dir.resolve("a.ck"));
        Parameter a2 = new Parameter("a", Nd4j.zeros(DataType.FLOAT, 3));
        Adam adam2 = new Adam(List.of(a2), AdamConfig.adam(1e-2, 0));
        Parameters.readFrom(cp, "", List.of(a2));
        adam2.readFrom(cp, "opt.");
        a.grad().assign(0.5);
        a2.grad().assign(0.5);
        adam.step();
        adam2.step();
        assertEquals(a.value(), a2.value());
        Parameter wrong = new Parameter("a", Nd4j.zeros(DataType.FLOAT, 4));
        assertThrows(IllegalArgumentException.class, () -> Parameters.readFrom(cp, "", List.of(wrong)));
    }
}
