package org.mbrl4j.planners;

import java.util.Arrays;
import org.mbrl4j.core.random.RandomState;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.random.SplitMix64;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The cross-entropy method over categorical distributions, for {@code Discrete} action spaces (Rubinstein
 * and Kroese 2004): one distribution over the n actions per time step; each generation samples action
 * indices, and the probabilities move to the elites' action frequencies with momentum {@code alpha}.
 * Sequences are {@code [H, 1]} arrays holding indices as floats; the result holds, per step, the most
 * probable action.
 *
 * <p>Warm start: at a step whose initial value is an index, that index gets the probability mass
 * {@code warmStartWeight} on top of a uniform share of the rest; at a step whose initial value lies between two
 * indices (such as {@link MpcAgent}'s fill for steps it has no plan for, the middle {@code (n - 1) / 2} of
 * the bounds when {@code n} is even) the distribution starts uniform.
 */
public final class DiscreteCem implements TrajectoryOptimizer {

    private final DiscreteCemConfig config;
    private final ActionBounds bounds;
    private final int horizon;
    private final SplitMix64 rng;

    /**
     * @param config the settings
     * @param horizon the horizon, {@code >= 1}
     * @param streams randomness ({@code child("discrete-cem")})
     */
    public DiscreteCem(DiscreteCemConfig config, int horizon, RandomStreams streams) {
        this.config = Populations.requireNonNull(config, "config");
        Populations.requireHorizon(horizon);
        this.horizon = horizon;
        this.bounds = ActionBounds.uniform(1, 0, config.numActions() - 1);
        this.rng = Populations.requireNonNull(streams, "streams").child("discrete-cem").generator();
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
        double[] x0 = Populations.initialSolution(initialSolution, horizon, bounds);
        int m = config.numActions();
        double[][] probs = new double[horizon][m];
        for (int t = 0; t < horizon; t++) {
            if (x0[t] != Math.rint(x0[t])) {
                // No index to favour (MpcAgent fills unplanned steps with the middle of the bounds, which
                // for an even n lies between two actions): this step starts uniform.
                Arrays.fill(probs[t], 1.0 / m);
                continue;
            }
            Arrays.fill(probs[t], (1 - config.warmStartWeight()) / m);
            probs[t][(int) x0[t]] += config.warmStartWeight();
        }
        int p = config.populationSize();
        float[] pop = new float[p * horizon];
        for (int it = 0; it < config.iterations(); it++) {
            for (int k = 0; k < p; k++) {
                for (int t = 0; t < horizon; t++) {
                    pop[k * horizon + t] = Populations.sampleIndex(probs[t], rng);
                }
            }
            double[] values = Populations.evaluate(objective, pop, p, horizon, 1);
            int[] elites = Populations.topK(values, config.eliteCount());
            double al = config.alpha();
            for (int t = 0; t < horizon; t++) {
                double[] freq = new double[m];
                for (int e : elites) {
                    freq[(int) pop[e * horizon + t]] += 1.0 / elites.length;
                }
                for (int c = 0; c < m; c++) {
                    probs[t][c] = al * probs[t][c] + (1 - al) * freq[c];
                }
            }
        }
        double[] out = new double[horizon];
        for (int t = 0; t < horizon; t++) {
            int best = 0;
            for (int c = 1; c < m; c++) {
                if (probs[t][c] > probs[t][best]) {
                    best = c;
                }
            }
            out[t] = best;
        }
        return Populations.solution(out, horizon, 1);
    }

    @Override
    public long[] randomState() {
        return new long[] {rng.state()};
    }

    @Override
    public void restoreRandomState(long[] state) {
        RandomState.restoreSingle("DiscreteCem", state, rng);
    }
}
