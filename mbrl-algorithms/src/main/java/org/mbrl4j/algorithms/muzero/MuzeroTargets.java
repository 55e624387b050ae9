package org.mbrl4j.algorithms.muzero;

/**
 * MuZero's n-step value targets (Schrittwieser et al. 2020, appendix G: {@code z_t = u_{t+1} + gamma u_{t+2} +
 * ... + gamma^{n-1} u_{t+n} + gamma^n v_{t+n}}, here with {@code r_t} the reward after action {@code a_t}), and
 * EfficientZero's variants (Ye et al. 2021; github.com/YeWR/EfficientZero, {@code core/reanalyze_worker.py}): the
 * value horizon shortened with the age of the data, the value-prefix targets, and the edge reward the search reads
 * from two value prefixes.
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

    /**
     * EfficientZero's off-policy correction of the value horizon ({@code core/reanalyze_worker.py},
     * {@code _prepare_reward_value_context}): {@code clip(n - age / autoTdSteps, 1, n)} with integer division,
     * where {@code age} is EfficientZero's {@code total_transitions - idx}: the positions in the buffer from this
     * one to the newest, both counted (the newest position has age 1). EfficientZero clips to {@code [1, 5]}, its
     * Atari {@code td_steps}; here the upper end is {@code n}.
     *
     * @param n           the uncorrected horizon {@code tdSteps}, {@code >= 1}
     * @param age         the position's age in positions, {@code >= 1}
     * @param autoTdSteps positions of age per step of horizon lost, {@code >= 1}
     * @return the horizon, in {@code [1, n]}
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static int offPolicyTdSteps(int n, long age, long autoTdSteps) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1: " + n);
        }
        if (age < 1) {
            throw new IllegalArgumentException("age must be >= 1: " + age);
        }
        if (autoTdSteps < 1) {
            throw new IllegalArgumentException("autoTdSteps must be >= 1: " + autoTdSteps);
        }
        long shortened = n - age / autoTdSteps;
        return (int) Math.max(1, Math.min(n, shortened));
    }

    /**
     * EfficientZero's value-prefix targets of one drawn position ({@code core/reanalyze_worker.py},
     * {@code _prepare_reward_value}): the undiscounted sum of the rewards since the last reset of the LSTM,
     * which restarts every {@code horizon} unroll steps. Unroll step {@code k} (after action {@code a_{t+k-1}}) gets
     * <pre>
     *   prefix_k = r_{t+b} + ... + r_{t+k-1},   b = horizon * floor((k - 1) / horizon)
     * </pre>
     * with rewards past the end of the game taken as 0 (a terminal state's successors give nothing; the caller
     * masks the steps past a game cut by a time limit).
     *
     * @param rewards     {@code r_0..r_{T-1}}
     * @param t           the drawn position, in {@code [0, T)}
     * @param unrollSteps {@code K}, {@code >= 1}
     * @param horizon     the LSTM's reset period, {@code >= 1}
     * @return {@code [K + 1]}: index {@code k} holds {@code prefix_k}; index 0 is 0 (no step into the root)
     * @throws IllegalArgumentException if {@code t}, {@code K} or the horizon is out of range
     */
    public static double[] valuePrefixes(float[] rewards, int t, int unrollSteps, int horizon) {
        if (t < 0 || t >= rewards.length) {
            throw new IllegalArgumentException("t must be in [0, " + rewards.length + "): " + t);
        }
        if (unrollSteps < 1) {
            throw new IllegalArgumentException("unrollSteps must be >= 1: " + unrollSteps);
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1: " + horizon);
        }
        double[] prefixes = new double[unrollSteps + 1];
        double sum = 0;
        for (int k = 1; k <= unrollSteps; k++) {
            if ((k - 1) % horizon == 0) {
                sum = 0;
            }
            int pos = t + k - 1;
            sum += pos < rewards.length ? rewards[pos] : 0;
            prefixes[k] = sum;
        }
        return prefixes;
    }

    /**
     * The reward of a search edge from value prefixes (EfficientZero's {@code core/ctree}: {@code true_reward =
     * child.value_prefix - parent.value_prefix}, or the child's prefix alone when the parent's LSTM state was
     * reset).
     *
     * @param childPrefix  the value prefix predicted at the child, in reward units
     * @param parentPrefix the value prefix of the parent (0 at the root)
     * @param parentReset  whether the LSTM restarted at the parent (its depth is a multiple of the horizon; the root
     *                     included)
     * @return the edge's reward
     */
    public static double prefixReward(double childPrefix, double parentPrefix, boolean parentReset) {
        return parentReset ? childPrefix : childPrefix - parentPrefix;
    }
}
