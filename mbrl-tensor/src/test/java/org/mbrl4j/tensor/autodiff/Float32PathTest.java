package org.mbrl4j.tensor.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mbrl4j.tensor.autodiff.GradCheck.uniform;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ops with a float32 kernel of their own (the SIMD row kernels) give the float64 path's values and gradients
 * up to float rounding, on row lengths that exercise both the vector lanes and the scalar tails.
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

    /** Runs {@code f} in float64 and float32 with the same upstream gradient; compares outputs and gradients. */
    private static void compare(String what, Function<List<Var>, Var> f, INDArray up, INDArray... inputs) {
        List<INDArray> ref = run(f, up, DataType.DOUBLE, inputs);
        List<INDArray> got = run(f, up, DataType.FLOAT, inputs);
        for (int k = 0; k < ref.size(); k++) {
            INDArray r = ref.get(k);
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
