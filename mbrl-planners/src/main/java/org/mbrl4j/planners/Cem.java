package org.mbrl4j.planners;

import org.mbrl4j.core.random.RandomState;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.random.SplitMix64;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The cross-entropy method as PETS uses it (Chua et al. 2018, "Deep reinforcement learning in a handful of
 * trials using probabilistic dynamics models"; Rubinstein 1999), the variant {@code CEM_PETS} of Pinneri
 * et al. (2020) and mbrl-lib's {@code CEMOptimizer}:
 *
 * <ol>
 *   <li>mean {@code mu = x0}, variance {@code ((high - low)^2) / 16} per coordinate;
 *   <li>each generation draws {@code mu + sqrt(v) * z} with {@code z} a standard normal truncated to
 *       {@code [-2, 2]} and {@code v = min(var, ((mu - low) / 2)^2, ((high - mu) / 2)^2)}, so that every
 *       sample lies within the bounds;
 *   <li>the {@code ceil(P * eliteRatio)} best sequences are the elites; {@code mu} and {@code var} move to
 *       their mean and (biased) variance with momentum {@code alpha};
 *   <li>stop after {@code iterations} generations or when every variance is below {@code epsilon}.
 * </ol>
 *
 * <p>Returns {@code mu} (the momentum-smoothed mean of the elites), not the best sample.
 */
public final class Cem implements TrajectoryOptimizer {

    private final CemConfig config;
    private final ActionBounds bounds;
    private final int horizon;
    private final SplitMix64 rng;
    private int lastIterations;

    /**
     * @param config the settings
     * @param bounds the action bounds
     * @param horizon the horizon, {@code >= 1}
     * @param streams randomness ({@code child("cem")})
     */
    public Cem(CemConfig config, ActionBounds bounds, int horizon, RandomStreams streams) {
        this.config = Populations.requireNonNull(config, "config");
        this.bounds = Populations.requireNonNull(bounds, "bounds");
        Populations.requireHorizon(horizon);
        this.horizon = horizon;
        this.rng = Populations.requireNonNull(streams, "streams").child("cem").generator();
    }

    @Override
    public int horizon() {
        return horizon;
    }

    @Override
    public ActionBounds bounds() {
        return bounds;
    }

    /** @return the settings */
    public CemConfig config() {
        return config;
    }

    /** @return the number of generations the last {@link #optimize} ran (fewer than configured after an early stop) */
    public int lastIterations() {
        return lastIterations;
    }

    @Override
    public INDArray optimize(ActionObjective objective, INDArray initialSolution) {
        Populations.requireNonNull(objective, "objective");
        int a = bounds.dim();
        int n = horizon * a;
        double[] mu = Populations.initialSolution(initialSolution, horizon, bounds);
        double[] var = new double[n];
        for (int i = 0; i < n; i++) {
            int j = i % a;
            double w = bounds.high(j) - bounds.low(j);
            var[i] = w * w / 16;
        }
        int p = config.populationSize();
        float[] pop = new float[p * n];
        double[] std = new double[n];
        double[] eMean = new double[n];
        double[] eVar = new double[n];
        lastIterations = 0;
        for (int it = 0; it < config.iterations(); it++) {
            double maxVar = 0;
            for (int i = 0; i < n; i++) {
                maxVar = Math.max(maxVar, var[i]);
            }
            if (maxVar < config.epsilon()) {
                break;
            }
            for (int i = 0; i < n; i++) {
                int j = i % a;
                double lb = (mu[i] - bounds.low(j)) / 2;
                double ub = (bounds.high(j) - mu[i]) / 2;
                std[i] = Math.sqrt(Math.min(var[i], Math.min(lb * lb, ub * ub)));
            }
            for (int k = 0; k < p; k++) {
                int off = k * n;
                for (int i = 0; i < n; i++) {
                    pop[off + i] = (float) bounds.clip(i % a, mu[i] + std[i] * Populations.truncatedNormal(rng));
                }
            }
            double[] values = Populations.evaluate(objective, pop, p, horizon, a);
            int[] elites = Populations.topK(values, config.eliteCount());
            Populations.eliteMoments(pop, elites, n, eMean, eVar);
            double al = config.alpha();
            for (int i = 0; i < n; i++) {
                mu[i] = al * mu[i] + (1 - al) * eMean[i];
                var[i] = al * var[i] + (1 - al) * eVar[i];
            }
            lastIterations++;
        }
        for (int i = 0; i < n; i++) {
            mu[i] = bounds.clip(i % a, mu[i]);
        }
        return Populations.solution(mu, horizon, a);
    }

    @Override
    public long[] randomState() {
        return new long[] {rng.state()};
    }

    @Override
    public void restoreRandomState(long[] state) {
        RandomState.restoreSingle("Cem", state, rng);
    }
}
