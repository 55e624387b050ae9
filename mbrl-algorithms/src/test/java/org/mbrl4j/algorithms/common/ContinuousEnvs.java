package org.mbrl4j.algorithms.common;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiFunction;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.envs.Envs;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runs a check of a learner built for every registered environment with a continuous action space. */
public final class ContinuousEnvs {

    private ContinuousEnvs() {}

    /**
     * Builds a learner for every registered {@code Box}-action environment with {@code learner(id, env)} and
     * asserts that its exploring action for the first observation is finite and inside the action bounds.
     *
     * @param learner makes the learner for an environment id and its environment
     * @return how many environments were checked
     */
    public static int assertLearnersActWithinBounds(BiFunction<String, Environment, OffPolicyLearner> learner) {
        int checked = 0;
        for (String id : Envs.ids()) {
            try (Environment env = Envs.make(id)) {
                if (!(env.actionSpace() instanceof Box box)) {
                    continue;
                }
                INDArray action = learner.apply(id, env).explore(env.reset(0).observation());
                for (int i = 0; i < box.flatDim(); i++) {
                    double a = action.getDouble(i);
                    assertTrue(Double.isFinite(a) && a >= box.low(i) && a <= box.high(i),
                            id + ": action[" + i + "] = " + a + " outside " + box);
                }
                checked++;
            }
        }
        assertTrue(checked >= 3, "continuous-action environments checked: " + checked);
        return checked;
    }
}
