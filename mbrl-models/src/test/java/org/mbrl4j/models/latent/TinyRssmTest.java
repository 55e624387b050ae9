package org.mbrl4j.models.latent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.models.nn.Adam;
import org.mbrl4j.models.nn.AdamConfig;
import org.mbrl4j.models.nn.Gradients;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.autodiff.Categorical;
import org.mbrl4j.tensor.autodiff.Losses;
import org.mbrl4j.tensor.autodiff.Ops;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.Dense;
import org.mbrl4j.tensor.nn.DenseStack;
import org.mbrl4j.tensor.nn.GruCell;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A tiny DreamerV3-style RSSM written on the tape (LayerNorm GRU, 4 categorical latents of 4 classes with 1%
 * unimix and straight-through samples, MLP encoder and decoder, the KL balance with free bits) learns a
 * synthetic sequence task: a point on a circle whose angular speed the action sets. Both the reconstruction
 * from the posterior and the one-step prediction from the prior must become accurate, so the GRU, the
 * categorical samples and the KL terms must all carry gradients through the 12-step unroll.
 */
class TinyRssmTest {

    private static final int B = 8;
    private static final int T = 12;
    private static final int OBS = 3;
    private static final int DETER = 32;
    private static final int STOCH = 4;
    private static final int CLASSES = 4;
    private static final int HIDDEN = 32;

    /** obs[t] = (cos theta, sin theta, a[t-1]); theta[t+1] = theta[t] + 0.4 + 0.3 a[t]. */
    private static INDArray[] sequences(SplittableRandom rng) {
        INDArray obs = Nd4j.zeros(DataType.FLOAT, T, B, OBS);
        INDArray act = Nd4j.zeros(DataType.FLOAT, T, B, 1);
        for (int b = 0; b < B; b++) {
            double theta = rng.nextDouble(0, 2 * Math.PI);
            double prev = 0;
            for (int t = 0; t < T; t++) {
                double a = rng.nextDouble(-1, 1);
                obs.putScalar(new long[] {t, b, 0}, Math.cos(theta));
                obs.putScalar(new long[] {t, b, 1}, Math.sin(theta));
                obs.putScalar(new long[] {t, b, 2}, prev);
                act.putScalar(new long[] {t, b, 0}, a);
                theta += 0.4 + 0.3 * a;
                prev = a;
            }
        }
        return new INDArray[] {obs, act};
    }

    private final SplittableRandom init = new SplittableRandom(11);
    private final DenseStack encoder = DenseStack.builder("enc", OBS, HIDDEN).hidden(HIDDEN, 1).norm(1e-3)
            .outputActivation(Activation.SILU).build(init);
    private final Dense imgIn = Dense.builder("img_in", STOCH * CLASSES + 1, HIDDEN).optBias(false).optNorm(1e-3)
            .optActivation(Activation.SILU).build(init);
    private final GruCell gru = new GruCell("gru", HIDDEN, DETER, DataType.FLOAT, init);
    private final DenseStack prior = DenseStack.builder("prior", DETER, STOCH * CLASSES).hidden(HIDDEN, 1)
            .norm(1e-3).build(init);
    private final DenseStack posterior = DenseStack.builder("post", DETER + HIDDEN, STOCH * CLASSES)
            .hidden(HIDDEN, 1).norm(1e-3).build(init);
    private final DenseStack decoder = DenseStack.builder("dec", DETER + STOCH * CLASSES, OBS).hidden(HIDDEN, 2)
            .norm(1e-3).build(init);

    private List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>();
        p.addAll(encoder.parameters());
        p.addAll(imgIn.parameters());
        p.addAll(gru.parameters());
        p.addAll(prior.parameters());
        p.addAll(posterior.parameters());
        p.addAll(decoder.parameters());
        return p;
    }

    /** @return {reconstruction MSE, prior one-step prediction MSE, total loss} */
    private double[] step(INDArray obs, INDArray act, SplittableRandom rng, Adam adam, boolean train) {
        double rec = 0;
        double pred = 0;
        double total;
        try (Tape tape = Tape.open()) {
            Var h = Var.constant(Nd4j.zeros(DataType.FLOAT, B, DETER));
            Var z = Var.constant(Nd4j.zeros(DataType.FLOAT, B, STOCH * CLASSES));
            Var loss = null;
            for (int t = 0; t < T; t++) {
                Var o = Var.constant(obs.get(NDArrayIndex.point(t)).dup());
                Var aPrev = Var.constant(t == 0 ? Nd4j.zeros(DataType.FLOAT, B, 1) : act.get(NDArrayIndex.point(t - 1)).dup());
                h = gru.step(imgIn.forward(Ops.concat(-1, z, aPrev)), h);
                Var priorLogits = prior.forward(h).reshape(B, STOCH, CLASSES);
                Var postLogits = posterior.forward(Ops.concat(-1, h, encoder.forward(o))).reshape(B, STOCH, CLASSES);
                Categorical post = Categorical.ofLogits(postLogits);
                Categorical pri = Categorical.ofLogits(priorLogits);
                Var zPost = post.sample(rng).reshape(B, STOCH * CLASSES);
                Var recon = decoder.forward(Ops.concat(-1, h, zPost));
                Var recLoss = Losses.mse(recon, o).mean();
                Var dyn = Losses.freeBits(Categorical.ofLogits(postLogits.detach()).kl(pri).sum(false, -1), 1.0).mean();
                Var rep = Losses.freeBits(post.kl(Categorical.ofLogits(priorLogits.detach())).sum(false, -1), 1.0).mean();
                Var term = recLoss.add(dyn.mul(0.5)).add(rep.mul(0.1));
                loss = loss == null ? term : loss.add(term);
                rec += recLoss.item();
                try (Tape.NoGrad ignored = Tape.pause()) {
                    Var zPrior = pri.mode().reshape(B, STOCH * CLASSES);
                    pred += Losses.mse(decoder.forward(Ops.concat(-1, h, zPrior)), o).mean().item();
                }
                z = zPost;
            }
            total = loss.item() / T;
            if (train) {
                tape.backward(loss.mul(1.0 / T));
            }
        }
        if (train) {
            Gradients.clipGlobalNorm(parameters(), 100);
            adam.step();
            Gradients.zero(parameters());
        }
        return new double[] {rec / T, pred / T, total};
    }

    @Test
    void learnsToReconstructAndPredictASyntheticSequence() {
        INDArray[] data = sequences(new SplittableRandom(5));
        Adam adam = new Adam(parameters(), AdamConfig.adam(3e-3, 0));
        SplittableRandom rng = new SplittableRandom(7);
        double[] first = step(data[0], data[1], rng, adam, false);
        double[] last = null;
        for (int i = 0; i < 300; i++) {
            last = step(data[0], data[1], rng, adam, true);
        }
        last = step(data[0], data[1], rng, adam, false);
        // variance of the observations is about 1/3 per dimension: predicting the mean gives MSE ~ 0.33
        assertTrue(last[0] < 0.1 * first[0] && last[0] < 0.02,
                "reconstruction MSE " + first[0] + " -> " + last[0]);
        assertTrue(last[1] < 0.25 * first[1] && last[1] < 0.1,
                "prior one-step prediction MSE " + first[1] + " -> " + last[1]);
    }
}
