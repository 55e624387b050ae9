package org.mbrl4j.planners;

import org.mbrl4j.core.random.RandomStreams;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * CEM followed by gradient refinement (Bharadhwaj et al. 2020, "Model-predictive control via cross-entropy
 * and gradient-based optimization"): {@link Cem} finds a good basin, {@link GradientMpc} started from its
 * mean (plus random restarts) climbs to the local optimum. The result is the best sequence the gradient
 * stage saw, which includes CEM's own solution.
 */
public final class HybridCemGradient implements TrajectoryOptimizer {

    private final Cem cem;
    private final GradientMpc gradient;

    /**
     * @param config the two stages
     * @param bounds the action bounds
     * @param horizon the horizon
     * @param streams randomness ({@code child("hybrid")})
     */
    public HybridCemGradient(HybridConfig config, ActionBounds bounds, int horizon, RandomStreams streams) {
        Populations.requireNonNull(config, "config");
        RandomStreams s = Populations.requireNonNull(streams, "streams").child("hybrid");
        this.cem = new Cem(config.cem(), bounds, horizon, s);
        this.gradient = new GradientMpc(config.gradient(), bounds, horizon, s);
    }

    @Override
    public int horizon() {
        return cem.horizon();
    }

    @Override
    public ActionBounds bounds() {
        return cem.bounds();
    }

    /**
     * @throws IllegalArgumentException also if {@code objective} is not a {@link DifferentiableObjective}
     */
    @Override
    public INDArray optimize(ActionObjective objective, INDArray initialSolution) {
        if (!(objective instanceof DifferentiableObjective)) {
            throw new IllegalArgumentException("objective must be a DifferentiableObjective for the hybrid: "
                    + (objective == null ? "null" : objective.getClass().getName()));
        }
        INDArray start = cem.optimize(objective, initialSolution);
        return gradient.optimize(objective, start);
    }

    /** @return the CEM's generator position, then the gradient stage's */
    @Override
    public long[] randomState() {
        return new long[] {cem.randomState()[0], gradient.randomState()[0]};
    }

    @Override
    public void restoreRandomState(long[] state) {
        if (state == null || state.length != 2) {
            throw new IllegalArgumentException("HybridCemGradient: random state must hold 2 values: "
                    + (state == null ? "null" : state.length + " values"));
        }
        cem.restoreRandomState(new long[] {state[0]});
        gradient.restoreRandomState(new long[] {state[1]});
    }
}
