package org.mbrl4j.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.nn.Initializers;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Finite-difference checks of every block, in float64. */
class GradientCheckTest {

    private static final double TOL = 1e-5;

    @ParameterizedTest
    @EnumSource(Activation.class)
    void linearEveryActivation(Activation act) {
        SplittableRandom rng = new SplittableRandom(1);
        Linear l = new Linear("l", 4, 3, act, Initializers.xavierUniform(), DataType.DOUBLE, rng);
        l.bias().value().assign(GradCheck.randn(rng, 1, 3).mul(0.3));
        GradCheck.check(l, GradCheck.randn(rng, 5, 4), TOL);
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"IDENTITY", "SILU", "TANH", "ELU"})
    void ensembleLinear(Activation act) {
        SplittableRandom rng = new SplittableRandom(2);
        EnsembleLinear l = new EnsembleLinear("e", 3, 4, 2, act, Initializers.truncatedNormal(), DataType.DOUBLE,
                rng);
        l.bias().value().assign(GradCheck.randn(rng, 3, 1, 2).mul(0.3));
        GradCheck.check(l, GradCheck.randn(rng, 3, 5, 4), TOL);
    }

    @Test
    void layerNormRank2And3() {
        SplittableRandom rng = new SplittableRandom(3);
        LayerNorm n = new LayerNorm("n", 6, DataType.DOUBLE);
        n.gain().value().assign(GradCheck.randn(rng, 1, 6));
        n.bias().value().assign(GradCheck.randn(rng, 1, 6));
        GradCheck.check(n, GradCheck.randn(rng, 4, 6), TOL);
        GradCheck.check(n, GradCheck.randn(rng, 2, 3, 6), TOL);
    }

    @Test
    void activationLayer() {
        SplittableRandom rng = new SplittableRandom(4);
        GradCheck.check(new ActivationLayer(Activation.MISH), GradCheck.randn(rng, 3, 4), TOL);
    }

    @Test
    void mlpWithLayerNorm() {
        SplittableRandom rng = new SplittableRandom(5);
        Sequential net = Mlp.builder(3, 2).hidden(5, 2).activation(Activation.SILU).layerNorm(true)
                .dtype(DataType.DOUBLE).build(rng);
        GradCheck.check(net, GradCheck.randn(rng, 4, 3), TOL, 5);
    }

    @Test
    void ensembleMlp() {
        SplittableRandom rng = new SplittableRandom(6);
        Sequential net = Mlp.builder(3, 4).hidden(6, 3).activation(Activation.SILU).ensemble(2)
                .dtype(DataType.DOUBLE).build(rng);
        GradCheck.check(net, GradCheck.randn(rng, 2, 5, 3), TOL, 6);
    }

    @Test
    void backwardInputEqualsBackwardsInputGradientAndLeavesParameterGradientsAlone() {
        SplittableRandom rng = new SplittableRandom(7);
        Sequential ens = Mlp.builder(3, 4).hidden(6, 2).activation(Activation.SILU).ensemble(2)
                .dtype(DataType.DOUBLE).build(rng);
        Sequential plain = Mlp.builder(3, 4).hidden(6, 2).activation(Activation.TANH).layerNorm(true)
                .dtype(DataType.DOUBLE).build(rng);
        for (Object[] c : new Object[][] {{ens, GradCheck.randn(rng, 2, 5, 3)}, {plain, GradCheck.randn(rng, 5, 3)}}) {
            Sequential net = (Sequential) c[0];
            INDArray x = (INDArray) c[1];
            INDArray out = net.forward(x);
            INDArray g = GradCheck.randn(rng, out.shape());
            INDArray full = net.backward(g).dup();
            for (Parameter p : net.parameters()) {
                if (p.name().endsWith(".weight")) {
                    p.grad().assign(42.0); // backwardInput of a linear layer must not recompute these
                }
            }
            net.forward(x);
            INDArray only = net.backwardInput(g);
            assertEquals(full, only);
            for (Parameter p : net.parameters()) {
                if (p.name().endsWith(".weight")) {
                    assertEquals(42.0, p.grad().minNumber().doubleValue(), p.name());
                    assertEquals(42.0, p.grad().maxNumber().doubleValue(), p.name());
                }
            }
        }
    }

    @Test
    void inferGivesForwardsBitsAndRefusesBackwardUntilTheNextForward() {
        SplittableRandom rng = new SplittableRandom(11);
        // float32 on the fast path: SiLU (in place through the Vector API kernels), the identity head, a
        // layer norm and a stand-alone activation layer (the default infer), plain and ensemble stacks.
        Sequential plain = Mlp.builder(3, 4).hidden(40, 2).activation(Activation.SILU).layerNorm(true).build(rng);
        Sequential ens = Mlp.builder(3, 4).hidden(40, 3).activation(Activation.SILU).ensemble(3).build(rng);
        Sequential withAct = new Sequential(List.of(
                new Linear("a", 3, 30, Activation.IDENTITY, Initializers.truncatedNormal(), DataType.FLOAT, rng),
                new ActivationLayer(Activation.TANH),
                new Linear("b", 30, 2, Activation.SIGMOID, Initializers.truncatedNormal(), DataType.FLOAT, rng)));
        INDArray x2 = GradCheck.randn(rng, 700, 3).castTo(DataType.FLOAT);
        INDArray x3 = GradCheck.randn(rng, 3, 600, 3).castTo(DataType.FLOAT);
        for (Object[] c : new Object[][] {{plain, x2}, {ens, x3}, {withAct, x2}}) {
            Sequential net = (Sequential) c[0];
            INDArray x = (INDArray) c[1];
            INDArray want = net.forward(x).dup();
            INDArray g = GradCheck.randn(rng, want.shape()).castTo(DataType.FLOAT);
            INDArray gradWant = net.backward(g).dup();
            assertEquals(want, net.infer(x));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.backward(g),
                    net.layers().toString());
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("infer"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> net.backwardInput(g));
            // a forward pass after infer differentiates again, with the same gradients as before
            assertEquals(want, net.forward(x));
            assertEquals(gradWant, net.backward(g));
        }
        int[] members = {2, 0, 2};
        INDArray want = ens.forwardMembers(x3, members).dup();
        assertEquals(want, ens.inferMembers(x3, members));
        INDArray g = GradCheck.randn(rng, want.shape()).castTo(DataType.FLOAT);
        assertThrows(IllegalStateException.class, () -> ens.backwardInput(g));
        assertThrows(IllegalArgumentException.class, () -> ens.inferMembers(x3, new int[] {0, 1, 3}));
    }

    @Test
    void wrongShapesAreRefused() {
        SplittableRandom rng = new SplittableRandom(7);
        Linear l = new Linear("l", 4, 3, Activation.RELU, Initializers.truncatedNormal(), DataType.FLOAT, rng);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> l.forward(Nd4j.zeros(DataType.FLOAT, 2, 5)));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("[2, 5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> l.forward(Nd4j.zeros(DataType.DOUBLE, 2, 4)));
        assertThrows(IllegalStateException.class, () -> new Linear("m", 4, 3, Activation.RELU,
                Initializers.truncatedNormal(), DataType.FLOAT, rng).backward(Nd4j.zeros(DataType.FLOAT, 2, 3)));
        l.forward(Nd4j.zeros(DataType.FLOAT, 2, 4));
        assertThrows(IllegalArgumentException.class, () -> l.backward(Nd4j.zeros(DataType.FLOAT, 3, 3)));
        EnsembleLinear el = new EnsembleLinear("e", 3, 4, 2, Activation.RELU, Initializers.truncatedNormal(),
                DataType.FLOAT, rng);
        assertThrows(IllegalArgumentException.class, () -> el.forward(Nd4j.zeros(DataType.FLOAT, 2, 5, 4)));
        assertThrows(IllegalArgumentException.class, () -> new Sequential(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Linear("l", 0, 3, Activation.RELU,
                Initializers.truncatedNormal(), DataType.FLOAT, rng));
    }

    @Test
    void float32MatchesFloat64() {
        // The fast float32 path (direct GEMM, Vector API kernels) computes what the float64 path does.
        SplittableRandom r1 = new SplittableRandom(8);
        SplittableRandom r2 = new SplittableRandom(8);
        Sequential f = Mlp.builder(5, 8).hidden(32, 3).activation(Activation.SILU).ensemble(3).build(r1);
        Sequential d = Mlp.builder(5, 8).hidden(32, 3).activation(Activation.SILU).ensemble(3)
                .dtype(DataType.DOUBLE).build(r2);
        INDArray x = GradCheck.randn(new SplittableRandom(9), 3, 7, 5);
        INDArray yf = f.forward(x.castTo(DataType.FLOAT));
        INDArray yd = d.forward(x);
        INDArray c = GradCheck.randn(new SplittableRandom(10), 3, 7, 8);
        f.backward(c.castTo(DataType.FLOAT));
        d.backward(c);
        org.junit.jupiter.api.Assertions.assertTrue(
                yf.castTo(DataType.DOUBLE).sub(yd).amaxNumber().doubleValue() < 1e-5);
        for (int i = 0; i < f.parameters().size(); i++) {
            INDArray gf = f.parameters().get(i).grad().castTo(DataType.DOUBLE);
            INDArray gd = d.parameters().get(i).grad();
            double err = gf.sub(gd).amaxNumber().doubleValue() / Math.max(1e-12, gd.amaxNumber().doubleValue());
            org.junit.jupiter.api.Assertions.assertTrue(err < 1e-5, f.parameters().get(i) + ": " + err);
        }
    }
}
