package org.mbrl4j.envs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.mbrl4j.core.SimulatedEnvironment;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.spaces.Box;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The batched {@code RewardFunction} and {@code TerminationFunction} of every environment agree with its
 * {@code step} over many transitions from random states with random (also out-of-bounds) actions.
 */
class BatchedFunctionsTest {

    private static final int N = 3000;

    static Stream<String> ids() {
        return Envs.ids().stream();
    }

    /** A random state over a wide region of the state space, terminal regions included. */
    private static double[] randomState(String id, SplittableRandom r) {
        return switch (id) {
            case "CartPole-v1", "CartPoleContinuous-v0" -> new double[] {
                r.nextDouble(-2.6, 2.6), r.nextDouble(-3, 3), r.nextDouble(-0.25, 0.25), r.nextDouble(-3, 3)};
            case "CartPoleSwingUp-v0" -> new double[] {
                r.nextDouble(-3, 3), r.nextDouble(-5, 5), r.nextDouble(-10, 10), r.nextDouble(-10, 10)};
            case "Pendulum-v1" -> new double[] {r.nextDouble(-12, 12), r.nextDouble(-8, 8)};
            case "MountainCar-v0", "MountainCarContinuous-v0" -> new double[] {
                r.nextDouble(-1.2, 0.6), r.nextDouble(-0.07, 0.07)};
            case "Acrobot-v1" -> new double[] {
                r.nextDouble(-Math.PI, Math.PI), r.nextDouble(-Math.PI, Math.PI), r.nextDouble(-12, 12),
                r.nextDouble(-28, 28)};
            default -> throw new IllegalArgumentException(id);
        };
    }

    private static INDArray randomAction(SimulatedEnvironment env, SplittableRandom r) {
        if (env.actionSpace() instanceof Box box) {
            double scale = r.nextBoolean() ? 1.0 : 3.0; // half of them out of bounds
            return Nd4j.createFromArray((float) (scale * r.nextDouble(box.low(0), box.high(0))));
        }
        return env.actionSpace().sample(r);
    }

    @ParameterizedTest
    @MethodSource("ids")
    void batchedFunctionsAgreeWithStep(String id) {
        EnvSpec spec = Envs.spec(id);
        SimulatedEnvironment env = spec.makeUnwrapped();
        SplittableRandom r = new SplittableRandom(17);
        int obsDim = (int) env.observationSpace().shape()[0];
        float[] obs = new float[N * obsDim];
        float[] next = new float[N * obsDim];
        float[] act = new float[N];
        double[] rewards = new double[N];
        boolean[] terminated = new boolean[N];
        int terminal = 0;
        env.reset(17);
        for (int i = 0; i < N; i++) {
            // Step once from a random state to get its observation, then record the next transition.
            env.setState(randomState(id, r));
            Step first = env.step(randomAction(env, r));
            INDArray o = first.terminated() ? env.reset().observation() : first.observation();
            INDArray a = randomAction(env, r);
            Step s = env.step(a);
            System.arraycopy(o.toFloatVector(), 0, obs, i * obsDim, obsDim);
            System.arraycopy(s.observation().toFloatVector(), 0, next, i * obsDim, obsDim);
            act[i] = a.getFloat(0);
            rewards[i] = s.reward();
            terminated[i] = s.terminated();
            terminal += s.terminated() ? 1 : 0;
        }
        INDArray o = Nd4j.create(obs, new long[] {N, obsDim}, DataType.FLOAT);
        INDArray a = Nd4j.create(act, new long[] {N, 1}, DataType.FLOAT);
        INDArray n = Nd4j.create(next, new long[] {N, obsDim}, DataType.FLOAT);
        INDArray reward = spec.rewardFunction().reward(o, a, n);
        INDArray done = spec.terminationFunction().done(o, a, n);
        assertArrayEquals(new long[] {N}, reward.shape());
        assertArrayEquals(new long[] {N}, done.shape());
        assertEquals(DataType.FLOAT, reward.dataType());
        assertEquals(DataType.FLOAT, done.dataType());
        for (int i = 0; i < N; i++) {
            // float32 observations against float64 states: agreement to float32 precision.
            assertEquals(rewards[i], reward.getDouble(i), 2e-4 * Math.max(1, Math.abs(rewards[i])),
                    id + " reward of transition " + i);
            assertEquals(terminated[i] ? 1.0 : 0.0, done.getDouble(i), id + " termination of transition " + i);
        }
        boolean terminates = !id.equals("Pendulum-v1") && !id.equals("CartPoleSwingUp-v0");
        assertTrue(!terminates || terminal >= 10, id + ": only " + terminal + " terminal transitions in the sample");
    }

    @ParameterizedTest
    @MethodSource("ids")
    void wrongShapesAreRejected(String id) {
        EnvSpec spec = Envs.spec(id);
        int obsDim = (int) spec.makeUnwrapped().observationSpace().shape()[0];
        INDArray o = Nd4j.zeros(DataType.FLOAT, 4, obsDim);
        INDArray badNext = Nd4j.zeros(DataType.FLOAT, 3, obsDim);
        INDArray a = Nd4j.zeros(DataType.FLOAT, 4, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> spec.rewardFunction().reward(o, a, badNext));
        assertTrue(e.getMessage().contains("nextObservation") && e.getMessage().contains("[3, " + obsDim + "]"),
                e.getMessage());
        INDArray badObs = Nd4j.zeros(DataType.FLOAT, 4, obsDim + 1);
        if (!id.equals("Pendulum-v1") && !id.equals("CartPoleSwingUp-v0")) {
            assertThrows(IllegalArgumentException.class, () -> spec.terminationFunction().done(badObs, a, o));
        }
    }
}
