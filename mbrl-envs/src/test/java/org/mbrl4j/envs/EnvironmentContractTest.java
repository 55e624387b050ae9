package org.mbrl4j.envs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Reset;
import org.mbrl4j.core.SimulatedEnvironment;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Discrete;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The contract every registered environment keeps: seeding, life cycle and checks of bad input. */
class EnvironmentContractTest {

    static Stream<String> ids() {
        return Envs.ids().stream();
    }

    private static INDArray sample(Environment env, SplittableRandom rng) {
        return env.actionSpace().sample(rng);
    }

    private static <T extends Throwable> T assertMessage(Class<T> type, Runnable call, String... parts) {
        T e = assertThrows(type, call::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should contain '" + part + "'");
        }
        return e;
    }

    @ParameterizedTest
    @MethodSource("ids")
    void sameSeedGivesSameEpisode(String id) {
        List<double[]> first = episode(id, 123);
        List<double[]> second = episode(id, 123);
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), second.get(i), id + " step " + i);
        }
        assertFalse(java.util.Arrays.equals(first.get(0), episode(id, 124).get(0)),
                id + ": another seed should give another initial observation");
    }

    private static List<double[]> episode(String id, long seed) {
        Environment env = Envs.make(id);
        SplittableRandom actions = new SplittableRandom(99);
        List<double[]> out = new ArrayList<>();
        out.add(env.reset(seed).observation().toDoubleVector());
        for (int t = 0; t < 60; t++) {
            Step s = env.step(sample(env, actions));
            out.add(s.observation().toDoubleVector());
            out.add(new double[] {s.reward(), s.terminated() ? 1 : 0, s.truncated() ? 1 : 0});
            if (s.done()) {
                out.add(env.reset().observation().toDoubleVector());
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("ids")
    void unseededResetStartsFromTheDocumentedDefaultSeed(String id) {
        Environment a = Envs.spec(id).makeUnwrapped();
        Environment b = Envs.spec(id).makeUnwrapped();
        assertArrayEquals(b.reset(AbstractEnvironment.DEFAULT_SEED).observation().toDoubleVector(),
                a.reset().observation().toDoubleVector(), id);
        // reset() continues the generator: a second reset gives a different start.
        assertNotEquals(java.util.Arrays.toString(a.reset().observation().toDoubleVector()),
                java.util.Arrays.toString(b.reset(AbstractEnvironment.DEFAULT_SEED).observation().toDoubleVector()));
    }

    @ParameterizedTest
    @MethodSource("ids")
    void observationsAreFloat32AndInTheObservationSpace(String id) {
        Environment env = Envs.make(id);
        SplittableRandom rng = new SplittableRandom(5);
        Reset r = env.reset(5);
        assertEquals(DataType.FLOAT, r.observation().dataType());
        assertArrayEquals(env.observationSpace().shape(), r.observation().shape());
        assertTrue(env.observationSpace().contains(r.observation()), id + " reset " + r.observation());
        for (int t = 0; t < 300; t++) {
            Step s = env.step(sample(env, rng));
            assertEquals(DataType.FLOAT, s.observation().dataType());
            assertArrayEquals(env.observationSpace().shape(), s.observation().shape());
            if (!s.terminated() && !id.startsWith("CartPole-v1") && !id.startsWith("CartPoleContinuous")) {
                // CartPole's observation bounds are twice the termination thresholds: a terminal state may lie
                // outside them, so only non-terminal observations are checked for every environment.
                assertTrue(env.observationSpace().contains(s.observation()), id + " step " + t + " " + s.observation());
            }
            if (s.done()) {
                env.reset();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("ids")
    void stepBeforeResetThrows(String id) {
        Environment env = Envs.spec(id).makeUnwrapped();
        assertMessage(IllegalStateException.class, () -> env.step(sample(env, new SplittableRandom(1))), id, "reset");
        Environment wrapped = Envs.make(id);
        assertMessage(IllegalStateException.class, () -> wrapped.step(sample(wrapped, new SplittableRandom(1))),
                "reset");
    }

    @ParameterizedTest
    @MethodSource("ids")
    void wrongShapeThrows(String id) {
        Environment env = Envs.make(id);
        env.reset(1);
        INDArray wrong = Nd4j.createFromArray(0.5f, 0.5f, 0.5f);
        assertMessage(IllegalArgumentException.class, () -> env.step(wrong), id, "action", "shape", "[3]",
                env.actionSpace().toString());
        assertMessage(IllegalArgumentException.class, () -> env.step(null), id, "action");
    }

    @ParameterizedTest
    @MethodSource("ids")
    void badValuesThrow(String id) {
        Environment env = Envs.make(id);
        env.reset(1);
        if (env.actionSpace() instanceof Discrete d) {
            assertMessage(IllegalArgumentException.class, () -> env.step(Nd4j.scalar(DataType.INT64, (long) d.n())),
                    id, "action", String.valueOf((double) d.n()), d.toString());
            assertMessage(IllegalArgumentException.class, () -> env.step(Nd4j.scalar(DataType.INT64, -1L)),
                    id, "-1.0");
            assertMessage(IllegalArgumentException.class, () -> env.step(Nd4j.scalar(0.5)), id, "0.5");
        } else {
            Box box = (Box) env.actionSpace();
            assertMessage(IllegalArgumentException.class, () -> env.step(Nd4j.createFromArray(Float.NaN)),
                    id, "action", "NaN", box.toString());
            assertMessage(IllegalArgumentException.class,
                    () -> env.step(Nd4j.createFromArray(Float.POSITIVE_INFINITY)), id, "Infinity");
            assertMessage(IllegalArgumentException.class, () -> env.step(Nd4j.createFromArray(1)), id, "data type",
                    "INT");
        }
        // A rejected action leaves the episode running.
        env.step(sample(env, new SplittableRandom(3)));
    }

    @ParameterizedTest
    @MethodSource("ids")
    void badStateThrows(String id) {
        SimulatedEnvironment env = Envs.spec(id).makeUnwrapped();
        int n = env.getState().length;
        assertMessage(IllegalArgumentException.class, () -> env.setState(new double[n + 1]), id, "length " + (n + 1));
        double[] nan = new double[n];
        nan[0] = Double.NaN;
        assertMessage(IllegalArgumentException.class, () -> env.setState(nan), id, "NaN");
        assertMessage(IllegalArgumentException.class, () -> env.setState(null), id);
        // setState makes a fresh environment steppable and getState returns a copy of what was set.
        double[] s = env.getState();
        env.setState(s);
        env.step(sample(env, new SplittableRandom(3)));
    }

    @ParameterizedTest
    @MethodSource("ids")
    void stepAfterTerminationThrows(String id) {
        SimulatedEnvironment env = Envs.spec(id).makeUnwrapped();
        double[] terminal = TerminalStates.justBefore(id);
        if (terminal == null) {
            return; // Pendulum and the swing-up never terminate
        }
        env.reset(1);
        env.setState(terminal);
        Step s = env.step(TerminalStates.action(id));
        assertTrue(s.terminated(), id + " should terminate from " + java.util.Arrays.toString(terminal));
        assertMessage(IllegalStateException.class, () -> env.step(TerminalStates.action(id)), id, "terminated");
        env.reset();
        env.step(TerminalStates.action(id));
    }
}
