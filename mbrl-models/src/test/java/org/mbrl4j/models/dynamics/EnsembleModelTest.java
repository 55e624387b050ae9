package org.mbrl4j.models.dynamics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.io.Checkpoints;
import org.mbrl4j.core.io.CorruptCheckpointException;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.models.nn.GradCheck;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EnsembleModelTest {

    private static GaussianEnsembleConfig small() {
        return new GaussianEnsembleConfig(3, 2, 2, 16, Activation.SILU, true, -10, 0.5, true, List.of(1));
    }

    private static INDArray rand(long seed, long... shape) {
        return GradCheck.randn(new SplittableRandom(seed), shape).castTo(DataType.FLOAT);
    }

    @Test
    void predictionsAddDeltasBackAndBoundTheVariance() {
        GaussianEnsemble m = new GaussianEnsemble(3, 2, small(), RandomStreams.of(1));
        INDArray obs = rand(2, 5, 3);
        INDArray act = rand(3, 5, 2);
        Prediction p = m.predict(obs, act);
        assertArrayEquals(new long[] {3, 5, 4}, p.mean().shape());
        // The raw network output in delta space, member 1.
        INDArray x = m.normalizer().normalize(Nd4j.hstack(obs, act));
        INDArray out = m.network().forward(Nd4j.stack(0, x, x, x));
        for (int j = 0; j < 4; j++) {
            double raw = out.getDouble(1, 2, j);
            double expected = j == 0 || j == 2 ? raw + obs.getDouble(2, j) : raw; // dim 1 non-delta, 3 reward
            assertEquals(expected, p.mean().getDouble(1, 2, j), 1e-5);
            double v = p.variance().getDouble(1, 2, j);
            assertTrue(v >= Math.exp(-10) && v <= Math.exp(0.5), "variance " + v);
        }
        // Every variance: the float32 bound, bit for bit, and the loss's float64 bound to float precision.
        float lo = m.minLogvar().value().getFloat(0, 0);
        for (int e = 0; e < 3; e++) {
            for (int r = 0; r < 5; r++) {
                for (int j = 0; j < 4; j++) {
                    float raw = out.getFloat(e, r, 4 + j);
                    float lj = m.minLogvar().value().getFloat(0, j);
                    float hj = m.maxLogvar().value().getFloat(0, j);
                    float expected = (float) Math.exp(GaussianEnsemble.boundLogvar(raw, lj, hj));
                    assertEquals(expected, p.variance().getFloat(e, r, j), 0f, "variance " + e + "," + r + "," + j);
                    assertEquals(Math.exp(Losses.boundLogvar(raw, lj, hj)), expected, 1e-5 * expected);
                }
            }
        }
        assertTrue(lo < 0);
        Prediction q = m.predictPerMember(Nd4j.stack(0, obs, obs, obs), Nd4j.stack(0, act, act, act));
        assertEquals(p.mean(), q.mean());
        INDArray s1 = m.sample(obs, act, RandomStreams.of(5).nd4jRandom());
        INDArray s2 = m.sample(obs, act, RandomStreams.of(5).nd4jRandom());
        assertEquals(s1, s2);
        assertArrayEquals(new int[] {0, 1}, m.elites());
    }

    @Test
    void predictMembersComputesExactlyTheListedMembers() {
        GaussianEnsemble m = new GaussianEnsemble(3, 2, small(), RandomStreams.of(11));
        INDArray obs = rand(12, 3, 4, 3);
        INDArray act = rand(13, 3, 4, 2);
        Prediction all = m.predictPerMember(obs, act);
        int[] members = {2, 0};
        INDArray subObs = Nd4j.stack(0, obs.slice(2), obs.slice(0));
        INDArray subAct = Nd4j.stack(0, act.slice(2), act.slice(0));
        Prediction sub = m.predictMembers(subObs, subAct, members);
        assertArrayEquals(new long[] {2, 4, 4}, sub.mean().shape());
        for (int i = 0; i < 2; i++) {
            assertEquals(all.mean().slice(members[i]), sub.mean().slice(i), "member " + members[i]);
            assertEquals(all.variance().slice(members[i]), sub.variance().slice(i), "member " + members[i]);
        }
        // The interface's default (all members, then a gather) gives the same numbers.
        DynamicsModel viaDefault = new DynamicsModel() {
            public int ensembleSize() { return m.ensembleSize(); }
            public int observationSize() { return m.observationSize(); }
            public int actionSize() { return m.actionSize(); }
            public boolean learnsReward() { return m.learnsReward(); }
            public Prediction predict(INDArray o, INDArray a) { return m.predict(o, a); }
            public Prediction predictPerMember(INDArray o, INDArray a) { return m.predictPerMember(o, a); }
            public INDArray sample(INDArray o, INDArray a, org.nd4j.linalg.api.rng.Random r) { return m.sample(o, a, r); }
            public int[] elites() { return m.elites(); }
            public void save(Path file) { throw new UnsupportedOperationException(); }
        };
        Prediction def = viaDefault.predictMembers(subObs, subAct, members);
        assertEquals(sub.mean(), def.mean());
        assertEquals(sub.variance(), def.variance());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.predictMembers(subObs, subAct, new int[] {0, 0}));
        assertTrue(e.getMessage().contains("repeats index 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.predictMembers(subObs, subAct, new int[] {0, 3}));
        assertTrue(e.getMessage().contains("members[1] = 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.predictMembers(obs, act, members));
        assertTrue(e.getMessage().contains("observations must be [2, B, 3]"), e.getMessage());
        // After a subset forward the input gradient works and a parameter backward is refused.
        INDArray out = m.network().forwardMembers(rand(14, 2, 4, 5), members);
        assertEquals(2, out.size(0));
        assertEquals(4, out.size(1));
        assertArrayEquals(new long[] {2, 4, 5}, m.network().backwardInput(Nd4j.onesLike(out)).shape());
        assertThrows(IllegalStateException.class, () -> m.network().backward(Nd4j.onesLike(out)));
    }

    @Test
    void predictRowsSendsEachRowThroughItsOwnMember() {
        GaussianEnsemble m = new GaussianEnsemble(3, 2, small(), RandomStreams.of(15));
        INDArray obs = rand(16, 5, 3);
        INDArray act = rand(17, 5, 2);
        int[] members = {2, 0, 2, 2, 1};
        Prediction rows = m.predictRows(obs, act, members);
        assertArrayEquals(new long[] {5, 4}, rows.mean().shape());
        Prediction all = m.predict(obs, act);
        for (int r = 0; r < 5; r++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(all.mean().getDouble(members[r], r, j), rows.mean().getDouble(r, j), 1e-6, "row " + r);
                assertEquals(all.variance().getDouble(members[r], r, j), rows.variance().getDouble(r, j), 1e-6);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.predictRows(obs, act, new int[] {0, 1}));
        assertTrue(e.getMessage().contains("5 rows, got 2 members"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.predictRows(obs, act, new int[] {0, 1, 3, 0, 0}));
        assertTrue(e.getMessage().contains("members[2] = 3"), e.getMessage());
    }

    @Test
    void endToEndGradientOfTheGaussianModel() {
        // float32 network: central differences in float32 with a loose tolerance, on a few entries.
        GaussianEnsemble m = new GaussianEnsemble(2, 1, small().withTargets(false, List.of()), RandomStreams.of(3));
        INDArray x = rand(4, 3, 6, 3);
        INDArray y = rand(5, 3, 6, 2).mul(0.3);
        m.lossAndGradients(x, y);
        for (Parameter p : m.trainableParameters()) {
            INDArray g = p.grad().dup();
            INDArray flat = p.value().reshape(p.value().length());
            for (long i = 0; i < flat.length(); i += Math.max(1, flat.length() / 4)) {
                double v = flat.getDouble(i);
                double h = 1e-2;
                flat.putScalar(i, v + h);
                double up = m.lossAndGradients(x, y);
                flat.putScalar(i, v - h);
                double down = m.lossAndGradients(x, y);
                flat.putScalar(i, v);
                double num = (up - down) / (2 * h);
                double a = g.reshape(g.length()).getDouble(i);
                assertEquals(a, num, 2e-3 + 2e-2 * Math.abs(a), p.name() + "[" + i + "]");
            }
        }
    }

    @Test
    void badInputsAreRefusedWithClearMessages() {
        GaussianEnsemble m = new GaussianEnsemble(3, 2, small(), RandomStreams.of(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.predict(rand(1, 5, 4), rand(1, 5, 2)));
        assertTrue(e.getMessage().contains("observations") && e.getMessage().contains("[5, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.predict(rand(1, 5, 3), rand(1, 4, 2)));
        assertTrue(e.getMessage().contains("actions"), e.getMessage());
        INDArray nan = rand(1, 5, 3);
        nan.putScalar(2, 1, Float.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> m.predict(nan, rand(1, 5, 2)));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("observations"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.predictPerMember(rand(1, 2, 5, 3), rand(1, 2, 5, 2)));
        assertThrows(IllegalArgumentException.class, () -> m.setElites(new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> m.setElites(new int[] {3}));
        e = assertThrows(IllegalArgumentException.class, () -> new GaussianEnsemble(3, 2,
                small().withTargets(false, List.of(3)), RandomStreams.of(1)));
        assertTrue(e.getMessage().contains("nonDeltaDims"), e.getMessage());
    }

    @Test
    void configsNameTheBadField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GaussianEnsembleConfig.petsCartpole().withEnsemble(3, 5));
        assertTrue(e.getMessage().startsWith("numElites"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GaussianEnsembleConfig.petsCartpole().withHidden(0, 200));
        assertTrue(e.getMessage().startsWith("hiddenLayers"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new GaussianEnsembleConfig(7, 5, 4, 200, Activation.SILU, false, 1, 0.5, false, List.of()));
        assertTrue(e.getMessage().startsWith("maxLogvarInit"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainerConfig.petsCartpole().withValidationRatio(1.0));
        assertTrue(e.getMessage().startsWith("validationRatio"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainerConfig.petsCartpole().withEpochs(5, -1));
        assertTrue(e.getMessage().startsWith("patience"), e.getMessage());
        GaussianEnsembleConfig c = GaussianEnsembleConfig.petsCartpole();
        assertEquals(7, c.ensembleSize());
        assertEquals(5, c.numElites());
        assertEquals(200, c.hiddenSize());
        TrainerConfig t = TrainerConfig.petsCartpole();
        assertEquals(7.5e-4, t.learningRate());
        assertEquals(3e-5, t.weightDecay());
        assertEquals(256, t.batchSize());
    }

    @Test
    void saveLoadRoundTripsExactly(@TempDir Path dir) throws Exception {
        GaussianEnsemble m = new GaussianEnsemble(3, 2, small(), RandomStreams.of(7));
        m.normalizer().update(rand(8, 20, 5).castTo(DataType.DOUBLE).mul(3).add(1));
        m.minLogvar().value().assign(-7.25);
        m.setElites(new int[] {2, 0});
        Path f = dir.resolve("model.ck");
        m.save(f);
        GaussianEnsemble back = GaussianEnsemble.load(f);
        assertEquals(m.config(), back.config());
        assertArrayEquals(m.normalizer().mean(), back.normalizer().mean());
        assertArrayEquals(m.normalizer().std(), back.normalizer().std());
        assertArrayEquals(new int[] {2, 0}, back.elites());
        for (int i = 0; i < m.trainableParameters().size(); i++) {
            assertArrayEquals(m.trainableParameters().get(i).value().data().asFloat(),
                    back.trainableParameters().get(i).value().data().asFloat());
        }
        INDArray obs = rand(9, 4, 3);
        INDArray act = rand(10, 4, 2);
        assertEquals(m.predict(obs, act).mean(), back.predict(obs, act).mean());
        assertEquals(m.predict(obs, act).variance(), back.predict(obs, act).variance());

        DeterministicEnsemble d = new DeterministicEnsemble(3, 2,
                new DeterministicEnsembleConfig(2, 1, 1, 8, Activation.TANH, false, List.of()), RandomStreams.of(3));
        d.save(dir.resolve("det.ck"));
        DeterministicEnsemble d2 = DeterministicEnsemble.load(dir.resolve("det.ck"));
        assertEquals(d.predict(obs, act).mean(), d2.predict(obs, act).mean());
        assertNull(d2.predict(obs, act).variance());
        // A deterministic file is not a Gaussian one.
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
                () -> GaussianEnsemble.load(dir.resolve("det.ck")));
        assertTrue(e.getMessage().contains("DeterministicEnsemble"), e.getMessage());
    }

    @Test
    void corruptFilesAreRefused(@TempDir Path dir) throws Exception {
        GaussianEnsemble m = new GaussianEnsemble(3, 2, small(), RandomStreams.of(7));
        Path f = dir.resolve("model.ck");
        m.save(f);
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(f, bytes);
        assertThrows(CorruptCheckpointException.class, () -> GaussianEnsemble.load(f));
        Files.write(f, java.util.Arrays.copyOf(Files.readAllBytes(dir.resolve("model.ck")), 100));
        assertThrows(CorruptCheckpointException.class, () -> GaussianEnsemble.load(f));
        // A well-formed checkpoint whose weights have the wrong shape.
        m.save(f);
        Checkpoint cp = Checkpoints.read(f);
        Checkpoint.Builder b = Checkpoint.builder();
        for (String name : cp.names()) {
            if (name.equals("param.net.layer0.weight")) {
                b.putArray(name, Nd4j.zeros(DataType.FLOAT, 3, 4, 16));
            } else if (cp.type(name).isArray()) {
                b.putArray(name, cp.array(name));
            }
        }
        for (String name : cp.names()) {
            switch (cp.type(name)) {
                case STRING -> b.putString(name, cp.string(name));
                case LONG -> b.putLong(name, cp.longValue(name));
                case DOUBLE -> b.putDouble(name, cp.doubleValue(name));
                case BOOLEAN -> b.putBoolean(name, cp.booleanValue(name));
                default -> { }
            }
        }
        Checkpoints.write(f, b.build());
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> GaussianEnsemble.load(f));
        assertTrue(e.getMessage().contains("layer0.weight"), e.getMessage());
    }

    @Test
    void normalizerUsesUnbiasedStdAndFloorsConstants() {
        Normalizer n = new Normalizer(2);
        n.update(Nd4j.createFromArray(new double[][] {{1, 5}, {3, 5}, {5, 5}}));
        assertArrayEquals(new double[] {3, 5}, n.mean());
        assertArrayEquals(new double[] {2, 1}, n.std());
        INDArray z = n.normalize(Nd4j.createFromArray(new float[][] {{5, 6}}));
        assertEquals(1.0, z.getDouble(0, 0), 1e-7);
        assertEquals(1.0, z.getDouble(0, 1), 1e-7);
        assertThrows(IllegalArgumentException.class, () -> n.update(Nd4j.createFromArray(new double[][] {{1, 2}})));
        assertThrows(IllegalArgumentException.class,
                () -> n.update(Nd4j.createFromArray(new double[][] {{1, Double.NaN}, {1, 2}})));
    }
}
