package org.mbrl4j.planners;

import org.mbrl4j.core.random.RandomState;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.random.SplitMix64;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Random shooting (Nagabandi et al. 2018): draws sequences uniformly within the bounds, scores them together
 * with the initial solution, and returns the best one.
 */
public final class RandomShooting implements TrajectoryOptimizer {

    private final RandomShootingConfig config;
    private final ActionBounds bounds;
    private final int horizon;
    private final SplitMix64 rng;

    /**
     * @param config the settings
     * @param bounds the action bounds
     * @param horizon the horizon, {@code >= 1}
     * @param streams randomness ({@code child("random-shooting")})
     */
    public RandomShooting(RandomShootingConfig config, ActionBounds bounds, int horizon, RandomStreams streams) {
        this.config = Populations.requireNonNull(config, "config");
        this.bounds = Populations.requireNonNull(bounds, "bounds");
        Populations.requireHorizon(horizon);
        this.horizon = horizon;
        this.rng = Populations.requireNonNull(streams, "streams").child("random-shooting").generator();
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
    public INDArray optimize(ActionObjective objective, INDArray initialSolution) {
        Populations.requireNonNull(objective, "objective");
        int a = bounds.dim();
        int n = horizon * a;
        double[] x0 = Populations.initialSolution(initialSolution, horizon, bounds);
        int p = config.populationSize() + 1;
        float[] pop = new float[p * n];
        for (int i = 0; i < n; i++) {
            pop[i] = (float) x0[i];
        }
        for (int k = 1; k < p; k++) {
            for (int i = 0; i < n; i++) {
                int j = i % a;
                pop[k * n + i] = (float) (bounds.low(j) + rng.nextDouble() * (bounds.high(j) - bounds.low(j)));
            }
        }
        double[] values = Populations.evaluate(objective, pop, p, horizon, a);
        int best = Populations.topK(values, 1)[0];
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = pop[best * n + i];
        }
        return Populations.solution(out, horizon, a);
    }

    @Override
    public long[] randomState() {
        return new long[] {rng.state()};
    }

    @Override
    public void restoreRandomState(long[] state) {
        RandomState.restoreSingle("RandomShooting", state, rng);
    }
}
