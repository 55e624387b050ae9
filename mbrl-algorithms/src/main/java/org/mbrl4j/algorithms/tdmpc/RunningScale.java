package org.mbrl4j.algorithms.tdmpc;

import java.util.Arrays;

/**
 * TD-MPC2's running trimmed scale of Q values ({@code RunningScale} in {@code tdmpc2/common/scale.py}): each
 * update takes the 5th and 95th percentiles of a batch of values (linear interpolation between order
 * statistics), and moves the scale towards {@code max(p95 - p5, 1)} by {@code tau}. The policy's Q objective is
 * divided by it, so that the entropy coefficient means the same on tasks with large and small returns. Starts at
 * 1. Not thread-safe.
 */
public final class RunningScale {

    private final double tau;
    private double value = 1;

    /**
     * @param tau the averaging step, in {@code (0, 1]}
     * @throws IllegalArgumentException if {@code tau} is outside {@code (0, 1]}
     */
    public RunningScale(double tau) {
        if (!(tau > 0 && tau <= 1)) {
            throw new IllegalArgumentException("tau must be in (0, 1]: " + tau);
        }
        this.tau = tau;
    }

    /** @return the current scale, {@code >= 1} once updated (1 at the start) */
    public double value() {
        return value;
    }

    /**
     * Sets the scale (a checkpoint's value).
     *
     * @param saved a value from {@link #value()}, finite and {@code >= 1}
     * @throws IllegalArgumentException if it is not
     */
    public void restore(double saved) {
        if (!(saved >= 1) || Double.isInfinite(saved)) {
            throw new IllegalArgumentException("saved scale must be finite and >= 1: " + saved);
        }
        value = saved;
    }

    /**
     * @param values a batch of values, {@code [N]}, {@code N >= 1}
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public void update(double[] values) {
        double range = Math.max(percentile(values, 95) - percentile(values, 5), 1);
        value += tau * (range - value);
    }

    /**
     * The percentile as {@code scale.py} computes it: position {@code p (N - 1) / 100} in the sorted values,
     * linear between its floor and the next order statistic.
     *
     * @param values {@code [N]}, {@code N >= 1}
     * @param p      the percentile, in {@code [0, 100]}
     * @return the interpolated value
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("values must not be empty");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double pos = p * (sorted.length - 1) / 100;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double w = pos - lo;
        return sorted[lo] * (1 - w) + sorted[hi] * w;
    }
}
