package org.mbrl4j.algorithms.tdmpc;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.planners.Populations;

/**
 * TD-MPC2's planner ({@code TDMPC2._plan} in {@code tdmpc2/tdmpc2.py}): MPPI over action sequences in
 * {@code [-1, 1]^{H x A}} with elites. Each call starts from the previous plan's mean shifted by one step (zero
 * at the first step of an episode and at the end of the horizon) and the std {@code maxStd}; {@code numPiTrajs}
 * sequences come from the policy prior and stay fixed over the iterations, the rest are drawn from
 * {@code N(mean, std^2)} and clipped to {@code [-1, 1]}. Per iteration the {@code numElites} best sequences
 * weighted by {@code exp(temperature (value - max))} give the new mean and std (the std clipped to
 * {@code [minStd, maxStd]}). The action returned is the first step of one elite drawn with probability
 * proportional to its weight, plus {@code std_0 * N(0, 1)} noise while training (none in evaluation), clipped to
 * {@code [-1, 1]}. Not thread-safe: it holds the last plan's mean.
 */
public final class LatentMppi {

    /** The value of a population of action sequences (the world model's estimate, or a test's function). */
    @FunctionalInterface
    public interface Objective {
        /**
         * @param actions row-major {@code [n, H, A]} action sequences in {@code [-1, 1]}
         * @param n       the number of sequences
         * @return their values, {@code [n]} (NaN counts as 0, as TD-MPC2's {@code nan_to_num})
         */
        double[] values(float[] actions, int n);
    }

    private final TdmpcConfig config;
    private final int horizon;
    private final int actDim;
    private final double[] prevMean;

    /**
     * @param config the planner's settings ({@code iterations}, {@code numSamples}, {@code numElites},
     *               {@code numPiTrajs}, {@code minStd}, {@code maxStd}, {@code temperature}, {@code horizon})
     * @param actDim the action size, {@code >= 1}
     * @throws IllegalArgumentException if {@code actDim < 1}
     */
    public LatentMppi(TdmpcConfig config, int actDim) {
        this.config = Objects.requireNonNull(config, "config");
        if (actDim < 1) {
            throw new IllegalArgumentException("actDim must be >= 1: " + actDim);
        }
        this.horizon = config.horizon();
        this.actDim = actDim;
        this.prevMean = new double[horizon * actDim];
    }

    /** @return a copy of the last plan's mean, {@code [H * A]} row-major */
    public double[] lastMean() {
        return prevMean.clone();
    }

    /**
     * Sets the mean that the next plan warm-starts from (a checkpoint's {@link #lastMean()}).
     *
     * @param mean {@code [H * A]} row-major, finite
     * @throws IllegalArgumentException if the length differs or a value is not finite
     */
    public void restoreMean(double[] mean) {
        if (mean == null || mean.length != prevMean.length) {
            throw new IllegalArgumentException("mean must hold H x A = " + prevMean.length + " values: "
                    + (mean == null ? "null" : mean.length));
        }
        for (double m : mean) {
            if (!Double.isFinite(m)) {
                throw new IllegalArgumentException("mean must be finite: " + Arrays.toString(mean));
            }
        }
        System.arraycopy(mean, 0, prevMean, 0, mean.length);
    }

    /**
     * Plans and returns the action to take now.
     *
     * @param policyTrajectories row-major {@code [numPiTrajs, H, A]} sequences from the policy prior (may be empty
     *                           when {@code numPiTrajs == 0})
     * @param objective          the value of sequences
     * @param firstStep          whether this is the episode's first step (no warm start)
     * @param evaluation         whether to leave out the exploration noise
     * @param rng                generator of the samples, the elite draw and the noise
     * @return the action, {@code [A]} in {@code [-1, 1]}, fresh
     * @throws IllegalArgumentException if the policy trajectories have the wrong length
     */
    public double[] plan(float[] policyTrajectories, Objective objective, boolean firstStep, boolean evaluation,
            RandomGenerator rng) {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(rng, "rng");
        int seq = horizon * actDim;
        int pi = config.numPiTrajs();
        if (policyTrajectories == null ? pi != 0 : policyTrajectories.length != pi * seq) {
            throw new IllegalArgumentException("policyTrajectories must hold numPiTrajs x H x A = " + pi + " x "
                    + horizon + " x " + actDim + " values: "
                    + (policyTrajectories == null ? "null" : policyTrajectories.length));
        }
        int n = config.numSamples();
        int elites = config.numElites();
        double[] mean = new double[seq];
        if (!firstStep) {
            System.arraycopy(prevMean, actDim, mean, 0, seq - actDim);
        }
        double[] std = new double[seq];
        Arrays.fill(std, config.maxStd());
        float[] actions = new float[n * seq];
        if (pi > 0) {
            System.arraycopy(policyTrajectories, 0, actions, 0, pi * seq);
        }
        double[] score = new double[elites];
        float[] eliteActions = new float[elites * seq];
        for (int it = 0; it < config.iterations(); it++) {
            for (int k = pi; k < n; k++) {
                for (int i = 0; i < seq; i++) {
                    double v = mean[i] + std[i] * rng.nextGaussian();
                    actions[k * seq + i] = (float) Math.max(-1, Math.min(1, v));
                }
            }
            double[] values = objective.values(actions, n);
            if (values.length != n) {
                throw new IllegalStateException("objective returned " + values.length + " values for " + n
                        + " sequences");
            }
            for (int k = 0; k < n; k++) {
                if (Double.isNaN(values[k])) {
                    values[k] = 0;
                }
            }
            int[] eliteIdx = Populations.topK(values, elites);
            double max = Double.NEGATIVE_INFINITY;
            for (int e = 0; e < elites; e++) {
                max = Math.max(max, values[eliteIdx[e]]);
            }
            double sum = 0;
            for (int e = 0; e < elites; e++) {
                score[e] = Math.exp(config.temperature() * (values[eliteIdx[e]] - max));
                sum += score[e];
            }
            Arrays.fill(mean, 0);
            for (int e = 0; e < elites; e++) {
                score[e] /= sum;
                System.arraycopy(actions, eliteIdx[e] * seq, eliteActions, e * seq, seq);
                for (int i = 0; i < seq; i++) {
                    mean[i] += score[e] * eliteActions[e * seq + i];
                }
            }
            for (int i = 0; i < seq; i++) {
                double var = 0;
                for (int e = 0; e < elites; e++) {
                    double d = eliteActions[e * seq + i] - mean[i];
                    var += score[e] * d * d;
                }
                std[i] = Math.max(config.minStd(), Math.min(config.maxStd(), Math.sqrt(var)));
            }
        }
        int chosen = Populations.sampleIndex(score, rng);
        double[] a = new double[actDim];
        for (int j = 0; j < actDim; j++) {
            double v = eliteActions[chosen * seq + j];
            if (!evaluation) {
                v += std[j] * rng.nextGaussian();
            }
            a[j] = Math.max(-1, Math.min(1, v));
        }
        System.arraycopy(mean, 0, prevMean, 0, seq);
        return a;
    }
}
