package org.mbrl4j.benchmarks.planners;

import java.util.Arrays;
import org.mbrl4j.planners.MpcAgent;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Wall times of an MPC agent's action selection, sorted: what the planner benchmarks report. */
final class ActionTimes {

    private ActionTimes() {}

    /**
     * Resets the agent before each call (no warm start), runs 2 untimed warm-up actions, then times
     * {@code repeats} actions.
     *
     * @param agent the agent
     * @param obs the observation it acts on
     * @param repeats timed actions, at least 1
     * @return the times in milliseconds, ascending
     */
    static double[] measure(MpcAgent agent, INDArray obs, int repeats) {
        for (int i = 0; i < 2; i++) {
            agent.reset();
            agent.act(obs);
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            agent.reset();
            long t0 = System.nanoTime();
            agent.act(obs);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }
}
