package org.mbrl4j.models.latent;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.autodiff.Categorical;
import org.mbrl4j.tensor.autodiff.Losses;
import org.mbrl4j.tensor.autodiff.Normal;
import org.mbrl4j.tensor.autodiff.Ops;
import org.mbrl4j.tensor.autodiff.Var;

/**
 * The distribution of an RSSM's stochastic state, given the raw statistics that the prior and posterior
 * networks output ({@code [N, statsSize]}):
 * <ul>
 *   <li>categorical (DreamerV3): {@code stoch} latents of {@code classes} classes, the statistics are logits
 *       {@code [N, stoch * classes]}, probabilities mixed with {@code unimix} of the uniform distribution,
 *       samples one-hot with straight-through gradients ({@link Categorical});</li>
 *   <li>Gaussian (PlaNet, Dreamer V1): the statistics are {@code [N, 2 stoch]}, the mean then {@code x} with
 *       {@code std = softplus(x) + minStd}; samples are reparameterised.</li>
 * </ul>
 * KL values are summed over the latents, one value per row, in nats. Immutable.
 */
public final class LatentDistribution {

    private final int stoch;
    private final int classes;
    private final double unimix;
    private final double minStd;

    private LatentDistribution(int stoch, int classes, double unimix, double minStd) {
        this.stoch = stoch;
        this.classes = classes;
        this.unimix = unimix;
        this.minStd = minStd;
    }

    /**
     * @param config the model's settings (latent kind and sizes)
     * @return the distribution family of that model
     */
    public static LatentDistribution of(RssmConfig config) {
        Objects.requireNonNull(config, "config");
        return new LatentDistribution(config.stoch(), config.classes(), config.unimix(), config.minStd());
    }

    /** @return the length of the statistics: {@code stoch * classes} or {@code 2 stoch} */
    public int statsSize() {
        return classes > 0 ? stoch * classes : 2 * stoch;
    }

    /** @return the length of a flattened sample: {@code stoch * classes} or {@code stoch} */
    public int sampleSize() {
        return classes > 0 ? stoch * classes : stoch;
    }

    /**
     * @param stats {@code [N, statsSize]}
     * @param rng   the generator of the draw (one double per categorical latent, or one Gaussian per dimension)
     * @return {@code [N, sampleSize]}: one-hot rows with the probabilities' gradient, or {@code mean + std * eps}
     * @throws IllegalArgumentException if {@code stats} is not {@code [N, statsSize]}
     */
    public Var sample(Var stats, RandomGenerator rng) {
        Objects.requireNonNull(rng, "rng");
        int n = rows("sample", stats);
        if (classes > 0) {
            return categorical(stats).sample(rng).reshape(n, sampleSize());
        }
        return normal(stats).rsample(rng);
    }

    /**
     * @param stats {@code [N, statsSize]}
     * @return {@code [N, sampleSize]}: the most likely class of each latent (one-hot, straight-through), or the mean
     * @throws IllegalArgumentException if {@code stats} is not {@code [N, statsSize]}
     */
    public Var mode(Var stats) {
        int n = rows("mode", stats);
        if (classes > 0) {
            return categorical(stats).mode().reshape(n, sampleSize());
        }
        return normal(stats).mean();
    }

    /**
     * @param p {@code [N, statsSize]}, the first distribution's statistics
     * @param q {@code [N, statsSize]}, the second's
     * @return {@code [N]}: {@code KL(p || q)} summed over the latents, in nats; gradients flow to both sides
     *         (detach one for DreamerV3's balancing)
     * @throws IllegalArgumentException if the shapes differ or are not {@code [N, statsSize]}
     */
    public Var kl(Var p, Var q) {
        int n = rows("kl", p);
        if (rows("kl", q) != n) {
            throw new IllegalArgumentException("kl: p has " + n + " rows and q " + q.size(0));
        }
        if (classes > 0) {
            return categorical(p).kl(categorical(q)).sum(false, -1);
        }
        Normal a = normal(p);
        Normal b = normal(q);
        return Losses.gaussianKl(a.mean(), a.std(), b.mean(), b.std()).sum(false, -1);
    }

    /**
     * DreamerV3's dynamics loss: {@code max(freeBits, KL(sg(posterior) || prior))} per row, the KL summed over the
     * latents before the clip; the gradient reaches the prior only.
     *
     * @param posterior {@code [N, statsSize]}
     * @param prior     {@code [N, statsSize]}
     * @param freeBits  the floor in nats, {@code >= 0}
     * @return {@code [N]}
     */
    public Var dynamicsLoss(Var posterior, Var prior, double freeBits) {
        return Losses.freeBits(kl(posterior.detach(), prior), freeBits);
    }

    /**
     * DreamerV3's representation loss: {@code max(freeBits, KL(posterior || sg(prior)))} per row, the KL summed
     * over the latents before the clip; the gradient reaches the posterior only.
     *
     * @param posterior {@code [N, statsSize]}
     * @param prior     {@code [N, statsSize]}
     * @param freeBits  the floor in nats, {@code >= 0}
     * @return {@code [N]}
     */
    public Var representationLoss(Var posterior, Var prior, double freeBits) {
        return Losses.freeBits(kl(posterior, prior.detach()), freeBits);
    }

    /**
     * @param stats {@code [N, statsSize]}
     * @return {@code [N]}: the entropy summed over the latents, in nats
     */
    public Var entropy(Var stats) {
        rows("entropy", stats);
        if (classes > 0) {
            return categorical(stats).entropy().sum(false, -1);
        }
        return normal(stats).entropy().sum(false, -1);
    }

    private Categorical categorical(Var stats) {
        return Categorical.ofLogits(stats.reshape(stats.size(0), stoch, classes), unimix);
    }

    private Normal normal(Var stats) {
        List<Var> parts = Ops.split(stats, -1, stoch, stoch);
        return Normal.of(parts.get(0), parts.get(1).softplus().add(minStd));
    }

    private int rows(String op, Var stats) {
        Objects.requireNonNull(stats, op + ": stats");
        if (stats.rank() != 2 || stats.size(1) != statsSize()) {
            throw new IllegalArgumentException(op + ": stats " + java.util.Arrays.toString(stats.shape())
                    + " must be [N, " + statsSize() + "]");
        }
        return (int) stats.size(0);
    }
}
