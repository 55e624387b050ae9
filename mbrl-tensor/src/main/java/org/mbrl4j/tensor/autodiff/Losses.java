package org.mbrl4j.tensor.autodiff;

import java.nio.FloatBuffer;
import java.util.Objects;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training losses of model-based RL as differentiable ops on the {@link Tape}. Every loss here is
 * <b>per element</b> (or, for distributions over a last axis of classes, per row, that axis summed away):
 * the caller chooses the reduction ({@code .mean()}, {@code .sum(false, -1)}, a mask) so that a loss never
 * hides an averaging convention; the one exception, {@link #mseMean}, says its reduction in its name. Arguments that pair up element by element must have the same shape: no
 * broadcasting, because {@code [B]} against {@code [B, 1]} would silently broadcast to {@code [B, B]}.
 *
 * <p>Conventions, stated once:
 * <ul>
 *   <li>{@link #gaussianNll} takes the <em>log-variance</em> (as PETS and mbrl-lib's ensembles output it)
 *       and omits the constant {@code log(2 pi) / 2} unless asked for it;</li>
 *   <li>{@link #gaussianKl} takes means and <em>standard deviations</em>, as {@link Normal} does;</li>
 *   <li>{@link #categoricalKl} and {@link #crossEntropy} take logits over the last axis and sum over it;</li>
 *   <li>{@link #freeBits} clips an already summed KL (DreamerV3 sums over the latent variables first);</li>
 *   <li>{@link #bernoulliLogProb} is a log-probability (higher is better), not a loss: negate it.</li>
 * </ul>
 */
public final class Losses {

    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private Losses() {
    }

    /**
     * The squared error.
     *
     * @param prediction any shape
     * @param target     the same shape and data type
     * @return {@code (prediction - target)^2} per element, the same shape (average it for the MSE)
     * @throws IllegalArgumentException if the shapes or data types differ
     */
    public static Var mse(Var prediction, Var target) {
        pair("mse", "prediction", prediction, "target", target);
        if (FloatHost.applies(prediction.value(), target.value())) {
            return mseFloat(prediction, target);
        }
        INDArray d = prediction.value().sub(target.value());
        return Tape.record(d.mul(d), (g, grads) -> {
            INDArray gp = g.mul(d).muli(2); // d/dp (p - t)^2 = 2 (p - t)
            if (grads.needs(1)) {
                grads.addOwned(1, grads.needs(0) ? gp.neg() : gp.negi());
            }
            grads.addOwned(0, gp);
        }, prediction, target);
    }

    /** {@link #mse} as one host loop each way for dense float32 arrays, with the same float arithmetic. */
    private static Var mseFloat(Var prediction, Var target) {
        float[] p = FloatHost.read(prediction.value());
        float[] t = FloatHost.read(target.value());
        float[] d = new float[p.length];
        float[] sq = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            float di = p[i] - t[i];
            d[i] = di;
            sq[i] = di * di;
        }
        long[] shape = prediction.shape();
        return Tape.record(FloatHost.pooled(sq, shape), (g, grads) -> {
            float[] gv = FloatHost.read(g);
            float[] gp = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                gp[i] = gv[i] * d[i] * 2f;
            }
            if (grads.needs(1)) {
                float[] gt = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    gt[i] = -gp[i];
                }
                grads.addOwned(1, FloatHost.pooled(gt, shape));
            }
            if (grads.needs(0)) {
                grads.addOwned(0, FloatHost.pooled(gp, shape));
            }
        }, prediction, target);
    }

    /**
     * The mean squared error over every element as one op: {@code mean((prediction - target)^2)}, PyTorch's
     * {@code F.mse_loss} with its default reduction. The same numbers as {@code mse(prediction, target).mean()}
     * bit for bit; one recorded op instead of two, and no per-element array kept (for float32 values).
     *
     * @param prediction any shape, at least one element
     * @param target     the same shape and data type
     * @return the mean, a scalar (shape {@code []})
     * @throws IllegalArgumentException if the shapes or data types differ
     */
    public static Var mseMean(Var prediction, Var target) {
        pair("mseMean", "prediction", prediction, "target", target);
        if (!FloatHost.applies(prediction.value(), target.value())) {
            return mse(prediction, target).mean();
        }
        float[] p = FloatHost.read(prediction.value());
        float[] t = FloatHost.read(target.value());
        float[] d = new float[p.length];
        // summed as Ops.mean sums mse's squares (FloatHost.sum: float squares, two float64 accumulators)
        double s0 = 0;
        double s1 = 0;
        int i = 0;
        for (; i + 1 < p.length; i += 2) {
            float d0 = p[i] - t[i];
            float d1 = p[i + 1] - t[i + 1];
            d[i] = d0;
            d[i + 1] = d1;
            s0 += d0 * d0;
            s1 += d1 * d1;
        }
        if (i < p.length) {
            float d0 = p[i] - t[i];
            d[i] = d0;
            s0 += d0 * d0;
        }
        double scale = 1.0 / p.length;
        long[] shape = prediction.shape();
        return Tape.record(FloatHost.filled((float) ((s0 + s1) * scale), new long[0]), (g, grads) -> {
            float c = (float) (g.getDouble(0) * scale); // the mean's gradient in every entry
            if (grads.needs(1)) {
                float[] gt = new float[d.length];
                for (int k = 0; k < d.length; k++) {
                    gt[k] = -(c * d[k] * 2f);
                }
                grads.addOwned(1, FloatHost.pooled(gt, shape));
            }
            if (grads.needs(0)) {
                INDArray gp = ArrayPool.take(DataType.FLOAT, shape);
                FloatBuffer out = HostArrays.floats(gp);
                for (int k = 0; k < d.length; k++) {
                    out.put(k, c * d[k] * 2f);
                }
                grads.addOwned(0, gp);
            }
        }, prediction, target);
    }

    /**
     * The Gaussian negative log-likelihood without its constant, as PETS trains its ensemble:
     * {@code 0.5 * (logVariance + (target - mean)^2 * exp(-logVariance))} per element.
     *
     * @param mean        the predicted means, any shape
     * @param logVariance the predicted log-variances {@code log sigma^2}, the same shape
     * @param target      the observed values, the same shape
     * @return the per-element NLL, the same shape
     * @throws IllegalArgumentException if the shapes or data types differ
     */
    public static Var gaussianNll(Var mean, Var logVariance, Var target) {
        return gaussianNll(mean, logVariance, target, false);
    }

    /**
     * The Gaussian negative log-likelihood, {@code 0.5 * (logVariance + (target - mean)^2 * exp(-logVariance))}
     * plus, if asked, {@code 0.5 * log(2 pi)} (then it equals {@code -log N(target; mean, sigma^2)} exactly).
     *
     * @param mean         the predicted means, any shape
     * @param logVariance  the predicted log-variances {@code log sigma^2}, the same shape
     * @param target       the observed values, the same shape
     * @param withConstant whether to add {@code 0.5 * log(2 pi)} (no effect on the gradient)
     * @return the per-element NLL, the same shape
     * @throws IllegalArgumentException if the shapes or data types differ
     */
    public static Var gaussianNll(Var mean, Var logVariance, Var target, boolean withConstant) {
        pair("gaussianNll", "mean", mean, "logVariance", logVariance);
        pair("gaussianNll", "mean", mean, "target", target);
        Var nll = target.sub(mean).square().mul(logVariance.neg().exp()).add(logVariance).mul(0.5);
        return withConstant ? nll.add(HALF_LOG_TWO_PI) : nll;
    }

    /**
     * The cross-entropy of target probabilities under a categorical given by logits:
     * {@code -sum(targetProbs * log_softmax(logits), -1)}. Gradients flow to both arguments (pass a
     * {@link Var#constant} target for the usual classification loss).
     *
     * @param logits      {@code [..., K]}
     * @param targetProbs {@code [..., K]}, rows that sum to 1 (not checked: soft labels and two-hot targets)
     * @return {@code [...]}, the last axis summed away
     * @throws IllegalArgumentException if the shapes or data types differ
     */
    public static Var crossEntropy(Var logits, Var targetProbs) {
        pair("crossEntropy", "logits", logits, "targetProbs", targetProbs);
        return targetProbs.mul(NnOps.logSoftmax(logits)).sum(false, -1).neg();
    }

    /**
     * The KL divergence {@code KL(p || q)} between two categoricals given by logits, summed over the last axis:
     * {@code sum(softmax(p) * (log_softmax(p) - log_softmax(q)), -1)}. Both arguments receive gradients;
     * DreamerV3's dynamics and representation losses stop one side with {@link Var#detach()}. For unimix
     * probabilities use {@link Categorical#kl}.
     *
     * @param pLogits {@code [..., K]}
     * @param qLogits {@code [..., K]}
     * @return {@code [...]}, each {@code >= 0}
     * @throws IllegalArgumentException if the shapes or data types differ
     */
    public static Var categoricalKl(Var pLogits, Var qLogits) {
        pair("categoricalKl", "pLogits", pLogits, "qLogits", qLogits);
        Var logP = NnOps.logSoftmax(pLogits);
        return NnOps.softmax(pLogits).mul(logP.sub(NnOps.logSoftmax(qLogits))).sum(false, -1);
    }

    /**
     * The KL divergence between diagonal Gaussians per element,
     * {@code KL(N(mean1, std1^2) || N(mean2, std2^2)) = log(std2 / std1) + (std1^2 + (mean1 - mean2)^2) / (2 std2^2) - 1/2}.
     * Sum over the latent dimensions for the KL of the multivariate diagonal Gaussian.
     *
     * @param mean1 the first distribution's means, any shape
     * @param std1  its standard deviations ({@code > 0}), the same shape
     * @param mean2 the second distribution's means, the same shape
     * @param std2  its standard deviations ({@code > 0}), the same shape
     * @return the per-element KL, the same shape
     * @throws IllegalArgumentException if the shapes or data types differ
     */
    public static Var gaussianKl(Var mean1, Var std1, Var mean2, Var std2) {
        pair("gaussianKl", "mean1", mean1, "std1", std1);
        pair("gaussianKl", "mean1", mean1, "mean2", mean2);
        pair("gaussianKl", "mean1", mean1, "std2", std2);
        Var ratio = std1.div(std2);
        Var z = mean1.sub(mean2).div(std2);
        // log(std2/std1) + (ratio^2 + z^2 - 1) / 2
        return ratio.square().add(z.square()).add(-1).mul(0.5).sub(ratio.log());
    }

    /**
     * DreamerV3's free bits: {@code max(kl, free)}, so that a KL already below {@code free} nats gets no
     * gradient. DreamerV3 (free = 1) applies it to the KL <em>summed over the latent variables</em>, one value
     * per time step: sum first (e.g. {@code Categorical.kl(...).sum(false, -1)} over the 32 latents), then clip.
     * At {@code kl == free} the gradient passes to {@code kl}.
     *
     * @param kl   any shape
     * @param free the floor in nats, finite and {@code >= 0}
     * @return {@code max(kl, free)} per element, the same shape
     * @throws IllegalArgumentException if {@code free} is negative or not finite
     */
    public static Var freeBits(Var kl, double free) {
        Objects.requireNonNull(kl, "kl");
        if (!(free >= 0) || !Double.isFinite(free)) {
            throw new IllegalArgumentException("freeBits: free must be finite and >= 0: " + free);
        }
        if (FloatHost.applies(kl.value())) {
            float[] v = FloatHost.read(kl.value());
            float floor = (float) free;
            float[] out = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = Math.max(v[i], floor);
            }
            long[] shape = kl.shape();
            return Tape.record(FloatHost.pooled(out, shape), (g, grads) -> {
                float[] gv = FloatHost.read(g);
                for (int i = 0; i < gv.length; i++) {
                    gv[i] = v[i] >= floor ? gv[i] : 0f; // as maximum(kl, free): ties go to kl
                }
                grads.addOwned(0, FloatHost.pooled(gv, shape));
            }, kl);
        }
        return Ops.maximum(kl, Var.constant(Nd4j.scalar(kl.dataType(), free)));
    }

    /**
     * The log-probability of (possibly soft) binary targets under a Bernoulli given by logits, in the stable
     * softplus form {@code -(target * softplus(-logits) + (1 - target) * softplus(logits))} with
     * {@code softplus(x) = max(x, 0) + log1p(exp(-|x|))} (finite for any finite logit; {@code log sigmoid(100)} is
     * {@code -3.7e-44}, not 0 from rounding {@code sigmoid}). Gradients: {@code target - sigmoid(logits)} to the
     * logits, {@code logits} to the targets. Negate it for the binary cross-entropy (DreamerV3's continue loss).
     *
     * @param logits  any shape
     * @param targets the same shape, values in {@code [0, 1]} (1 = the event happened)
     * @return {@code log p(targets)} per element, the same shape, each {@code <= 0} for targets in {0, 1}
     * @throws IllegalArgumentException if the shapes or data types differ
     */
    public static Var bernoulliLogProb(Var logits, Var targets) {
        pair("bernoulliLogProb", "logits", logits, "targets", targets);
        double[] l = Ops.host(logits.value());
        double[] y = Ops.host(targets.value());
        double[] out = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = -(y[i] * softplus(-l[i]) + (1 - y[i]) * softplus(l[i]));
        }
        INDArray value = HostArrays.array(out, logits.dataType(), logits.shape());
        return Tape.record(value, (g, grads) -> {
            double[] gv = Ops.host(g);
            if (grads.needs(0)) {
                double[] dl = new double[l.length];
                for (int i = 0; i < l.length; i++) {
                    dl[i] = gv[i] * (y[i] - sigmoid(l[i]));
                }
                grads.addOwned(0, HostArrays.array(dl, g.dataType(), g.shape()));
            }
            if (grads.needs(1)) {
                double[] dy = new double[l.length];
                for (int i = 0; i < l.length; i++) {
                    dy[i] = gv[i] * l[i]; // softplus(l) - softplus(-l) = l
                }
                grads.addOwned(1, HostArrays.array(dy, g.dataType(), g.shape()));
            }
        }, logits, targets);
    }

    /** @return {@code log(1 + e^x)} without overflow or cancellation */
    static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** @return {@code 1 / (1 + e^-x)} without overflow */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** Checks that two arguments are non-null and have the same shape and data type. */
    static void pair(String op, String an, Var a, String bn, Var b) {
        Objects.requireNonNull(a, op + ": " + an);
        Objects.requireNonNull(b, op + ": " + bn);
        Shapes.sameShape(op, an, a, bn, b);
    }
}
