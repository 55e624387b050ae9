package org.mbrl4j.planners;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;
import org.mbrl4j.core.Agent;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Receding-horizon model-predictive control (mbrl-lib's {@code TrajectoryOptimizerAgent}): every
 * {@code replanEvery} steps it optimises a sequence {@code [H, A]} from the current observation and executes
 * its first {@code replanEvery} actions. Warm start: the next optimisation starts from the last solution
 * shifted by {@code replanEvery} steps, the freed tail filled with the middle of the action bounds (mbrl-lib's
 * {@code keep_last_solution}). {@link #reset()} (every episode start) forgets the plan and the optimiser's
 * state.
 */
public final class MpcAgent implements Agent {

    private final TrajectoryOptimizer optimizer;
    private final Function<INDArray, ActionObjective> objectives;
    private final int replanEvery;
    private final Deque<float[]> queue = new ArrayDeque<>();
    private double[] previous;
    private long plans;

    /**
     * @param optimizer the optimiser (its horizon and bounds are the plan's)
     * @param objectives makes the objective for the current observation, e.g. {@code ModelEnv::objective}
     * @param replanEvery steps between optimisations, in {@code [1, horizon]}
     * @throws IllegalArgumentException if an argument is null or out of range
     */
    public MpcAgent(TrajectoryOptimizer optimizer, Function<INDArray, ActionObjective> objectives, int replanEvery) {
        this.optimizer = Populations.requireNonNull(optimizer, "optimizer");
        this.objectives = Populations.requireNonNull(objectives, "objectives");
        if (replanEvery < 1 || replanEvery > optimizer.horizon()) {
            throw new IllegalArgumentException("replanEvery must be in [1, horizon=" + optimizer.horizon() + "]: "
                    + replanEvery);
        }
        this.replanEvery = replanEvery;
        reset();
    }

    /** @return the optimiser */
    public TrajectoryOptimizer optimizer() {
        return optimizer;
    }

    /** @return how many optimisations ran since construction */
    public long plans() {
        return plans;
    }

    /** @return the warm start of the next optimisation, {@code [H, A]}, a fresh array */
    public INDArray nextInitialSolution() {
        return Populations.solution(previous, optimizer.horizon(), optimizer.bounds().dim());
    }

    /**
     * @param observation the current observation (as the objective factory expects it)
     * @return the action {@code [A]}, a fresh float32 array within the bounds
     */
    @Override
    public INDArray act(INDArray observation) {
        if (observation == null) {
            throw new IllegalArgumentException("observation must not be null");
        }
        if (queue.isEmpty()) {
            int h = optimizer.horizon();
            int a = optimizer.bounds().dim();
            INDArray plan = optimizer.optimize(objectives.apply(observation),
                    Populations.solution(previous, h, a));
            plans++;
            float[] x = plan.dup('c').castTo(DataType.FLOAT).data().asFloat();
            for (int t = 0; t < replanEvery; t++) {
                float[] step = new float[a];
                System.arraycopy(x, t * a, step, 0, a);
                queue.add(step);
            }
            for (int i = 0; i < h * a; i++) {
                int src = i + replanEvery * a;
                previous[i] = src < h * a ? x[src] : optimizer.bounds().mid(i % a);
            }
            optimizer.advance(replanEvery);
        }
        float[] act = queue.poll();
        return HostArrays.array(act, act.length);
    }

    @Override
    public void reset() {
        queue.clear();
        int h = optimizer.horizon();
        int a = optimizer.bounds().dim();
        previous = new double[h * a];
        for (int i = 0; i < previous.length; i++) {
            previous[i] = optimizer.bounds().mid(i % a);
        }
        optimizer.reset();
    }
}
