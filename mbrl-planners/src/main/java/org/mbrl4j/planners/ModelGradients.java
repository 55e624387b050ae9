package org.mbrl4j.planners;

import java.util.Arrays;
import org.mbrl4j.core.RewardFunction;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.models.dynamics.EnsembleDynamics;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The return of action sequences under {@link Propagation#EXPECTATION} and its gradient with respect to the
 * actions, by back-propagation through time on the {@link Tape}: the actions are the program's input, the
 * horizon is unrolled through the model's own differentiable prediction
 * ({@link EnsembleDynamics#meanPrediction}: normalisation, network, delta targets stay inside the model), the
 * task's {@link RewardFunction}, a black box, enters as an op whose backward pass takes central finite
 * differences of its batched form, and terminations are constants of the gradient. Values alone
 * ({@link #evaluate}) come from the model environment's rollout, which computes only the elites.
 * Package-private: made by {@link ModelEnv#objective}.
 */
final class ModelGradients implements DifferentiableObjective {

    /** Step of the reward's central differences. */
    private static final float FD_STEP = 1e-2f;

    private final EnsembleDynamics model;
    private final RewardFunction reward;
    private final TerminationFunction termination;
    private final float[] start;
    private final ActionObjective values;

    /**
     * @param model       the ensemble
     * @param reward      the task's reward, or null when the model learns it
     * @param termination the task's termination
     * @param start       the start state {@code [1, o]}
     * @param values      the same objective's values alone (the model environment's rollout from {@code start})
     */
    ModelGradients(EnsembleDynamics model, RewardFunction reward, TerminationFunction termination, INDArray start,
            ActionObjective values) {
        this.model = model;
        this.reward = reward;
        this.termination = termination;
        this.start = start.dup('c').data().asFloat();
        this.values = values;
    }

    @Override
    public INDArray evaluate(INDArray population) {
        return values.evaluate(population);
    }

    /**
     * @param population action sequences {@code [P, H, A]}
     * @return the returns {@code [P]} (NaN for a sequence whose rollout left the finite numbers) and their
     *     gradients {@code [P, H, A]}, fresh float32
     * @throws IllegalArgumentException if the population is not {@code [P, H, A]}
     * @throws IllegalStateException    if the reward or termination function returns other than {@code P} values
     */
    @Override
    public ValueAndGradient valueAndGradient(INDArray population) {
        int o = model.observationSize();
        int a = model.actionSize();
        if (population == null || population.rank() != 3 || population.size(2) != a) {
            throw new IllegalArgumentException("population must be [P, H, " + a + "]: got "
                    + (population == null ? "null" : Arrays.toString(population.shape())));
        }
        int n = (int) population.size(0);
        int horizon = (int) population.size(1);
        float[] tiled = new float[n * o];
        for (int r = 0; r < n; r++) {
            System.arraycopy(start, 0, tiled, r * o, o);
        }
        Var actions = Var.input(population.castTo(DataType.FLOAT).dup('c'));
        boolean[] terminated = new boolean[n];
        boolean[] invalid = new boolean[n];
        Var total;
        try (Tape tape = Tape.open()) {
            Var state = Var.constant(HostArrays.array(tiled, n, o));
            total = null;
            for (int t = 0; t < horizon; t++) {
                Var action = actions.slice(1, t, t + 1).reshape(n, a);
                Var predicted = model.meanPrediction(state, action);
                Var next = predicted.size(1) == o ? predicted : predicted.slice(1, 0, o);
                Var stepReward = reward == null ? predicted.slice(1, o, o + 1).reshape(n)
                        : rewardOp(state, action, next, n);
                float[] done = termination == TerminationFunction.NEVER ? new float[n]
                        : floats(termination.done(state.value(), action.value(), next.value()), n, "termination");
                float[] rewards = HostArrays.toFloats(stepReward.value());
                float[] nextValues = HostArrays.toFloats(next.value());
                float[] counted = new float[n];
                boolean frozen = false;
                for (int r = 0; r < n; r++) {
                    boolean finite = Float.isFinite(rewards[r]);
                    for (int j = 0; j < o && finite; j++) {
                        finite = Float.isFinite(nextValues[r * o + j]);
                    }
                    invalid[r] |= !finite;
                    frozen |= invalid[r];
                    counted[r] = terminated[r] || invalid[r] ? 0f : 1f;
                    terminated[r] |= done[r] != 0;
                }
                Var gained = stepReward.mul(Var.constant(HostArrays.array(counted, n)));
                total = total == null ? gained : total.add(gained);
                // as the model environment: a row that left the finite numbers keeps its last finite state
                state = frozen ? keepRows(next, state, invalid) : next;
            }
            tape.backward(total, Nd4j.ones(DataType.FLOAT, n));
        }
        float[] returns = HostArrays.toFloats(total.value());
        for (int r = 0; r < n; r++) {
            if (invalid[r]) {
                returns[r] = Float.NaN;
            }
        }
        INDArray gradient = actions.grad() == null ? Nd4j.zeros(DataType.FLOAT, n, horizon, a)
                : actions.grad().castTo(DataType.FLOAT).dup('c');
        return new ValueAndGradient(HostArrays.array(returns, n), gradient);
    }

    /**
     * The task's reward {@code [n]} as an op of the tape: the value is one call of the reward function; the
     * backward pass sends {@code g[r] d reward[r] / d (s, a, s')} to the inputs that need it, by central
     * differences with all {@code 2 w} perturbed copies of the needed inputs' columns ({@code w} of them)
     * scored as one batch of {@code 2 w n} rows. Rows whose output gradient is 0 (terminated or diverged
     * rows) get exactly 0, not {@code 0 * NaN}.
     */
    private Var rewardOp(Var state, Var action, Var next, int n) {
        float[][] args = {HostArrays.toFloats(state.value()), HostArrays.toFloats(action.value()),
                HostArrays.toFloats(next.value())};
        INDArray value = HostArrays.array(floats(reward.reward(state.value(), action.value(), next.value()), n,
                "reward"), n);
        return Tape.record(value, (gradOutput, grads) -> {
            boolean[] needs = {grads.needs(0), grads.needs(1), grads.needs(2)};
            float[][] g = rewardGradients(args, needs, HostArrays.toFloats(gradOutput), n);
            for (int i = 0; i < 3; i++) {
                if (needs[i]) {
                    grads.addOwned(i, HostArrays.array(g[i], n, args[i].length / n));
                }
            }
        }, state, action, next);
    }

    /** {@code weight[r] d reward[r] / d args[i][r, j]} for the needed {@code args} ({@code s, a, s'}). */
    private float[][] rewardGradients(float[][] args, boolean[] needs, float[] weight, int n) {
        int[] widths = new int[3];
        int copies = 0;
        for (int i = 0; i < 3; i++) {
            widths[i] = args[i].length / n;
            copies += needs[i] ? 2 * widths[i] : 0;
        }
        float[][] big = new float[3][];
        for (int i = 0; i < 3; i++) {
            big[i] = new float[copies * n * widths[i]];
        }
        int copy = 0;
        for (int which = 0; which < 3; which++) {
            for (int j = 0; needs[which] && j < widths[which]; j++) {
                for (int sign = 0; sign < 2; sign++, copy++) {
                    for (int i = 0; i < 3; i++) {
                        System.arraycopy(args[i], 0, big[i], copy * n * widths[i], n * widths[i]);
                    }
                    int w = widths[which];
                    for (int r = 0; r < n; r++) {
                        big[which][(copy * n + r) * w + j] += sign == 0 ? FD_STEP : -FD_STEP;
                    }
                }
            }
        }
        float[][] out = new float[3][];
        if (copies == 0) {
            return out;
        }
        int rows = copies * n;
        float[] rewards = floats(reward.reward(HostArrays.array(big[0], rows, widths[0]),
                HostArrays.array(big[1], rows, widths[1]), HostArrays.array(big[2], rows, widths[2])), rows,
                "reward");
        copy = 0;
        for (int which = 0; which < 3; which++) {
            if (!needs[which]) {
                continue;
            }
            int w = widths[which];
            out[which] = new float[n * w];
            for (int j = 0; j < w; j++, copy += 2) {
                for (int r = 0; r < n; r++) {
                    if (weight[r] != 0) {
                        float slope = (rewards[copy * n + r] - rewards[(copy + 1) * n + r]) / (2 * FD_STEP);
                        out[which][r * w + j] = weight[r] * slope;
                    }
                }
            }
        }
        return out;
    }

    /**
     * {@code next} with the rows marked in {@code frozen} replaced by those of {@code previous}; the gradient
     * of each row goes to the value it came from.
     */
    private static Var keepRows(Var next, Var previous, boolean[] frozen) {
        int n = frozen.length;
        float[] keep = new float[n];
        for (int r = 0; r < n; r++) {
            keep[r] = frozen[r] ? 0f : 1f;
        }
        INDArray useNext = HostArrays.array(keep, n, 1);
        INDArray usePrevious = useNext.rsub(1);
        INDArray value = next.value().dup('c');
        for (int r = 0; r < n; r++) {
            if (frozen[r]) {
                value.getRow(r).assign(previous.value().getRow(r));
            }
        }
        return Tape.record(value, (g, grads) -> {
            if (grads.needs(0)) {
                grads.addOwned(0, g.mulColumnVector(useNext));
            }
            if (grads.needs(1)) {
                grads.addOwned(1, g.mulColumnVector(usePrevious));
            }
        }, next, previous);
    }

    private static float[] floats(INDArray x, int n, String what) {
        if (x == null || x.length() != n) {
            throw new IllegalStateException(what + " function returned " + (x == null ? "null"
                    : Arrays.toString(x.shape())) + "; expected [" + n + "]");
        }
        return HostArrays.toFloats(x.castTo(DataType.FLOAT));
    }
}
