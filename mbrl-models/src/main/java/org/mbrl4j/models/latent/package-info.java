/**
 * Latent world models usable on their own: {@link org.mbrl4j.models.latent.Rssm}, the recurrent state-space
 * model of PlaNet and Dreamer with DreamerV3's recipe (LayerNorm GRU, categorical latents with a uniform mix and
 * straight-through samples or Gaussian latents, symlog inputs, two-hot reward head, KL balancing with free
 * bits), configured by {@link org.mbrl4j.models.latent.RssmConfig}. Its verbs are
 * {@link org.mbrl4j.models.latent.Rssm#observe observe} (posterior states of an observed sequence),
 * {@link org.mbrl4j.models.latent.Rssm#imagine imagine} (prior states under a policy) and
 * {@link org.mbrl4j.models.latent.Rssm#loss loss} (DreamerV3's world-model loss), all written on the
 * reverse-mode tape of {@code mbrl-tensor}.
 */
package org.mbrl4j.models.latent;
