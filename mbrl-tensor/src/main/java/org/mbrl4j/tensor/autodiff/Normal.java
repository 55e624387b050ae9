package org.mbrl4j.tensor.autodiff;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Independent Gaussians, one per element, parameterised by means and <em>standard deviations</em> (as
 * {@code torch.distributions.Normal(loc, scale)}), with the reparameterised sample {@code mean + std * eps}
 * whose gradient reaches both parameters (Kingma and Welling 2014). All results are per element: sum over the
 * last axis for the log-density of a diagonal multivariate Gaussian.
 *
 * <p>The noise comes from the generator passed in, never from a global one, so a seeded run replays. Values
 * are recorded on the tape that was open when an op ran; make a new distribution per training step. Immutable.
 */
public final class Normal {

    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private final Var mean;
    private final Var std;
    private final Var logStd;

    private Normal(Var mean, Var std, Var logStd) {
        this.mean = mean;
        this.std = std;
        this.logStd = logStd;
    }

    /**
     * @param mean any shape
     * @param std  the same shape and data type, every element {@code > 0}
     * @return the distributions
     * @throws IllegalArgumentException if the shapes or data types differ or a standard deviation is not
     *                                  positive
     */
    public static Normal of(Var mean, Var std) {
        Losses.pair("Normal", "mean", mean, "std", std);
        double min = std.value().minNumber().doubleValue();
        if (!(min > 0)) {
            throw new IllegalArgumentException("std must be > 0: min " + min);
        }
        return new Normal(mean, std, null);
    }

    /**
     * As SAC and TD-MPC2 policies output it: {@code std = exp(logStd)}, with {@code logStd} used directly in
     * {@link #logProb} and {@link #entropy}.
     *
     * @param mean   any shape
     * @param logStd the same shape and data type
     * @return the distributions
     * @throws IllegalArgumentException if the shapes or data types differ
     */
    public static Normal ofLogStd(Var mean, Var logStd) {
        Losses.pair("Normal", "mean", mean, "logStd", logStd);
        return new Normal(mean, logStd.exp(), logStd);
    }

    /** @return the means */
    public Var mean() {
        return mean;
    }

    /** @return the standard deviations */
    public Var std() {
        return std;
    }

    /** @return the shape of every result */
    public long[] shape() {
        return mean.shape();
    }

    /**
     * @param rng the generator; advanced by one {@code nextGaussian()} per element, in C order
     * @return fresh standard normal noise of the means' shape and data type
     */
    public INDArray noise(RandomGenerator rng) {
        Objects.requireNonNull(rng, "rng");
        double[] eps = new double[(int) mean.value().length()];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = rng.nextGaussian();
        }
        return HostArrays.array(eps, mean.dataType(), mean.shape());
    }

    /**
     * @param rng the generator of the noise (see {@link #noise})
     * @return a reparameterised sample {@code mean + std * eps}, differentiable in the mean and the std
     */
    public Var rsample(RandomGenerator rng) {
        return rsample(noise(rng));
    }

    /**
     * @param eps standard normal noise, the means' shape and data type (held fixed: no gradient)
     * @return {@code mean + std * eps}, differentiable in the mean and the std
     * @throws IllegalArgumentException if the noise's shape or data type differs from the means'
     */
    public Var rsample(INDArray eps) {
        Objects.requireNonNull(eps, "eps");
        Losses.pair("rsample", "mean", mean, "eps", Var.constant(eps));
        return mean.add(std.mul(Var.constant(eps)));
    }

    /**
     * @param x values, the means' shape and data type
     * @return {@code log N(x; mean, std^2) = -(x - mean)^2 / (2 std^2) - log std - log(2 pi) / 2} per element,
     *         differentiable in {@code x}, the mean and the std
     * @throws IllegalArgumentException if the shape or data type differs from the means'
     */
    public Var logProb(Var x) {
        Losses.pair("logProb", "mean", mean, "x", x);
        Var z = x.sub(mean).div(std);
        return z.square().mul(-0.5).sub(logStd()).add(-HALF_LOG_TWO_PI);
    }

    /** @return {@code 1/2 + log(2 pi) / 2 + log std} per element, in nats */
    public Var entropy() {
        return logStd().add(0.5 + HALF_LOG_TWO_PI);
    }

    /**
     * @param other distributions of the same shape
     * @return {@code KL(this || other)} per element, as {@link Losses#gaussianKl}
     * @throws IllegalArgumentException if the shapes or data types differ
     */
    public Var kl(Normal other) {
        Objects.requireNonNull(other, "other");
        return Losses.gaussianKl(mean, std, other.mean, other.std);
    }

    private Var logStd() {
        return logStd != null ? logStd : std.log();
    }

    @Override
    public String toString() {
        return "Normal" + Arrays.toString(shape());
    }
}
