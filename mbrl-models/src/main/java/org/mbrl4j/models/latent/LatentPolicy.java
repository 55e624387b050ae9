package org.mbrl4j.models.latent;

/**
 * Chooses actions from RSSM states during {@link Rssm#imagine imagination}.
 */
@FunctionalInterface
public interface LatentPolicy {

    /**
     * @param state the current (prior) states, batch {@code B}
     * @return {@code [B, actDim]} actions in the model's action encoding ({@code [-1, 1]} boxes or one-hot
     *         rows), possibly carrying gradients to the policy's parameters
     */
    org.mbrl4j.tensor.autodiff.Var act(RssmState state);
}
