package org.mbrl4j.algorithms.dreamer;

import java.util.Arrays;
import java.util.Objects;

/**
 * DreamerV3's return normalisation (Hafner et al. 2023, section "Robust predictions"; {@code Moments} in the
 * reference code): exponential moving averages of the 5th and 95th percentiles of the imagined returns, both
 * starting at 0, and the scale {@code S = max(limit, high - low)} by which returns (or advantages) are divided,
 * so that large returns are scaled down and small ones are not scaled up. Percentiles interpolate linearly
 * between order statistics (NumPy's default). Not thread-safe.
 */
public final class ReturnNormalizer {

    /** The lower percentile, 5%. */
    public static final double LOW = 0.05;
    /** The upper percentile, 95%. */
    public static final double HIGH = 0.95;

    private final double decay;
    private final double limit;
    private double low;
    private double high;

    /**
     * @param decay the EMA decay, in {@code [0, 1)} (DreamerV3 0.99)
     * @param limit the floor of the scale, {@code > 0} (DreamerV3 1)
     * @throws IllegalArgumentException if an argument is out of range
     */
    public ReturnNormalizer(double decay, double limit) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("decay must be in [0, 1): " + decay);
        }
        if (!(limit > 0) || Double.isInfinite(limit)) {
            throw new IllegalArgumentException("limit must be > 0 and finite: " + limit);
        }
        this.decay = decay;
        this.limit = limit;
    }

    /**
     * Moves the averages towards this batch's percentiles.
     *
     * @param returns at least one finite return
     * @throws IllegalArgumentException if {@code returns} is empty or holds a NaN or infinite value
     */
    public void update(double[] returns) {
        Objects.requireNonNull(returns, "returns");
        if (returns.length == 0) {
            throw new IllegalArgumentException("returns must not be empty");
        }
        double[] sorted = returns.clone();
        for (int i = 0; i < sorted.length; i++) {
            if (!Double.isFinite(sorted[i])) {
                throw new IllegalArgumentException("returns[" + i + "] must be finite: " + sorted[i]);
            }
        }
        Arrays.sort(sorted);
        low = decay * low + (1 - decay) * percentile(sorted, LOW);
        high = decay * high + (1 - decay) * percentile(sorted, HIGH);
    }

    /**
     * @param sorted ascending values, at least one
     * @param q      the quantile in {@code [0, 1]}
     * @return the linearly interpolated quantile
     */
    static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = pos - lo;
        return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }

    /** @return the EMA of the 5th percentile */
    public double low() {
        return low;
    }

    /** @return the EMA of the 95th percentile */
    public double high() {
        return high;
    }

    /**
     * Puts the averages back to values read earlier from {@link #low()} and {@link #high()} (a checkpoint's).
     *
     * @param low  the EMA of the 5th percentile, finite
     * @param high the EMA of the 95th percentile, finite
     * @throws IllegalArgumentException if a value is NaN or infinite
     */
    public void restore(double low, double high) {
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("low and high must be finite: " + low + ", " + high);
        }
        this.low = low;
        this.high = high;
    }

    /** @return the scale {@code max(limit, high - low)}, {@code >= limit} */
    public double scale() {
        return Math.max(limit, high - low);
    }
}
