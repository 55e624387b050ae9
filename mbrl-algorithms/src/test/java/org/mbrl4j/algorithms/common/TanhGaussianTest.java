package org.mbrl4j.algorithms.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class TanhGaussianTest {

    @Test
    void logJacobianMatchesTheNaiveFormulaAndStaysFiniteWhereItUnderflows() {
        for (double u : new double[] {-3, -0.7, 0, 0.2, 1.5, 4}) {
            double t = Math.tanh(u);
            assertEquals(Math.log(1 - t * t), TanhGaussian.logJacobian(u), 1e-9, "u=" + u);
        }
        // 1 - tanh(20)^2 is 0 in double; the stable form gives log(4) - 40 + O(e^-40).
        assertEquals(Math.log(4) - 40, TanhGaussian.logJacobian(20), 1e-9);
        assertEquals(Math.log(4) - 40, TanhGaussian.logJacobian(-20), 1e-9);
    }

    /** Simpson's rule over a in (-1, 1) of exp(log pi(a)), substituting a = tanh(u) away from the poles. */
    private static double integrate(double lo, double hi, double mean, double logStd) {
        int n = 20000;
        double h = (hi - lo) / n;
        double s = 0;
        for (int i = 0; i <= n; i++) {
            double a = lo + i * h;
            double u = 0.5 * Math.log((1 + a) / (1 - a));
            double f = Math.exp(TanhGaussian.logProb(new double[] {u}, new double[] {mean}, new double[] {logStd}));
            s += f * (i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2));
        }
        return s * h / 3;
    }

    @Test
    void densityIntegratesToTheGaussianMassOfTheInterval() {
        double[][] cases = {{0.0, 0.0}, {0.4, -0.5}, {-1.0, 0.3}};
        for (double[] c : cases) {
            NormalDistribution n = new NormalDistribution(c[0], Math.exp(c[1]));
            for (double[] iv : new double[][] {{-0.9, 0.9}, {-0.5, 0.2}, {0.1, 0.99}}) {
                double expected = n.cumulativeProbability(0.5 * Math.log((1 + iv[1]) / (1 - iv[1])))
                        - n.cumulativeProbability(0.5 * Math.log((1 + iv[0]) / (1 - iv[0])));
                assertEquals(expected, integrate(iv[0], iv[1], c[0], c[1]), 1e-6,
                        "mean " + c[0] + " logStd " + c[1] + " on " + iv[0] + ".." + iv[1]);
            }
            // Nearly all the mass: the density integrates to (almost) one over (-1, 1).
            double inner = integrate(-0.999999, 0.999999, c[0], c[1]);
            assertTrue(inner > 0.999 && inner < 1.0 + 1e-6, "total mass " + inner);
        }
    }

    @Test
    void twoDimensionalLogProbIsTheSumOfTheMarginals() {
        double lp = TanhGaussian.logProb(new double[] {0.3, -1.2}, new double[] {0.1, -0.4},
                new double[] {-0.2, 0.5});
        double a = TanhGaussian.logProb(new double[] {0.3}, new double[] {0.1}, new double[] {-0.2});
        double b = TanhGaussian.logProb(new double[] {-1.2}, new double[] {-0.4}, new double[] {0.5});
        assertEquals(a + b, lp, 1e-12);
    }
}
