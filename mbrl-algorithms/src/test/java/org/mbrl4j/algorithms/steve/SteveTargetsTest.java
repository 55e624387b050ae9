package org.mbrl4j.algorithms.steve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SteveTargetsTest {

    /**
     * One sample, H = 1, two dynamics, two reward and two Q members, gamma 0.5; dynamics member 1 terminates
     * after its model step.
     */
    @Test
    void candidateMomentsAndInverseVarianceWeightsMatchHandValues() {
        double[] r0 = {1};
        double[][][][] rewards = {{{{2}, {4}}, {{0}, {2}}}}; // [j=1][n][m][b]
        double[][][] cont = {{{1}, {1}}, {{1}, {0}}}; // D^1, D^2 per n
        double[][][][] q = {{{{10}, {14}}, {{10}, {14}}}, {{{6}, {8}}, {{100}, {100}}}}; // [i][n][l][b]
        double[][][] mv = SteveTargets.candidateMoments(r0, rewards, cont, q, 0.5);
        // i = 0: 1 + 0.5 * {10, 14} = {6, 8} for every (n, m): mean 7, variance 1.
        assertEquals(7, mv[0][0][0], 1e-12);
        assertEquals(1, mv[1][0][0], 1e-12);
        // i = 1: (n0,m0) 1 + 0.5*2 + 0.25*{6,8} = {3.5, 4}; (n0,m1) {4.5, 5}; (n1,m0) {1, 1}; (n1,m1) {2, 2}.
        assertEquals(2.875, mv[0][1][0], 1e-12);
        assertEquals(83.5 / 8 - 2.875 * 2.875, mv[1][1][0], 1e-12);
        assertEquals(2.171875, mv[1][1][0], 1e-12);
        double[][][] c = SteveTargets.combine(mv[0], mv[1]);
        double w0 = 1 / (1 + 1e-8);
        double w1 = 1 / (2.171875 + 1e-8);
        assertEquals((7 * w0 + 2.875 * w1) / (w0 + w1), c[0][0][0], 1e-12);
        assertEquals(5.699507389, c[0][0][0], 1e-8);
        assertEquals(w1 / (w0 + w1), c[1][1][0], 1e-12);
        assertEquals(0.315270936, SteveTargets.modelUse(c[1]), 1e-8);
    }

    @Test
    void aCertainHorizonTakesAllTheWeight() {
        double[][][] c = SteveTargets.combine(new double[][] {{3.0}, {5.0}}, new double[][] {{0.5}, {0.0}});
        assertEquals(5.0, c[0][0][0], 1e-6);
        assertEquals(1.0, SteveTargets.modelUse(c[1]), 1e-6);
    }

    @Test
    void leftOutHorizonsGetNoWeightEvenWithANanMean() {
        double[][] means = {{3.0, 3.0}, {Double.NaN, 4.0}, {5.0, 5.0}};
        double[][] vars = {{0.5, 0.5}, {0.0, 1.0}, {1.0, 1.0}};
        boolean[][] allowed = {{false, false}, {false, true}, {true, true}}; // horizon 0 always takes part
        double[][][] c = SteveTargets.combine(means, vars, allowed);
        double w0 = 1 / (0.5 + SteveTargets.VARIANCE_FLOOR);
        double w1 = 1 / (1.0 + SteveTargets.VARIANCE_FLOOR);
        assertEquals((3 * w0 + 5 * w1) / (w0 + w1), c[0][0][0], 1e-12, "sample 0 skips horizon 1");
        assertEquals(0.0, c[1][1][0], 0.0);
        assertEquals((3 * w0 + 4 * w1 + 5 * w1) / (w0 + 2 * w1), c[0][0][1], 1e-12, "sample 1 uses all three");
        assertEquals(SteveTargets.combine(means, vars)[0][0][1], c[0][0][1], 1e-12);
    }
}
