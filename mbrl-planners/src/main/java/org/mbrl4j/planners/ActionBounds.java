package org.mbrl4j.planners;

import java.util.Arrays;
import org.mbrl4j.core.spaces.Box;

/**
 * Per-dimension bounds of one action, {@code low[j] <= a[j] <= high[j]}, finite. Immutable.
 */
public final class ActionBounds {

    private final double[] low;
    private final double[] high;

    private ActionBounds(double[] low, double[] high) {
        this.low = low;
        this.high = high;
    }

    /**
     * @param low lower bounds, one per action dimension, finite
     * @param high upper bounds, same length, finite, {@code >= low}
     * @return the bounds
     * @throws IllegalArgumentException if the lengths differ or are 0, a bound is not finite, or
     *     {@code low > high}
     */
    public static ActionBounds of(double[] low, double[] high) {
        if (low == null || high == null || low.length == 0 || low.length != high.length) {
            throw new IllegalArgumentException("low and high must be non-empty and of equal length: low="
                    + Arrays.toString(low) + ", high=" + Arrays.toString(high));
        }
        for (int j = 0; j < low.length; j++) {
            if (!Double.isFinite(low[j]) || !Double.isFinite(high[j]) || low[j] > high[j]) {
                throw new IllegalArgumentException("bounds of dimension " + j + " must be finite with low <= high: ["
                        + low[j] + ", " + high[j] + "]");
            }
        }
        return new ActionBounds(low.clone(), high.clone());
    }

    /**
     * @param space a bounded one-dimensional box
     * @return its bounds
     * @throws IllegalArgumentException if the box is not one-dimensional or has an infinite bound
     */
    public static ActionBounds of(Box space) {
        if (space == null || space.shape().length != 1) {
            throw new IllegalArgumentException("space must be a one-dimensional Box: " + space);
        }
        return of(space.low(), space.high());
    }

    /**
     * @param dim action size
     * @param low lower bound of every dimension
     * @param high upper bound of every dimension
     * @return bounds equal in every dimension
     */
    public static ActionBounds uniform(int dim, double low, double high) {
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be >= 1: " + dim);
        }
        double[] lo = new double[dim];
        double[] hi = new double[dim];
        Arrays.fill(lo, low);
        Arrays.fill(hi, high);
        return of(lo, hi);
    }

    /** @return the action size A */
    public int dim() {
        return low.length;
    }

    /**
     * @param j a dimension
     * @return its lower bound
     */
    public double low(int j) {
        return low[j];
    }

    /**
     * @param j a dimension
     * @return its upper bound
     */
    public double high(int j) {
        return high[j];
    }

    /** @return a copy of the lower bounds */
    public double[] low() {
        return low.clone();
    }

    /** @return a copy of the upper bounds */
    public double[] high() {
        return high.clone();
    }

    /**
     * @param j a dimension
     * @return {@code (low + high) / 2}
     */
    public double mid(int j) {
        return 0.5 * (low[j] + high[j]);
    }

    /**
     * @param j a dimension
     * @param v a value
     * @return {@code v} clipped to the bounds of dimension {@code j}
     */
    public double clip(int j, double v) {
        return Math.max(low[j], Math.min(high[j], v));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActionBounds b && Arrays.equals(low, b.low) && Arrays.equals(high, b.high);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(low) + Arrays.hashCode(high);
    }

    @Override
    public String toString() {
        return "ActionBounds(low=" + Arrays.toString(low) + ", high=" + Arrays.toString(high) + ")";
    }
}
