package org.mbrl4j.planners;

import org.mbrl4j.core.random.RandomState;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.random.SplitMix64;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The improved cross-entropy method of Pinneri et al. (2020), "Sample-efficient cross-entropy method for
 * real-time planning" (CoRL), following mbrl-lib's {@code ICEMOptimizer}:
 *
 * <ul>
 *   <li>samples are {@code clip(mu + sqrt(var) * noise)} with temporally correlated {@link ColoredNoise}
 *       (exponent {@code noiseBeta}) along the horizon;
 *   <li>the population shrinks geometrically: {@code max(ceil(P / decay^i), 2 K)} in generation {@code i};
 *   <li>a random {@code keepEliteFraction} of the previous generation's elites joins the next generation;
 *       at the first generation of a call they come from the previous call, shifted by the executed steps
 *       with fresh normal draws at the end; the last generation gets the mean instead;
 *   <li>mean and variance move to the elites' with momentum {@code alpha}; {@code mu} is returned.
 * </ul>
 *
 * <p>State between calls: the last elites; {@link #reset()} drops them.
 */
public final class ICem implements TrajectoryOptimizer {

    private final ICemConfig config;
    private final ActionBounds bounds;
    private final int horizon;
    private final SplitMix64 rng;
    private final ColoredNoise noise;
    private float[] elites;
    private int eliteRows;
    private int pendingShift;

    /**
     * @param config the settings
     * @param bounds the action bounds
     * @param horizon the horizon, {@code >= 1}
     * @param streams randomness ({@code child("icem")})
     */
    public ICem(ICemConfig config, ActionBounds bounds, int horizon, RandomStreams streams) {
        this.config = Populations.requireNonNull(config, "config");
        this.bounds = Populations.requireNonNull(bounds, "bounds");
        Populations.requireHorizon(horizon);
        this.horizon = horizon;
        this.rng = Populations.requireNonNull(streams, "streams").child("icem").generator();
        this.noise = new ColoredNoise(horizon, config.noiseBeta());
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
    public void advance(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1: " + steps);
        }
        pendingShift += steps;
    }

    @Override
    public void reset() {
        elites = null;
        eliteRows = 0;
        pendingShift = 0;
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
        int k = config.eliteCount();
        int keep = (int) Math.ceil(config.keepEliteFraction() * k - 1e-9);
        double[] eMean = new double[n];
        double[] eVar = new double[n];
        for (int it = 0; it < config.iterations(); it++) {
            int sampled = (int) Math.ceil(Math.max(config.populationSize() * Math.pow(config.populationDecay(), -it),
                    2.0 * k) - 1e-9);
            boolean last = it == config.iterations() - 1;
            int extra = 0;
            if (elites != null) {
                extra = (last && it > 0) ? 1 : Math.min(keep, eliteRows);
            }
            int p = sampled + extra;
            float[] pop = new float[p * n];
            for (int r = 0; r < sampled; r++) {
                for (int j = 0; j < a; j++) {
                    noise.sample(rng, pop, r * n + j, a);
                }
                for (int i = 0; i < n; i++) {
                    int idx = r * n + i;
                    pop[idx] = (float) bounds.clip(i % a, mu[i] + Math.sqrt(var[i]) * pop[idx]);
                }
            }
            if (extra > 0) {
                if (last && it > 0) {
                    for (int i = 0; i < n; i++) {
                        pop[sampled * n + i] = (float) mu[i];
                    }
                } else {
                    int[] chosen = choose(eliteRows, extra);
                    int shift = it == 0 ? Math.min(pendingShift, horizon) : 0;
                    for (int e = 0; e < extra; e++) {
                        int dst = (sampled + e) * n;
                        int src = chosen[e] * n;
                        int kept = (horizon - shift) * a;
                        System.arraycopy(elites, src + shift * a, pop, dst, kept);
                        for (int i = kept; i < n; i++) {
                            int j = i % a;
                            pop[dst + i] = (float) bounds.clip(j, mu[n - a + j] + Math.sqrt(var[n - a + j])
                                    * rng.nextGaussian());
                        }
                    }
                }
            }
            double[] values = Populations.evaluate(objective, pop, p, horizon, a);
            int[] idx = Populations.topK(values, Math.min(k, p));
            Populations.eliteMoments(pop, idx, n, eMean, eVar);
            elites = new float[idx.length * n];
            for (int e = 0; e < idx.length; e++) {
                System.arraycopy(pop, idx[e] * n, elites, e * n, n);
            }
            eliteRows = idx.length;
            double al = config.alpha();
            for (int i = 0; i < n; i++) {
                mu[i] = al * mu[i] + (1 - al) * eMean[i];
                var[i] = al * var[i] + (1 - al) * eVar[i];
            }
        }
        pendingShift = 0;
        for (int i = 0; i < n; i++) {
            mu[i] = bounds.clip(i % a, mu[i]);
        }
        return Populations.solution(mu, horizon, a);
    }

    /** {@code count} distinct indices out of {@code [0, n)}, uniformly (a partial Fisher-Yates shuffle). */
    private int[] choose(int n, int count) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = 0; i < count; i++) {
            int j = i + rng.nextInt(n - i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        int[] out = new int[count];
        System.arraycopy(p, 0, out, 0, count);
        return out;
    }

    @Override
    public long[] randomState() {
        return new long[] {rng.state()};
    }

    @Override
    public void restoreRandomState(long[] state) {
        RandomState.restoreSingle("ICem", state, rng);
    }
}
