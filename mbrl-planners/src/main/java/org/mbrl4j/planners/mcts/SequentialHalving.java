package org.mbrl4j.planners.mcts;

/**
 * The visit schedule of sequential halving at the root of {@link GumbelSearch} (Karnin et al. 2013, as
 * Danihelka et al. 2022 use it; the sequence of DeepMind's mctx {@code seq_halving.py}): the considered actions
 * are visited in rounds, each round giving every remaining action {@code max(1, floor(n / (ceil(log2 m) k)))}
 * more visits for {@code k} remaining of {@code m} considered actions and {@code n} simulations, and then the
 * worse half is dropped (never below 2 actions).
 */
public final class SequentialHalving {

    private SequentialHalving() {
    }

    /**
     * The visit count that the action chosen by simulation {@code i} must have before it: simulation {@code i}
     * considers only the root actions whose visit count equals entry {@code i}.
     *
     * @param maxConsidered the number of actions considered at the start, {@code >= 1}
     * @param simulations   the simulation budget, {@code >= 1}
     * @return {@code [simulations]}, fresh; {@code 0, 1, 2, ...} when only one action is considered
     * @throws IllegalArgumentException if an argument is below 1
     */
    public static int[] consideredVisits(int maxConsidered, int simulations) {
        if (maxConsidered < 1) {
            throw new IllegalArgumentException("maxConsidered must be >= 1: " + maxConsidered);
        }
        if (simulations < 1) {
            throw new IllegalArgumentException("simulations must be >= 1: " + simulations);
        }
        int[] sequence = new int[simulations];
        if (maxConsidered == 1) {
            for (int i = 0; i < simulations; i++) {
                sequence[i] = i;
            }
            return sequence;
        }
        int log2max = 32 - Integer.numberOfLeadingZeros(maxConsidered - 1); // ceil(log2(maxConsidered))
        int[] visits = new int[maxConsidered];
        int considered = maxConsidered;
        int length = 0;
        while (length < simulations) {
            int extra = Math.max(1, simulations / (log2max * considered));
            for (int round = 0; round < extra; round++) {
                for (int i = 0; i < considered; i++) {
                    if (length < simulations) {
                        sequence[length++] = visits[i];
                    }
                    visits[i]++;
                }
            }
            considered = Math.max(2, considered / 2);
        }
        return sequence;
    }
}
