package org.mbrl4j.planners.mcts;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Draws from a symmetric Dirichlet distribution, the root exploration noise of AlphaZero and MuZero, as
 * normalised Gamma draws (Marsaglia and Tsang 2000, with the {@code U^(1/alpha)} boost for {@code alpha < 1}).
 */
public final class Dirichlet {

    private Dirichlet() {
    }

    /**
     * @param alpha the concentration of every component, finite and {@code > 0}
     * @param size  the number of components, {@code >= 1}
     * @param rng   the generator every draw comes from
     * @return a point of the simplex, {@code [size]}, fresh
     * @throws IllegalArgumentException if {@code alpha} or {@code size} is out of range
     */
    public static double[] sample(double alpha, int size, RandomGenerator rng) {
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and > 0: " + alpha);
        }
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1: " + size);
        }
        Objects.requireNonNull(rng, "rng");
        double[] x = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            x[i] = gamma(alpha, rng);
            sum += x[i];
        }
        if (!(sum > 0)) {
            // every Gamma draw underflowed (possible only for tiny alpha): the limit is one-hot on a uniform index
            x[rng.nextInt(size)] = 1;
            return x;
        }
        for (int i = 0; i < size; i++) {
            x[i] /= sum;
        }
        return x;
    }

    /** A Gamma(shape, 1) draw. */
    static double gamma(double shape, RandomGenerator rng) {
        if (shape < 1) {
            double u = rng.nextDouble();
            return gamma(shape + 1, rng) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
