package org.mbrl4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbrl4j.tensor.TensorTestSupport.assertClose;
import static org.mbrl4j.tensor.TensorTestSupport.randn;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.tensor.Activations.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

class ActivationsTest {

    private static final double TOL = 1e-5;

    /** Every path this JVM can run (surefire adds the Vector API module, so normally all three). */
    private static List<Path> paths() {
        List<Path> p = new ArrayList<>(List.of(Path.SCALAR, Path.ND4J));
        if (Activations.vectorApiEnabled()) {
            p.add(Path.VECTOR);
        }
        return p;
    }

    @Test
    void theVectorApiIsOnInTheseTests() {
        assertTrue(Activations.vectorApiEnabled(), "surefire runs with --add-modules jdk.incubator.vector");
    }

    /** Inputs spread over [-12, 12] so that the saturated tails of exp/tanh are exercised too. */
    private static INDArray inputs(Random rng, long... shape) {
        return randn(rng, 'c', shape).muli(4);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void activateMatchesNd4jOnEveryPath(Activation act) throws Exception {
        try (Random rng = RandomStreams.of(31).child(act.name()).nd4jRandom()) {
            for (long n : new long[] {1, 7, 16, 203, 2000}) {
                INDArray x = inputs(rng, n);
                INDArray expected = act.nd4j().getActivation(x.dup(), false);
                for (Path path : paths()) {
                    INDArray out = Nd4j.create(DataType.FLOAT, n);
                    Activations.activate(x, act, out, path);
                    assertClose(expected, out, TOL, act + " " + path + " n=" + n);
                    INDArray inPlace = x.dup();
                    Activations.activate(inPlace, act, inPlace, path);
                    assertClose(expected, inPlace, TOL, act + " " + path + " in place n=" + n);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void backwardMatchesNd4jOnEveryPath(Activation act) throws Exception {
        try (Random rng = RandomStreams.of(32).child(act.name()).nd4jRandom()) {
            INDArray z = inputs(rng, 37, 29);
            INDArray g = randn(rng, 'c', 37, 29);
            INDArray expected = act.nd4j().backprop(z.dup(), g.dup()).getFirst();
            for (Path path : paths()) {
                INDArray gradIn = Nd4j.create(DataType.FLOAT, 37, 29);
                Activations.backward(z, act, g, gradIn, path);
                assertClose(expected, gradIn, TOL, act + " backward " + path);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void derivativeMatchesCentralDifferences(Activation act) {
        double h = 1e-3;
        for (double x = -6.05; x < 6; x += 0.37) {
            double fd = (act.apply((float) (x + h)) - act.apply((float) (x - h))) / (2 * h);
            assertEquals(fd, act.derivative((float) x), 2e-3 * (1 + Math.abs(fd)), act + " at " + x);
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void addBiasActivateMatchesBiasThenActivation(Activation act) throws Exception {
        try (Random rng = RandomStreams.of(33).child(act.name()).nd4jRandom()) {
            for (long cols : new long[] {1, 13, 200}) {
                INDArray z = inputs(rng, 41, cols);
                INDArray bias = randn(rng, 'c', cols);
                INDArray expected = act.nd4j().getActivation(z.addRowVector(bias), false);
                for (Path path : paths()) {
                    INDArray zz = z.dup();
                    Activations.addBiasActivate(zz, bias, act, zz, path);
                    assertClose(expected, zz, TOL, act + " " + path + " cols=" + cols);
                    INDArray zRowBias = z.dup();
                    Activations.addBiasActivate(zRowBias, bias.reshape(1, cols), act, zRowBias, path);
                    assertClose(expected, zRowBias, TOL, act + " " + path + " [1, O] bias");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void addBiasActivateIntoASecondArrayKeepsThePreActivation(Activation act) throws Exception {
        try (Random rng = RandomStreams.of(36).child(act.name()).nd4jRandom()) {
            INDArray z = inputs(rng, 37, 24);
            INDArray bias = randn(rng, 'c', 24);
            INDArray pre = z.addRowVector(bias);
            INDArray expected = act.nd4j().getActivation(pre.dup(), false);
            for (Path path : paths()) {
                INDArray zz = z.dup();
                INDArray out = Nd4j.create(DataType.FLOAT, 37, 24);
                Activations.addBiasActivate(zz, bias, act, out, path);
                assertClose(pre, zz, TOL, act + " " + path + " pre-activation");
                assertClose(expected, out, TOL, act + " " + path + " activation");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void backwardFromOutputEqualsBackwardFromInput(Activation act) throws Exception {
        if (!act.hasDerivativeFromOutput()) {
            INDArray y = Nd4j.create(DataType.FLOAT, 2, 3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Activations.backwardFromOutput(y, act, y, y));
            assertTrue(e.getMessage().contains(act.name()) && e.getMessage().contains("pre-activation"), e.getMessage());
            return;
        }
        try (Random rng = RandomStreams.of(37).child(act.name()).nd4jRandom()) {
            INDArray z = inputs(rng, 29, 31);
            INDArray g = randn(rng, 'c', 29, 31);
            INDArray y = z.dup();
            Activations.activate(z, act, y, Path.SCALAR);
            INDArray expected = Nd4j.create(DataType.FLOAT, 29, 31);
            Activations.backward(z, act, g, expected, Path.SCALAR);
            for (Path path : paths()) {
                INDArray gi = Nd4j.create(DataType.FLOAT, 29, 31);
                Activations.backwardFromOutput(y, act, g, gi, path);
                assertClose(expected, gi, TOL, act + " " + path);
            }
            INDArray yd = y.castTo(DataType.DOUBLE);
            INDArray gd = g.castTo(DataType.DOUBLE);
            INDArray gid = Nd4j.create(DataType.DOUBLE, 29, 31);
            Activations.backwardFromOutput(yd, act, gd, gid);
            assertClose(expected.castTo(DataType.DOUBLE), gid, TOL, act + " float64 through ND4J");
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void layerBackwardPicksTheOutputFormWhereItExists(Activation act) throws Exception {
        try (Random rng = RandomStreams.of(39).child(act.name()).nd4jRandom()) {
            INDArray z = inputs(rng, 17, 24);
            INDArray g = randn(rng, 'c', 17, 24);
            INDArray y = Nd4j.create(DataType.FLOAT, 17, 24);
            Activations.activate(z, act, y);
            INDArray expected = Nd4j.create(DataType.FLOAT, 17, 24);
            if (act.hasDerivativeFromOutput()) {
                Activations.backwardFromOutput(y, act, g, expected);
            } else if (act == Activation.SILU) {
                Activations.siluBackward(z, y, g, expected, Path.SCALAR);
            } else {
                Activations.backward(z, act, g, expected);
            }
            INDArray got = Nd4j.create(DataType.FLOAT, 17, 24);
            Activations.layerBackward(z, y, act, g, got);
            assertEquals(expected, got, act.name());
        }
    }

    @Test
    void siluLayerBackwardFromBothSidesMatchesTheDerivativeOnEveryPath() throws Exception {
        try (Random rng = RandomStreams.of(40).nd4jRandom()) {
            // Random pre-activations plus the edges: zeros of both signs, tiny, large of both signs, the
            // exp floor (-86) and beyond, NaN.
            INDArray z = inputs(rng, 13, 37);
            float[] edges = {0f, -0f, 1e-35f, -1e-35f, 0x1p-100f, 1e-20f, 30f, -30f, -85.9f, -86f, -87f, -100f,
                    -1e6f, 1e6f, Float.NaN};
            for (int i = 0; i < edges.length; i++) {
                z.putScalar(i, edges[i]);
            }
            INDArray g = randn(rng, 'c', 13, 37);
            INDArray y = Nd4j.create(DataType.FLOAT, 13, 37);
            Activations.activate(z, Activation.SILU, y);
            INDArray scalar = Nd4j.create(DataType.FLOAT, 13, 37);
            Activations.siluBackward(z, y, g, scalar, Path.SCALAR);
            INDArray fromZ = Nd4j.create(DataType.FLOAT, 13, 37);
            Activations.backward(z, Activation.SILU, g, fromZ, Path.SCALAR);
            for (int i = 0; i < z.length(); i++) {
                double zi = z.getDouble(i);
                double gi = g.getDouble(i);
                double got = scalar.getDouble(i);
                if (Double.isNaN(zi)) {
                    assertTrue(Double.isNaN(got), "NaN in, NaN out");
                    continue;
                }
                double s = 1 / (1 + Math.exp(-zi));
                double exact = gi * (s + zi * s * (1 - s));
                // float32 rounding of the inputs and outputs: within 1e-6 relative or 1e-30 absolute
                assertEquals(exact, got, 1e-6 * Math.abs(gi) * Math.max(1, Math.abs(zi)) + 1e-30,
                        "z = " + zi);
                assertEquals(fromZ.getDouble(i), got, 2e-6 * Math.abs(gi) * Math.max(1, Math.abs(zi)) + 1e-30,
                        "against the exp form, z = " + zi);
            }
            for (Path path : paths()) {
                INDArray out = g.dup(); // in place: gradIn == gradOut
                Activations.siluBackward(z, y, out, out, path);
                if (path == Path.ND4J) {
                    assertTrue(Double.isNaN(out.getDouble(edges.length - 1)), "ND4J path: NaN in, NaN out");
                    out.putScalar(edges.length - 1, 0f);
                    INDArray finite = fromZ.dup();
                    finite.putScalar(edges.length - 1, 0f);
                    assertClose(finite, out, TOL, "ND4J path: the derivative from z");
                } else {
                    float[] want = scalar.data().asFloat();
                    float[] have = out.data().asFloat();
                    for (int i = 0; i < want.length; i++) {
                        assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(have[i]),
                                path + ": the same bits as the scalar form at " + i + " (z = " + z.getFloat(i) + ")");
                    }
                }
            }
        }
    }

    @Test
    void largeCallsSplitAcrossThreadsGiveTheSameBits() throws Exception {
        int before = CpuThreads.threads();
        boolean wasEnabled = ParallelRanges.enabled;
        ParallelRanges.enabled = true;
        try (Random rng = RandomStreams.of(38).nd4jRandom()) {
            INDArray z = inputs(rng, 700, 200);
            INDArray g = randn(rng, 'c', 700, 200);
            INDArray bias = randn(rng, 'c', 200);
            for (Activation act : new Activation[] {Activation.SILU, Activation.TANH, Activation.RELU, Activation.ELU}) {
                INDArray[][] results = new INDArray[2][];
                for (int threads = 1; threads <= 2; threads++) {
                    CpuThreads.configure(threads);
                    INDArray a = Nd4j.create(DataType.FLOAT, 700, 200);
                    Activations.activate(z, act, a);
                    INDArray pre = z.dup();
                    INDArray out = Nd4j.create(DataType.FLOAT, 700, 200);
                    Activations.addBiasActivate(pre, bias, act, out);
                    INDArray back = Nd4j.create(DataType.FLOAT, 700, 200);
                    Activations.backward(z, act, g, back);
                    INDArray fromOut = Nd4j.create(DataType.FLOAT, 700, 200);
                    if (act.hasDerivativeFromOutput()) {
                        Activations.backwardFromOutput(a, act, g, fromOut);
                    }
                    INDArray layer = Nd4j.create(DataType.FLOAT, 700, 200);
                    Activations.layerBackward(z, a, act, g, layer);
                    results[threads - 1] = new INDArray[] {a, pre, out, back, fromOut, layer};
                    if (threads == 2) {
                        assertTrue(ParallelRanges.liveWorkers() >= 1, "the 2-thread run had a worker to split with");
                    }
                }
                for (int i = 0; i < results[0].length; i++) {
                    assertEquals(results[0][i], results[1][i], act + " result " + i + ": 1 thread vs 2");
                }
            }
        } finally {
            TensorTestSupport.restoreThreads(before);
            ParallelRanges.enabled = wasEnabled;
        }
    }

    @Test
    void ensembleBiasIsPerMember() throws Exception {
        try (Random rng = RandomStreams.of(34).nd4jRandom()) {
            INDArray z = inputs(rng, 5, 33, 200);
            INDArray bias = randn(rng, 'c', 5, 200);
            INDArray expected = z.dup();
            for (int e = 0; e < 5; e++) {
                expected.slice(e).addiRowVector(bias.getRow(e));
            }
            Activation act = Activation.SILU;
            act.nd4j().getActivation(expected, false);
            for (Path path : paths()) {
                INDArray z1 = z.dup();
                Activations.addBiasActivate(z1, bias, act, z1, path);
                assertClose(expected, z1, TOL, "[E, O] bias " + path);
                INDArray z2 = z.dup();
                Activations.addBiasActivate(z2, bias.reshape(5, 1, 200), act, z2, path);
                assertClose(expected, z2, TOL, "[E, 1, O] bias " + path);
            }
        }
    }

    @Test
    void viewsAndFOrderGoThroughNd4jCorrectly() throws Exception {
        try (Random rng = RandomStreams.of(35).nd4jRandom()) {
            INDArray big = inputs(rng, 20, 30);
            INDArray before = big.dup();
            INDArray view = big.get(interval(2, 12), interval(5, 25)); // [10, 20], gaps between rows
            INDArray bias = randn(rng, 'c', 20);
            INDArray expected = Activation.TANH.nd4j().getActivation(view.dup().addiRowVector(bias), false);
            Activations.addBiasActivate(view, bias, Activation.TANH);
            assertClose(expected, view, TOL, "view");
            // Everything outside the view is untouched.
            INDArray restored = big.dup();
            restored.get(interval(2, 12), interval(5, 25)).assign(before.get(interval(2, 12), interval(5, 25)));
            assertEquals(before, restored);

            INDArray f = inputs(rng, 17, 9).dup('f');
            INDArray out = Nd4j.create(DataType.FLOAT, new long[] {17, 9}, 'f');
            Activations.activate(f, Activation.MISH, out);
            assertClose(Activation.MISH.nd4j().getActivation(f.dup(), false), out, TOL, "f-order");

            INDArray g = randn(rng, 'c', 17, 9);
            INDArray gradIn = Nd4j.create(DataType.FLOAT, 17, 9);
            INDArray zView = big.get(all(), interval(0, 9)).get(interval(0, 17), all());
            Activations.backward(zView, Activation.ELU, g, gradIn);
            assertClose(Activation.ELU.nd4j().backprop(zView.dup(), g.dup()).getFirst(), gradIn, TOL,
                    "backward on a view");
        }
    }

    @Test
    void publicEntryPointsPickAWorkingPath() throws Exception {
        try (Random rng = RandomStreams.of(36).nd4jRandom()) {
            for (Activation act : Activation.values()) {
                INDArray z = inputs(rng, 64, 200);
                INDArray bias = randn(rng, 'c', 200);
                INDArray expected = act.nd4j().getActivation(z.addRowVector(bias), false);
                Activations.addBiasActivate(z, bias, act);
                assertClose(expected, z, TOL, act.name());
            }
        }
    }

    @Test
    void badArgumentsNameTheShapes() {
        INDArray z = Nd4j.create(DataType.FLOAT, 4, 6);
        IllegalArgumentException bias = assertThrows(IllegalArgumentException.class,
                () -> Activations.addBiasActivate(z, Nd4j.create(DataType.FLOAT, 5), Activation.RELU));
        assertTrue(bias.getMessage().contains("[6]") && bias.getMessage().contains("[5]"), bias.getMessage());
        IllegalArgumentException member = assertThrows(IllegalArgumentException.class,
                () -> Activations.addBiasActivate(Nd4j.create(DataType.FLOAT, 3, 4, 6), Nd4j.create(DataType.FLOAT, 6),
                        Activation.RELU));
        assertTrue(member.getMessage().contains("[3, 6]"), member.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Activations.activate(z, Activation.TANH, Nd4j.create(DataType.FLOAT, 6, 4)));
        assertTrue(shape.getMessage().contains("[6, 4]") && shape.getMessage().contains("[4, 6]"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Activations.activate(z, null, z));
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> Activations.backward(z, Activation.SILU, Nd4j.create(DataType.DOUBLE, 4, 6), z));
        assertTrue(type.getMessage().contains("DOUBLE"), type.getMessage());
    }
}
