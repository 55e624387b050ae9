package org.mbrl4j.tensor.autodiff;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A Gaussian squashed by {@code tanh} into {@code (-1, 1)}: the policy of SAC (Haarnoja et al. 2018, appendix C)
 * and TD-MPC2. A sample is {@code a = tanh(u)} with {@code u = mean + std * eps}; its log-density is
 * {@code log N(u; mean, std^2) - log(1 - tanh(u)^2)}, where the Jacobian term is computed in the stable form
 * {@code log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2 u))} (finite where {@code 1 - tanh(u)^2} rounds to 0).
 * The log-density is taken from the pre-tanh value {@code u}, never from {@code atanh(a)}, which is unstable
 * near {@code +-1}.
 *
 * <p>Results are per element ({@code [..., A]}): sum over the action axis for the policy's log-probability.
 * Immutable.
 */
public final class TanhNormal {

    private static final double LOG_TWO = Math.log(2);

    private final Normal base;

    private TanhNormal(Normal base) {
        this.base = base;
    }

    /**
     * @param mean the pre-tanh means, any shape ({@code [..., A]})
     * @param std  the pre-tanh standard deviations, the same shape, {@code > 0}
     * @return the squashed distributions
     * @throws IllegalArgumentException as {@link Normal#of}
     */
    public static TanhNormal of(Var mean, Var std) {
        return new TanhNormal(Normal.of(mean, std));
    }

    /**
     * @param mean   the pre-tanh means, any shape
     * @param logStd the pre-tanh log standard deviations, the same shape
     * @return the squashed distributions
     * @throws IllegalArgumentException as {@link Normal#ofLogStd}
     */
    public static TanhNormal ofLogStd(Var mean, Var logStd) {
        return new TanhNormal(Normal.ofLogStd(mean, logStd));
    }

    /** @return the Gaussian before the squashing */
    public Normal base() {
        return base;
    }

    /**
     * A reparameterised sample and its log-density.
     *
     * @param action  {@code tanh(preTanh)}, in {@code (-1, 1)} (up to rounding), the means' shape
     * @param preTanh {@code u = mean + std * eps}
     * @param logProb the log-density of {@code action} per element, the means' shape (sum it over the action axis)
     */
    public record Sample(Var action, Var preTanh, Var logProb) {
    }

    /**
     * @param rng the generator of the noise (see {@link Normal#noise})
     * @return a sample, differentiable in the mean and the std through both the action and its log-density
     */
    public Sample rsample(RandomGenerator rng) {
        return rsample(base.noise(rng));
    }

    /**
     * @param eps standard normal noise, the means' shape and data type (held fixed)
     * @return the sample {@code tanh(mean + std * eps)} with its log-density
     * @throws IllegalArgumentException if the noise's shape or data type differs from the means'
     */
    public Sample rsample(INDArray eps) {
        Var u = base.rsample(eps);
        return new Sample(u.tanh(), u, logProbOfPreTanh(u));
    }

    /**
     * @param preTanh values {@code u} before the squashing, the means' shape
     * @return the log-density of {@code tanh(u)} per element: {@code log N(u; mean, std^2) - log(1 - tanh(u)^2)}
     * @throws IllegalArgumentException if the shape or data type differs from the means'
     */
    public Var logProbOfPreTanh(Var preTanh) {
        return base.logProb(preTanh).sub(logDetJacobian(preTanh));
    }

    /** @return {@code tanh(mean)}, the deterministic action (SAC and TD-MPC2 act with it at evaluation) */
    public Var mode() {
        return base.mean().tanh();
    }

    /**
     * The log-derivative of {@code tanh}, {@code log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2 u))}, with the
     * softplus evaluated as {@code max(x, 0) + log1p(exp(-|x|))} so that it is finite for every finite {@code u}
     * (about {@code 2 log 2 - 2 |u|} for large {@code |u|}); gradient {@code -2 tanh(u)}.
     *
     * @param preTanh any shape
     * @return the same shape
     */
    public static Var logDetJacobian(Var preTanh) {
        Objects.requireNonNull(preTanh, "preTanh");
        double[] u = Ops.host(preTanh.value());
        double[] out = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            out[i] = 2 * (LOG_TWO - u[i] - Losses.softplus(-2 * u[i]));
        }
        INDArray value = HostArrays.array(out, preTanh.dataType(), preTanh.shape());
        return Tape.record(value, (g, grads) -> {
            double[] gv = Ops.host(g);
            double[] du = new double[u.length];
            for (int i = 0; i < u.length; i++) {
                du[i] = -2 * Math.tanh(u[i]) * gv[i];
            }
            grads.addOwned(0, HostArrays.array(du, g.dataType(), g.shape()));
        }, preTanh);
    }

    @Override
    public String toString() {
        return "TanhNormal" + Arrays.toString(base.shape());
    }
}
