package org.mbrl4j.models.latent;

import java.util.Arrays;
import java.util.Objects;
import org.mbrl4j.tensor.autodiff.Ops;
import org.mbrl4j.tensor.autodiff.Var;

/**
 * One batch of RSSM states: the deterministic GRU state, the sampled stochastic state and the statistics of the
 * distribution it was drawn from (kept for the KL terms). Immutable; the values may carry gradients on the tape
 * that was open when they were made.
 *
 * @param deter {@code [B, deter]}, the GRU state {@code h}
 * @param stoch {@code [B, stochSize]}, the sample {@code z} (flattened one-hot latents, or Gaussian values)
 * @param stats {@code [B, statsSize]}, the distribution's raw statistics (logits {@code [stoch * classes]}, or
 *              mean and pre-softplus std {@code [2 stoch]}; see {@link LatentDistribution})
 */
public record RssmState(Var deter, Var stoch, Var stats) {

    /** Checks that no field is null and the batch sizes agree. */
    public RssmState {
        Objects.requireNonNull(deter, "deter");
        Objects.requireNonNull(stoch, "stoch");
        Objects.requireNonNull(stats, "stats");
        if (deter.rank() != 2 || stoch.rank() != 2 || stats.rank() != 2 || deter.size(0) != stoch.size(0)
                || deter.size(0) != stats.size(0)) {
            throw new IllegalArgumentException("deter " + Arrays.toString(deter.shape()) + ", stoch "
                    + Arrays.toString(stoch.shape()) + " and stats " + Arrays.toString(stats.shape())
                    + " must all be [B, ...] with one batch size B");
        }
    }

    /** @return the batch size {@code B} */
    public int batchSize() {
        return (int) deter.size(0);
    }

    /** @return {@code [B, deter + stochSize]}: {@code concat(h, z)}, the input of the decoder and the heads (fresh) */
    public Var features() {
        return Ops.concat(-1, deter, stoch);
    }

    /** @return the same state with no gradient flowing back (stop-gradient on every field) */
    public RssmState detach() {
        return new RssmState(deter.detach(), stoch.detach(), stats.detach());
    }
}
