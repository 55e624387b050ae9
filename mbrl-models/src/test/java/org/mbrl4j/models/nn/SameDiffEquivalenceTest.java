package org.mbrl4j.models.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The hand-written MLP and the same network built in SameDiff (ND4J's autodiff) agree on the output and
 * on every gradient, float32, to 1e-5 relative to each array's largest magnitude.
 */
class SameDiffEquivalenceTest {

    @Test
    void siluMlpForwardAndGradientsMatchSameDiff() {
        SplittableRandom rng = new SplittableRandom(11);
        Sequential net = Mlp.builder(5, 8).hidden(64, 3).activation(Activation.SILU).build(rng);
        for (Parameter p : net.parameters()) {
            if (p.name().endsWith("bias")) { // non-zero biases so that their path is exercised
                p.value().assign(GradCheck.randn(rng, p.value().shape()).mul(0.1).castTo(DataType.FLOAT));
            }
        }
        INDArray x = GradCheck.randn(rng, 32, 5).castTo(DataType.FLOAT);
        INDArray c = GradCheck.randn(rng, 32, 8).castTo(DataType.FLOAT);
        INDArray y = net.forward(x);
        INDArray gx = net.backward(c);

        SameDiff sd = SameDiff.create();
        SDVariable h = sd.var("x", x.dup());
        List<Parameter> ps = net.parameters();
        int layers = ps.size() / 2;
        for (int i = 0; i < layers; i++) {
            SDVariable w = sd.var("w" + i, ps.get(2 * i).value().dup());
            // sd.nn.linear wants a 1-D bias (ND4J-NOTES.md).
            SDVariable b = sd.var("b" + i, ps.get(2 * i + 1).value().reshape(ps.get(2 * i + 1).value().length()).dup());
            h = sd.nn.linear(h, w, b);
            if (i < layers - 1) {
                h = sd.nn.swish(h);
            }
        }
        h.rename("out");
        SDVariable loss = sd.sum("loss", h.mul(sd.constant("c", c.dup())));
        sd.setLossVariables(loss);
        INDArray ySd = sd.outputSingle(new HashMap<>(), "out");
        assertClose("output", y, ySd);
        String[] names = new String[2 * layers + 1];
        for (int i = 0; i < layers; i++) {
            names[2 * i] = "w" + i;
            names[2 * i + 1] = "b" + i;
        }
        names[2 * layers] = "x";
        Map<String, INDArray> g = sd.calculateGradients(new HashMap<>(), names);
        for (int i = 0; i < layers; i++) {
            assertClose("w" + i, ps.get(2 * i).grad(), g.get("w" + i));
            assertClose("b" + i, ps.get(2 * i + 1).grad().reshape(g.get("b" + i).shape()), g.get("b" + i));
        }
        assertClose("input", gx, g.get("x"));
    }

    private static void assertClose(String what, INDArray ours, INDArray theirs) {
        double scale = Math.max(1e-12, theirs.amaxNumber().doubleValue());
        double err = ours.castTo(DataType.DOUBLE).sub(theirs.castTo(DataType.DOUBLE)).amaxNumber().doubleValue() / scale;
        assertTrue(err < 1e-5, what + ": relative difference " + err);
    }
}
