package org.mbrl4j.models.nn;

/**
 * Settings of {@link Adam}.
 *
 * <p>Two kinds of weight decay, as in PyTorch: with {@code decoupledWeightDecay == false} (PyTorch's
 * {@code torch.optim.Adam(weight_decay=...)}, which mbrl-lib's {@code ModelTrainer} uses) the decay is an
 * L2 term {@code weightDecay * p} added to the gradient before the moments; with {@code true} (AdamW,
 * Loshchilov and Hutter 2019, {@code torch.optim.AdamW}) the parameter is shrunk by
 * {@code (1 - learningRate * weightDecay)} before the Adam step and the moments see the raw gradient.
 *
 * @param learningRate         step size, {@code > 0}
 * @param beta1                decay of the first moment, in {@code [0, 1)}
 * @param beta2                decay of the second moment, in {@code [0, 1)}
 * @param epsilon              added to the bias-corrected root second moment, {@code > 0}
 * @param weightDecay          decay coefficient, {@code >= 0}
 * @param decoupledWeightDecay AdamW when true, L2-coupled Adam when false
 * @param maxGradNorm          clip the global L2 norm of all gradients to this before the step;
 *                             {@code Double.POSITIVE_INFINITY} for no clipping, otherwise {@code > 0}
 */
public record AdamConfig(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
        boolean decoupledWeightDecay, double maxGradNorm) {

    /** Validates every field; the message names the bad one. */
    public AdamConfig {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0 and finite: " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1): " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1): " + beta2);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be > 0 and finite: " + epsilon);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0 and finite: " + weightDecay);
        }
        if (!(maxGradNorm > 0)) {
            throw new IllegalArgumentException("maxGradNorm must be > 0 (or +infinity for none): " + maxGradNorm);
        }
    }

    /**
     * PyTorch's Adam defaults (betas 0.9, 0.999, eps 1e-8) with L2-coupled weight decay, no clipping.
     *
     * @param learningRate step size
     * @param weightDecay  L2 coefficient
     * @return the config
     */
    public static AdamConfig adam(double learningRate, double weightDecay) {
        return new AdamConfig(learningRate, 0.9, 0.999, 1e-8, weightDecay, false, Double.POSITIVE_INFINITY);
    }

    /**
     * PyTorch's AdamW defaults (betas 0.9, 0.999, eps 1e-8) with decoupled weight decay, no clipping.
     *
     * @param learningRate step size
     * @param weightDecay  decoupled decay coefficient (PyTorch's default is 0.01)
     * @return the config
     */
    public static AdamConfig adamW(double learningRate, double weightDecay) {
        return new AdamConfig(learningRate, 0.9, 0.999, 1e-8, weightDecay, true, Double.POSITIVE_INFINITY);
    }

    /**
     * @param norm the new global gradient-norm bound
     * @return a copy with that bound
     */
    public AdamConfig withMaxGradNorm(double norm) {
        return new AdamConfig(learningRate, beta1, beta2, epsilon, weightDecay, decoupledWeightDecay, norm);
    }
}
