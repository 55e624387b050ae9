package org.mbrl4j.planners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MpcAgentTest {

    /** Returns a fixed plan [0, 1, ..., H-1] * 0.1 and records the initial solutions it was given. */
    static final class Recorder implements TrajectoryOptimizer {
        final List<float[]> starts = new ArrayList<>();
        int advanced;
        int resets;

        @Override
        public int horizon() {
            return 4;
        }

        @Override
        public ActionBounds bounds() {
            return ActionBounds.uniform(1, -1, 1);
        }

        @Override
        public INDArray optimize(ActionObjective objective, INDArray initialSolution) {
            starts.add(initialSolution.dup('c').data().asFloat());
            return Nd4j.create(new float[] {0f, 0.1f, 0.2f, 0.3f}, new long[] {4, 1}, DataType.FLOAT);
        }

        @Override
        public void advance(int steps) {
            advanced += steps;
        }

        @Override
        public void reset() {
            resets++;
        }
    }

    @Test
    void replansEveryKStepsAndWarmStartsWithTheShiftedPlan() {
        Recorder opt = new Recorder();
        MpcAgent agent = new MpcAgent(opt, obs -> p -> Nd4j.zeros(DataType.FLOAT, p.size(0)), 2);
        INDArray obs = Nd4j.zeros(DataType.FLOAT, 1);
        float[] acts = new float[4];
        for (int i = 0; i < 4; i++) {
            acts[i] = agent.act(obs).getFloat(0);
        }
        assertEquals(2, agent.plans());
        assertEquals(0f, acts[0]);
        assertEquals(0.1f, acts[1], 1e-7);
        assertEquals(0f, acts[2]);
        assertEquals(4, opt.advanced);
        // first plan starts from the middle of the bounds; the second from the plan shifted by 2, tail = middle
        assertEquals(0f, opt.starts.get(0)[0]);
        float[] second = opt.starts.get(1);
        assertEquals(0.2f, second[0], 1e-7);
        assertEquals(0.3f, second[1], 1e-7);
        assertEquals(0f, second[2]);
        assertEquals(0f, second[3]);
        agent.reset();
        assertEquals(0f, agent.nextInitialSolution().getFloat(0));
        assertEquals(2, opt.resets, "constructor and reset");
        agent.act(obs);
        assertEquals(3, agent.plans(), "reset drops the queued actions");
        assertThrows(IllegalArgumentException.class, () -> new MpcAgent(opt, o -> null, 5));
        assertThrows(IllegalArgumentException.class, () -> new MpcAgent(opt, o -> null, 0));
    }
}
