package org.mbrl4j.tensor.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbrl4j.tensor.autodiff.GradCheck.uniform;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.Activation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * The tape against an independent oracle: ND4J's SameDiff. Each case builds the same computation both ways in
 * float64 on the same seeded random inputs, takes the loss {@code sum(out * G)} with a fixed random {@code G},
 * and compares the output and the gradient with respect to every input, to {@value #TOL} relative to the
 * largest magnitude of SameDiff's array. The finite-difference checks ({@link GradCheck}) test each op
 * against itself; this test catches a backward pass that is consistent with a wrong forward pass.
 *
 * <p>Not covered here, because SameDiff lacks the op or defines it differently:
 * <ul>
 * <li>{@code symlog}/{@code symexp}, {@code scaleGrad}, {@code straightThrough}, {@code simNorm},
 * {@code gather}/{@code oneHot} and the distributions and losses built on the tape: no SameDiff op with the
 * same definition (they are checked by finite differences and, where available, PyTorch references).</li>
 * <li>{@code clamp} is compared away from the bounds only: at {@code x == lo} or {@code x == hi} the tape
 * passes the gradient, and SameDiff's {@code clipByValue} backward is not specified there.</li>
 * <li>Layer norm: SameDiff's {@code layer_norm} normalises with {@code standardize}, which divides by
 * {@code std + 1e-12} (biased std), while the tape divides by {@code sqrt(var + eps)} (PyTorch's
 * convention). They agree to ~1e-12 only for a tiny {@code eps}, so {@code sd.nn.layerNorm} is compared
 * with {@code eps = 1e-12}; the usual {@code eps} (1e-3, DreamerV3) is compared with layer norm composed of
 * SameDiff primitives instead.</li>
 * </ul>
 */
class SameDiffOracleTest {

    private static final double TOL = 1e-10;
    private final SplittableRandom rng = new SplittableRandom(29);

    /** The SameDiff side of a case: the inputs are SameDiff variables holding copies of the test's arrays. */
    private interface SdProgram {
        SDVariable apply(SameDiff sd, List<SDVariable> in);
    }

    @Test
    void arithmeticWithBroadcasting() {
        compare("add", v -> v.get(0).add(v.get(1)), (sd, v) -> v.get(0).add(v.get(1)),
                uniform(rng, -1, 1, 3, 4), uniform(rng, -1, 1, 4));
        compare("sub", v -> v.get(0).sub(v.get(1)), (sd, v) -> v.get(0).sub(v.get(1)),
                uniform(rng, -1, 1, 2, 3, 4), uniform(rng, -1, 1, 3, 1));
        compare("mul", v -> v.get(0).mul(v.get(1)), (sd, v) -> v.get(0).mul(v.get(1)),
                uniform(rng, -1, 1, 3, 1), uniform(rng, -1, 1, 1, 5));
        compare("div", v -> v.get(0).div(v.get(1)), (sd, v) -> v.get(0).div(v.get(1)),
                uniform(rng, -1, 1, 2, 3), uniform(rng, 0.5, 2, 2, 1));
        compare("div same shape", v -> v.get(0).div(v.get(1)), (sd, v) -> v.get(0).div(v.get(1)),
                uniform(rng, -1, 1, 2, 3, 4), uniform(rng, 0.5, 2, 2, 3, 4));
        compare("scalars", v -> v.get(0).add(2.5).mul(-1.5).neg(), (sd, v) -> v.get(0).add(2.5).mul(-1.5).neg(),
                uniform(rng, -1, 1, 5));
        compare("minimum", v -> Ops.minimum(v.get(0), v.get(1)), (sd, v) -> sd.math.min(v.get(0), v.get(1)),
                uniform(rng, -1, 1, 3, 4), uniform(rng, -1, 1, 3, 4));
        compare("maximum", v -> Ops.maximum(v.get(0), v.get(1)), (sd, v) -> sd.math.max(v.get(0), v.get(1)),
                uniform(rng, -1, 1, 3, 4), uniform(rng, -1, 1, 3, 4));
    }

    @Test
    void unaryFunctions() {
        compare("square", v -> v.get(0).square(), (sd, v) -> sd.math.square(v.get(0)), uniform(rng, -2, 2, 3, 4));
        compare("exp", v -> v.get(0).exp(), (sd, v) -> sd.math.exp(v.get(0)), uniform(rng, -2, 2, 3, 4));
        compare("log", v -> v.get(0).log(), (sd, v) -> sd.math.log(v.get(0)), uniform(rng, 0.2, 3, 3, 4));
        compare("sqrt", v -> v.get(0).sqrt(), (sd, v) -> sd.math.sqrt(v.get(0)), uniform(rng, 0.2, 3, 3, 4));
        compare("abs", v -> v.get(0).abs(), (sd, v) -> sd.math.abs(v.get(0)), awayFromZero(3, 4));
        // away from the bounds (see the class comment)
        compare("clamp", v -> v.get(0).clamp(-0.5, 0.5), (sd, v) -> sd.math.clipByValue(v.get(0), -0.5, 0.5),
                awayFrom(0.5, 4, 5));
    }

    @Test
    void activations() {
        // the ReLU family away from its kink at 0
        act(Activation.RELU, (sd, x) -> sd.nn.relu(x, 0.0));
        act(Activation.LEAKY_RELU, (sd, x) -> sd.nn.leakyRelu(x, Activation.LEAKY_SLOPE));
        act(Activation.ELU, (sd, x) -> sd.nn.elu(x)); // ND4J's ELU has alpha 1, as the tape's
        act(Activation.TANH, (sd, x) -> sd.math.tanh(x));
        act(Activation.SIGMOID, (sd, x) -> sd.nn.sigmoid(x));
        act(Activation.SILU, (sd, x) -> sd.nn.swish(x));
        act(Activation.SOFTPLUS, (sd, x) -> sd.nn.softplus(x));
        // SameDiff M2.1 has no sd.nn.mish; its op class Mish differentiates through MishDerivative, which the
        // native backend rejects ("No known transform strict op for op number: 57"), so Mish is composed
        act(Activation.MISH, (sd, x) -> x.mul(sd.math.tanh(sd.nn.softplus(x))));
        act(Activation.IDENTITY, (sd, x) -> x.mul(1.0));
    }

    @Test
    void products() {
        compare("matmul 2-D", v -> v.get(0).matmul(v.get(1)), (sd, v) -> sd.mmul(v.get(0), v.get(1)),
                uniform(rng, -1, 1, 3, 4), uniform(rng, -1, 1, 4, 2));
        // [B, T, K] x [K, N]: SameDiff's mmul wants equal ranks, and the backward of tensorMmul(a, b, {2}, {0})
        // fails in M2.1 (tensormmul_bp: "the dimensions at given axes for both input arrays must be the same"),
        // so the SameDiff side flattens to [B*T, K] explicitly
        compare("matmul [B,T,K]x[K,N]", v -> v.get(0).matmul(v.get(1)),
                (sd, v) -> sd.reshape(sd.mmul(sd.reshape(v.get(0), 6, 4), v.get(1)), 2, 3, 5),
                uniform(rng, -1, 1, 2, 3, 4), uniform(rng, -1, 1, 4, 5));
        compare("matmul batched [E,B,K]x[E,K,N]", v -> v.get(0).matmul(v.get(1)), (sd, v) -> sd.mmul(v.get(0), v.get(1)),
                uniform(rng, -1, 1, 3, 2, 4), uniform(rng, -1, 1, 3, 4, 2));
        compare("linear tanh", v -> Ops.linear(v.get(0), v.get(1), v.get(2), Activation.TANH),
                (sd, v) -> sd.math.tanh(sd.nn.linear(v.get(0), v.get(1), v.get(2))),
                uniform(rng, -1, 1, 5, 3), uniform(rng, -1, 1, 3, 4), uniform(rng, -1, 1, 4));
    }

    @Test
    void reductions() {
        compare("sum all", v -> v.get(0).sum(), (sd, v) -> sd.sum(v.get(0)), uniform(rng, -1, 1, 3, 4));
        compare("sum axis 1", v -> v.get(0).sum(false, 1), (sd, v) -> sd.sum(v.get(0), false, 1),
                uniform(rng, -1, 1, 2, 3, 4));
        compare("sum axes 0,2 keepDims", v -> v.get(0).sum(true, 0, 2), (sd, v) -> sd.sum(v.get(0), true, 0, 2),
                uniform(rng, -1, 1, 2, 3, 4));
        compare("mean last axis", v -> v.get(0).mean(false, -1), (sd, v) -> sd.mean(v.get(0), false, 2),
                uniform(rng, -1, 1, 2, 3, 4));
        compare("mean all", v -> v.get(0).mean(), (sd, v) -> sd.mean(v.get(0)), uniform(rng, -1, 1, 2, 3));
        // random inputs: no ties for the maximum
        compare("max axis 1", v -> Ops.max(v.get(0), 1, false), (sd, v) -> sd.max(v.get(0), false, 1),
                uniform(rng, -1, 1, 3, 5));
        compare("max axis 0 keepDims", v -> Ops.max(v.get(0), 0, true), (sd, v) -> sd.max(v.get(0), true, 0),
                uniform(rng, -1, 1, 3, 5));
    }

    @Test
    void shapeOps() {
        compare("reshape", v -> v.get(0).reshape(4, 3).matmul(v.get(1)),
                (sd, v) -> sd.mmul(sd.reshape(v.get(0), 4, 3), v.get(1)),
                uniform(rng, -1, 1, 2, 6), uniform(rng, -1, 1, 3, 2));
        compare("permute", v -> v.get(0).permute(2, 0, 1).mul(v.get(1)),
                (sd, v) -> sd.permute(v.get(0), 2, 0, 1).mul(v.get(1)),
                uniform(rng, -1, 1, 2, 3, 4), uniform(rng, -1, 1, 4, 2, 3));
        compare("slice", v -> v.get(0).slice(1, 1, 3), (sd, v) -> sd.slice(v.get(0), new int[] {0, 1, 0}, 2, 2, 3),
                uniform(rng, -1, 1, 2, 4, 3));
        compare("concat", v -> Ops.concat(-1, v.get(0), v.get(1), v.get(0)),
                (sd, v) -> sd.concat(1, v.get(0), v.get(1), v.get(0)),
                uniform(rng, -1, 1, 2, 3), uniform(rng, -1, 1, 2, 2));
        compare("split", v -> {
            List<Var> parts = Ops.split(v.get(0), 0, 1, 2);
            return parts.get(0).mul(parts.get(1).sum(true, 0));
        }, (sd, v) -> sd.slice(v.get(0), new int[] {0, 0}, 1, 4)
                .mul(sd.sum(sd.slice(v.get(0), new int[] {1, 0}, 2, 4), true, 0)),
                uniform(rng, -1, 1, 3, 4));
    }

    @Test
    void softmaxFamilyOverTheLastAxis() {
        compare("softmax", v -> NnOps.softmax(v.get(0)), (sd, v) -> sd.nn.softmax(v.get(0), 2),
                uniform(rng, -3, 3, 2, 3, 5));
        // sd.nn.logSoftmax(x, dimension) fails to build in M2.1 (LogSoftMax property "dimension" set through
        // Integer.values()); the one-argument form works on the last axis
        compare("logSoftmax", v -> NnOps.logSoftmax(v.get(0)), (sd, v) -> sd.nn.logSoftmax(v.get(0)),
                uniform(rng, -3, 3, 2, 3, 5));
    }

    @Test
    void layerNorm() {
        // sd.nn.layerNorm divides by std + 1e-12; the tape by sqrt(var + eps): equal to ~1e-12 for eps = 1e-12
        compare("layerNorm vs sd.nn.layerNorm", v -> NnOps.layerNorm(v.get(0), v.get(1), v.get(2), 1e-12),
                (sd, v) -> sd.nn.layerNorm(v.get(0), v.get(1), v.get(2), false, 2),
                uniform(rng, -2, 2, 2, 3, 6), uniform(rng, 0.5, 1.5, 6), uniform(rng, -1, 1, 6));
        compare("layerNorm 2-D vs sd.nn.layerNorm", v -> NnOps.layerNorm(v.get(0), v.get(1), v.get(2), 1e-12),
                (sd, v) -> sd.nn.layerNorm(v.get(0), v.get(1), v.get(2), false, 1),
                uniform(rng, -2, 2, 4, 7), uniform(rng, 0.5, 1.5, 7), uniform(rng, -1, 1, 7));
        // the usual eps, against layer norm composed of SameDiff primitives with PyTorch's convention
        double eps = 1e-3;
        compare("layerNorm eps 1e-3 vs composed", v -> NnOps.layerNorm(v.get(0), v.get(1), v.get(2), eps), (sd, v) -> {
            SDVariable x = v.get(0);
            SDVariable centred = x.sub(sd.mean(x, true, 1));
            SDVariable var = sd.mean(sd.math.square(centred), true, 1);
            return centred.div(sd.math.sqrt(var.add(eps))).mul(v.get(1)).add(v.get(2));
        }, uniform(rng, -0.1, 0.1, 4, 5), uniform(rng, 0.5, 1.5, 5), uniform(rng, -1, 1, 5));
    }

    @Test
    void conv2d() {
        for (int[] sp : new int[][] {{1, 0}, {2, 1}, {1, 2}}) {
            int stride = sp[0];
            int padding = sp[1];
            // the tape's weight is [O, C, kh, kw] (PyTorch); ND4J's default layout is YXIO = [kh, kw, C, O], so the
            // SameDiff graph permutes the OIYX variable itself and its gradient comes back in the tape's layout
            compare("conv2d stride " + stride + " padding " + padding,
                    v -> ConvOps.conv2d(v.get(0), v.get(1), v.get(2), stride, padding), (sd, v) -> {
                        Conv2DConfig c = Conv2DConfig.builder().kH(3).kW(2).sH(stride).sW(stride).pH(padding)
                                .pW(padding).dH(1).dW(1).paddingMode(PaddingMode.VALID)
                                .dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.YXIO).build();
                        return sd.cnn.conv2d(v.get(0), sd.permute(v.get(1), 2, 3, 1, 0), v.get(2), c);
                    }, uniform(rng, -1, 1, 2, 3, 6, 5), uniform(rng, -1, 1, 4, 3, 3, 2), uniform(rng, -1, 1, 4));
        }
    }

    @Test
    void convTranspose2d() {
        for (int[] sp : new int[][] {{1, 0}, {2, 1}, {2, 0}}) {
            int stride = sp[0];
            int padding = sp[1];
            // the tape's weight is [C_in, C_out, kh, kw] (PyTorch); ND4J's deconv2d wants [kh, kw, C_out, C_in]
            compare("convTranspose2d stride " + stride + " padding " + padding,
                    v -> ConvOps.convTranspose2d(v.get(0), v.get(1), v.get(2), stride, padding), (sd, v) -> {
                        DeConv2DConfig c = DeConv2DConfig.builder().kH(3).kW(2).sH(stride).sW(stride).pH(padding)
                                .pW(padding).dH(1).dW(1).isSameMode(false).dataFormat(DeConv2DConfig.NCHW).build();
                        return sd.cnn.deconv2d(v.get(0), sd.permute(v.get(1), 2, 3, 1, 0), v.get(2), c);
                    }, uniform(rng, -1, 1, 2, 3, 4, 3), uniform(rng, -1, 1, 3, 4, 3, 2), uniform(rng, -1, 1, 4));
        }
    }

    private void act(Activation act, java.util.function.BiFunction<SameDiff, SDVariable, SDVariable> sdAct) {
        compare(act.name(), v -> v.get(0).act(act), (sd, v) -> sdAct.apply(sd, v.get(0)), awayFromZero(3, 5));
    }

    /** @return values in {@code (-2.1, 2.1)} at least 0.05 from 0: no kink of the ReLU family or of abs within reach */
    private INDArray awayFromZero(long... shape) {
        return awayFrom(0, shape);
    }

    /** @return values in {@code (-2.1, 2.1)} at least 0.05 from {@code +-c} */
    private INDArray awayFrom(double c, long... shape) {
        INDArray x = uniform(rng, -2, 2, shape);
        for (long i = 0; i < x.length(); i++) {
            double d = x.getDouble(i);
            if (Math.abs(Math.abs(d) - c) < 0.05) {
                x.putScalar(i, d + (d >= 0 ? 0.1 : -0.1));
            }
        }
        return x;
    }

    /**
     * Runs one case both ways and compares the output and all input gradients.
     *
     * @param name   the case, for messages
     * @param tape   the program on the tape, called with one {@link Var#input} per array
     * @param sdProg the same program in SameDiff, called with one variable per array
     * @param inputs float64 inputs (not modified)
     */
    private void compare(String name, Function<List<Var>, Var> tape, SdProgram sdProg, INDArray... inputs) {
        long seed = rng.nextLong();
        List<Var> vars = new ArrayList<>();
        for (INDArray x : inputs) {
            assertEquals(DataType.DOUBLE, x.dataType(), name);
            vars.add(Var.input(x.dup()));
        }
        INDArray out;
        INDArray g;
        try (Tape t = Tape.open()) {
            Var y = tape.apply(vars);
            out = y.value().dup();
            g = uniform(new SplittableRandom(seed), -1, 1, y.shape());
            t.backward(y, g);
        }

        Map<String, INDArray> sdGrads;
        INDArray sdOut;
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream())); // SameDiff prints "Added differentiated op"
        try {
            SameDiff sd = SameDiff.create();
            List<SDVariable> in = new ArrayList<>();
            String[] names = new String[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                names[i] = "in" + i;
                in.add(sd.var(names[i], inputs[i].dup()));
            }
            SDVariable y = sdProg.apply(sd, in);
            SDVariable loss = sd.sum("loss", y.mul(sd.constant("G", g.dup())));
            sd.setLossVariables(loss);
            sdOut = sd.outputSingle(new HashMap<>(), y.name());
            sdGrads = sd.calculateGradients(new HashMap<>(), names);
        } finally {
            System.setOut(stdout);
        }

        assertArrayEquals(sdOut.shape(), out.shape(), name + ": output shape");
        assertClose(name + ": output", out, sdOut);
        for (int i = 0; i < inputs.length; i++) {
            INDArray ours = vars.get(i).grad();
            INDArray theirs = sdGrads.get("in" + i);
            assertNotNull(ours, name + ": no tape gradient for input " + i);
            assertNotNull(theirs, name + ": no SameDiff gradient for input " + i);
            assertArrayEquals(inputs[i].shape(), ours.shape(), name + ": tape gradient shape of input " + i);
            assertArrayEquals(inputs[i].shape(), theirs.shape(), name + ": SameDiff gradient shape of input " + i);
            assertClose(name + ": gradient of input " + i, ours, theirs);
        }
    }

    private static void assertClose(String what, INDArray ours, INDArray theirs) {
        assertEquals(DataType.DOUBLE, theirs.dataType(), what + ": SameDiff's data type");
        double scale = Math.max(1e-300, theirs.amaxNumber().doubleValue());
        double err = ours.castTo(DataType.DOUBLE).sub(theirs).amaxNumber().doubleValue() / scale;
        assertTrue(err <= TOL, what + ": relative difference " + err + " > " + TOL + " (scale " + scale + ")");
    }
}
