package org.mbrl4j.models.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Central finite differences in float64 against a layer's hand-written backward pass. */
public final class GradCheck {

    private GradCheck() {
    }

    /** A float64 array of standard normals from a seeded Java generator. */
    public static INDArray randn(SplittableRandom rng, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }

    /**
     * Checks d(sum(forward(x) * c))/d(every parameter entry and every input entry, or an even
     * spread of up to ~12 entries of each) against central
     * differences, relative error {@code |a - n| / max(1e-6, |a| + |n|) < tol}.
     *
     * @return the largest relative error seen
     */
    public static double check(Layer layer, INDArray x, double tol) {
        return check(layer, x, tol, 12);
    }

    /** As {@link #check(Layer, INDArray, double)} with at most about {@code perArray} entries per array. */
    public static double check(Layer layer, INDArray x, double tol, int perArray) {
        SplittableRandom rng = new SplittableRandom(99);
        INDArray y = layer.forward(x);
        INDArray c = randn(rng, y.shape());
        INDArray gx = layer.backward(c.dup());
        double worst = 0;
        for (Parameter p : layer.parameters()) {
            INDArray g = p.grad().dup();
            worst = Math.max(worst, compare(layer, x, c, p.value(), g, tol, p.name(), perArray));
        }
        worst = Math.max(worst, compare(layer, x, c, x, gx, tol, "input", perArray));
        return worst;
    }

    private static double compare(Layer layer, INDArray x, INDArray c, INDArray target, INDArray analytic,
            double tol, String what, int perArray) {
        double h = 1e-6;
        double worst = 0;
        INDArray flat = target.reshape(target.length());
        INDArray an = analytic.reshape(analytic.length());
        // At most ~12 entries per array, spread evenly, so that the check stays fast on a loaded machine.
        long stride = Math.max(1, flat.length() / perArray);
        for (long i = 0; i < flat.length(); i += stride) {
            double v = flat.getDouble(i);
            flat.putScalar(i, v + h);
            double up = layer.forward(x).mul(c).sumNumber().doubleValue();
            flat.putScalar(i, v - h);
            double down = layer.forward(x).mul(c).sumNumber().doubleValue();
            flat.putScalar(i, v);
            double numeric = (up - down) / (2 * h);
            double a = an.getDouble(i);
            double rel = Math.abs(a - numeric) / Math.max(1e-6, Math.abs(a) + Math.abs(numeric));
            worst = Math.max(worst, rel);
            assertTrue(rel < tol, what + "[" + i + "]: analytic " + a + " vs numeric " + numeric);
        }
        return worst;
    }
}
