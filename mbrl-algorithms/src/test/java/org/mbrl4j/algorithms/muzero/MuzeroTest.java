package org.mbrl4j.algorithms.muzero;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.spaces.Box;

class MuzeroTest {

    @Test
    void hAndItsInverseRoundTripAndMatchHandValues() {
        assertEquals(0.0, ValueSupport.h(0), 0);
        // h(3) = sqrt(4) - 1 + 0.003
        assertEquals(1.003, ValueSupport.h(3), 1e-12);
        assertEquals(-1.003, ValueSupport.h(-3), 1e-12);
        // h(99) = sqrt(100) - 1 + 0.099
        assertEquals(9.099, ValueSupport.h(99), 1e-12);
        for (double x = -1000; x <= 1000; x += 7.25) {
            assertEquals(x, ValueSupport.hInverse(ValueSupport.h(x)), 1e-6 * Math.max(1, Math.abs(x)), "x " + x);
        }
        assertThrows(IllegalArgumentException.class, () -> ValueSupport.h(Double.NaN));
    }

    @Test
    void supportEncodingRoundTripsInsideTheSupportAndClipsOutside() {
        ValueSupport s = ValueSupport.of(10);
        assertEquals(21, s.bins());
        for (double x : new double[] {0, 1, -1, 3.7, -42, 99.5, 110}) {
            float[] p = s.encode(x);
            double sum = 0;
            int nonZero = 0;
            for (float v : p) {
                sum += v;
                nonZero += v > 0 ? 1 : 0;
            }
            assertEquals(1.0, sum, 1e-6);
            assertTrue(nonZero <= 2);
            assertEquals(x, s.decodeProbs(p), 1e-4 * Math.max(1, Math.abs(x)), "x " + x);
        }
        // h(3) = 1.003: bins of 1 and 2 (indices 11 and 12) with weights 0.997 and 0.003
        float[] p = s.encode(3);
        assertEquals(0.997, p[11], 1e-6);
        assertEquals(0.003, p[12], 1e-6);
        // beyond h^-1(10) the encoding sits on the last bin
        float[] big = s.encode(1e6);
        assertEquals(1.0, big[20], 0);
        // logits: a huge logit on one bin decodes to that bin's value
        float[] logits = new float[21];
        logits[12] = 50;
        assertEquals(ValueSupport.hInverse(2), s.decodeLogits(logits, 0), 1e-6);
    }

    @Test
    void nStepTargetsMatchHandValues() {
        float[] r = {1, 1, 1, 1};
        // 1 + 0.5 + 0.25 * 10
        assertEquals(4.0, MuzeroTargets.nStepValue(r, 0, 2, 0.5, true, 10), 1e-12);
        assertEquals(2, MuzeroTargets.bootstrapIndex(0, 2, 4));
        // last move of a terminated game: the reward only
        assertEquals(1.0, MuzeroTargets.nStepValue(r, 3, 2, 0.5, true, 99), 1e-12);
        // last move of a game cut by a time limit: bootstraps from the last observation
        assertEquals(1.0 + 0.5 * 8, MuzeroTargets.nStepValue(r, 3, 2, 0.5, false, 8), 1e-12);
        assertEquals(4, MuzeroTargets.bootstrapIndex(3, 2, 4));
        // n beyond the end of a terminated game: the discounted rewards to the end
        assertEquals(1 + 0.9 + 0.81 + 0.729, MuzeroTargets.nStepValue(r, 0, 50, 0.9, true, 5), 1e-9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MuzeroTargets.nStepValue(r, 4, 2, 0.5, true, 0));
        assertTrue(e.getMessage().contains("t must be"), e.getMessage());
    }

    /** A finished game of {@code moves} moves: observation {@code [t]}, action 0, reward 1, a uniform policy. */
    static GameHistory game(int moves) {
        GameHistory g = new GameHistory();
        for (int t = 0; t < moves; t++) {
            g.add(new float[] {t}, 0, 1, 0, new float[] {1, 0});
        }
        g.finish(new float[] {moves}, true, 0);
        return g;
    }

    @Test
    void prioritisedSamplingFollowsPrioritiesAndWeightsAreNormalisedInverseProbabilities() {
        GameReplay replay = new GameReplay(10, 1.0, 1.0);
        replay.add(game(4));
        // slots 0..3 hold moves 0..3; priorities 1, 2, 3, 4 (alpha 1): P = p / 10
        for (int slot = 0; slot < 4; slot++) {
            replay.updatePriority(slot, slot + 1);
        }
        for (int slot = 0; slot < 4; slot++) {
            assertEquals((slot + 1) / 10.0, replay.probability(slot), 1e-12);
        }
        SplittableRandom rng = new SplittableRandom(11);
        int[] counts = new int[4];
        int draws = 0;
        for (int i = 0; i < 200; i++) {
            GameReplay.Sample[] s = replay.sample(100, rng);
            boolean hasFirst = false;
            for (GameReplay.Sample x : s) {
                counts[x.slot()]++;
                draws++;
                hasFirst |= x.slot() == 0;
            }
            if (hasFirst) {
                // w = (N P)^-1 / max w, the max at the least likely slot 0 (p = 1): w = 1 / p
                for (GameReplay.Sample x : s) {
                    assertEquals(1.0 / (x.slot() + 1), x.weight(), 1e-9);
                    assertEquals(x.slot(), x.index());
                }
            }
        }
        for (int slot = 0; slot < 4; slot++) {
            assertEquals((slot + 1) / 10.0, counts[slot] / (double) draws, 0.01, "slot " + slot);
        }
    }

    @Test
    void uniformReplayHasWeightOneAndOldGamesLeaveFirst() {
        GameReplay replay = new GameReplay(10, 0.0, 1.0);
        replay.add(game(4));
        replay.add(game(4));
        replay.add(game(4));
        assertEquals(2, replay.games());
        assertEquals(8, replay.size());
        for (GameReplay.Sample s : replay.sample(50, new SplittableRandom(3))) {
            assertEquals(1.0, s.weight(), 1e-12);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> replay.add(game(11)));
        assertTrue(e.getMessage().contains("bufferSize"), e.getMessage());
    }

    @Test
    void configRejectsBadValuesNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MuzeroConfig.cartPole().toBuilder().unrollSteps(0).build());
        assertTrue(e.getMessage().contains("unrollSteps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MuzeroConfig.cartPole().toBuilder().dynamicsGradScale(1.5).build());
        assertTrue(e.getMessage().contains("dynamicsGradScale"), e.getMessage());
        assertEquals(1.0, MuzeroConfig.cartPole().temperature(0));
        assertEquals(0.5, MuzeroConfig.cartPole().temperature(5000));
        assertEquals(0.25, MuzeroConfig.cartPole().temperature(7500));
    }

    @Test
    void learnerRefusesContinuousActions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Muzero(3, Box.of(new double[] {-1}, new double[] {1}), MuzeroConfig.cartPole(), RandomStreams.of(1)));
        assertTrue(e.getMessage().contains("Discrete"), e.getMessage());
    }

    @Test
    void hostForwardMatchesTheTapeForward() {
        MuzeroNetwork net = new MuzeroNetwork(4, 2, MuzeroConfig.cartPole(), new SplittableRandom(5));
        float[] obs = {0.1f, -0.2f, 0.03f, 0.4f};
        var root = net.initial(obs);
        var s = net.represent(org.mbrl4j.tensor.autodiff.Var.constant(
                org.mbrl4j.tensor.HostArrays.array(obs, 1, 4)));
        assertArrayEquals(org.mbrl4j.tensor.HostArrays.toFloats(s.value()), root.state(), 1e-5f);
        float[] logits = org.mbrl4j.tensor.HostArrays.toFloats(net.policyLogits(s).value());
        assertEquals(logits[0], root.logits()[0], 1e-5);
        var next = net.next(s, new int[] {1});
        var e = net.searchModel().recurrent(root.state(), 1);
        assertArrayEquals(org.mbrl4j.tensor.HostArrays.toFloats(next[0].value()), e.state(), 1e-5f);
        float[] rl = org.mbrl4j.tensor.HostArrays.toFloats(next[1].value());
        assertEquals(net.support().decodeLogits(rl, 0), e.reward(), 1e-4);
    }
}
