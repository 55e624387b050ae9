package org.mbrl4j.models.dynamics;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model's open-loop prediction of a recorded episode, the diagnostic of mbrl-lib's
 * {@code mbrl/diagnostics/visualize_model_preds.py}: starting from the episode's first observation, the
 * recorded actions are fed to the model and its own predictions are fed back, never the real states.
 * {@code particles} particles are propagated as TS1 plans (each particle, at every step, through an elite
 * member drawn uniformly, then a draw from that member's Gaussian); the particles' mean and standard
 * deviation per step and observation dimension are the prediction and its uncertainty band, to compare with
 * the real observations. A model whose band is far wider than its errors plans blind (every sampled rollout
 * leaves the task's bounds at once); one whose real values fall far outside the band is overconfident.
 *
 * <p>Row {@code t} of every array is time step {@code t}: row 0 is the first observation (std 0), row
 * {@code t >= 1} the observation after {@code t} actions. If a particle stops being finite, the prediction
 * ends at the last step where all were finite ({@link #steps()} is then shorter than the actions).
 *
 * @param real the recorded observations, {@code [steps + 1][obsDim]}
 * @param mean the particles' mean, {@code [steps + 1][obsDim]}
 * @param std the particles' standard deviation (population), {@code [steps + 1][obsDim]}
 * @param particles the number of particles
 */
public record OpenLoopPrediction(double[][] real, double[][] mean, double[][] std, int particles) {

    /** Checks that the three arrays have the same shape. */
    public OpenLoopPrediction {
        if (real == null || mean == null || std == null || real.length < 1 || mean.length != real.length
                || std.length != real.length) {
            throw new IllegalArgumentException("real, mean and std must have the same number of rows >= 1: "
                    + (real == null ? "null" : real.length) + ", " + (mean == null ? "null" : mean.length) + ", "
                    + (std == null ? "null" : std.length));
        }
        if (particles < 1) {
            throw new IllegalArgumentException("particles must be >= 1: " + particles);
        }
    }

    /** @return the number of predicted steps (rows minus the first observation) */
    public int steps() {
        return real.length - 1;
    }

    /** @return the observation size */
    public int observationSize() {
        return real[0].length;
    }

    /**
     * Rolls {@code model} open-loop through a recorded episode.
     *
     * @param model the model (its elites are the members drawn from)
     * @param firstObservation the episode's first observation, {@code [obsDim]} (or {@code [1, obsDim]})
     * @param actions the recorded actions, {@code [H, actDim]}, {@code H >= 1}
     * @param nextObservations the recorded observation after each action, {@code [H, obsDim]}
     * @param particles particles to propagate, {@code >= 1}
     * @param rng the generator of member draws and Gaussian noise
     * @return the prediction of {@code H} steps (fewer if a particle diverged)
     * @throws IllegalArgumentException on a null argument, wrong shapes, non-finite inputs or
     *     {@code particles < 1}
     */
    public static OpenLoopPrediction of(DynamicsModel model, INDArray firstObservation, INDArray actions,
            INDArray nextObservations, int particles, RandomGenerator rng) {
        if (model == null || rng == null) {
            throw new IllegalArgumentException("model and rng must not be null");
        }
        if (particles < 1) {
            throw new IllegalArgumentException("particles must be >= 1: " + particles);
        }
        int o = model.observationSize();
        int a = model.actionSize();
        if (firstObservation == null || !(firstObservation.rank() == 1 || firstObservation.rank() == 2
                && firstObservation.size(0) == 1)) {
            throw new IllegalArgumentException("firstObservation must be [" + o + "] or [1, " + o + "]: got "
                    + (firstObservation == null ? "null" : Arrays.toString(firstObservation.shape())));
        }
        float[] first = Inputs.floats("firstObservation", firstObservation.reshape(1, firstObservation.length()),
                new long[] {1, o});
        if (actions == null || actions.rank() != 2) {
            throw new IllegalArgumentException("actions must be [H, " + a + "]: got "
                    + (actions == null ? "null" : Arrays.toString(actions.shape())));
        }
        int h = (int) actions.size(0);
        float[] act = Inputs.floats("actions", actions, new long[] {h, a});
        float[] next = Inputs.floats("nextObservations", nextObservations, new long[] {h, o});
        if (h < 1) {
            throw new IllegalArgumentException("actions must hold at least one step: " + h);
        }
        int[] elites = model.elites();
        int n = particles;
        float[] state = new float[n * o];
        for (int r = 0; r < n; r++) {
            System.arraycopy(first, 0, state, r * o, o);
        }
        double[][] real = new double[h + 1][o];
        double[][] mean = new double[h + 1][o];
        double[][] std = new double[h + 1][o];
        for (int j = 0; j < o; j++) {
            real[0][j] = first[j];
            mean[0][j] = first[j];
        }
        int d = model.outputSize();
        float[] rowActs = new float[n * a];
        int[] members = new int[n];
        double[] rows = new double[n * o];
        int done = 0;
        for (int t = 0; t < h; t++) {
            for (int r = 0; r < n; r++) {
                System.arraycopy(act, t * a, rowActs, r * a, a);
                members[r] = elites[rng.nextInt(elites.length)];
            }
            Prediction p = model.predictRows(HostArrays.array(state, n, o), HostArrays.array(rowActs, n, a),
                    members);
            float[] mu = HostArrays.toFloats(p.mean());
            float[] var = p.probabilistic() ? HostArrays.toFloats(p.variance()) : null;
            float[] sampled = new float[n * o];
            boolean finite = true;
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < o; j++) {
                    double v = mu[r * d + j];
                    if (var != null) {
                        v += Math.sqrt(var[r * d + j]) * rng.nextGaussian();
                    }
                    sampled[r * o + j] = (float) v;
                    finite &= Float.isFinite(sampled[r * o + j]);
                }
            }
            if (!finite) {
                break;
            }
            state = sampled;
            done = t + 1;
            for (int i = 0; i < rows.length; i++) {
                rows[i] = state[i];
            }
            moments(rows, n, o, mean[t + 1], std[t + 1]);
            for (int j = 0; j < o; j++) {
                real[t + 1][j] = next[t * o + j];
            }
        }
        return new OpenLoopPrediction(Arrays.copyOf(real, done + 1), Arrays.copyOf(mean, done + 1),
                Arrays.copyOf(std, done + 1), particles);
    }

    /**
     * The prediction made of sampled trajectories (a world model's latent samples decoded, say): the samples'
     * mean and population standard deviation per step and dimension.
     *
     * @param real    the recorded observations, {@code [T][obsDim]}, {@code T >= 1}
     * @param samples the predicted trajectories, {@code [n][T][obsDim]}, {@code n >= 1}, finite
     * @return the prediction, {@code particles = n}
     * @throws IllegalArgumentException if the shapes disagree or a sample is not finite
     */
    public static OpenLoopPrediction ofSamples(double[][] real, double[][][] samples) {
        if (real == null || real.length < 1 || samples == null || samples.length < 1) {
            throw new IllegalArgumentException("real and samples must hold at least one row and one sample");
        }
        int t = real.length;
        int o = real[0].length;
        int n = samples.length;
        double[][] mean = new double[t][o];
        double[][] std = new double[t][o];
        double[] rows = new double[n * o];
        for (int s = 0; s < t; s++) {
            if (real[s].length != o) {
                throw new IllegalArgumentException("real must be [" + t + "][" + o + "]: row " + s + " has "
                        + real[s].length + " values");
            }
            for (int k = 0; k < n; k++) {
                if (samples[k].length != t || samples[k][s].length != o) {
                    throw new IllegalArgumentException("samples must be [" + n + "][" + t + "][" + o
                            + "] beside real [" + t + "][" + o + "]: sample " + k + " has " + samples[k].length
                            + " rows, row " + s + " of it " + (samples[k].length > s ? samples[k][s].length : 0)
                            + " values");
                }
                for (int j = 0; j < o; j++) {
                    double v = samples[k][s][j];
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("samples[" + k + "][" + s + "][" + j + "] is " + v);
                    }
                    rows[k * o + j] = v;
                }
            }
            moments(rows, n, o, mean[s], std[s]);
        }
        double[][] realCopy = new double[t][];
        for (int s = 0; s < t; s++) {
            realCopy[s] = real[s].clone();
        }
        return new OpenLoopPrediction(realCopy, mean, std, n);
    }

    /** Mean and population standard deviation per column of {@code n} rows of {@code o} values. */
    private static void moments(double[] rows, int n, int o, double[] mean, double[] std) {
        for (int j = 0; j < o; j++) {
            double s = 0;
            for (int r = 0; r < n; r++) {
                s += rows[r * o + j];
            }
            double m = s / n;
            double ss = 0;
            for (int r = 0; r < n; r++) {
                double c = rows[r * o + j] - m;
                ss += c * c;
            }
            mean[j] = m;
            std[j] = Math.sqrt(ss / n);
        }
    }

    /**
     * The share of predicted values (steps 1 to {@link #steps()}, all dimensions) whose real value lies
     * within {@code k} standard deviations of the particles' mean: about 0.95 for {@code k = 2} from a
     * calibrated Gaussian model, near 1 from one whose band is far too wide, and low from an overconfident one.
     *
     * @param k the half-width of the band in standard deviations, {@code > 0}
     * @return the share in {@code [0, 1]}; NaN if no step was predicted
     * @throws IllegalArgumentException if {@code k <= 0}
     */
    public double coverage(double k) {
        if (!(k > 0)) {
            throw new IllegalArgumentException("k must be > 0: " + k);
        }
        int inside = 0;
        int total = 0;
        for (int t = 1; t < real.length; t++) {
            for (int j = 0; j < real[t].length; j++) {
                total++;
                if (Math.abs(real[t][j] - mean[t][j]) <= k * std[t][j]) {
                    inside++;
                }
            }
        }
        return total == 0 ? Double.NaN : (double) inside / total;
    }

    /**
     * The mean over steps 1 to {@code steps} of the band's standard deviation divided by the absolute error
     * of the mean, per dimension: far above 1, the band is much wider than the model's errors; far below,
     * the model is overconfident.
     *
     * @param steps how many steps to average over, in {@code [1, steps()]}
     * @return one ratio per observation dimension {@code [obsDim]} (a geometric mean, so a few near-zero errors
     *     do not dominate; errors below 1e-12 count as 1e-12)
     * @throws IllegalArgumentException if {@code steps} is out of range
     */
    public double[] bandToErrorRatio(int steps) {
        if (steps < 1 || steps > steps()) {
            throw new IllegalArgumentException("steps must be in [1, " + steps() + "]: " + steps);
        }
        int o = observationSize();
        double[] ratio = new double[o];
        for (int j = 0; j < o; j++) {
            double logSum = 0;
            for (int t = 1; t <= steps; t++) {
                double err = Math.max(Math.abs(real[t][j] - mean[t][j]), 1e-12);
                logSum += Math.log(Math.max(std[t][j], 1e-12) / err);
            }
            ratio[j] = Math.exp(logSum / steps);
        }
        return ratio;
    }
}
