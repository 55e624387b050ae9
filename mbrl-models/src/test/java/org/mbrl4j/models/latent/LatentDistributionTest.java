package org.mbrl4j.models.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.Categorical;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LatentDistributionTest {

    /** 4 categorical latents of 2 classes, no unimix, float64. */
    private static LatentDistribution categorical4x2() {
        return LatentDistribution.of(RssmConfig.tiny().toBuilder().stoch(4).classes(2).unimix(0)
                .dataType(DataType.DOUBLE).build());
    }

    private static INDArray row(double... v) {
        return Nd4j.createFromArray(v).reshape(1, v.length);
    }

    @Test
    void freeBitsClipTheKlSummedOverLatentsNotEachLatent() {
        LatentDistribution d = categorical4x2();
        double l9 = Math.log(9); // softmax([0, ln 9]) = [0.1, 0.9]
        Var post = Var.input(row(0, l9, 0, l9, 0, l9, 0, l9));
        Var prior = Var.input(row(0, 0, 0, 0, 0, 0, 0, 0));
        double perLatent = 0.1 * Math.log(0.1 / 0.5) + 0.9 * Math.log(0.9 / 0.5); // 0.36807 nats
        assertEquals(0.368064, perLatent, 1e-6);
        try (Tape tape = Tape.open()) {
            Var dyn = d.dynamicsLoss(post, prior, 1.0);
            // summed first: 4 x 0.368 = 1.472 > 1 passes; clipping each latent would give 4 x 1 = 4
            assertEquals(4 * perLatent, dyn.item(), 1e-12);
            tape.backward(dyn.sum());
        }
        // the dynamics loss trains the prior only
        assertNull(post.grad());
        assertTrue(prior.grad().norm2Number().doubleValue() > 0.1);
    }

    @Test
    void aKlBelowTheFreeNatsGivesTheFloorAndNoGradient() {
        LatentDistribution d = categorical4x2();
        double l3 = Math.log(3); // [0.25, 0.75]: KL 0.1308 per latent, 0.523 summed < 1
        Var post = Var.input(row(0, l3, 0, l3, 0, l3, 0, l3));
        Var prior = Var.input(row(0, 0, 0, 0, 0, 0, 0, 0));
        try (Tape tape = Tape.open()) {
            Var rep = d.representationLoss(post, prior, 1.0);
            assertEquals(1.0, rep.item(), 0);
            tape.backward(rep.sum());
        }
        assertEquals(0, post.grad().norm2Number().doubleValue(), 0);
        assertNull(prior.grad());
    }

    @Test
    void representationLossTrainsThePosteriorOnly() {
        LatentDistribution d = categorical4x2();
        double l9 = Math.log(9);
        Var post = Var.input(row(0, l9, 0, l9, 0, l9, 0, l9));
        Var prior = Var.input(row(0, 0, 0, 0, 0, 0, 0, 0));
        try (Tape tape = Tape.open()) {
            Var loss = d.dynamicsLoss(post, prior, 1.0).mul(0.5).add(d.representationLoss(post, prior, 1.0).mul(0.1));
            // DreamerV3's balance: 0.5 dyn + 0.1 rep, both the same KL value here
            assertEquals(0.6 * 4 * 0.368064, loss.item(), 1e-5);
            tape.backward(loss.sum());
        }
        // d KL(p||q) / d logit_p for p = [0.1, 0.9] vs uniform: p_i (log(p_i/q_i) - KL_latent) per class, times 0.1
        double kl = 0.1 * Math.log(0.2) + 0.9 * Math.log(1.8);
        double g0 = 0.1 * 0.1 * (Math.log(0.2) - kl);
        double[] g = HostArrays.toDoubles(post.grad());
        assertEquals(g0, g[0], 1e-9);
        assertEquals(-g0, g[1], 1e-9);
        // the prior's gradient comes from the dynamics term alone: 0.5 (q - p) per class
        double[] gp = HostArrays.toDoubles(prior.grad());
        assertEquals(0.5 * (0.5 - 0.1), gp[0], 1e-9);
        assertEquals(0.5 * (0.5 - 0.9), gp[1], 1e-9);
    }

    @Test
    void gaussianKlMatchesTheClosedForm() {
        RssmConfig c = RssmConfig.tiny().toBuilder().classes(0).stoch(1).minStd(0.1).dataType(DataType.DOUBLE).build();
        LatentDistribution d = LatentDistribution.of(c);
        assertEquals(2, d.statsSize());
        // std = softplus(raw) + 0.1: raw = log(exp(std - 0.1) - 1)
        double raw1 = Math.log(Math.expm1(1 - 0.1));
        double raw2 = Math.log(Math.expm1(2 - 0.1));
        Var p = Var.constant(row(0, raw1));
        Var q = Var.constant(row(1, raw2));
        // KL(N(0, 1) || N(1, 4)) = log 2 + (1 + 1) / 8 - 1/2
        assertEquals(Math.log(2) + 0.25 - 0.5, d.kl(p, q).item(), 1e-12);
    }

    @Test
    void straightThroughSamplesAreOneHotWithTheProbabilitiesGradient() {
        LatentDistribution d = LatentDistribution.of(RssmConfig.tiny().toBuilder().stoch(2).classes(3)
                .dataType(DataType.DOUBLE).build());
        INDArray logits = row(0.3, -1.2, 0.8, 2.0, 0.1, -0.5);
        INDArray w = row(1.0, -2.0, 0.5, 3.0, -1.0, 2.0);
        Var x = Var.input(logits.dup());
        double[] sample;
        try (Tape tape = Tape.open()) {
            Var s = d.sample(x, new SplittableRandom(3));
            sample = HostArrays.toDoubles(s.value());
            tape.backward(s.mul(Var.constant(w)).sum());
        }
        for (int latent = 0; latent < 2; latent++) {
            double sum = 0;
            for (int k = 0; k < 3; k++) {
                double v = sample[latent * 3 + k];
                assertTrue(v == 0 || v == 1, "one-hot entry " + v);
                sum += v;
            }
            assertEquals(1, sum, 0);
        }
        Var y = Var.input(logits.dup());
        try (Tape tape = Tape.open()) {
            Var probs = Categorical.ofLogits(y.reshape(1, 2, 3)).probs().reshape(1, 6);
            tape.backward(probs.mul(Var.constant(w)).sum());
        }
        assertArrayEquals(HostArrays.toDoubles(y.grad()), HostArrays.toDoubles(x.grad()), 1e-12);
    }

    @Test
    void badStatisticsAreRejectedWithTheirShape() {
        LatentDistribution d = categorical4x2();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.kl(Var.constant(Nd4j.zeros(DataType.DOUBLE, 1, 7)), Var.constant(Nd4j.zeros(DataType.DOUBLE, 1, 8))));
        assertTrue(e.getMessage().contains("[1, 7]") && e.getMessage().contains("[N, 8]"), e.getMessage());
    }
}
