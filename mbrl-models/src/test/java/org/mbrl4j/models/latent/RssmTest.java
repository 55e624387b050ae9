package org.mbrl4j.models.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.models.nn.Adam;
import org.mbrl4j.models.nn.AdamConfig;
import org.mbrl4j.models.nn.Gradients;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.TwoHot;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class RssmTest {

    private static INDArray uniform(SplittableRandom rng, DataType type, long... shape) {
        int n = 1;
        for (long s : shape) {
            n *= (int) s;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        return HostArrays.array(v, type, shape);
    }

    @Test
    void observeAndImagineHaveTheDocumentedShapes() {
        RssmConfig c = RssmConfig.tiny();
        Rssm model = new Rssm(new long[] {3}, 1, c, new SplittableRandom(1));
        SplittableRandom data = new SplittableRandom(2);
        Observation o = model.observe(null, uniform(data, DataType.FLOAT, 2, 5, 3), uniform(data, DataType.FLOAT, 2, 5, 1),
                new SplittableRandom(3));
        assertEquals(5, o.posteriors().size());
        RssmState post = o.posteriors().get(4);
        assertArrayEquals(new long[] {2, 64}, post.deter().shape());
        assertArrayEquals(new long[] {2, 64}, post.stoch().shape()); // 8 latents x 8 classes
        assertArrayEquals(new long[] {2, 64}, post.stats().shape());
        assertArrayEquals(new long[] {2, 128}, post.features().shape());
        // posterior and prior of a step share h_t
        assertArrayEquals(HostArrays.toFloats(o.priors().get(4).deter().value()), HostArrays.toFloats(post.deter().value()));
        float[] z = HostArrays.toFloats(post.stoch().value());
        for (int row = 0; row < 2 * 8; row++) {
            float sum = 0;
            for (int k = 0; k < 8; k++) {
                assertTrue(z[row * 8 + k] == 0 || z[row * 8 + k] == 1);
                sum += z[row * 8 + k];
            }
            assertEquals(1, sum, 0);
        }
        Imagination im = model.imagine(s -> Var.constant(Nd4j.zeros(DataType.FLOAT, 2, 1)), o.last(), 4,
                new SplittableRandom(4));
        assertEquals(5, im.states().size());
        assertEquals(4, im.horizon());
        assertArrayEquals(new long[] {2, 1}, im.actions().get(3).shape());
        assertArrayEquals(new long[] {2}, model.reward(im.states().get(4).features()).shape());
        assertArrayEquals(new long[] {2, 3}, model.reconstruct(post.features()).shape());
    }

    @Test
    void observeIsTheChainOfPosteriorSteps() {
        Rssm model = new Rssm(new long[] {3}, 2, RssmConfig.tiny(), new SplittableRandom(1));
        SplittableRandom data = new SplittableRandom(2);
        INDArray obs = uniform(data, DataType.FLOAT, 3, 4, 3);
        INDArray act = uniform(data, DataType.FLOAT, 3, 4, 2);
        Observation o = model.observe(null, obs, act, new SplittableRandom(9));
        SplittableRandom rng = new SplittableRandom(9);
        RssmState s = model.initial(3);
        Var embeds = model.embed(Var.constant(obs));
        for (int t = 0; t < 4; t++) {
            Var e = Var.constant(embeds.value().get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).dup());
            Var a = Var.constant(act.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).dup());
            RssmState[] step = model.observeStep(s, a, e, rng);
            assertArrayEquals(HostArrays.toFloats(o.posteriors().get(t).stats().value()),
                    HostArrays.toFloats(step[0].stats().value()), 1e-6f);
            assertArrayEquals(HostArrays.toFloats(o.posteriors().get(t).stoch().value()),
                    HostArrays.toFloats(step[0].stoch().value()));
            s = step[0];
        }
    }

    @Test
    void thePriorIgnoresTheObservationAndThePosteriorUsesIt() {
        Rssm model = new Rssm(new long[] {3}, 1, RssmConfig.tiny(), new SplittableRandom(1));
        SplittableRandom data = new SplittableRandom(2);
        INDArray obs = uniform(data, DataType.FLOAT, 2, 3, 3);
        INDArray act = uniform(data, DataType.FLOAT, 2, 3, 1);
        INDArray changed = obs.dup();
        changed.get(NDArrayIndex.all(), NDArrayIndex.point(2), NDArrayIndex.all()).addi(5);
        Observation a = model.observe(null, obs, act, new SplittableRandom(5));
        Observation b = model.observe(null, changed, act, new SplittableRandom(5));
        assertArrayEquals(HostArrays.toFloats(a.priors().get(2).stats().value()),
                HostArrays.toFloats(b.priors().get(2).stats().value()));
        assertFalse(java.util.Arrays.equals(HostArrays.toFloats(a.posteriors().get(2).stats().value()),
                HostArrays.toFloats(b.posteriors().get(2).stats().value())));
    }

    @Test
    void sameSeedGivesTheSameModelAndSamples() {
        SplittableRandom data = new SplittableRandom(2);
        INDArray obs = uniform(data, DataType.FLOAT, 2, 3, 3);
        INDArray act = uniform(data, DataType.FLOAT, 2, 3, 1);
        float[][] out = new float[2][];
        for (int i = 0; i < 2; i++) {
            Rssm model = new Rssm(new long[] {3}, 1, RssmConfig.tiny(), new SplittableRandom(1));
            out[i] = HostArrays.toFloats(model.observe(null, obs, act, new SplittableRandom(5)).last().features().value());
        }
        assertArrayEquals(out[0], out[1]);
    }

    @Test
    void rewardHeadStartsAtZeroAndTwoHotRoundTrips() {
        Rssm model = new Rssm(new long[] {3}, 1, RssmConfig.tiny(), new SplittableRandom(1));
        RssmState s = model.initial(4);
        assertArrayEquals(new double[4], HostArrays.toDoubles(model.reward(s.features()).value()), 1e-6);
        TwoHot twoHot = model.twoHot();
        assertEquals(255, twoHot.numBins());
        double[] values = {-250.5, -1.25, 0, 0.3, 7, 1234.5};
        INDArray target = twoHot.encode(Nd4j.createFromArray(values));
        // logits that put exactly the two-hot weights on the bins decode to the value again
        INDArray logits = org.nd4j.linalg.ops.transforms.Transforms.log(target.add(1e-300), true);
        assertArrayEquals(values, HostArrays.toDoubles(twoHot.mean(Var.constant(logits)).value()), 1e-9 * 1300);
    }

    @Test
    void theSmallPresetHasOneToThreeMillionParameters() {
        Rssm model = new Rssm(new long[] {3}, 1, RssmConfig.small(), new SplittableRandom(1));
        assertTrue(model.parameterCount() > 1_000_000 && model.parameterCount() < 3_000_000,
                "parameters " + model.parameterCount());
    }

    @Test
    void pixelObservationsGoThroughTheConvEncoderAndDecoder() {
        Rssm model = new Rssm(new long[] {3, 16, 16}, 1, RssmConfig.tiny(), new SplittableRandom(1));
        assertTrue(model.pixels());
        SplittableRandom data = new SplittableRandom(2);
        INDArray obs = uniform(data, DataType.FLOAT, 2, 3, 3, 16, 16).addi(1).divi(2);
        WorldModelLoss l;
        try (Tape tape = Tape.open()) {
            l = model.loss(null, obs, uniform(data, DataType.FLOAT, 2, 3, 1), Nd4j.zeros(DataType.FLOAT, 2, 3),
                    Nd4j.ones(DataType.FLOAT, 2, 3), new SplittableRandom(3));
            tape.backward(l.total());
        }
        assertTrue(Double.isFinite(l.total().item()) && l.reconstruction() > 0);
        assertArrayEquals(new long[] {2, 3, 16, 16}, model.reconstruct(l.observation().last().features()).shape());
        assertTrue(Gradients.globalNorm(model.parameters()) > 0);
    }

    @Test
    void openLoopReconstructsTheContextAndPredictsTheRestFromActionsAlone() {
        Rssm model = new Rssm(new long[] {3}, 1, RssmConfig.tiny(), new SplittableRandom(1));
        SplittableRandom data = new SplittableRandom(2);
        INDArray obs = uniform(data, DataType.FLOAT, 2, 6, 3);
        INDArray act = uniform(data, DataType.FLOAT, 2, 6, 1);
        INDArray pred = model.openLoop(obs, act, 3, new SplittableRandom(5));
        assertArrayEquals(new long[] {2, 6, 3}, pred.shape());
        // the context steps are the posteriors' reconstructions, drawn from the same generator in the same order
        // (decoded in one batch of all steps, so equal to rounding)
        Observation o = model.observe(null, obs.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3)).dup(),
                act.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3)).dup(), new SplittableRandom(5));
        for (int t = 0; t < 3; t++) {
            assertArrayEquals(HostArrays.toFloats(model.reconstruct(o.posteriors().get(t).features()).value()),
                    HostArrays.toFloats(pred.get(NDArrayIndex.all(), NDArrayIndex.point(t)).dup()), 1e-5f, "step " + t);
        }
        // observations after the context are never seen; those inside it change the prediction
        INDArray later = obs.dup();
        later.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 6)).addi(5);
        assertArrayEquals(HostArrays.toFloats(pred), HostArrays.toFloats(model.openLoop(later, act, 3,
                new SplittableRandom(5))));
        INDArray earlier = obs.dup();
        earlier.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3)).assign(uniform(data, DataType.FLOAT, 2, 3, 3)
                .muli(10));
        INDArray moved = model.openLoop(earlier, act, 3, new SplittableRandom(5));
        assertFalse(java.util.Arrays.equals(HostArrays.toFloats(pred.get(NDArrayIndex.all(), NDArrayIndex.point(5))
                .dup()), HostArrays.toFloats(moved.get(NDArrayIndex.all(), NDArrayIndex.point(5)).dup())));
        IllegalArgumentException context = assertThrows(IllegalArgumentException.class,
                () -> model.openLoop(obs, act, 7, new SplittableRandom(5)));
        assertEquals("context must be in [1, 6] (the sequence length): 7", context.getMessage());
    }

    @Test
    void openLoopOfAnEpisodeShiftsTheActionsAndRepeatsItPerSample() {
        Rssm model = new Rssm(new long[] {3}, 2, RssmConfig.tiny(), new SplittableRandom(1));
        SplittableRandom data = new SplittableRandom(2);
        INDArray obs = uniform(data, DataType.FLOAT, 5, 3);
        double[] actions = new double[4 * 2];
        for (int i = 0; i < actions.length; i++) {
            actions[i] = data.nextDouble(-1, 1);
        }
        INDArray pred = model.openLoopEpisode(obs, HostArrays.array(actions, DataType.FLOAT, 4, 2), a -> a, 2, 3,
                new SplittableRandom(5));
        assertArrayEquals(new long[] {3, 5, 3}, pred.shape());
        // the same as the batched call with the action before each observation, zero before the first
        double[] prev = new double[3 * 5 * 2];
        for (int k = 0; k < 3; k++) {
            System.arraycopy(actions, 0, prev, (k * 5 + 1) * 2, actions.length);
        }
        INDArray batched = Nd4j.concat(0, obs.reshape(1, 5, 3), obs.reshape(1, 5, 3), obs.reshape(1, 5, 3));
        assertArrayEquals(HostArrays.toFloats(model.openLoop(batched, HostArrays.array(prev, DataType.FLOAT, 3, 5, 2),
                2, new SplittableRandom(5))), HostArrays.toFloats(pred));
        INDArray acts = HostArrays.array(actions, DataType.FLOAT, 4, 2);
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> model.openLoopEpisode(obs, acts, a -> new double[6], 2, 1, new SplittableRandom(5)));
        assertEquals("the encoded actions have 6 values; 4 actions of 2 need 8", count.getMessage());
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> model.openLoopEpisode(obs, Nd4j.zeros(DataType.FLOAT, 5, 2), a -> a, 2, 1,
                        new SplittableRandom(5)));
        assertEquals("actions [5, 2] must have 4 rows, one fewer than the observations [5, 3]", rows.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.openLoopEpisode(obs, acts, a -> a, 2, 0,
                new SplittableRandom(5)));
    }

    @Test
    void badInputIsRejectedNamingTheArgument() {
        Rssm model = new Rssm(new long[] {3}, 1, RssmConfig.tiny(), new SplittableRandom(1));
        INDArray act = Nd4j.zeros(DataType.FLOAT, 2, 3, 1);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> model.observe(null, Nd4j.zeros(DataType.FLOAT, 2, 3, 4), act, new SplittableRandom(1)));
        assertTrue(shape.getMessage().startsWith("obs [2, 3, 4]"), shape.getMessage());
        INDArray nan = Nd4j.zeros(DataType.FLOAT, 2, 3, 3);
        nan.putScalar(new long[] {1, 2, 0}, Double.NaN);
        IllegalArgumentException finite = assertThrows(IllegalArgumentException.class,
                () -> model.observe(null, nan, act, new SplittableRandom(1)));
        assertTrue(finite.getMessage().contains("obs"), finite.getMessage());
        IllegalArgumentException config = assertThrows(IllegalArgumentException.class,
                () -> RssmConfig.tiny().toBuilder().classes(1).build());
        assertEquals("classes must be 0 (Gaussian latents) or >= 2: 1", config.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Rssm(new long[] {3, 10, 10}, 1, RssmConfig.tiny(),
                new SplittableRandom(1)));
    }

    /** A point on a circle whose angular speed the action sets; rewards are its height. */
    private static INDArray[] circle(SplittableRandom rng, int b, int t) {
        INDArray obs = Nd4j.zeros(DataType.FLOAT, b, t, 2);
        INDArray act = Nd4j.zeros(DataType.FLOAT, b, t, 1);
        INDArray rew = Nd4j.zeros(DataType.FLOAT, b, t);
        for (int i = 0; i < b; i++) {
            double theta = rng.nextDouble(0, 2 * Math.PI);
            double prev = 0;
            for (int k = 0; k < t; k++) {
                if (k > 0) {
                    theta += 0.4 + 0.3 * prev;
                }
                obs.putScalar(new long[] {i, k, 0}, Math.cos(theta));
                obs.putScalar(new long[] {i, k, 1}, Math.sin(theta));
                act.putScalar(new long[] {i, k, 0}, prev);
                rew.putScalar(new long[] {i, k}, Math.sin(theta));
                prev = rng.nextDouble(-1, 1);
            }
        }
        return new INDArray[] {obs, act, rew};
    }

    @Test
    void theWorldModelLossFallsOnASyntheticSequenceTask() {
        Rssm model = new Rssm(new long[] {2}, 1, RssmConfig.tiny(), new SplittableRandom(1));
        Adam adam = new Adam(model.parameters(), AdamConfig.adam(1e-3, 0));
        INDArray[] d = circle(new SplittableRandom(4), 8, 12);
        INDArray cont = Nd4j.ones(DataType.FLOAT, 8, 12);
        SplittableRandom rng = new SplittableRandom(7);
        double first = 0;
        double last = 0;
        double firstRec = 0;
        double lastRec = 0;
        for (int i = 0; i < 120; i++) {
            WorldModelLoss l;
            try (Tape tape = Tape.open()) {
                l = model.loss(null, d[0], d[1], d[2], cont, rng);
                tape.backward(l.total());
            }
            adam.step();
            Gradients.zero(model.parameters());
            if (i == 0) {
                first = l.total().item();
                firstRec = l.reconstruction() + l.reward();
            }
            last = l.total().item();
            lastRec = l.reconstruction() + l.reward();
        }
        assertTrue(last < 0.5 * first, "world-model loss " + first + " -> " + last);
        assertTrue(lastRec < 0.4 * firstRec, "reconstruction + reward loss " + firstRec + " -> " + lastRec);
    }

    /**
     * Central differences in float64 through one {@code loss} (which runs {@code observe}) plus an imagination of
     * 3 steps from its last posterior, with Gaussian latents (reparameterised samples: the forward value is smooth
     * in the weights, which one-hot samples are not). The dynamics and representation losses get one weight
     * {@code w = 0.3} and no free nats: their stop-gradients then add up to the gradient of {@code w KL}, while the
     * value holds {@code 2 w KL}, so the finite differences are taken of the value minus {@code w KL}.
     */
    @Test
    void gradientsThroughObserveAndImagineMatchFiniteDifferences() {
        RssmConfig c = RssmConfig.tiny().toBuilder().deter(6).hidden(5).stoch(3).classes(0).units(5).layers(1)
                .freeBits(0).dynScale(0.3).repScale(0.3).dataType(DataType.DOUBLE).build();
        Rssm model = new Rssm(new long[] {2}, 1, c, new SplittableRandom(1));
        SplittableRandom data = new SplittableRandom(2);
        INDArray obs = uniform(data, DataType.DOUBLE, 2, 3, 2);
        INDArray act = uniform(data, DataType.DOUBLE, 2, 3, 1);
        INDArray rew = uniform(data, DataType.DOUBLE, 2, 3);
        INDArray cont = Nd4j.ones(DataType.DOUBLE, 2, 3);
        INDArray policyWeight = uniform(data, DataType.DOUBLE, c.featureSize(), 1);
        INDArray readout = uniform(data, DataType.DOUBLE, 2, c.featureSize());
        double[] kl = new double[1];
        java.util.function.Supplier<Var> objective = () -> {
            WorldModelLoss l = model.loss(null, obs, act, rew, cont, new SplittableRandom(11));
            kl[0] = l.kl();
            Imagination im = model.imagine(s -> s.features().matmul(Var.constant(policyWeight)).tanh(),
                    l.observation().last(), 3, new SplittableRandom(12));
            Var out = l.total();
            for (RssmState s : im.states().subList(1, 4)) {
                out = out.add(model.reward(s.features()).sum()).add(s.features().mul(Var.constant(readout)).sum());
            }
            return out;
        };
        List<Parameter> params = model.parameters();
        Gradients.zero(params);
        try (Tape tape = Tape.open()) {
            tape.backward(objective.get());
        }
        SplittableRandom pick = new SplittableRandom(3);
        int checked = 0;
        for (Parameter p : params) {
            if (!(p.name().startsWith("gru") || p.name().startsWith("img_in") || p.name().startsWith("prior")
                    || p.name().startsWith("post") || p.name().startsWith("enc") || p.name().startsWith("reward"))) {
                continue;
            }
            for (int k = 0; k < 2; k++) {
                int i = pick.nextInt((int) p.size());
                double analytic = p.grad().getDouble(i);
                INDArray flat = p.value().reshape(p.size());
                double x = flat.getDouble(i);
                double h = 1e-6;
                double plus;
                double minus;
                try (Tape.NoGrad ignored = Tape.pause()) {
                    // the value holds 0.3 dyn + 0.3 rep = 0.6 KL; their stopped gradients add up to that of 0.3 KL
                    flat.putScalar(i, x + h);
                    plus = objective.get().item() - 0.3 * kl[0];
                    flat.putScalar(i, x - h);
                    minus = objective.get().item() - 0.3 * kl[0];
                    flat.putScalar(i, x);
                }
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, analytic, 1e-5 * Math.max(1, Math.abs(numeric)), p.name() + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked >= 20, "checked " + checked);
    }
}
