package org.mbrl4j.tensor.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float64 finite-difference checks of the tape: the loss is {@code sum(f(inputs) * G)} with a fixed random
 * {@code G}; every element of every input is perturbed by {@code +-h} and the central difference is compared
 * with the gradient that {@code backward} accumulated.
 */
final class GradCheck {

    private GradCheck() {
    }

    /** @return a float64 array of the shape with values uniform in [lo, hi) from the generator */
    static INDArray uniform(SplittableRandom rng, double lo, double hi, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return Nd4j.createFromArray(v).reshape('c', shape);
    }

    /**
     * @param f      the program, called with one {@link Var#input} per array
     * @param tol    the largest accepted |analytic - numeric| / max(1, |numeric|)
     * @param seed   the seed of the upstream gradient
     * @param inputs float64 inputs
     */
    static void check(Function<List<Var>, Var> f, double tol, long seed, INDArray... inputs) {
        List<Var> vars = new ArrayList<>();
        for (INDArray x : inputs) {
            assertEquals(DataType.DOUBLE, x.dataType());
            vars.add(Var.input(x));
        }
        INDArray upstream;
        try (Tape tape = Tape.open()) {
            Var out = f.apply(vars);
            upstream = uniform(new SplittableRandom(seed), -1, 1, out.shape());
            tape.backward(out, upstream.castTo(out.dataType()));
        }
        double h = 1e-6;
        for (int k = 0; k < inputs.length; k++) {
            INDArray x = inputs[k];
            INDArray analytic = vars.get(k).grad();
            assertNotNull(analytic, "no gradient reached input " + k);
            for (long i = 0; i < x.length(); i++) {
                double keep = x.getDouble(i);
                x.putScalar(i, keep + h);
                double plus = loss(f, inputs, upstream);
                x.putScalar(i, keep - h);
                double minus = loss(f, inputs, upstream);
                x.putScalar(i, keep);
                double numeric = (plus - minus) / (2 * h);
                double a = analytic.getDouble(i);
                double err = Math.abs(a - numeric) / Math.max(1, Math.abs(numeric));
                if (!(err <= tol)) {
                    throw new AssertionError("input " + k + " element " + i + ": analytic " + a + ", numeric " + numeric
                            + " (relative error " + err + " > " + tol + ")");
                }
            }
        }
    }

    private static double loss(Function<List<Var>, Var> f, INDArray[] inputs, INDArray upstream) {
        List<Var> vars = new ArrayList<>();
        for (INDArray x : inputs) {
            vars.add(Var.constant(x));
        }
        INDArray out = f.apply(vars).value();
        return out.castTo(DataType.DOUBLE).mul(upstream).sumNumber().doubleValue();
    }
}
