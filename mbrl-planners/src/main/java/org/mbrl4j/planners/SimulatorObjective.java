package org.mbrl4j.planners;

import java.util.Arrays;
import org.mbrl4j.core.SimulatedEnvironment;
import org.mbrl4j.core.Step;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Scores action sequences on the true dynamics: for each sequence, a simulator is put into the start state
 * ({@link SimulatedEnvironment#setState}) and stepped through the actions, summing rewards until the task
 * terminates. One environment step per row and time step, so it suits tests and small populations; use a
 * {@link ModelEnv} over a batched model for speed.
 */
public final class SimulatorObjective implements ActionObjective {

    private final SimulatedEnvironment simulator;
    private final double[] state;

    /**
     * @param simulator the simulator to step (owned by this objective while in use; its state is overwritten)
     * @param state the start state, in the simulator's layout
     */
    public SimulatorObjective(SimulatedEnvironment simulator, double[] state) {
        this.simulator = Populations.requireNonNull(simulator, "simulator");
        this.state = Populations.requireNonNull(state, "state").clone();
    }

    @Override
    public INDArray evaluate(INDArray population) {
        if (population == null || population.rank() != 3) {
            throw new IllegalArgumentException("population must be [P, H, A]: got "
                    + (population == null ? "null" : Arrays.toString(population.shape())));
        }
        int p = (int) population.size(0);
        int h = (int) population.size(1);
        int a = (int) population.size(2);
        float[] x = population.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] values = new float[p];
        for (int k = 0; k < p; k++) {
            simulator.setState(state);
            double total = 0;
            for (int t = 0; t < h; t++) {
                float[] act = Arrays.copyOfRange(x, (k * h + t) * a, (k * h + t + 1) * a);
                Step s = simulator.step(HostArrays.array(act, a));
                total += s.reward();
                if (s.terminated()) {
                    break;
                }
            }
            values[k] = (float) total;
        }
        return HostArrays.array(values, p);
    }
}
