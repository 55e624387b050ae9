package org.mbrl4j.envs;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** States from which one step with {@link #action} terminates, for the tests. */
final class TerminalStates {

    private TerminalStates() {}

    /** @return a state one step from termination, or null for tasks without termination */
    static double[] justBefore(String id) {
        return switch (id) {
            case "CartPole-v1", "CartPoleContinuous-v0" -> new double[] {2.39, 2.0, 0.0, 0.0};
            case "MountainCar-v0" -> new double[] {0.49, 0.05};
            case "MountainCarContinuous-v0" -> new double[] {0.44, 0.05};
            case "Acrobot-v1" -> new double[] {Math.PI - 0.1, 0.0, 0.0, 0.0};
            default -> null;
        };
    }

    /** @return an action that keeps {@link #justBefore}'s state heading into termination */
    static INDArray action(String id) {
        return switch (id) {
            case "CartPole-v1", "Acrobot-v1" -> Nd4j.scalar(DataType.INT64, 1L);
            case "MountainCar-v0" -> Nd4j.scalar(DataType.INT64, 2L);
            default -> Nd4j.createFromArray(1.0f);
        };
    }
}
