package org.mbrl4j.tensor.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbrl4j.tensor.autodiff.GradCheck.check;
import static org.mbrl4j.tensor.autodiff.GradCheck.uniform;
import static org.mbrl4j.tensor.autodiff.LossesTest.assertArrayClose;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Categorical (DreamerV3's latents), Normal and TanhNormal: gradients, references, hand values, sampling. */
class DistributionsTest {

    private static final double TOL = 1e-6;
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
    private final SplittableRandom rng = new SplittableRandom(41);

    // ------------------------------------------------------------------------------------------------
    // Categorical

    @Test
    void categoricalSampleFrequenciesMatchTheProbabilities() {
        int draws = 20000;
        double[] logits = {1.5, -0.5, 0.0, 2.0, -3.0};
        INDArray batch = Nd4j.createFromArray(logits).reshape(1, 5).repeat(0, draws);
        Categorical c = Categorical.ofLogits(Var.constant(batch));
        INDArray samples = c.sample(new SplittableRandom(7)).value();
        assertArrayClose(new double[draws], samples.sum(1).subi(1), 0);
        double[] freq = samples.sum(0).divi(draws).toDoubleVector();
        double[] p = c.probs().value().getRow(0).toDoubleVector();
        for (int i = 0; i < 5; i++) {
            // 20000 draws: one standard error is at most 0.0036
            assertEquals(p[i], freq[i], 0.012, "class " + i);
        }
        // the same seed replays the same draws
        assertEquals(samples, c.sample(new SplittableRandom(7)).value());
    }

    @Test
    void unimixPutsAFloorUnderEveryClass() {
        INDArray logits = Nd4j.createFromArray(new double[][] {{-1000, 0, 1000, 3}, {50, 50, -50, 0}});
        Categorical c = Categorical.ofLogits(Var.constant(logits));
        INDArray p = c.probs().value();
        assertTrue(p.minNumber().doubleValue() >= 0.01 / 4, p.toString());
        assertArrayClose(new double[] {1, 1}, p.sum(1), 1e-15);
        assertEquals(0.99 + 0.0025, p.getDouble(0, 2), 1e-15);
        assertTrue(Double.isFinite(c.entropy().value().sumNumber().doubleValue()));
        // unimix 0 is the plain softmax
        assertArrayClose(NnOps.softmax(Var.constant(logits)).value(), Categorical.ofLogits(Var.constant(logits), 0).probs().value(), 0);
    }

    @Test
    void categoricalHandValues() {
        Var logits = Var.constant(uniform(rng, -2, 2, 3, 6));
        Categorical c = Categorical.ofLogits(logits);
        assertArrayClose(new double[3], c.kl(Categorical.ofLogits(Var.constant(logits.value().dup()))).value(), 1e-15);
        Categorical uniformDist = Categorical.ofLogits(Var.constant(Nd4j.zeros(DataType.DOUBLE, 2, 6)));
        assertArrayClose(new double[] {Math.log(6), Math.log(6)}, uniformDist.entropy().value(), 1e-15);
        Var oneHot = NnOps.oneHot(new int[] {4, 0, 2}, 6, DataType.DOUBLE, 3);
        double[] lp = c.logProb(oneHot).value().toDoubleVector();
        INDArray probs = c.probs().value();
        assertEquals(Math.log(probs.getDouble(0, 4)), lp[0], 1e-15);
        assertEquals(Math.log(probs.getDouble(1, 0)), lp[1], 1e-15);
        assertEquals(Math.log(probs.getDouble(2, 2)), lp[2], 1e-15);
        INDArray mode = c.mode().value();
        for (int r = 0; r < 3; r++) {
            int argmax = probs.getRow(r).argMax().getInt(0);
            assertEquals(1.0, mode.getDouble(r, argmax));
            assertEquals(1.0, mode.getRow(r).sumNumber().doubleValue());
        }
    }

    @Test
    void categoricalKlWithoutUnimixMatchesPyTorch() {
        Reference ref = Reference.load("misc.txt");
        LossesTest.assertReference(ref, "kl",
                v -> Categorical.ofLogits(v[0], 0).kl(Categorical.ofLogits(v[1], 0)), ref.get("kl_p"), ref.get("kl_q"));
    }

    @Test
    void categoricalGradientsMatchFiniteDifferences() {
        INDArray oneHot = NnOps.oneHot(new int[] {1, 3, 0, 2, 2, 4}, 5, DataType.DOUBLE, 2, 3).value();
        for (double unimix : new double[] {0, 0.01, 0.3}) {
            check(v -> Categorical.ofLogits(v.get(0), unimix).logProb(Var.constant(oneHot)), TOL, 1, uniform(rng, -2, 2, 2, 3, 5));
            check(v -> Categorical.ofLogits(v.get(0), unimix).entropy(), TOL, 2, uniform(rng, -2, 2, 2, 3, 5));
            check(v -> Categorical.ofLogits(v.get(0), unimix).kl(Categorical.ofLogits(v.get(1), unimix)), TOL, 3,
                    uniform(rng, -2, 2, 2, 3, 5), uniform(rng, -2, 2, 2, 3, 5));
        }
    }

    @Test
    void categoricalSampleIsOneHotWithTheGradientOfTheProbabilities() {
        INDArray logits = uniform(rng, -2, 2, 4, 5);
        INDArray weights = uniform(rng, -1, 1, 4, 5);
        Var a = Var.input(logits.dup());
        try (Tape tape = Tape.open()) {
            Var sample = Categorical.ofLogits(a).sample(new SplittableRandom(3));
            assertArrayClose(new double[] {1, 1, 1, 1}, sample.value().sum(1), 0);
            tape.backward(sample.mul(Var.constant(weights)).sum());
        }
        Var b = Var.input(logits.dup());
        try (Tape tape = Tape.open()) {
            tape.backward(Categorical.ofLogits(b).probs().mul(Var.constant(weights)).sum());
        }
        assertArrayClose(b.grad(), a.grad(), 1e-15);
    }

    @Test
    void categoricalRefusesBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Categorical.ofLogits(Var.constant(Nd4j.zeros(DataType.DOUBLE, 3, 1))));
        assertTrue(e.getMessage().startsWith("classes") && e.getMessage().endsWith(">= 2: 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Categorical.ofLogits(Var.constant(Nd4j.zeros(DataType.DOUBLE, 3, 4)), 1.5));
        assertEquals("unimix must be in [0, 1]: 1.5", e.getMessage());
        Categorical c = Categorical.ofLogits(Var.constant(Nd4j.zeros(DataType.DOUBLE, 3, 4)));
        assertThrows(IllegalArgumentException.class, () -> c.logProb(Var.constant(Nd4j.zeros(DataType.DOUBLE, 3, 5))));
        assertThrows(IllegalArgumentException.class,
                () -> c.kl(Categorical.ofLogits(Var.constant(Nd4j.zeros(DataType.DOUBLE, 2, 4)))));
    }

    // ------------------------------------------------------------------------------------------------
    // Normal

    @Test
    void normalRsampleAndLogProbHaveTheFiniteDifferenceGradient() {
        INDArray eps = uniform(rng, -2, 2, 3, 4);
        check(v -> Normal.of(v.get(0), v.get(1)).rsample(eps), TOL, 1, uniform(rng, -1, 1, 3, 4), uniform(rng, 0.2, 2, 3, 4));
        check(v -> Normal.ofLogStd(v.get(0), v.get(1)).rsample(eps), TOL, 2, uniform(rng, -1, 1, 3, 4), uniform(rng, -1, 1, 3, 4));
        check(v -> Normal.of(v.get(0), v.get(1)).logProb(v.get(2)), TOL, 3,
                uniform(rng, -1, 1, 3, 4), uniform(rng, 0.3, 2, 3, 4), uniform(rng, -2, 2, 3, 4));
        check(v -> Normal.ofLogStd(v.get(0), v.get(1)).logProb(v.get(2)), TOL, 4,
                uniform(rng, -1, 1, 5), uniform(rng, -1, 1, 5), uniform(rng, -2, 2, 5));
        Var fixedMean = Var.constant(uniform(rng, -1, 1, 5)); // the entropy does not depend on the mean
        check(v -> Normal.of(fixedMean, v.get(0)).entropy(), TOL, 5, uniform(rng, 0.3, 2, 5));
        // the log-density of its own reparameterised sample (the entropy term of SAC-style losses)
        check(v -> {
            Normal n = Normal.ofLogStd(v.get(0), v.get(1));
            return n.logProb(n.rsample(eps));
        }, TOL, 6, uniform(rng, -1, 1, 3, 4), uniform(rng, -1, 1, 3, 4));
        check(v -> Normal.of(v.get(0), v.get(1)).kl(Normal.of(v.get(2), v.get(3))), TOL, 7, uniform(rng, -1, 1, 4),
                uniform(rng, 0.3, 2, 4), uniform(rng, -1, 1, 4), uniform(rng, 0.3, 2, 4));
    }

    @Test
    void normalHandValues() {
        Normal n = Normal.of(LossesTest.scalars(0, 1, -2), LossesTest.scalars(1, 2, 0.5));
        double[] lp = n.logProb(LossesTest.scalars(0, 3, -2)).value().toDoubleVector();
        assertEquals(-HALF_LOG_TWO_PI, lp[0], 1e-15);
        assertEquals(-HALF_LOG_TWO_PI - Math.log(2) - 0.5, lp[1], 1e-15);
        assertEquals(-HALF_LOG_TWO_PI - Math.log(0.5), lp[2], 1e-15);
        double[] h = n.entropy().value().toDoubleVector();
        assertEquals(0.5 + HALF_LOG_TWO_PI, h[0], 1e-15);
        assertEquals(0.5 + HALF_LOG_TWO_PI + Math.log(2), h[1], 1e-15);
        assertArrayClose(new double[3], n.kl(Normal.of(LossesTest.scalars(0, 1, -2), LossesTest.scalars(1, 2, 0.5))).value(), 1e-15);
        // the negative log-density equals the Gaussian NLL with its constant
        Var nll = Losses.gaussianNll(LossesTest.scalars(0, 1, -2), LossesTest.scalars(0, Math.log(4), Math.log(0.25)),
                LossesTest.scalars(0, 3, -2), true);
        assertArrayClose(nll.value().neg(), Nd4j.createFromArray(lp), 1e-15);
    }

    @Test
    void normalNoiseComesSeededFromTheGeneratorInTheMeansType() {
        Normal n = Normal.of(Var.constant(Nd4j.zeros(DataType.FLOAT, 100, 100)), Var.constant(Nd4j.ones(DataType.FLOAT, 100, 100)));
        INDArray eps = n.noise(new SplittableRandom(5));
        assertEquals(DataType.FLOAT, eps.dataType());
        assertArrayEquals(new long[] {100, 100}, eps.shape());
        assertEquals(eps, n.noise(new SplittableRandom(5)));
        assertEquals(0, eps.meanNumber().doubleValue(), 0.04);
        assertEquals(1, eps.castTo(DataType.DOUBLE).varNumber().doubleValue(), 0.05);
        Var mean = Var.constant(uniform(rng, -1, 1, 4));
        Var std = Var.constant(uniform(rng, 0.5, 2, 4));
        INDArray fixed = uniform(rng, -1, 1, 4);
        assertArrayClose(mean.value().add(std.value().mul(fixed)), Normal.of(mean, std).rsample(fixed).value(), 1e-15);
    }

    @Test
    void normalRefusesBadInput() {
        Var m = Var.constant(Nd4j.zeros(DataType.DOUBLE, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Normal.of(m, LossesTest.scalars(1, 0, 2)));
        assertEquals("std must be > 0: min 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Normal.of(m, LossesTest.scalars(1, 2)));
        assertTrue(e.getMessage().contains("std [2]"), e.getMessage());
        Normal n = Normal.of(m, LossesTest.scalars(1, 1, 1));
        e = assertThrows(IllegalArgumentException.class, () -> n.rsample(Nd4j.zeros(DataType.FLOAT, 3)));
        assertTrue(e.getMessage().contains("FLOAT"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> n.logProb(LossesTest.scalars(1, 2)));
    }

    // ------------------------------------------------------------------------------------------------
    // TanhNormal

    @Test
    void tanhLogDetIsStableAndExact() {
        double[] u = {-3, -0.5, 0, 0.7, 2.5};
        double[] got = TanhNormal.logDetJacobian(LossesTest.scalars(u)).value().toDoubleVector();
        for (int i = 0; i < u.length; i++) {
            double t = Math.tanh(u[i]);
            assertEquals(Math.log(1 - t * t), got[i], 1e-13, "u = " + u[i]);
        }
        // where 1 - tanh(u)^2 rounds to 0 the stable form stays finite: about 2 log 2 - 2 |u|
        double[] far = TanhNormal.logDetJacobian(LossesTest.scalars(-40, 40, 400)).value().toDoubleVector();
        assertEquals(2 * Math.log(2) - 80, far[0], 1e-12);
        assertEquals(2 * Math.log(2) - 80, far[1], 1e-12);
        assertEquals(2 * Math.log(2) - 800, far[2], 1e-12);
        check(v -> TanhNormal.logDetJacobian(v.get(0)), TOL, 1, uniform(rng, -4, 4, 12));
    }

    @Test
    void tanhNormalSampleAndLogProbHaveTheFiniteDifferenceGradient() {
        INDArray eps = uniform(rng, -2, 2, 3, 2);
        check(v -> TanhNormal.ofLogStd(v.get(0), v.get(1)).rsample(eps).action(), TOL, 1,
                uniform(rng, -1, 1, 3, 2), uniform(rng, -1, 0.5, 3, 2));
        check(v -> TanhNormal.ofLogStd(v.get(0), v.get(1)).rsample(eps).logProb(), TOL, 2,
                uniform(rng, -1, 1, 3, 2), uniform(rng, -1, 0.5, 3, 2));
        check(v -> TanhNormal.of(v.get(0), v.get(1)).rsample(eps).logProb().sum(false, -1), TOL, 3,
                uniform(rng, -1, 1, 3, 2), uniform(rng, 0.3, 1.5, 3, 2));
    }

    @Test
    void tanhNormalLogProbIsTheChangeOfVariables() {
        Var mean = Var.constant(Nd4j.createFromArray(0.3, -1.2, 0.0));
        Var std = Var.constant(Nd4j.createFromArray(0.5, 1.5, 1.0));
        TanhNormal dist = TanhNormal.of(mean, std);
        TanhNormal.Sample s = dist.rsample(new SplittableRandom(11));
        double[] a = s.action().value().toDoubleVector();
        double[] lp = s.logProb().value().toDoubleVector();
        for (int i = 0; i < 3; i++) {
            double u = 0.5 * Math.log((1 + a[i]) / (1 - a[i])); // atanh: fine away from +-1
            double m = mean.value().getDouble(i);
            double sd = std.value().getDouble(i);
            double gauss = -0.5 * ((u - m) / sd) * ((u - m) / sd) - Math.log(sd) - HALF_LOG_TWO_PI;
            assertEquals(gauss - Math.log(1 - a[i] * a[i]), lp[i], 1e-9);
            assertTrue(Math.abs(a[i]) < 1);
        }
        assertArrayClose(Nd4j.createFromArray(Math.tanh(0.3), Math.tanh(-1.2), 0.0), dist.mode().value(), 1e-15);
    }
}
