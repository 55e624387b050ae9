package org.mbrl4j.algorithms.common;

import java.util.Objects;
import org.mbrl4j.core.spaces.Space;
import org.mbrl4j.core.spaces.Box;

/**
 * The affine map between a policy's squashed actions in {@code [-1, 1]^actDim} and a bounded
 * {@link Box}'s actions: {@code env = low + (a + 1) / 2 * (high - low)}.
 */
public final class ActionScaling {

    private final double[] low;
    private final double[] high;

    private ActionScaling(double[] low, double[] high) {
        this.low = low;
        this.high = high;
    }

    /**
     * @param actionSpace a bounded one-dimensional {@link Box}
     * @return the scaling of that box
     * @throws IllegalArgumentException if the space is not a bounded rank-1 Box
     */
    public static ActionScaling of(Space actionSpace) {
        Objects.requireNonNull(actionSpace, "actionSpace");
        if (!(actionSpace instanceof Box box) || !box.isBounded() || box.shape().length != 1) {
            throw new IllegalArgumentException("actionSpace must be a bounded rank-1 Box: " + actionSpace);
        }
        return new ActionScaling(box.low(), box.high());
    }

    /** @return the action size */
    public int size() {
        return low.length;
    }

    /**
     * @param normalized row-major {@code [B, actDim]} actions in {@code [-1, 1]}
     * @return the environment's actions, fresh
     */
    public double[] toEnv(double[] normalized) {
        double[] out = new double[normalized.length];
        int d = low.length;
        for (int i = 0; i < out.length; i++) {
            int j = i % d;
            out[i] = low[j] + (normalized[i] + 1) * 0.5 * (high[j] - low[j]);
        }
        return out;
    }

    /**
     * @param env row-major {@code [B, actDim]} actions of the environment
     * @return the same actions in {@code [-1, 1]} (clipped there), fresh
     */
    public double[] toNormalized(double[] env) {
        double[] out = new double[env.length];
        int d = low.length;
        for (int i = 0; i < out.length; i++) {
            int j = i % d;
            double a = 2 * (env[i] - low[j]) / (high[j] - low[j]) - 1;
            out[i] = Math.max(-1, Math.min(1, a));
        }
        return out;
    }
}
