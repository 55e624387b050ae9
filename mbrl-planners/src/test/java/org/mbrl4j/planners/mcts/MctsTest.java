package org.mbrl4j.planners.mcts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MctsTest {

    /** Arms with fixed rewards; every state after the first step gives reward 0 and value 0. */
    static final class Bandit implements SearchModel<String> {
        final double[] rewards;

        Bandit(double... rewards) {
            this.rewards = rewards;
        }

        @Override
        public int actionCount() {
            return rewards.length;
        }

        @Override
        public Expansion<String> recurrent(String state, int action) {
            double r = state.isEmpty() ? rewards[action] : 0;
            return new Expansion<>(state + action, r, new double[rewards.length], 0);
        }
    }

    /**
     * Two actions, discount 0.5, values 0 and uniform priors everywhere: action 1 pays 1 at once, action 0 pays
     * nothing at once but leads to a state where action 0 pays 4.
     */
    static final class TwoStep implements SearchModel<String> {
        static final Map<String, Double> REWARDS = Map.of("0", 0.0, "1", 1.0, "00", 4.0);

        @Override
        public int actionCount() {
            return 2;
        }

        @Override
        public Expansion<String> recurrent(String state, int action) {
            String next = state + action;
            return new Expansion<>(next, REWARDS.getOrDefault(next, 0.0), new double[2], 0);
        }
    }

    static <S> Expansion<S> root(S state, int actions) {
        return new Expansion<>(state, 0, new double[actions], 0);
    }

    @Test
    void puctFindsTheBestArmOfABanditAndItsQValuesAreTheRewards() {
        Bandit bandit = new Bandit(0.1, 0.9, 0.5);
        Mcts mcts = new Mcts(MctsConfig.muzero(100, 1.0).withoutNoise());
        SearchResult r = mcts.search(root("", 3), bandit, new SplittableRandom(1));
        assertEquals(1, r.action());
        assertEquals(100, r.visitCounts()[0] + r.visitCounts()[1] + r.visitCounts()[2]);
        assertTrue(r.visitCounts()[1] > r.visitCounts()[2] && r.visitCounts()[2] >= r.visitCounts()[0],
                java.util.Arrays.toString(r.visitCounts()));
        assertArrayEquals(new double[] {0.1, 0.9, 0.5}, r.qValues(), 1e-12);
        assertEquals(1.0, r.policyTarget()[0] + r.policyTarget()[1] + r.policyTarget()[2], 1e-12);
        assertEquals(r.visitCounts()[1] / 100.0, r.policyTarget()[1], 1e-12);
    }

    @Test
    void puctOnATwoStepTreeMatchesHandComputedVisitsAndValuesAfterThreeSimulations() {
        // Simulation 1: all scores 0, ties go to action 0: expands "0" (r 0, v 0); the root's return is 0.
        // Simulation 2: the root has 1 visit: a0 scores 0.5 c(1) / 2, a1 0.5 c(1) / 1 -> a1; expands "1" (r 1);
        //   the root's return is 1 + 0.5 * 0 = 1; min-max bounds become [0, 1].
        // Simulation 3: a0 scores 0.5 c(2) sqrt(2) / 2 + Qn(0) = 0.44, a1 0.5 c(2) sqrt(2) / 2 + Qn(1) = 1.44
        //   -> a1, then at "1" both children tie -> action 0, expands "10" (r 0, v 0): "1" gets return 0, the
        //   root 1 + 0.5 * 0 = 1. Root value (0 + 1 + 1) / 3.
        Mcts mcts = new Mcts(MctsConfig.muzero(3, 0.5).withoutNoise());
        SearchResult r = mcts.search(root("", 2), new TwoStep(), new SplittableRandom(1));
        assertArrayEquals(new int[] {1, 2}, r.visitCounts());
        assertArrayEquals(new double[] {0.0, 1.0}, r.qValues(), 1e-12);
        assertEquals(2.0 / 3, r.rootValue(), 1e-12);
        assertEquals(1, r.action());
    }

    @Test
    void puctOnATwoStepTreeFindsTheDelayedRewardWithMoreSimulations() {
        Mcts mcts = new Mcts(MctsConfig.muzero(200, 0.5).withoutNoise());
        SearchResult r = mcts.search(root("", 2), new TwoStep(), new SplittableRandom(1));
        assertEquals(0, r.action());
        assertTrue(r.visitCounts()[0] > 3 * r.visitCounts()[1], java.util.Arrays.toString(r.visitCounts()));
        // below action 1 every reward and value is 0: its Q is exactly its reward
        assertEquals(1.0, r.qValues()[1], 1e-12);
        // below action 0 the mean return approaches 4 (the first visit backed up 0): Q(0) approaches 0.5 * 4
        assertTrue(r.qValues()[0] > 1.8 && r.qValues()[0] < 2.0, "Q(0) " + r.qValues()[0]);
    }

    @Test
    void rootNoiseIsDrawnFromTheGeneratorPassedIn() {
        Mcts mcts = new Mcts(MctsConfig.muzero(20, 0.997));
        Bandit bandit = new Bandit(0.1, 0.2, 0.3, 0.4);
        SearchResult a = mcts.search(root("", 4), bandit, new SplittableRandom(7));
        SearchResult b = mcts.search(root("", 4), bandit, new SplittableRandom(7));
        assertArrayEquals(a.visitCounts(), b.visitCounts());
        boolean differs = false;
        for (long seed = 0; seed < 20 && !differs; seed++) {
            SearchResult c = mcts.search(root("", 4), bandit, new SplittableRandom(seed));
            differs = !java.util.Arrays.equals(a.visitCounts(), c.visitCounts());
        }
        assertTrue(differs, "the noise never changed the visits");
    }

    @Test
    void dirichletDrawsLieOnTheSimplexWithTheRightMean() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] mean = new double[4];
        int n = 20000;
        for (int i = 0; i < n; i++) {
            double[] x = Dirichlet.sample(0.25, 4, rng);
            double sum = 0;
            for (int j = 0; j < 4; j++) {
                assertTrue(x[j] >= 0);
                sum += x[j];
                mean[j] += x[j] / n;
            }
            assertEquals(1.0, sum, 1e-9);
        }
        for (double m : mean) {
            assertEquals(0.25, m, 0.01);
        }
        assertThrows(IllegalArgumentException.class, () -> Dirichlet.sample(0, 4, rng));
    }

    @Test
    void selectActionFollowsVisitCountsAndTemperature() {
        int[] visits = {1, 6, 3};
        assertEquals(1, Mcts.selectAction(visits, 0, new SplittableRandom(1)));
        SplittableRandom rng = new SplittableRandom(2);
        int[] counts = new int[3];
        for (int i = 0; i < 10000; i++) {
            counts[Mcts.selectAction(visits, 1, rng)]++;
        }
        assertEquals(0.1, counts[0] / 10000.0, 0.015);
        assertEquals(0.6, counts[1] / 10000.0, 0.015);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mcts.selectAction(new int[] {0, 0}, 1, rng));
        assertTrue(e.getMessage().contains("visitCounts"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Mcts.selectAction(visits, -1, rng));
    }

    @Test
    void badInputIsRejectedWithTheArgumentNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Mcts(MctsConfig.muzero(10, 1.0)).search(root("", 2), new Bandit(1, 2, 3),
                        new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("logits"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MctsConfig.muzero(0, 0.9));
        assertTrue(e.getMessage().contains("simulations"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MctsConfig.muzero(5, 1.5));
        assertTrue(e.getMessage().contains("discount"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Expansion<>("s", Double.NaN, new double[2], 0));
        assertTrue(e.getMessage().contains("reward"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Expansion<>("s", 0, new double[] {0, Double.POSITIVE_INFINITY}, 0));
        assertTrue(e.getMessage().contains("logits"), e.getMessage());
    }
}
