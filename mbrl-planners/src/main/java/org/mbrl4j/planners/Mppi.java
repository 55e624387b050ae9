package org.mbrl4j.planners;

import org.mbrl4j.core.random.RandomState;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.random.SplitMix64;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Model-predictive path integral control (Williams et al. 2017, "Information theoretic MPC for model-based
 * reinforcement learning") with the filtered noise of PDDM (Nagabandi et al. 2019), as mbrl-lib's
 * {@code MPPIOptimizer}: each round draws {@code noise ~ N(0, sigma^2)}, smooths the sequences in time,
 * {@code a_t = beta (mean_t + noise_t) + (1 - beta) a_{t-1}} (with {@code a_{-1}} the last executed action),
 * clips them to the bounds, and sets the mean to the average of the samples weighted by
 * {@code exp(gamma (value - max value))}. Returns the mean.
 *
 * <p>State between calls: the first action of the last plan (the smoothing's {@code a_{-1}}); {@link #reset()}
 * sets it to the middle of the bounds.
 */
public final class Mppi implements TrajectoryOptimizer {

    private final MppiConfig config;
    private final ActionBounds bounds;
    private final int horizon;
    private final SplitMix64 rng;
    private final double[] pastAction;

    /**
     * @param config the settings
     * @param bounds the action bounds
     * @param horizon the horizon, {@code >= 1}
     * @param streams randomness ({@code child("mppi")})
     */
    public Mppi(MppiConfig config, ActionBounds bounds, int horizon, RandomStreams streams) {
        this.config = Populations.requireNonNull(config, "config");
        this.bounds = Populations.requireNonNull(bounds, "bounds");
        Populations.requireHorizon(horizon);
        this.horizon = horizon;
        this.rng = Populations.requireNonNull(streams, "streams").child("mppi").generator();
        this.pastAction = new double[bounds.dim()];
        reset();
    }

    @Override
    public int horizon() {
        return horizon;
    }

    @Override
    public ActionBounds bounds() {
        return bounds;
    }

    @Override
    public void reset() {
        for (int j = 0; j < pastAction.length; j++) {
            pastAction[j] = bounds.mid(j);
        }
    }

    @Override
    public INDArray optimize(ActionObjective objective, INDArray initialSolution) {
        Populations.requireNonNull(objective, "objective");
        int a = bounds.dim();
        int n = horizon * a;
        double[] mean = Populations.initialSolution(initialSolution, horizon, bounds);
        int p = config.populationSize();
        float[] pop = new float[p * n];
        double b = config.beta();
        for (int it = 0; it < config.iterations(); it++) {
            for (int k = 0; k < p; k++) {
                int off = k * n;
                for (int t = 0; t < horizon; t++) {
                    for (int j = 0; j < a; j++) {
                        int i = t * a + j;
                        double prev = t == 0 ? pastAction[j] : pop[off + i - a];
                        double v = b * (mean[i] + config.sigma() * rng.nextGaussian()) + (1 - b) * prev;
                        pop[off + i] = (float) bounds.clip(j, v);
                    }
                }
            }
            double[] values = Populations.evaluate(objective, pop, p, horizon, a);
            double max = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                max = Math.max(max, v);
            }
            if (max == Double.NEGATIVE_INFINITY) {
                continue; // every sequence diverged: keep the mean
            }
            double[] sum = new double[n];
            double norm = 0;
            for (int k = 0; k < p; k++) {
                double w = Math.exp(config.gamma() * (values[k] - max));
                if (w == 0) {
                    continue;
                }
                norm += w;
                for (int i = 0; i < n; i++) {
                    sum[i] += w * pop[k * n + i];
                }
            }
            for (int i = 0; i < n; i++) {
                mean[i] = sum[i] / norm;
            }
        }
        for (int j = 0; j < a; j++) {
            pastAction[j] = bounds.clip(j, mean[j]);
        }
        for (int i = 0; i < n; i++) {
            mean[i] = bounds.clip(i % a, mean[i]);
        }
        return Populations.solution(mean, horizon, a);
    }

    @Override
    public long[] randomState() {
        return new long[] {rng.state()};
    }

    @Override
    public void restoreRandomState(long[] state) {
        RandomState.restoreSingle("Mppi", state, rng);
    }
}
