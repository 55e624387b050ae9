package org.mbrl4j.tensor.autodiff;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A batch of categorical distributions over the last axis, as DreamerV3's discrete latents (Hafner et al.
 * 2023, "Mastering Diverse Domains through World Models", section "Robustness"): the probabilities mix the
 * softmax with a uniform distribution, {@code probs = (1 - unimix) softmax(logits) + unimix / classes}
 * (unimix 1%), so that no class has a probability below {@code unimix / classes} and the KL terms stay
 * bounded. Samples are one-hot with the straight-through gradient of the probabilities.
 *
 * <p>Shapes: logits {@code [..., K]} ({@code [B, 32, 32]} for DreamerV3's 32 latents of 32 classes); the
 * per-distribution results ({@link #logProb}, {@link #entropy}, {@link #kl}) are {@code [...]}: the caller
 * sums over the latent variables. The distribution's values are recorded on the tape that was open when it
 * was made; make a new one per training step. Immutable.
 */
public final class Categorical {

    /** DreamerV3's uniform mixture, 1% (dreamerv3 configs.yaml {@code unimix: 0.01}). */
    public static final double DEFAULT_UNIMIX = 0.01;

    private final Var probs;
    private final Var logProbs;
    private final double unimix;

    private Categorical(Var probs, Var logProbs, double unimix) {
        this.probs = probs;
        this.logProbs = logProbs;
        this.unimix = unimix;
    }

    /**
     * @param logits {@code [..., K]} with {@code K >= 2}
     * @return the distributions with DreamerV3's {@link #DEFAULT_UNIMIX 1% uniform mixture}
     * @throws IllegalArgumentException if the last axis has fewer than 2 classes
     */
    public static Categorical ofLogits(Var logits) {
        return ofLogits(logits, DEFAULT_UNIMIX);
    }

    /**
     * @param logits {@code [..., K]} with {@code K >= 2}
     * @param unimix the weight of the uniform distribution in {@code [0, 1]}; 0 gives the plain softmax
     * @return the distributions
     * @throws IllegalArgumentException if the last axis has fewer than 2 classes or {@code unimix} is outside
     *                                  {@code [0, 1]}
     */
    public static Categorical ofLogits(Var logits, double unimix) {
        Objects.requireNonNull(logits, "logits");
        long classes = logits.rank() == 0 ? 0 : logits.size(-1);
        if (classes < 2) {
            throw new IllegalArgumentException("classes (the last axis of logits " + Arrays.toString(logits.shape())
                    + ") must be >= 2: " + classes);
        }
        if (!(unimix >= 0 && unimix <= 1)) {
            throw new IllegalArgumentException("unimix must be in [0, 1]: " + unimix);
        }
        if (unimix == 0) {
            return new Categorical(NnOps.softmax(logits), NnOps.logSoftmax(logits), 0);
        }
        // DreamerV3 mixes the probabilities, then works with their logarithm as the logits
        Var probs = FloatHost.applies(logits.value()) ? NnOps.mixedSoftmax(logits, unimix)
                : NnOps.softmax(logits).mul(1 - unimix).add(unimix / classes);
        return new Categorical(probs, probs.log(), unimix);
    }

    /** @return the number of classes {@code K} */
    public int classes() {
        return (int) probs.size(-1);
    }

    /** @return the uniform mixture weight */
    public double unimix() {
        return unimix;
    }

    /** @return the probabilities {@code [..., K]}, each {@code >= unimix / K}, rows summing to 1 */
    public Var probs() {
        return probs;
    }

    /** @return the log-probabilities {@code [..., K]} */
    public Var logProbs() {
        return logProbs;
    }

    /**
     * Draws one class per distribution by inverting the cumulative probabilities with one
     * {@code rng.nextDouble()} per row, in C order of the leading axes.
     *
     * @param rng the generator (e.g. a {@link java.util.SplittableRandom} split for this run); advanced by one
     *            double per distribution
     * @return {@code [..., K]} one-hot rows, the value exactly one-hot, the gradient that of {@link #probs()}
     *         (straight-through)
     * @throws IllegalArgumentException if a row has no positive probability (NaN logits)
     */
    public Var sample(RandomGenerator rng) {
        Objects.requireNonNull(rng, "rng");
        int k = classes();
        double[] p = Ops.host(probs.value());
        int rows = p.length / k;
        int[] index = new int[rows];
        for (int r = 0; r < rows; r++) {
            double u = rng.nextDouble();
            int o = r * k;
            int chosen = -1;
            double cumulative = 0;
            for (int i = 0; i < k; i++) {
                if (p[o + i] > 0) {
                    chosen = i; // the last class with mass absorbs the rounding of the cumulative sum
                }
                cumulative += p[o + i];
                if (u < cumulative && p[o + i] > 0) {
                    break;
                }
            }
            if (chosen < 0) {
                throw new IllegalArgumentException("probs row " + r + " has no positive probability (NaN logits?)");
            }
            index[r] = chosen;
        }
        return oneHot(index);
    }

    /**
     * @return {@code [..., K]} the one-hot most likely class (the first on ties), with the straight-through
     *         gradient of {@link #probs()} like {@link #sample}
     */
    public Var mode() {
        int k = classes();
        double[] p = Ops.host(probs.value());
        int[] index = new int[p.length / k];
        for (int r = 0; r < index.length; r++) {
            int best = 0;
            for (int i = 1; i < k; i++) {
                if (p[r * k + i] > p[r * k + best]) {
                    best = i;
                }
            }
            index[r] = best;
        }
        return oneHot(index);
    }

    private Var oneHot(int[] index) {
        long[] shape = probs.shape();
        Var hard = NnOps.oneHot(index, classes(), probs.dataType(), Arrays.copyOf(shape, shape.length - 1));
        return Ops.straightThrough(hard, probs);
    }

    /**
     * @param value {@code [..., K]} one-hot (or soft) rows, the shape and data type of the logits
     * @return {@code [...]}: {@code sum(value * log probs, -1)}, the log-probability of one-hot values
     * @throws IllegalArgumentException if the shape or data type differs from the logits'
     */
    public Var logProb(Var value) {
        Losses.pair("logProb", "probs", probs, "value", value);
        return value.mul(logProbs).sum(false, -1);
    }

    /** @return {@code [...]}: {@code -sum(probs * log probs, -1)}, in nats */
    public Var entropy() {
        return probs.mul(logProbs).sum(false, -1).neg();
    }

    /**
     * {@code KL(this || other) = sum(p * (log p - log q), -1)}, both with their unimix. DreamerV3's dynamics
     * loss is {@code KL(sg(posterior) || prior)} and its representation loss {@code KL(posterior || sg(prior))}:
     * build the stopped side from {@code logits.detach()}.
     *
     * @param other distributions of the same shape
     * @return {@code [...]}, in nats
     * @throws IllegalArgumentException if the shapes or data types differ
     */
    public Var kl(Categorical other) {
        Objects.requireNonNull(other, "other");
        Losses.pair("kl", "probs", probs, "other", other.probs);
        if (FloatHost.applies(probs.value(), logProbs.value(), other.logProbs.value())) {
            return klFloat(probs, logProbs, other.logProbs);
        }
        return probs.mul(logProbs.sub(other.logProbs)).sum(false, -1);
    }

    /**
     * {@code sum_k p (lp - lq)} over the last axis as one op on dense float32 arrays; gradients {@code g (lp - lq)}
     * to {@code p}, {@code g p} to {@code lp} and {@code -g p} to {@code lq}.
     */
    private static Var klFloat(Var p, Var lp, Var lq) {
        long[] shape = p.shape();
        int k = (int) shape[shape.length - 1];
        float[] pv = FloatHost.read(p.value());
        float[] diff = FloatHost.read(lp.value());
        float[] qv = FloatHost.read(lq.value());
        float[] out = new float[pv.length / k];
        for (int i = 0; i < pv.length; i++) {
            diff[i] -= qv[i];
            out[i / k] += pv[i] * diff[i];
        }
        long[] outShape = Arrays.copyOf(shape, shape.length - 1);
        return Tape.record(FloatHost.pooled(out, outShape), (g, grads) -> {
            float[] gv = FloatHost.read(g);
            if (grads.needs(0)) {
                float[] gp = new float[pv.length];
                for (int i = 0; i < pv.length; i++) {
                    gp[i] = gv[i / k] * diff[i];
                }
                grads.addOwned(0, FloatHost.pooled(gp, shape));
            }
            if (grads.needs(1) || grads.needs(2)) {
                float[] gl = new float[pv.length];
                for (int i = 0; i < pv.length; i++) {
                    gl[i] = gv[i / k] * pv[i];
                }
                if (grads.needs(1)) {
                    grads.addOwned(1, FloatHost.pooled(gl, shape)); // a copy: gl is reused below
                }
                if (grads.needs(2)) {
                    for (int i = 0; i < gl.length; i++) {
                        gl[i] = -gl[i];
                    }
                    grads.addOwned(2, FloatHost.pooled(gl, shape));
                }
            }
        }, p, lp, lq);
    }

    /** @return the shape of the logits, {@code [..., K]} */
    public long[] shape() {
        return probs.shape();
    }

    @Override
    public String toString() {
        return "Categorical" + Arrays.toString(shape()) + " unimix " + unimix;
    }
}
