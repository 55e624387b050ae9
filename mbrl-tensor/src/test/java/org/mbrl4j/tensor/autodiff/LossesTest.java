package org.mbrl4j.tensor.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbrl4j.tensor.autodiff.GradCheck.check;
import static org.mbrl4j.tensor.autodiff.GradCheck.uniform;

import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The losses: finite differences, PyTorch reference values (misc.txt) and hand values. */
class LossesTest {

    private static final double TOL = 1e-6;
    private final SplittableRandom rng = new SplittableRandom(23);

    @Test
    void everyLossHasTheFiniteDifferenceGradient() {
        check(v -> Losses.mse(v.get(0), v.get(1)), TOL, 1, uniform(rng, -2, 2, 3, 4), uniform(rng, -2, 2, 3, 4));
        check(v -> Losses.mseMean(v.get(0), v.get(1)), TOL, 11, uniform(rng, -2, 2, 3, 5), uniform(rng, -2, 2, 3, 5));
        check(v -> Losses.gaussianNll(v.get(0), v.get(1), v.get(2)), TOL, 2,
                uniform(rng, -2, 2, 3, 4), uniform(rng, -2, 1, 3, 4), uniform(rng, -2, 2, 3, 4));
        check(v -> Losses.gaussianNll(v.get(0), v.get(1), v.get(2), true), TOL, 3,
                uniform(rng, -2, 2, 5), uniform(rng, -2, 1, 5), uniform(rng, -2, 2, 5));
        check(v -> Losses.crossEntropy(v.get(0), v.get(1)), TOL, 4, uniform(rng, -3, 3, 2, 3, 5), uniform(rng, 0, 1, 2, 3, 5));
        check(v -> Losses.categoricalKl(v.get(0), v.get(1)), TOL, 5, uniform(rng, -3, 3, 4, 6), uniform(rng, -3, 3, 4, 6));
        check(v -> Losses.gaussianKl(v.get(0), v.get(1), v.get(2), v.get(3)), TOL, 6, uniform(rng, -2, 2, 3, 4),
                uniform(rng, 0.3, 2, 3, 4), uniform(rng, -2, 2, 3, 4), uniform(rng, 0.3, 2, 3, 4));
        check(v -> Losses.bernoulliLogProb(v.get(0), v.get(1)), TOL, 7, uniform(rng, -6, 6, 3, 5), uniform(rng, 0, 1, 3, 5));
        // free bits: KLs on both sides of the floor, away from the kink
        INDArray kl = Nd4j.createFromArray(0.2, 0.7, 1.4, 3.0, 0.05, 2.2);
        check(v -> Losses.freeBits(v.get(0), 1.0), TOL, 8, kl);
    }

    @Test
    void freeBitsStopsTheGradientBelowTheFloor() {
        Var kl = Var.input(Nd4j.createFromArray(0.5, 1.0, 2.0));
        try (Tape tape = Tape.open()) {
            Var clipped = Losses.freeBits(kl, 1.0);
            assertArrayClose(new double[] {1.0, 1.0, 2.0}, clipped.value(), 0);
            tape.backward(clipped.sum());
        }
        assertArrayClose(new double[] {0, 1, 1}, kl.grad(), 0);
        assertThrows(IllegalArgumentException.class, () -> Losses.freeBits(kl, -1));
    }

    @Test
    void categoricalKlMatchesPyTorchValuesAndBothGradients() {
        Reference ref = Reference.load("misc.txt");
        assertReference(ref, "kl", v -> Losses.categoricalKl(v[0], v[1]), ref.get("kl_p"), ref.get("kl_q"));
    }

    @Test
    void softmaxAndLogSoftmaxMatchPyTorch() {
        Reference ref = Reference.load("misc.txt");
        assertReference(ref, "softmax", v -> NnOps.softmax(v[0]), ref.get("sm_x"));
        assertReference(ref, "log_softmax", v -> NnOps.logSoftmax(v[0]), ref.get("sm_x"));
    }

    @Test
    void symlogAndSymexpMatchPyTorchWithTheTrueDerivativeAtZero() {
        Reference ref = Reference.load("misc.txt");
        // misc.txt's symlog_dx and symexp_dx are the true derivatives (G at x = 0), as our ops give;
        // the *_signform tensors (0 at x = 0) are what autograd of the literal sign form returns
        assertReference(ref, "symlog", v -> Ops.symlog(v[0]), ref.get("symlog_x"));
        assertReference(ref, "symexp", v -> Ops.symexp(v[0]), ref.get("symexp_x"));
        INDArray x = ref.get("symlog_x");
        int zero = 8;
        assertEquals(0.0, x.getDouble(zero));
        assertEquals(0.0, ref.get("symlog_dx_signform").getDouble(zero));
        assertEquals(ref.get("symlog_G").getDouble(zero), ref.get("symlog_dx").getDouble(zero));
    }

    @Test
    void klOfIdenticalDistributionsIsZero() {
        INDArray logits = uniform(rng, -3, 3, 4, 7);
        INDArray kl = Losses.categoricalKl(Var.constant(logits), Var.constant(logits.dup())).value();
        assertArrayClose(new double[4], kl, 1e-15);
        // adding a constant to the logits leaves the distribution unchanged
        kl = Losses.categoricalKl(Var.constant(logits), Var.constant(logits.add(5))).value();
        assertArrayClose(new double[4], kl, 1e-14);
        INDArray mean = uniform(rng, -2, 2, 6);
        INDArray std = uniform(rng, 0.1, 3, 6);
        kl = Losses.gaussianKl(Var.constant(mean), Var.constant(std), Var.constant(mean.dup()), Var.constant(std.dup())).value();
        assertArrayClose(new double[6], kl, 1e-15);
    }

    @Test
    void gaussianKlAtKnownPoints() {
        // KL(N(1, 1) || N(0, 2^2)) = log 2 + (1 + 1) / 8 - 1/2
        Var kl = Losses.gaussianKl(scalars(1.0), scalars(1.0), scalars(0.0), scalars(2.0));
        assertEquals(Math.log(2) + 0.25 - 0.5, kl.value().getDouble(0), 1e-15);
    }

    @Test
    void gaussianNllAtKnownPoints() {
        // N(3; mean 1, variance 4): -log p = log(2 pi)/2 + log 2 + (3 - 1)^2 / (2 * 4)
        double exact = 0.5 * Math.log(2 * Math.PI) + Math.log(2) + 0.5;
        Var withConstant = Losses.gaussianNll(scalars(1.0), scalars(Math.log(4)), scalars(3.0), true);
        Var without = Losses.gaussianNll(scalars(1.0), scalars(Math.log(4)), scalars(3.0));
        assertEquals(exact, withConstant.value().getDouble(0), 1e-15);
        assertEquals(exact - 0.5 * Math.log(2 * Math.PI), without.value().getDouble(0), 1e-15);
        assertEquals(0.0, Losses.gaussianNll(scalars(0.5), scalars(0.0), scalars(0.5)).value().getDouble(0));
    }

    @Test
    void bernoulliLogProbIsLogSigmoidWithoutOverflow() {
        Var logits = scalars(100, -100, 1000, -1000, 0, 2);
        Var ones = scalars(1, 1, 1, 1, 1, 1);
        Var zeros = scalars(0, 0, 0, 0, 0, 0);
        double[] one = Losses.bernoulliLogProb(logits, ones).value().toDoubleVector();
        double[] zero = Losses.bernoulliLogProb(logits, zeros).value().toDoubleVector();
        // log sigmoid(100) = -log1p(e^-100): a tiny negative number that rounding sigmoid(100) to 1 would lose
        assertEquals(-Math.log1p(Math.exp(-100)), one[0], 1e-60);
        assertTrue(one[0] < 0);
        assertEquals(-100, one[1], 1e-13);
        assertEquals(0.0, one[2], 0);
        assertEquals(-1000, one[3], 0);
        assertEquals(Math.log(0.5), one[4], 1e-16);
        assertEquals(Math.log(1 / (1 + Math.exp(-2))), one[5], 1e-15);
        // y = 0: log(1 - sigmoid(l)) = log sigmoid(-l)
        assertEquals(-100, zero[0], 1e-13);
        assertEquals(-Math.log1p(Math.exp(-100)), zero[1], 1e-60);
        assertEquals(-1000, zero[2], 0);
        assertEquals(Math.log(1 / (1 + Math.exp(2))), zero[5], 1e-15);
        // gradients stay finite at the extremes: target - sigmoid(logit)
        Var l = Var.input(Nd4j.createFromArray(1000.0, -1000.0));
        try (Tape tape = Tape.open()) {
            tape.backward(Losses.bernoulliLogProb(l, scalars(0, 1)).sum());
        }
        assertArrayClose(new double[] {-1, 1}, l.grad(), 0);
    }

    @Test
    void float32LossesAgreeWithFloat64() {
        INDArray a = uniform(rng, -3, 3, 4, 5);
        INDArray b = uniform(rng, -3, 3, 4, 5);
        double[] d64 = Losses.categoricalKl(Var.constant(a), Var.constant(b)).value().toDoubleVector();
        double[] d32 = Losses.categoricalKl(Var.constant(a.castTo(DataType.FLOAT)), Var.constant(b.castTo(DataType.FLOAT)))
                .value().toDoubleVector();
        for (int i = 0; i < d64.length; i++) {
            assertEquals(d64[i], d32[i], 1e-5);
        }
    }

    @Test
    void mismatchedShapesAreRefusedWithTheArgumentNames() {
        Var b = Var.constant(Nd4j.zeros(DataType.DOUBLE, 4));
        Var b1 = Var.constant(Nd4j.zeros(DataType.DOUBLE, 4, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.mse(b, b1));
        assertTrue(e.getMessage().contains("prediction [4]") && e.getMessage().contains("target [4, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.gaussianNll(b, b1, b));
        assertTrue(e.getMessage().contains("logVariance [4, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.categoricalKl(b, b1));
        assertTrue(e.getMessage().contains("qLogits"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(b, Var.constant(Nd4j.zeros(DataType.FLOAT, 4))));
        assertTrue(e.getMessage().contains("FLOAT"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.gaussianKl(b, b, b, b1));
        assertThrows(IllegalArgumentException.class, () -> Losses.bernoulliLogProb(b1, b));
    }

    /** Checks {@code <p>_y} and the gradients {@code <p>_dx} (one input) or {@code <p>_dp, <p>_dq} (two). */
    static void assertReference(Reference ref, String p, Function<Var[], Var> f, INDArray... inputs) {
        Var[] vars = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            vars[i] = Var.input(inputs[i]);
        }
        try (Tape tape = Tape.open()) {
            Var y = f.apply(vars);
            assertArrayClose(ref.get(p + "_y"), y.value(), 1e-12);
            tape.backward(y, ref.get(p + "_G"));
        }
        String[] names = inputs.length == 1 ? new String[] {"_dx"} : new String[] {"_dp", "_dq"};
        for (int i = 0; i < inputs.length; i++) {
            assertArrayClose(ref.get(p + names[i]), vars[i].grad(), 1e-12);
        }
    }

    /** Asserts |actual - expected| <= tol * max(1, |expected|) element-wise. */
    static void assertArrayClose(INDArray expected, INDArray actual, double tol) {
        assertArrayClose(expected.dup().reshape(expected.length()).toDoubleVector(), actual, tol);
    }

    static void assertArrayClose(double[] expected, INDArray actual, double tol) {
        double[] a = actual.dup().reshape(actual.length()).toDoubleVector();
        assertEquals(expected.length, a.length, "length");
        for (int i = 0; i < a.length; i++) {
            double err = Math.abs(a[i] - expected[i]);
            if (!(err <= tol * Math.max(1, Math.abs(expected[i])))) {
                throw new AssertionError("element " + i + ": expected " + expected[i] + ", got " + a[i]);
            }
        }
    }

    static Var scalars(double... v) {
        return Var.constant(Nd4j.createFromArray(v));
    }
}
