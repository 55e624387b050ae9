package org.mbrl4j.models.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.mbrl4j.models.nn.GradCheck;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Finite-difference checks of both losses, in float64, and their values against direct formulas. */
class LossesTest {

    private static void fd(INDArray x, INDArray analytic, ToDoubleFunction<INDArray> f, String what) {
        double h = 1e-6;
        INDArray flat = x.reshape(x.length());
        INDArray a = analytic.reshape(analytic.length());
        for (long i = 0; i < flat.length(); i++) {
            double v = flat.getDouble(i);
            flat.putScalar(i, v + h);
            double up = f.applyAsDouble(x);
            flat.putScalar(i, v - h);
            double down = f.applyAsDouble(x);
            flat.putScalar(i, v);
            double num = (up - down) / (2 * h);
            double rel = Math.abs(a.getDouble(i) - num) / Math.max(1e-7, Math.abs(a.getDouble(i)) + Math.abs(num));
            assertTrue(rel < 1e-5, what + "[" + i + "]: analytic " + a.getDouble(i) + " numeric " + num);
        }
    }

    @Test
    void gaussianNllGradientsIncludingBounds() {
        SplittableRandom rng = new SplittableRandom(1);
        INDArray out = GradCheck.randn(rng, 2, 3, 4);
        // Raw log-variances spread over the soft bounds' whole range, both saturated ends included.
        out.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 4)).muli(4);
        INDArray y = GradCheck.randn(rng, 2, 3, 2);
        INDArray lo = Nd4j.createFromArray(new double[][] {{-3.0, -2.5}});
        INDArray hi = Nd4j.createFromArray(new double[][] {{0.5, 1.0}});
        Losses.Result r = Losses.gaussianNll(out, y, lo, hi);
        fd(out, r.gradOutput(), o -> Losses.gaussianNll(o, y, lo, hi).loss(), "out");
        fd(lo, r.gradMinLogvar(), l -> Losses.gaussianNll(out, y, l, hi).loss(), "minLogvar");
        fd(hi, r.gradMaxLogvar(), h -> Losses.gaussianNll(out, y, lo, h).loss(), "maxLogvar");
    }

    @Test
    void gaussianNllValueIsMbrlLibsFormula() {
        // One member, one row, one dimension: loss = (mu - y)^2 exp(-lv) + lv + 0.01 (hi - lo).
        INDArray out = Nd4j.createFromArray(new double[][][] {{{0.3, -1.2}}});
        INDArray y = Nd4j.createFromArray(new double[][][] {{{1.0}}});
        INDArray lo = Nd4j.createFromArray(new double[][] {{-10.0}});
        INDArray hi = Nd4j.createFromArray(new double[][] {{0.5}});
        double l1 = 0.5 - Math.log1p(Math.exp(0.5 + 1.2));
        double lv = -10 + Math.log1p(Math.exp(l1 + 10));
        double expected = 0.49 * Math.exp(-lv) + lv + 0.01 * 10.5;
        assertEquals(expected, Losses.gaussianNll(out, y, lo, hi).loss(), 1e-12);
        double b = Losses.boundLogvar(50, -10, 0.5);
        assertTrue(b <= 0.5 + 1e-4 && b > 0.4, "clamped from above (softly): " + b);
        b = Losses.boundLogvar(-50, -10, 0.5);
        assertTrue(b >= -10 && b < -9.9, "clamped from below: " + b);
    }

    @Test
    void mseGradientAndValue() {
        SplittableRandom rng = new SplittableRandom(2);
        INDArray out = GradCheck.randn(rng, 2, 3, 2);
        INDArray y = GradCheck.randn(rng, 2, 3, 2);
        Losses.Result r = Losses.mse(out, y);
        assertEquals(out.sub(y).norm2Number().doubleValue() * out.sub(y).norm2Number().doubleValue(), r.loss(), 1e-9);
        fd(out, r.gradOutput(), o -> Losses.mse(o, y).loss(), "out");
    }

    @Test
    void shapeMismatchIsRefused() {
        INDArray out = Nd4j.zeros(DataType.FLOAT, 2, 3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.gaussianNll(out, Nd4j.zeros(DataType.FLOAT, 2, 3, 3), Nd4j.zeros(1, 3), Nd4j.zeros(1, 3)));
        assertTrue(e.getMessage().contains("[2, 3, 6]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.mse(out, Nd4j.zeros(DataType.FLOAT, 2, 3, 2)));
    }
}
