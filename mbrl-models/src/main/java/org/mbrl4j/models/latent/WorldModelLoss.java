package org.mbrl4j.models.latent;

import java.util.Objects;

/**
 * DreamerV3's world-model loss of one batch of sequences ({@link Rssm#loss}) and its parts, each averaged over
 * the batch and the steps.
 *
 * @param total          the weighted sum to minimise, a scalar on the tape
 * @param reconstruction the decoder's squared error summed over the observation's elements (symlog space for
 *                       vectors), per step
 * @param reward         the reward head's two-hot cross-entropy, in nats per step
 * @param continuation   the continue head's Bernoulli negative log-likelihood, in nats per step
 * @param dynamics       the dynamics loss {@code max(free, KL(sg(post) || prior))}, in nats per step
 * @param representation the representation loss {@code max(free, KL(post || sg(prior)))}, in nats per step
 * @param kl             the KL between posterior and prior before the free-bits clip, in nats per step
 * @param observation    the posterior and prior states of the sequences (their values; gradients flow from
 *                       them only while the tape of the loss is open)
 */
public record WorldModelLoss(org.mbrl4j.tensor.autodiff.Var total, double reconstruction, double reward,
        double continuation, double dynamics, double representation, double kl, Observation observation) {

    /** Checks that the loss and the states are present and the total is finite. */
    public WorldModelLoss {
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(observation, "observation");
        double v = total.item();
        if (!Double.isFinite(v)) {
            throw new IllegalStateException("the world-model loss is " + v + " (reconstruction " + reconstruction
                    + ", reward " + reward + ", continue " + continuation + ", kl " + kl + ")");
        }
    }
}
