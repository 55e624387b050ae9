package org.mbrl4j.tensor.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbrl4j.tensor.autodiff.GradCheck.uniform;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ops with a float32 kernel of their own (the SIMD row kernels, the host loops of the squared error and of
 * whole-array sums and means) give the float64 path's values and gradients up to float rounding, on row lengths
 * that exercise both the vector lanes and the scalar tails.
 */
class Float32PathTest {

    private final SplittableRandom rng = new SplittableRandom(41);

    @Test
    void layerNormMatchesTheFloat64Path() {
        for (int n : new int[] {3, 37, 512}) {
            INDArray x = uniform(rng, -3, 3, 6, n).addi(1.5);
            INDArray gain = uniform(rng, 0.5, 1.5, n);
            INDArray bias = uniform(rng, -0.5, 0.5, n);
            INDArray up = uniform(rng, -1, 1, 6, n);
            compare("layerNorm n=" + n, v -> NnOps.layerNorm(v.get(0), v.get(1), v.get(2), 1e-3), up, x, gain, bias);
            compare("layerNorm no affine n=" + n, v -> NnOps.layerNorm(v.get(0), null, null, 1e-5), up, x);
            compare("layerNorm gain only n=" + n, v -> NnOps.layerNorm(v.get(0), v.get(1), null, 1e-5), up, x, gain);
        }
    }

    @Test
    void channelLayerNormMatchesTheFloat64PathAndLayerNormOnChannelsLast() {
        for (long[] shape : new long[][] {{3, 5, 4, 4}, {2, 32, 8, 8}, {4, 7}}) {
            int c = (int) shape[1];
            INDArray x = uniform(rng, -3, 3, shape).addi(1.5);
            INDArray gain = uniform(rng, 0.5, 1.5, c);
            INDArray bias = uniform(rng, -0.5, 0.5, c);
            INDArray up = uniform(rng, -1, 1, shape);
            String name = "channelLayerNorm " + java.util.Arrays.toString(shape);
            compare(name, v -> NnOps.channelLayerNorm(v.get(0), v.get(1), v.get(2), 1e-3), up, x, gain, bias);
            compare(name + " no affine", v -> NnOps.channelLayerNorm(v.get(0), null, null, 1e-5), up, x);
            if (shape.length == 4) {
                for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                    List<INDArray> fused = run(v -> NnOps.channelLayerNorm(v.get(0), v.get(1), v.get(2), 1e-3), up,
                            type, x, gain, bias);
                    List<INDArray> permuted = run(v -> NnOps.layerNorm(v.get(0).permute(0, 2, 3, 1), v.get(1),
                            v.get(2), 1e-3).permute(0, 3, 1, 2), up, type, x, gain, bias);
                    double tol = type == DataType.DOUBLE ? 1e-12 : 2e-5;
                    for (int k = 0; k < fused.size(); k++) {
                        INDArray a = fused.get(k).castTo(DataType.DOUBLE);
                        INDArray b = permuted.get(k).castTo(DataType.DOUBLE);
                        double scale = Math.max(1, b.amaxNumber().doubleValue());
                        assertTrue(a.sub(b).amaxNumber().doubleValue() <= tol * scale, name + " " + type + ", "
                                + (k == 0 ? "output" : "gradient of input " + (k - 1)) + " differs from layerNorm "
                                + "on channels last by " + a.sub(b).amaxNumber());
                    }
                }
            }
        }
    }

    @Test
    void slicesAndSplitsMatchTheFloat64Path() {
        INDArray x = uniform(rng, -3, 3, 4, 6, 5);
        compare("slice axis 0", v -> Ops.slice(v.get(0), 0, 1, 3), uniform(rng, -1, 1, 2, 6, 5), x);
        compare("slice axis 1", v -> Ops.slice(v.get(0), 1, 2, 5), uniform(rng, -1, 1, 4, 3, 5), x);
        compare("slice last axis", v -> Ops.slice(v.get(0), -1, 4, 5), uniform(rng, -1, 1, 4, 6, 1), x);
        // the parts of a split add back into one gradient, and a value used twice adds twice
        compare("split and reuse", v -> {
            List<Var> parts = Ops.split(v.get(0), 1, 1, 2, 3);
            return Ops.concat(1, parts.get(2), parts.get(0).mul(parts.get(0)), parts.get(1), parts.get(0));
        }, uniform(rng, -1, 1, 4, 7, 5), x);
        compare("slice of a parameter-like input twice",
                v -> Ops.slice(v.get(0), 0, 0, 2).add(Ops.slice(v.get(0), 0, 2, 4)), uniform(rng, -1, 1, 2, 6, 5), x);
    }

    @Test
    void squaredErrorAndWholeArrayReductionsMatchTheFloat64Path() {
        INDArray p = uniform(rng, -3, 3, 5, 7);
        INDArray t = uniform(rng, -3, 3, 5, 7);
        INDArray up = uniform(rng, -1, 1, 5, 7);
        compare("mse", v -> Losses.mse(v.get(0), v.get(1)), up, p, t);
        INDArray one = uniform(rng, 0.5, 1.5);
        compare("mean of mse", v -> Losses.mse(v.get(0), v.get(1)).mean(), one, p, t);
        compare("mseMean", v -> Losses.mseMean(v.get(0), v.get(1)), one, p, t);
        compare("sum", v -> v.get(0).sum(), one, p);
        INDArray keep = uniform(rng, 0.5, 1.5, 1, 1);
        compare("sum keepDims", v -> v.get(0).sum(true, 0, 1), keep, p);
        compare("mean keepDims", v -> v.get(0).mean(true, 0, 1), keep, p);
    }

    @Test
    void mseMeanIsTheMeanOfMseBitForBit() {
        for (long[] shape : new long[][] {{5, 7}, {256, 8}, {3}}) { // odd, even and a single row
            INDArray p = uniform(rng, -3, 3, shape).castTo(DataType.FLOAT);
            INDArray t = uniform(rng, -3, 3, shape).castTo(DataType.FLOAT);
            INDArray up = uniform(rng, 0.5, 1.5).castTo(DataType.FLOAT);
            List<INDArray> fused = run(v -> Losses.mseMean(v.get(0), v.get(1)), up, DataType.FLOAT, p, t);
            List<INDArray> composed = run(v -> Losses.mse(v.get(0), v.get(1)).mean(), up, DataType.FLOAT, p, t);
            for (int k = 0; k < fused.size(); k++) {
                assertEquals(composed.get(k), fused.get(k), "shape " + java.util.Arrays.toString(shape) + ", "
                        + (k == 0 ? "output" : "gradient of input " + (k - 1)));
            }
            assertEquals(0, fused.get(0).rank(), "a scalar");
        }
    }

    @Test
    void twoHotMeansMatchTheFloat64Path() {
        for (TwoHot th : new TwoHot[] {TwoHot.tdmpc2(), TwoHot.dreamerV3(), TwoHot.tdmpc2(11, -2, 2)}) {
            int k = th.bins().length;
            INDArray rows = uniform(rng, -4, 4, 6, k);
            compare("mean of " + th, v -> th.mean(v.get(0)), uniform(rng, -1, 1, 6), rows);
            compare("mean of one row of " + th, v -> th.mean(v.get(0)), uniform(rng, 0.5, 1.5), uniform(rng, -4, 4, k));
        }
    }

    @Test
    void logSoftmaxAndCrossEntropyMatchTheFloat64Path() {
        INDArray x = uniform(rng, -6, 6, 5, 101);
        compare("logSoftmax", v -> NnOps.logSoftmax(v.get(0)), uniform(rng, -1, 1, 5, 101), x);
        compare("logSoftmax of one row", v -> NnOps.logSoftmax(v.get(0)), uniform(rng, -1, 1, 3), uniform(rng, -6, 6, 3));
        INDArray target = uniform(rng, 0, 1, 5, 101);
        compare("crossEntropy", v -> Losses.crossEntropy(v.get(0), v.get(1)), uniform(rng, -1, 1, 5), x, target);
        TwoHot th = TwoHot.tdmpc2();
        INDArray values = uniform(rng, -50, 50, 5);
        compare("two-hot loss", v -> th.loss(v.get(0), values.castTo(v.get(0).dataType())), uniform(rng, -1, 1, 5), x);
    }

    @Test
    void categoricalOpsMatchTheFloat64Path() {
        INDArray logits = uniform(rng, -4, 4, 3, 5, 16);
        INDArray other = uniform(rng, -4, 4, 3, 5, 16);
        INDArray up = uniform(rng, -1, 1, 3, 5, 16);
        INDArray upRows = uniform(rng, -1, 1, 3, 5);
        compare("softmax", v -> NnOps.softmax(v.get(0)), up, logits);
        compare("unimix probs", v -> Categorical.ofLogits(v.get(0), 0.01).probs(), up, logits);
        compare("unimix log-probs", v -> Categorical.ofLogits(v.get(0), 0.01).logProbs(), up, logits);
        compare("log", v -> v.get(0).log(), up, uniform(rng, 0.1, 3, 3, 5, 16));
        compare("sum over the last axis", v -> v.get(0).sum(false, -1), upRows, logits);
        compare("sum over the last axis, kept", v -> v.get(0).sum(true, -1), upRows.reshape(3, 5, 1), logits);
        compare("kl", v -> Categorical.ofLogits(v.get(0)).kl(Categorical.ofLogits(v.get(1))), upRows, logits, other);
        INDArray kl = uniform(rng, 0, 2, 3, 5);
        kl.putScalar(0, 1.0); // a tie: the gradient passes
        compare("free bits", v -> Losses.freeBits(v.get(0), 1.0), upRows, kl);
        compare("kl, one side detached",
                v -> Categorical.ofLogits(v.get(0).detach()).kl(Categorical.ofLogits(v.get(1))), upRows, logits, other);
    }

    @Test
    void concatMatchesTheFloat64PathOnEveryAxis() {
        INDArray a = uniform(rng, -1, 1, 4, 2, 3);
        INDArray b = uniform(rng, -1, 1, 4, 2, 5);
        INDArray c = uniform(rng, -1, 1, 4, 2, 1);
        compare("concat last axis", v -> Ops.concat(-1, v.get(0), v.get(1), v.get(2)), uniform(rng, -1, 1, 4, 2, 9),
                a, b, c);
        compare("concat middle axis", v -> Ops.concat(1, v.get(0), v.get(1)), uniform(rng, -1, 1, 4, 4, 3), a,
                uniform(rng, -1, 1, 4, 2, 3));
        compare("concat first axis", v -> Ops.concat(0, v.get(0), v.get(1)), uniform(rng, -1, 1, 7, 2, 3), a,
                uniform(rng, -1, 1, 3, 2, 3));
    }

    @Test
    void reductionsOverAllAxesKeepTheRankOfTheFloat64Path() {
        INDArray x = uniform(rng, -1, 1, 2, 3, 4);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            Var v = Var.constant(x.castTo(type));
            assertEquals(0, v.sum().rank(), type + " sum");
            assertEquals(0, v.mean().rank(), type + " mean");
            assertEquals(3, v.mean(true, 0, 1, 2).rank(), type + " mean keepDims");
            assertEquals(x.sumNumber().doubleValue(), v.sum().item(), 1e-5, type + " sum value");
        }
    }

    /** Runs {@code f} in float64 and float32 with the same upstream gradient; compares outputs and gradients. */
    private static void compare(String what, Function<List<Var>, Var> f, INDArray up, INDArray... inputs) {
        List<INDArray> ref = run(f, up, DataType.DOUBLE, inputs);
        List<INDArray> got = run(f, up, DataType.FLOAT, inputs);
        for (int k = 0; k < ref.size(); k++) {
            INDArray r = ref.get(k);
            if (r == null) { // an input no gradient reaches (detached)
                assertEquals(null, got.get(k), what + ": input " + (k - 1) + " has a gradient in float32 only");
                continue;
            }
            INDArray g = got.get(k).castTo(DataType.DOUBLE);
            double scale = Math.max(1, r.amaxNumber().doubleValue());
            for (long i = 0; i < r.length(); i++) {
                assertEquals(r.getDouble(i), g.getDouble(i), 2e-5 * scale,
                        what + (k == 0 ? ": output" : ": gradient of input " + (k - 1)) + " at " + i);
            }
        }
    }

    /** @return the output, then the gradient of each input */
    private static List<INDArray> run(Function<List<Var>, Var> f, INDArray up, DataType type, INDArray... inputs) {
        List<Var> vars = new ArrayList<>();
        for (INDArray in : inputs) {
            vars.add(Var.input(in.castTo(type).dup()));
        }
        List<INDArray> out = new ArrayList<>();
        try (Tape tape = Tape.open()) {
            Var y = f.apply(vars);
            out.add(y.value().dup());
            tape.backward(y, up.castTo(type).dup());
        }
        for (Var v : vars) {
            out.add(v.grad());
        }
        return out;
    }
}
