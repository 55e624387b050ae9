package org.mbrl4j.algorithms.steve;

/**
 * STEVE's target arithmetic, as pure functions over plain arrays.
 *
 * <p>For horizon {@code i = 0..H} and every combination of a dynamics member {@code n}, a reward member
 * {@code m} and a Q member {@code l}, the candidate target is
 * {@code T_i = r_0 + sum_{j=1..i} gamma^j D^j r_j + gamma^{i+1} D^{i+1} Q_l(s'_i, pi(s'_i))}, where
 * {@code s'_0} is the real next state, {@code s'_j} the state after {@code j} steps of member {@code n},
 * {@code r_j} member {@code m}'s reward for step {@code j}, and {@code D^j} the product of the
 * continuation flags up to {@code s'_{j-1}} ({@code D^1 = 1 - terminated} of the real transition). Each
 * horizon's candidates give a mean and a (population) variance; the horizons are combined with weights
 * {@code w_i = 1 / (var_i + 1e-8)}, normalised to sum to one.
 */
public final class SteveTargets {

    /** Added to every variance before inverting it (the paper's numerical floor). */
    public static final double VARIANCE_FLOOR = 1e-8;

    private SteveTargets() {
    }

    /**
     * Each horizon's candidate mean and variance.
     *
     * @param r0           the real rewards {@code [B]}
     * @param rewards      model rewards {@code [H][N][M][B]}: {@code rewards[j-1][n][m]} is {@code r_j} along
     *                     dynamics member {@code n} by reward member {@code m}
     * @param continuation {@code [H+1][N][B]}: {@code continuation[j][n]} is {@code D^{j+1}} along member
     *                     {@code n} ({@code continuation[0]} is the same real flag for every {@code n})
     * @param q            {@code [H+1][N][L][B]}: {@code q[i][n][l]} is {@code Q_l(s'_i, pi(s'_i))} along
     *                     member {@code n}
     * @param gamma        the discount
     * @return {@code {means [H+1][B], variances [H+1][B]}}
     */
    public static double[][][] candidateMoments(double[] r0, double[][][][] rewards, double[][][] continuation,
            double[][][][] q, double gamma) {
        int horizons = q.length;
        int n = q[0].length;
        int l = q[0][0].length;
        int m = horizons > 1 ? rewards[0][0].length : 1;
        int b = r0.length;
        double[][] means = new double[horizons][b];
        double[][] vars = new double[horizons][b];
        double count = (double) n * m * l;
        for (int i = 0; i < horizons; i++) {
            for (int k = 0; k < b; k++) {
                double sum = 0;
                double sq = 0;
                for (int dn = 0; dn < n; dn++) {
                    double boot = Math.pow(gamma, i + 1) * continuation[i][dn][k];
                    for (int rm = 0; rm < m; rm++) {
                        double ret = r0[k];
                        for (int j = 1; j <= i; j++) {
                            ret += Math.pow(gamma, j) * continuation[j - 1][dn][k] * rewards[j - 1][dn][rm][k];
                        }
                        for (int ql = 0; ql < l; ql++) {
                            double t = ret + boot * q[i][dn][ql][k];
                            sum += t;
                            sq += t * t;
                        }
                    }
                }
                double mean = sum / count;
                means[i][k] = mean;
                vars[i][k] = Math.max(0, sq / count - mean * mean);
            }
        }
        return new double[][][] {means, vars};
    }

    /**
     * Inverse-variance combination of the horizons.
     *
     * @param means     {@code [H+1][B]}
     * @param variances {@code [H+1][B]}
     * @return {@code {targets [1][B], weights [H+1][B]}} with each column of weights summing to one
     */
    public static double[][][] combine(double[][] means, double[][] variances) {
        return combine(means, variances, null);
    }

    /**
     * Inverse-variance combination of the horizons that are allowed for each sample.
     *
     * @param means     {@code [H+1][B]}
     * @param variances {@code [H+1][B]}
     * @param allowed   {@code [H+1][B]}: whether horizon {@code i} may take part for sample {@code k} (weight 0
     *                  otherwise); horizon 0 always takes part; null allows every horizon
     * @return {@code {targets [1][B], weights [H+1][B]}} with each column of weights summing to one
     */
    public static double[][][] combine(double[][] means, double[][] variances, boolean[][] allowed) {
        int horizons = means.length;
        int b = means[0].length;
        double[] targets = new double[b];
        double[][] weights = new double[horizons][b];
        for (int k = 0; k < b; k++) {
            double total = 0;
            for (int i = 0; i < horizons; i++) {
                boolean in = i == 0 || allowed == null || allowed[i][k];
                weights[i][k] = in ? 1.0 / (variances[i][k] + VARIANCE_FLOOR) : 0.0;
                total += weights[i][k];
            }
            double t = 0;
            for (int i = 0; i < horizons; i++) {
                weights[i][k] /= total;
                if (weights[i][k] != 0) { // a left-out horizon's mean may be anything, even NaN
                    t += weights[i][k] * means[i][k];
                }
            }
            targets[k] = t;
        }
        return new double[][][] {{targets}, weights};
    }

    /**
     * @param weights normalised weights {@code [H+1][B]}
     * @return the average model use {@code mean_k (1 - w_0)}
     */
    public static double modelUse(double[][] weights) {
        double s = 0;
        for (double w0 : weights[0]) {
            s += 1 - w0;
        }
        return s / weights[0].length;
    }
}
