package org.mbrl4j.tensor.autodiff;

import static org.mbrl4j.tensor.autodiff.GradCheck.check;
import static org.mbrl4j.tensor.autodiff.GradCheck.uniform;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.Activation;

/** Every op's gradient against float64 central differences, on random shapes with broadcasting. */
class OpsGradientTest {

    private static final double TOL = 1e-6;
    private final SplittableRandom rng = new SplittableRandom(17);

    @Test
    void arithmeticBroadcastsAndSumsGradientsBack() {
        check(v -> v.get(0).add(v.get(1)), TOL, 1, uniform(rng, -1, 1, 3, 4), uniform(rng, -1, 1, 4));
        check(v -> v.get(0).sub(v.get(1)), TOL, 2, uniform(rng, -1, 1, 2, 1, 4), uniform(rng, -1, 1, 3, 1));
        check(v -> v.get(0).mul(v.get(1)), TOL, 3, uniform(rng, -1, 1, 3, 1), uniform(rng, -1, 1, 1, 5));
        check(v -> v.get(0).div(v.get(1)), TOL, 4, uniform(rng, -1, 1, 2, 3), uniform(rng, 0.5, 2, 2, 1));
        check(v -> Ops.minimum(v.get(0), v.get(1)), TOL, 5, uniform(rng, -1, 1, 3, 4), uniform(rng, -1, 1, 4));
        check(v -> Ops.maximum(v.get(0), v.get(1)), TOL, 6, uniform(rng, -1, 1, 3, 4), uniform(rng, -1, 1, 3, 1));
        check(v -> v.get(0).add(2.5).mul(-1.5).neg(), TOL, 7, uniform(rng, -1, 1, 5));
    }

    @Test
    void unaryFunctions() {
        check(v -> v.get(0).square(), TOL, 1, uniform(rng, -2, 2, 3, 4));
        check(v -> v.get(0).exp(), TOL, 2, uniform(rng, -2, 2, 3, 4));
        check(v -> v.get(0).log(), TOL, 3, uniform(rng, 0.2, 3, 3, 4));
        check(v -> v.get(0).sqrt(), TOL, 4, uniform(rng, 0.2, 3, 3, 4));
        check(v -> v.get(0).abs(), TOL, 5, uniform(rng, 0.1, 1, 7).muli(uniform(rng, -1, 1, 7).gt(0).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).muli(2).subi(1)));
        check(v -> v.get(0).clamp(-0.5, 0.5), TOL, 6, uniform(rng, -1, 1, 20));
        check(v -> Ops.symlog(v.get(0)), TOL, 7, uniform(rng, -5, 5, 11));
        check(v -> Ops.symexp(v.get(0)), TOL, 8, uniform(rng, -3, 3, 11));
    }

    @Test
    void everyActivation() {
        for (Activation act : Activation.values()) {
            // keep away from the kinks of the ReLU family, where central differences straddle two slopes
            check(v -> v.get(0).act(act), 1e-5, act.ordinal(), uniform(rng, 0.05, 2, 2, 5).muli(
                    uniform(rng, -1, 1, 2, 5).gt(0).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).muli(2).subi(1)));
        }
    }

    @Test
    void productsPlainFlattenedAndEnsembled() {
        check(v -> v.get(0).matmul(v.get(1)), TOL, 1, uniform(rng, -1, 1, 3, 4), uniform(rng, -1, 1, 4, 2));
        check(v -> v.get(0).matmul(v.get(1)), TOL, 2, uniform(rng, -1, 1, 2, 3, 4), uniform(rng, -1, 1, 4, 5));
        check(v -> v.get(0).matmul(v.get(1)), TOL, 3, uniform(rng, -1, 1, 3, 2, 4), uniform(rng, -1, 1, 3, 4, 2));
        check(v -> Ops.linear(v.get(0), v.get(1), v.get(2), Activation.TANH), TOL, 4,
                uniform(rng, -1, 1, 5, 3), uniform(rng, -1, 1, 3, 4), uniform(rng, -1, 1, 4));
        check(v -> Ops.linear(v.get(0), v.get(1), v.get(2), Activation.SILU), TOL, 5,
                uniform(rng, -1, 1, 2, 5, 3), uniform(rng, -1, 1, 2, 3, 4), uniform(rng, -1, 1, 2, 1, 4));
    }

    @Test
    void reductions() {
        check(v -> v.get(0).sum(), TOL, 1, uniform(rng, -1, 1, 3, 4));
        check(v -> v.get(0).sum(false, 1), TOL, 2, uniform(rng, -1, 1, 2, 3, 4));
        check(v -> v.get(0).sum(true, 0, 2), TOL, 3, uniform(rng, -1, 1, 2, 3, 4));
        check(v -> v.get(0).mean(false, -1), TOL, 4, uniform(rng, -1, 1, 2, 3, 4));
        check(v -> v.get(0).mean(), TOL, 5, uniform(rng, -1, 1, 2, 3));
        check(v -> Ops.max(v.get(0), 1, false), TOL, 6, uniform(rng, -1, 1, 3, 5));
        check(v -> Ops.max(v.get(0), 0, true), TOL, 7, uniform(rng, -1, 1, 3, 5));
    }

    @Test
    void shapeOps() {
        check(v -> v.get(0).reshape(4, 3).matmul(v.get(1)), TOL, 1, uniform(rng, -1, 1, 2, 6), uniform(rng, -1, 1, 3, 2));
        check(v -> v.get(0).permute(2, 0, 1), TOL, 2, uniform(rng, -1, 1, 2, 3, 4));
        check(v -> v.get(0).slice(1, 1, 3), TOL, 3, uniform(rng, -1, 1, 2, 4, 3));
        check(v -> Ops.concat(-1, v.get(0), v.get(1), v.get(0)), TOL, 4, uniform(rng, -1, 1, 2, 3), uniform(rng, -1, 1, 2, 2));
        check(v -> {
            var parts = Ops.split(v.get(0), 0, 1, 2);
            return parts.get(0).mul(parts.get(1).sum(true, 0));
        }, TOL, 5, uniform(rng, -1, 1, 3, 4));
    }

    @Test
    void lastAxisNetworkOps() {
        check(v -> NnOps.softmax(v.get(0)), TOL, 1, uniform(rng, -2, 2, 3, 5));
        check(v -> NnOps.logSoftmax(v.get(0)), TOL, 2, uniform(rng, -2, 2, 2, 3, 5));
        check(v -> NnOps.layerNorm(v.get(0), v.get(1), v.get(2), 1e-3), TOL, 3,
                uniform(rng, -2, 2, 4, 6), uniform(rng, 0.5, 1.5, 6), uniform(rng, -1, 1, 6));
        check(v -> NnOps.layerNorm(v.get(0), null, null, 1e-5), TOL, 4, uniform(rng, -2, 2, 2, 2, 5));
        check(v -> NnOps.layerNorm(v.get(0), v.get(1), null, 1e-5), TOL, 5, uniform(rng, -2, 2, 3, 5), uniform(rng, 0.5, 1.5, 5));
        check(v -> NnOps.channelLayerNorm(v.get(0), v.get(1), v.get(2), 1e-3), TOL, 8,
                uniform(rng, -2, 2, 2, 4, 3, 2), uniform(rng, 0.5, 1.5, 4), uniform(rng, -1, 1, 4));
        check(v -> NnOps.channelLayerNorm(v.get(0), null, null, 1e-5), TOL, 9, uniform(rng, -2, 2, 3, 5));
        check(v -> NnOps.channelLayerNorm(v.get(0), v.get(1), null, 1e-5), TOL, 10, uniform(rng, -2, 2, 2, 3, 4),
                uniform(rng, 0.5, 1.5, 3));
        check(v -> NnOps.simNorm(v.get(0), 4), TOL, 6, uniform(rng, -2, 2, 3, 8));
        check(v -> NnOps.gather(v.get(0), new int[] {2, 0, 1}), TOL, 7, uniform(rng, -2, 2, 3, 4));
    }
}
