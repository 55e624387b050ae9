package org.mbrl4j.core.loop;

import java.util.Arrays;
import java.util.Objects;

/**
 * Returns and lengths of evaluation episodes with their summary statistics (standard deviations are
 * population ones, dividing by {@code n}, as numpy's {@code std} does by default).
 *
 * @param meanReturn mean of {@code returns}
 * @param stdReturn population standard deviation of {@code returns}
 * @param minReturn smallest return
 * @param maxReturn largest return
 * @param meanLength mean episode length, in steps
 * @param stdLength population standard deviation of the lengths
 * @param minLength shortest episode
 * @param maxLength longest episode
 * @param returns each episode's undiscounted return, in order; accessor returns a copy
 * @param lengths each episode's length, in order; accessor returns a copy
 */
public record EvaluationResult(double meanReturn, double stdReturn, double minReturn, double maxReturn,
        double meanLength, double stdLength, int minLength, int maxLength, double[] returns, int[] lengths) {

    /** Checks that the arrays are present, equally long and non-empty, and copies them. */
    public EvaluationResult {
        Objects.requireNonNull(returns, "returns");
        Objects.requireNonNull(lengths, "lengths");
        if (returns.length == 0 || returns.length != lengths.length) {
            throw new IllegalArgumentException("returns and lengths must be non-empty and equally long: "
                    + returns.length + " and " + lengths.length);
        }
        returns = returns.clone();
        lengths = lengths.clone();
    }

    /**
     * Computes the statistics of the given episodes.
     *
     * @param returns each episode's return, at least one
     * @param lengths each episode's length, as many
     * @return the result
     * @throws IllegalArgumentException if the arrays are empty or differ in length
     */
    public static EvaluationResult of(double[] returns, int[] lengths) {
        if (returns.length == 0 || returns.length != lengths.length) {
            throw new IllegalArgumentException("returns and lengths must be non-empty and equally long: "
                    + returns.length + " and " + lengths.length);
        }
        double[] len = Arrays.stream(lengths).asDoubleStream().toArray();
        return new EvaluationResult(mean(returns), std(returns), Arrays.stream(returns).min().getAsDouble(),
                Arrays.stream(returns).max().getAsDouble(), mean(len), std(len),
                Arrays.stream(lengths).min().getAsInt(), Arrays.stream(lengths).max().getAsInt(), returns, lengths);
    }

    /** @return the number of episodes */
    public int episodes() {
        return returns.length;
    }

    @Override
    public double[] returns() {
        return returns.clone();
    }

    @Override
    public int[] lengths() {
        return lengths.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EvaluationResult r && Arrays.equals(returns, r.returns)
                && Arrays.equals(lengths, r.lengths) && Double.compare(meanReturn, r.meanReturn) == 0
                && Double.compare(stdReturn, r.stdReturn) == 0 && Double.compare(minReturn, r.minReturn) == 0
                && Double.compare(maxReturn, r.maxReturn) == 0 && Double.compare(meanLength, r.meanLength) == 0
                && Double.compare(stdLength, r.stdLength) == 0 && minLength == r.minLength
                && maxLength == r.maxLength;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(returns) + Arrays.hashCode(lengths);
    }

    @Override
    public String toString() {
        return String.format("EvaluationResult(episodes=%d, return %.4g +- %.4g [%.4g, %.4g], length %.4g +- %.4g"
                + " [%d, %d])", returns.length, meanReturn, stdReturn, minReturn, maxReturn, meanLength, stdLength,
                minLength, maxLength);
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Two-pass population standard deviation (numerically safer than E[x^2] - E[x]^2). */
    private static double std(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / x.length);
    }
}
