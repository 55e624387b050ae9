package org.mbrl4j.algorithms.common;

/**
 * The tanh-squashed diagonal Gaussian of SAC (Haarnoja et al. 2018, appendix C): {@code u ~ N(mean, std^2)},
 * {@code a = tanh(u)}, with density
 * {@code log pi(a) = sum_j [log N(u_j; mean_j, std_j) - log(1 - tanh(u_j)^2)]}. The correction is computed in
 * the stable form {@code log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2 u))}, which neither underflows
 * nor loses precision where {@code |u|} is large.
 */
public final class TanhGaussian {

    private static final double LOG_2 = Math.log(2);
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private TanhGaussian() {
    }

    /**
     * @param x any real
     * @return {@code log(1 + exp(x))} without overflow
     */
    public static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /**
     * @param u the pre-squash value
     * @return {@code log(1 - tanh(u)^2)}, the log-Jacobian of the squash
     */
    public static double logJacobian(double u) {
        return 2 * (LOG_2 - u - softplus(-2 * u));
    }

    /**
     * @param u      pre-squash values, {@code [actDim]}
     * @param mean   Gaussian means, {@code [actDim]}
     * @param logStd Gaussian log standard deviations, {@code [actDim]}
     * @return {@code log pi(tanh(u))}, the log-density of the squashed action (nats)
     */
    public static double logProb(double[] u, double[] mean, double[] logStd) {
        double lp = 0;
        for (int j = 0; j < u.length; j++) {
            double z = (u[j] - mean[j]) * Math.exp(-logStd[j]);
            lp += -0.5 * z * z - logStd[j] - HALF_LOG_2PI - logJacobian(u[j]);
        }
        return lp;
    }

    /**
     * The bounded log standard deviation of SAC's actor head (pytorch_sac's squashing of the raw output):
     * {@code logStd = min + (max - min) * (tanh(raw) + 1) / 2}.
     *
     * @param raw the network output
     * @param min lower bound
     * @param max upper bound
     * @return the log standard deviation, in {@code (min, max)}
     */
    public static double boundedLogStd(double raw, double min, double max) {
        return min + 0.5 * (max - min) * (Math.tanh(raw) + 1);
    }
}
