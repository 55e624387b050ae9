package org.mbrl4j.tensor.autodiff;

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

/** Two-hot targets, losses, gradients and means against DreamerV3's and TD-MPC2's rules as PyTorch recorded them. */
class TwoHotTest {

    private final SplittableRandom rng = new SplittableRandom(31);

    @Test
    void currentDreamerV3MatchesTheReference() {
        assertMatches(TwoHot.dreamerV3(), Reference.load("twohot_dreamerv3.txt"), "");
    }

    @Test
    void firstReleaseDreamerV3InSymlogSpaceMatchesTheReference() {
        assertMatches(TwoHot.dreamerV3Symlog(), Reference.load("twohot_dreamerv3.txt"), "v1_");
    }

    @Test
    void tdmpc2MatchesTheReference() {
        assertMatches(TwoHot.tdmpc2(), Reference.load("twohot_tdmpc2.txt"), "");
    }

    private static void assertMatches(TwoHot twoHot, Reference ref, String prefix) {
        assertArrayClose(ref.get(prefix + "bins"), Nd4j.createFromArray(twoHot.bins()), 1e-15);
        INDArray x = ref.get("x");
        assertArrayClose(ref.get(prefix + "target"), twoHot.encode(x), 1e-12);
        Var logits = Var.input(ref.get("logits"));
        try (Tape tape = Tape.open()) {
            Var loss = twoHot.loss(logits, x);
            assertArrayClose(ref.get(prefix + "loss"), loss.value(), 1e-12);
            tape.backward(loss.sum());
        }
        assertArrayClose(ref.get(prefix + "dlogits"), logits.grad(), 1e-12);
        // the large DreamerV3 means (up to ~1e7) are compared relative to their size
        assertArrayClose(ref.get(prefix + "mean"), twoHot.mean(Var.constant(ref.get("logits"))).value(), 1e-10);
    }

    @Test
    void theDreamerV3BinsAreAntisymmetricWithZeroInTheMiddle() {
        double[] b = TwoHot.dreamerV3().bins();
        assertEquals(255, b.length);
        assertEquals(0.0, b[127], 0);
        for (int i = 0; i < 127; i++) {
            assertEquals(-b[i], b[254 - i], 0);
        }
        assertEquals(Math.expm1(20), b[254], 0);
        double[] t = TwoHot.tdmpc2().bins();
        assertEquals(101, t.length);
        assertEquals(0.0, t[50], 0);
    }

    @Test
    void targetsSumToOneAndDecodeToTheValueForOneHotLogits() {
        TwoHot twoHot = TwoHot.tdmpc2();
        INDArray values = Nd4j.createFromArray(-7.3, 0.0, 0.15, 3.0, 5e4, -1e5);
        INDArray target = twoHot.encode(values);
        assertArrayClose(new double[] {1, 1, 1, 1, 1, 1}, target.sum(1), 1e-15);
        // beyond symexp(10) the value goes to the end bin
        assertEquals(1.0, target.getDouble(4, 100), 0);
        assertEquals(1.0, target.getDouble(5, 0), 0);
        // in bin space the expected bin under the target is symlog(value): two-hot is exact for values in range
        for (int r = 0; r < 4; r++) {
            double expected = 0;
            for (int i = 0; i < 101; i++) {
                expected += target.getDouble(r, i) * twoHot.bins()[i];
            }
            double v = values.getDouble(r);
            assertEquals(Math.signum(v) * Math.log1p(Math.abs(v)), expected, 1e-14);
        }
    }

    @Test
    void lossAndMeanHaveTheFiniteDifferenceGradient() {
        TwoHot small = TwoHot.tdmpc2(9, -3, 3);
        INDArray values = Nd4j.createFromArray(-4.0, 0.2, 1.5, 30.0);
        check(v -> small.loss(v.get(0), values), 1e-6, 1, uniform(rng, -2, 2, 4, 9));
        check(v -> small.mean(v.get(0)), 1e-6, 2, uniform(rng, -2, 2, 4, 9));
        TwoHot raw = TwoHot.of(new double[] {-2, -0.5, 0, 1, 4}, TwoHot.BinSpace.RAW);
        check(v -> raw.mean(v.get(0)), 1e-6, 3, uniform(rng, -2, 2, 2, 3, 5));
        check(v -> raw.loss(v.get(0), Nd4j.createFromArray(new double[][] {{-1, 0.3, 2}, {5, -3, 0}})), 1e-6, 4,
                uniform(rng, -2, 2, 2, 3, 5));
    }

    @Test
    void float32LogitsGiveFloat32Results() {
        TwoHot twoHot = TwoHot.dreamerV3();
        Var logits = Var.constant(uniform(rng, -1, 1, 3, 255).castTo(DataType.FLOAT));
        INDArray values = Nd4j.createFromArray(1f, -2f, 100f);
        assertEquals(DataType.FLOAT, twoHot.loss(logits, values).dataType());
        assertEquals(DataType.FLOAT, twoHot.mean(logits).dataType());
        assertEquals(DataType.FLOAT, twoHot.encode(values).dataType());
    }

    @Test
    void badInputIsRefusedNamingTheArgumentAndValue() {
        TwoHot twoHot = TwoHot.tdmpc2();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> twoHot.encode(Nd4j.createFromArray(1.0, Double.NaN)));
        assertEquals("values[1] must be finite: NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> twoHot.loss(Var.constant(Nd4j.zeros(DataType.DOUBLE, 4, 101)), Nd4j.zeros(DataType.DOUBLE, 3)));
        assertTrue(e.getMessage().contains("values [3]") && e.getMessage().contains("[4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> twoHot.mean(Var.constant(Nd4j.zeros(DataType.DOUBLE, 4, 255))));
        assertTrue(e.getMessage().contains("101 bins"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TwoHot.tdmpc2(1, -10, 10));
        assertEquals("numBins must be >= 2: 1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TwoHot.tdmpc2(101, 10, -10));
        e = assertThrows(IllegalArgumentException.class, () -> TwoHot.of(new double[] {0, 1, 1}, TwoHot.BinSpace.RAW));
        assertTrue(e.getMessage().contains("bins[2] = 1.0"), e.getMessage());
    }
}
