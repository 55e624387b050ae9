package org.mbrl4j.algorithms.muzero;

/**
 * MuZero's n-step value targets (Schrittwieser et al. 2020, appendix G: {@code z_t = u_{t+1} + gamma u_{t+2} +
 * ... + gamma^{n-1} u_{t+n} + gamma^n v_{t+n}}, here with {@code r_t} the reward after action {@code a_t}).
 */
public final class MuzeroTargets {

    private MuzeroTargets() {
    }

    /**
     * The index whose value bootstraps the target of position {@code t}: {@code min(t + n, T)}.
     *
     * @param t      the position, in {@code [0, T)}
     * @param n      the number of reward steps, {@code >= 1}
     * @param length {@code T}, the number of moves of the game
     * @return {@code min(t + n, T)}
     */
    public static int bootstrapIndex(int t, int n, int length) {
        return Math.min(t + n, length);
    }

    /**
     * {@code z_t = sum_{i < m} gamma^i r_{t+i} + gamma^m v}, {@code m = min(n, T - t)}, where {@code v} is the
     * value of observation {@code t + m}, and 0 instead of it when that is the terminal observation of a game
     * that ended in a terminal state (a game cut by a time limit bootstraps from its last observation).
     *
     * @param rewards        {@code r_0..r_{T-1}}, finite
     * @param t              the position, in {@code [0, T)}
     * @param n              the number of reward steps, {@code >= 1}
     * @param discount       {@code gamma}, in {@code (0, 1]}
     * @param terminated     whether the game ended in a terminal state
     * @param bootstrapValue the value of observation {@link #bootstrapIndex}, finite
     * @return {@code z_t}
     * @throws IllegalArgumentException if {@code t} or {@code n} is out of range or the bootstrap value is not
     *     finite
     */
    public static double nStepValue(float[] rewards, int t, int n, double discount, boolean terminated,
            double bootstrapValue) {
        int length = rewards.length;
        if (t < 0 || t >= length) {
            throw new IllegalArgumentException("t must be in [0, " + length + "): " + t);
        }
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1: " + n);
        }
        if (!Double.isFinite(bootstrapValue)) {
            throw new IllegalArgumentException("bootstrapValue must be finite: " + bootstrapValue);
        }
        int end = bootstrapIndex(t, n, length);
        double z = 0;
        double g = 1;
        for (int i = t; i < end; i++) {
            z += g * rewards[i];
            g *= discount;
        }
        if (end < length || !terminated) {
            z += g * bootstrapValue;
        }
        return z;
    }
}
