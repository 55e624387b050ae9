package org.mbrl4j.planners;

import java.util.Arrays;
import org.mbrl4j.core.RewardFunction;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.models.dynamics.EnsembleDynamics;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The return of action sequences under {@link Propagation#EXPECTATION} and its gradient with respect to the
 * actions, by back-propagation through time through the ensemble's hand-written backward pass
 * ({@code EnsembleDynamics.network().backward}, which returns input gradients). The next state is the mean of
 * the elite members' mean predictions (only the elites are computed: {@code Sequential.forwardMembers}); the gradient of the task's {@link RewardFunction}, a black box, is
 * taken by central finite differences on its batched form; terminations are constants of the gradient.
 * Package-private: made by {@link ModelEnv#objective}.
 */
final class ModelGradients implements DifferentiableObjective {

    private static final float FD_STEP = 1e-2f;

    private final EnsembleDynamics model;
    private final RewardFunction reward;
    private final TerminationFunction termination;
    private final float[] start;

    ModelGradients(EnsembleDynamics model, RewardFunction reward, TerminationFunction termination, INDArray start) {
        this.model = model;
        this.reward = reward;
        this.termination = termination;
        this.start = start.dup('c').data().asFloat();
    }

    @Override
    public INDArray evaluate(INDArray population) {
        return run(population, false).values();
    }

    @Override
    public ValueAndGradient valueAndGradient(INDArray population) {
        return run(population, true);
    }

    private ValueAndGradient run(INDArray population, boolean withGradient) {
        int o = model.observationSize();
        int a = model.actionSize();
        if (population == null || population.rank() != 3 || population.size(2) != a) {
            throw new IllegalArgumentException("population must be [P, H, " + a + "]: got "
                    + (population == null ? "null" : Arrays.toString(population.shape())));
        }
        int n = (int) population.size(0);
        int h = (int) population.size(1);
        int in = o + a;
        int d = model.outputSize();
        int[] elites = model.elites();
        int k = elites.length;
        double[] nm = model.normalizer().mean();
        double[] ns = model.normalizer().std();
        boolean[] delta = new boolean[o];
        Arrays.fill(delta, true);
        for (int j : model.settings().nonDeltaDims()) {
            delta[j] = false;
        }
        float[] acts = population.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[][] states = new float[h + 1][n * o];
        float[][] actions = new float[h][n * a];
        float[][] masks = new float[h][n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(start, 0, states[0], r * o, o);
        }
        boolean[] terminated = new boolean[n];
        boolean[] invalid = new boolean[n];
        double[] total = new double[n];
        int heads = -1;
        for (int t = 0; t < h; t++) {
            for (int r = 0; r < n; r++) {
                System.arraycopy(acts, (r * h + t) * a, actions[t], r * a, a);
                masks[t][r] = terminated[r] ? 0f : 1f;
            }
            INDArray out = model.network().forwardMembers(inputs(states[t], actions[t], n, nm, ns, k), elites);
            heads = (int) (out.size(2) / d);
            float[] y = out.dup('c').data().asFloat();
            float[] next = states[t + 1];
            float[] rew = new float[n];
            for (int m = 0; m < k; m++) {
                for (int r = 0; r < n; r++) {
                    int base = (m * n + r) * heads * d;
                    for (int j = 0; j < o; j++) {
                        next[r * o + j] += y[base + j] / k;
                    }
                    if (reward == null) {
                        rew[r] += y[base + o] / k;
                    }
                }
            }
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < o; j++) {
                    if (delta[j]) {
                        next[r * o + j] += states[t][r * o + j];
                    }
                }
            }
            INDArray sArr = arr(states[t], n, o);
            INDArray aArr = arr(actions[t], n, a);
            INDArray nArr = arr(next, n, o);
            if (reward != null) {
                rew = reward.reward(sArr, aArr, nArr).castTo(DataType.FLOAT).dup('c').data().asFloat();
            }
            float[] done = termination.done(sArr, aArr, nArr).castTo(DataType.FLOAT).dup('c').data().asFloat();
            for (int r = 0; r < n; r++) {
                boolean finite = Float.isFinite(rew[r]);
                for (int j = 0; j < o && finite; j++) {
                    finite = Float.isFinite(next[r * o + j]);
                }
                if (!finite) {
                    invalid[r] = true;
                    System.arraycopy(states[t], r * o, next, r * o, o);
                    masks[t][r] = 0;
                }
                total[r] += masks[t][r] * rew[r];
                terminated[r] |= done[r] != 0;
            }
        }
        float[] values = new float[n];
        for (int r = 0; r < n; r++) {
            values[r] = invalid[r] ? Float.NaN : (float) total[r];
        }
        INDArray v = HostArrays.array(values, n);
        if (!withGradient) {
            return new ValueAndGradient(v, null);
        }
        float[] grad = new float[n * h * a];
        float[] gNext = new float[n * o];
        for (int t = h - 1; t >= 0; t--) {
            float[] gS = new float[n * o];
            float[] gA = new float[n * a];
            float[] gOut = new float[k * n * heads * d];
            if (reward != null) {
                rewardGradients(states[t], actions[t], states[t + 1], masks[t], n, o, a, gS, gA, gNext);
            }
            for (int m = 0; m < k; m++) {
                for (int r = 0; r < n; r++) {
                    int base = (m * n + r) * heads * d;
                    for (int j = 0; j < o; j++) {
                        gOut[base + j] = gNext[r * o + j] / k;
                    }
                    if (reward == null) {
                        gOut[base + o] = masks[t][r] / k;
                    }
                }
            }
            model.network().forwardMembers(inputs(states[t], actions[t], n, nm, ns, k), elites);
            float[] gx = HostArrays.toFloats(model.network().backwardInput(HostArrays.array(gOut, k, n, heads * d)));
            for (int m = 0; m < k; m++) {
                for (int r = 0; r < n; r++) {
                    for (int j = 0; j < in; j++) {
                        float g = (float) (gx[(m * n + r) * in + j] / ns[j]);
                        if (j < o) {
                            gS[r * o + j] += g;
                        } else {
                            gA[r * a + j - o] += g;
                        }
                    }
                }
            }
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < o; j++) {
                    if (delta[j]) {
                        gS[r * o + j] += gNext[r * o + j];
                    }
                }
                System.arraycopy(gA, r * a, grad, (r * h + t) * a, a);
            }
            gNext = gS;
        }
        return new ValueAndGradient(v, HostArrays.array(grad, n, h, a));
    }

    /**
     * Adds {@code mask * d reward / d (s, a, s')} by central differences to {@code gS}, {@code gA},
     * {@code gNext}. All {@code 2 (o + a + o)} perturbed copies of the batch go to the reward function as
     * one batch of {@code 2 (2o + a) n} rows: one call instead of one per perturbation.
     */
    private void rewardGradients(float[] s, float[] act, float[] next, float[] mask, int n, int o, int a,
            float[] gS, float[] gA, float[] gNext) {
        float[][] args = {s, act, next};
        float[][] targets = {gS, gA, gNext};
        int[] widths = {o, a, o};
        int copies = 2 * (o + a + o);
        float[][] big = {new float[copies * n * o], new float[copies * n * a], new float[copies * n * o]};
        int copy = 0;
        for (int which = 0; which < 3; which++) {
            for (int j = 0; j < widths[which]; j++) {
                for (int sign = 0; sign < 2; sign++, copy++) {
                    for (int arg = 0; arg < 3; arg++) {
                        System.arraycopy(args[arg], 0, big[arg], copy * n * widths[arg], n * widths[arg]);
                    }
                    int w = widths[which];
                    for (int r = 0; r < n; r++) {
                        big[which][(copy * n + r) * w + j] += sign == 0 ? FD_STEP : -FD_STEP;
                    }
                }
            }
        }
        int rows = copies * n;
        float[] rew = reward.reward(arr(big[0], rows, o), arr(big[1], rows, a), arr(big[2], rows, o))
                .castTo(DataType.FLOAT).dup('c').data().asFloat();
        copy = 0;
        for (int which = 0; which < 3; which++) {
            int w = widths[which];
            for (int j = 0; j < w; j++, copy += 2) {
                for (int r = 0; r < n; r++) {
                    float rp = rew[copy * n + r];
                    float rm = rew[(copy + 1) * n + r];
                    targets[which][r * w + j] += mask[r] * (rp - rm) / (2 * FD_STEP);
                }
            }
        }
    }

    private static INDArray arr(float[] x, int n, int w) {
        return HostArrays.array(x, n, w);
    }

    /** Normalised inputs tiled over the {@code k} elites, {@code [k, n, o + a]}. */
    private INDArray inputs(float[] s, float[] act, int n, double[] nm, double[] ns, int k) {
        int o = model.observationSize();
        int a = model.actionSize();
        int in = o + a;
        float[] x = new float[k * n * in];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < in; j++) {
                double raw = j < o ? s[r * o + j] : act[r * a + j - o];
                x[r * in + j] = (float) ((raw - nm[j]) / ns[j]);
            }
        }
        for (int m = 1; m < k; m++) {
            System.arraycopy(x, 0, x, m * n * in, n * in);
        }
        return HostArrays.array(x, k, n, in);
    }
}
