package org.mbrl4j.tensor;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationMish;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/**
 * The element-wise activation functions of mbrl4j's networks, with their derivatives.
 *
 * <p>The scalar methods {@link #apply(float)} and {@link #derivative(float)} define each function; the
 * array kernels in {@link Activations} compute the same values in bulk, bitwise identical on the plain-Java
 * and Vector API paths: exp, tanh and log1p are mbrl4j's own float32 functions built from IEEE-exact
 * operations (a few ulp from the correctly rounded values), so that results do not depend on the JIT. Constants follow PyTorch's
 * defaults, as used by mbrl-lib: LeakyReLU slope 0.01, ELU alpha 1.
 */
public enum Activation {
    /** {@code f(x) = x}. */
    IDENTITY,
    /** {@code f(x) = max(x, 0)}; derivative 0 at {@code x <= 0}. */
    RELU,
    /** {@code f(x) = x} for {@code x > 0}, {@code 0.01 x} otherwise. */
    LEAKY_RELU,
    /** {@code f(x) = x} for {@code x > 0}, {@code exp(x) - 1} otherwise (alpha 1). */
    ELU,
    /** {@code f(x) = tanh(x)}. */
    TANH,
    /** {@code f(x) = 1 / (1 + exp(-x))}. */
    SIGMOID,
    /** SiLU (swish): {@code f(x) = x * sigmoid(x)}. */
    SILU,
    /** {@code f(x) = log(1 + exp(x))}, computed without overflow. */
    SOFTPLUS,
    /** Mish: {@code f(x) = x * tanh(softplus(x))}. */
    MISH;

    /** Slope of {@link #LEAKY_RELU} for negative inputs. */
    public static final float LEAKY_SLOPE = 0.01f;

    /**
     * @param x the pre-activation
     * @return {@code f(x)}
     */
    public float apply(float x) {
        switch (this) {
            case IDENTITY: return x;
            case RELU: return Math.max(x, 0f); // as the Vector API lanes: NaN stays NaN
            case LEAKY_RELU: return x > 0f ? x : LEAKY_SLOPE * x;
            case ELU: return x > 0f ? x : ScalarKernels.expm1(x);
            case TANH: return ScalarKernels.tanh(x);
            case SIGMOID: return ScalarKernels.sigmoid(x);
            case SILU: return ScalarKernels.silu(x);
            case SOFTPLUS: return ScalarKernels.softplus(x);
            case MISH: return ScalarKernels.mish(x);
            default: throw new AssertionError(this);
        }
    }

    /**
     * @param x the pre-activation
     * @return {@code f'(x)} (the one-sided value 0 or the negative slope at the kinks of the ReLU family)
     */
    public float derivative(float x) {
        switch (this) {
            case IDENTITY: return 1f;
            case RELU: return x > 0f ? 1f : 0f;
            case LEAKY_RELU: return x > 0f ? 1f : LEAKY_SLOPE;
            case ELU: return x > 0f ? 1f : ScalarKernels.exp(x);
            case TANH: {
                float t = ScalarKernels.tanh(x);
                return 1f - t * t;
            }
            case SIGMOID: {
                float s = ScalarKernels.sigmoid(x);
                return s * (1f - s);
            }
            case SILU: {
                float s = ScalarKernels.sigmoid(x);
                return s * (1f + x * (1f - s));
            }
            case SOFTPLUS: return ScalarKernels.sigmoid(x);
            case MISH: return ScalarKernels.dMish(x);
            default: throw new AssertionError(this);
        }
    }

    /**
     * @return whether {@link #derivativeFromOutput(float)} exists: the derivative is a function of the output
     *         {@code y = f(x)} alone (identity, the ReLU family, ELU, tanh, sigmoid). Backward passes of such
     *         functions need no transcendental ({@link Activations#backwardFromOutput}).
     */
    public boolean hasDerivativeFromOutput() {
        return this != SILU && this != SOFTPLUS && this != MISH;
    }

    /**
     * @param y the output {@code f(x)} of the forward pass
     * @return {@code f'(x)} computed from {@code y}: 1; {@code y > 0 ? 1 : 0}; {@code y > 0 ? 1 : slope};
     *         {@code y > 0 ? 1 : y + 1} (ELU); {@code 1 - y^2} (tanh); {@code y (1 - y)} (sigmoid)
     * @throws UnsupportedOperationException for SiLU, softplus and Mish, whose derivative needs {@code x}
     */
    public float derivativeFromOutput(float y) {
        switch (this) {
            case IDENTITY: return 1f;
            case RELU: return y > 0f ? 1f : 0f;
            case LEAKY_RELU: return y > 0f ? 1f : LEAKY_SLOPE;
            case ELU: return y > 0f ? 1f : y + 1f;
            case TANH: return 1f - y * y;
            case SIGMOID: return y * (1f - y);
            default: throw new UnsupportedOperationException(this + " has no derivative from its output alone");
        }
    }

    /** @return whether the function needs exp/log/tanh (cheap ones run in plain Java without the Vector API) */
    boolean transcendental() {
        return this != IDENTITY && this != RELU && this != LEAKY_RELU;
    }

    /** @return ND4J's implementation of the same function, used on the fallback path and in tests */
    public IActivation nd4j() {
        switch (this) {
            case IDENTITY: return new ActivationIdentity();
            case RELU: return new ActivationReLU();
            case LEAKY_RELU: return new ActivationLReLU(LEAKY_SLOPE);
            case ELU: return new ActivationELU(1.0);
            case TANH: return new ActivationTanH();
            case SIGMOID: return new ActivationSigmoid();
            case SILU: return new ActivationSwish();
            case SOFTPLUS: return new ActivationSoftPlus();
            case MISH: return new ActivationMish();
            default: throw new AssertionError(this);
        }
    }

}
