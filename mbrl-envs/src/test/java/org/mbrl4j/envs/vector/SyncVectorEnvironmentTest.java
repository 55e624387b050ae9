package org.mbrl4j.envs.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Step;
import org.mbrl4j.envs.fixtures.Counter;
import org.mbrl4j.envs.fixtures.PointMass;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SyncVectorEnvironmentTest {

    private static INDArray indices(long... a) {
        return Nd4j.createFromArray(a);
    }

    @Test
    void seedsCopyIWithSeedPlusI() {
        SyncVectorEnvironment vec = new SyncVectorEnvironment(() -> new Counter(1000, 100), 4);
        VectorReset r = vec.reset(10);
        assertArrayEquals(new long[] {4, 1}, r.observations().shape());
        assertArrayEquals(new float[] {10, 11, 12, 13}, r.observations().reshape(4).toFloatVector());
        assertEquals(4, r.infos().size());
        assertEquals(12.0, r.infos().get(2).get("start"));
    }

    @Test
    void seedingMatchesSingleEnvironmentsSeededTheSameWay() {
        SyncVectorEnvironment vec = new SyncVectorEnvironment(PointMass::oneD, 3);
        INDArray obs = vec.reset(42).observations();
        for (int i = 0; i < 3; i++) {
            PointMass single = PointMass.oneD();
            assertEquals(single.reset(42 + i).observation(), obs.getRow(i));
        }
        assertFalse(obs.getRow(0).equals(obs.getRow(1)), "different seeds give different starts");
        INDArray actions = Nd4j.createFromArray(new float[][] {{0.5f}, {-0.5f}, {2f}});
        VectorStep s = vec.step(actions);
        assertArrayEquals(new long[] {3, 2}, s.observations().shape());
        assertArrayEquals(new double[] {0.5, -0.5, 1.0}, s.rewards(), 1e-7);
        for (int i = 0; i < 3; i++) {
            PointMass single = PointMass.oneD();
            single.reset(42 + i);
            Step one = single.step(actions.getRow(i).dup());
            assertEquals(one.observation(), s.observations().getRow(i));
        }
    }

    @Test
    void autoresetsInTheSameStepAndReportsTheFinalObservation() {
        // Copy 0 terminates when its count reaches 4, copy 1 runs on, copy 2 is truncated after 2 steps.
        List<Environment> envs = List.of(new Counter(4, 100), new Counter(1000, 100), new Counter(1000, 2));
        SyncVectorEnvironment vec = new SyncVectorEnvironment(envs);
        vec.reset(0); // counts 0, 1, 2
        VectorStep s1 = vec.step(indices(2, 1, 1));
        assertArrayEquals(new float[] {2, 2, 3}, s1.observations().reshape(3).toFloatVector());
        assertArrayEquals(new boolean[] {false, false, false}, s1.terminated());
        for (int i = 0; i < 3; i++) {
            assertNull(s1.finalObservations()[i]);
            assertNull(s1.finalInfos().get(i));
            assertFalse(s1.done(i));
        }

        VectorStep s2 = vec.step(indices(2, 1, 1));
        assertArrayEquals(new boolean[] {true, false, false}, s2.terminated());
        assertArrayEquals(new boolean[] {false, false, true}, s2.truncated());
        assertArrayEquals(new double[] {2, 1, 1}, s2.rewards());
        // Rows 0 and 2 already hold the next episode's first observation (reset() starts the count at 0).
        assertArrayEquals(new float[] {0, 3, 0}, s2.observations().reshape(3).toFloatVector());
        assertArrayEquals(new float[] {4}, s2.finalObservations()[0].toFloatVector());
        assertArrayEquals(new float[] {4}, s2.finalObservations()[2].toFloatVector());
        assertNull(s2.finalObservations()[1]);
        assertEquals(4.0, s2.finalInfos().get(0).get("count"));
        assertEquals(0.0, s2.infos().get(0).get("start"), "a reset copy's info is its reset info");
        assertEquals(3.0, s2.infos().get(1).get("count"));
        assertTrue(s2.done(0) && !s2.done(1) && s2.done(2));

        // The reset copies go on stepping: no dummy step as in NEXT_STEP mode.
        VectorStep s3 = vec.step(indices(1, 0, 2));
        assertArrayEquals(new float[] {1, 3, 2}, s3.observations().reshape(3).toFloatVector());
        assertArrayEquals(new double[] {1, 0, 2}, s3.rewards());
    }

    @Test
    void singleSpacesAndSizes() {
        SyncVectorEnvironment vec = new SyncVectorEnvironment(PointMass::oneD, 2);
        assertEquals(2, vec.numEnvs());
        assertEquals(PointMass.oneD().actionSpace(), vec.singleActionSpace());
        assertEquals(PointMass.oneD().observationSpace(), vec.singleObservationSpace());
        assertTrue(vec.env(1) instanceof PointMass);
    }

    @Test
    void closesEveryCopy() {
        List<PointMass> envs = new ArrayList<>();
        SyncVectorEnvironment vec = new SyncVectorEnvironment(() -> {
            PointMass p = PointMass.oneD();
            envs.add(p);
            return p;
        }, 3);
        vec.close();
        assertEquals(3, envs.size());
        assertTrue(envs.stream().allMatch(PointMass::closed));
    }

    @Test
    void rejectsBadConstructionAndBadActions() {
        assertMessage(() -> new SyncVectorEnvironment(PointMass::oneD, 0), "numEnvs", "0");
        assertMessage(() -> new SyncVectorEnvironment(List.of()), "envs", "0");
        PointMass same = PointMass.oneD();
        assertMessage(() -> new SyncVectorEnvironment(List.of(same, same)), "envs[1]", "same object");
        assertMessage(() -> new SyncVectorEnvironment(List.of(PointMass.oneD(), new Counter(1, 1))), "envs[1]",
                "Discrete(3)");

        SyncVectorEnvironment vec = new SyncVectorEnvironment(PointMass::oneD, 2);
        assertThrows(IllegalStateException.class, () -> vec.step(Nd4j.zeros(DataType.FLOAT, 2, 1)));
        vec.reset(0);
        assertMessage(() -> vec.step(Nd4j.zeros(DataType.FLOAT, 3, 1)), "actions", "[3, 1]", "[2, 1]");
        assertMessage(() -> vec.step(Nd4j.zeros(DataType.FLOAT, 2)), "actions", "[2]", "[2, 1]");
        assertMessage(() -> vec.step(null), "actions", "null");
        double before = ((PointMass) vec.env(0)).getState()[0];
        assertMessage(() -> vec.step(Nd4j.createFromArray(new float[][] {{1f}, {Float.NaN}})), "actions[1]", "NaN");
        assertEquals(before, ((PointMass) vec.env(0)).getState()[0], "copy 0 did not step on a rejected batch");

        SyncVectorEnvironment discrete = new SyncVectorEnvironment(() -> new Counter(10, 10), 2);
        discrete.reset(0);
        assertMessage(() -> discrete.step(indices(0, 3)), "actions[1]", "3.0");
    }

    private static void assertMessage(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message \"" + e.getMessage() + "\" should contain " + p);
        }
    }
}
