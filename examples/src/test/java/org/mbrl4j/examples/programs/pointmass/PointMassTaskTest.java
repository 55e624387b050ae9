package org.mbrl4j.examples.programs.pointmass;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.algorithms.common.RunResult;
import org.mbrl4j.algorithms.pets.TrialReport;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Reset;
import org.mbrl4j.core.Step;
import org.mbrl4j.envs.EnvOptions;
import org.mbrl4j.envs.EnvSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The point-mass task of docs/custom-environments.md at a tiny budget. */
class PointMassTaskTest {

    @Test
    void theBatchedRewardAndTerminationAgreeWithStep() {
        try (Environment env = new PointMass()) {
            Reset reset = env.reset(3);
            INDArray action = Nd4j.createFromArray(1.7f);               // clipped to 1 by step and by the reward
            Step step = env.step(action);
            INDArray obs = reset.observation().reshape(1, 2);
            INDArray next = step.observation().reshape(1, 2);
            INDArray act = action.reshape(1, 1);
            assertEquals(step.reward(), PointMassTask.rewardFunction().reward(obs, act, next).getDouble(0), 1e-5);
            assertEquals(step.terminated() ? 1.0 : 0.0,
                    PointMassTask.terminationFunction().done(obs, act, next).getDouble(0));
        }
        INDArray outside = Nd4j.createFromArray(new float[][] {{2.5f, 0f}});
        assertEquals(1.0, PointMassTask.terminationFunction().done(outside, Nd4j.zeros(1, 1), outside).getDouble(0));
    }

    @Test
    void theSpecMakesStateAndPixelEnvironments() {
        EnvSpec spec = PointMassTask.spec();
        assertTrue(Double.isFinite(PointMassTask.firstStep().reward()));
        try (Environment pixels = spec.make(EnvOptions.DEFAULT.withPixels(true).withSize(64, 64))) {
            assertArrayEquals(new long[] {3, 64, 64}, pixels.reset(0).observation().shape());
        }
    }

    @Test
    void petsAndMbpoRunOnTheTask() {
        EnvSpec spec = PointMassTask.spec();
        List<TrialReport> trials = PointMassTask.pets(spec, 2, 10);
        assertEquals(2, trials.size());
        assertTrue(trials.stream().allMatch(t -> Double.isFinite(t.episodeReturn())), trials.toString());
        RunResult result = PointMassTask.mbpo(spec, 300);
        assertTrue(Double.isFinite(result.finalEvaluation().meanReturn()), result.finalEvaluation().toString());
    }
}
