package org.mbrl4j.planners.mcts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GumbelSearchTest {

    @Test
    void sequentialHalvingScheduleMatchesHandValues() {
        // 4 actions, 8 simulations: ceil(log2 4) = 2; a round of 8 / (2 * 4) = 1 visit each, then 2 actions with
        // 8 / (2 * 2) = 2 visits each
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 2, 2}, SequentialHalving.consideredVisits(4, 8));
        // 2 actions, 4 simulations: ceil(log2 2) = 1; 4 / 2 = 2 visits each
        assertArrayEquals(new int[] {0, 0, 1, 1}, SequentialHalving.consideredVisits(2, 4));
        // one action: its visit count grows by one per simulation
        assertArrayEquals(new int[] {0, 1, 2}, SequentialHalving.consideredVisits(1, 3));
        // 16 actions, 50 simulations: 16 x 1 (50 / 64 -> 1), 8 x 1 (50 / 32 -> 1), 4 x 3 (50 / 16), then pairs
        // with 6 visits each (50 / 8) until the budget ends
        int[] s = SequentialHalving.consideredVisits(16, 50);
        int[] expected = new int[50];
        int i = 0;
        for (int k = 0; k < 16; k++) {
            expected[i++] = 0;
        }
        for (int k = 0; k < 8; k++) {
            expected[i++] = 1;
        }
        for (int v = 2; v <= 4; v++) {
            for (int k = 0; k < 4; k++) {
                expected[i++] = v;
            }
        }
        for (int v = 5; i < 50; v++) {
            expected[i++] = v;
            expected[i++] = v;
        }
        assertArrayEquals(expected, s);
        assertThrows(IllegalArgumentException.class, () -> SequentialHalving.consideredVisits(0, 4));
    }

    @Test
    void gumbelSearchFindsTheBestArmWithFewSimulations() {
        MctsTest.Bandit bandit = new MctsTest.Bandit(0.1, 0.9, 0.5, 0.3);
        for (int sims : new int[] {4, 8, 16}) {
            GumbelSearch search = new GumbelSearch(GumbelConfig.of(sims, 1.0).withoutNoise());
            SearchResult r = search.search(MctsTest.root("", 4), bandit, new SplittableRandom(1));
            assertEquals(1, r.action(), "simulations " + sims);
            int total = 0;
            for (int v : r.visitCounts()) {
                total += v;
            }
            assertEquals(sims, total);
            // the improved policy puts most mass on the best arm
            double[] p = r.policyTarget();
            assertTrue(p[1] > p[0] && p[1] > p[2] && p[1] > p[3], java.util.Arrays.toString(p));
            assertEquals(1.0, p[0] + p[1] + p[2] + p[3], 1e-12);
            assertEquals(0.9, r.qValues()[1], 1e-12);
        }
    }

    @Test
    void twoSimulationsVisitTheTwoActionsWithTheBestGumbelPlusLogits() {
        // priors strongly favour actions 2 and 0; no noise: those two get the two simulations
        double[] logits = {2.0, -3.0, 4.0};
        MctsTest.Bandit bandit = new MctsTest.Bandit(0.0, 0.0, 1.0);
        GumbelSearch search = new GumbelSearch(GumbelConfig.of(2, 1.0).withoutNoise());
        SearchResult r = search.search(new Expansion<>("", 0, logits, 0), bandit, new SplittableRandom(1));
        assertArrayEquals(new int[] {1, 0, 1}, r.visitCounts());
        assertEquals(2, r.action());
        // the unvisited action's Q is completed with the mixed value:
        // (v + N * sum_visited pi q / sum_visited pi) / (1 + N), v = 0, q(0) = 0, q(2) = 1, N = 2
        double[] pi = Node.softmax(logits);
        double mixed = (0 + 2 * (pi[2] * 1.0) / (pi[0] + pi[2])) / 3;
        assertEquals(mixed, r.qValues()[1], 1e-12);
    }

    @Test
    void gumbelNoiseComesFromTheGeneratorPassedIn() {
        MctsTest.Bandit bandit = new MctsTest.Bandit(0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
        GumbelSearch search = new GumbelSearch(GumbelConfig.of(4, 0.99));
        SearchResult a = search.search(MctsTest.root("", 6), bandit, new SplittableRandom(5));
        SearchResult b = search.search(MctsTest.root("", 6), bandit, new SplittableRandom(5));
        assertArrayEquals(a.visitCounts(), b.visitCounts());
        assertArrayEquals(a.policyTarget(), b.policyTarget(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GumbelConfig(4, 0.9, 0, 1, 50, 0.1));
        assertTrue(e.getMessage().contains("maxConsideredActions"), e.getMessage());
    }
}
