package org.mbrl4j.tensor.nn;

import java.util.List;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.autodiff.ConvOps;
import org.mbrl4j.tensor.autodiff.NnOps;
import org.mbrl4j.tensor.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One stage of {@link ConvEncoder} or {@link ConvDecoder}: a (transposed) convolution with a square kernel,
 * then an optional channel LayerNorm and an activation. As in {@link Dense}, the convolution has a bias only
 * when no norm follows (the norm's own bias takes its place).
 */
final class ConvLayer {

    private final Parameter weight;
    private final Parameter bias;
    private final Parameter normGain;
    private final Parameter normBias;
    private final double normEps;
    private final Activation activation;
    private final boolean transposed;
    private final int stride;
    private final int padding;

    /**
     * @param name       the prefix of the parameters' names
     * @param in         input channels
     * @param out        output channels
     * @param kernel     the kernel's side
     * @param stride     the stride
     * @param padding    the padding
     * @param transposed a transposed convolution (weight {@code [in, out, k, k]}) instead of a convolution
     *                   (weight {@code [out, in, k, k]})
     * @param normEps    the channel LayerNorm's epsilon, or 0 for none
     * @param activation the activation at the end
     * @param init       the weight initialiser, given PyTorch's fans: {@code size(1) * k * k} in,
     *                   {@code size(0) * k * k} out
     * @param type       FLOAT or DOUBLE
     * @param rng        the generator of the initial weights
     */
    ConvLayer(String name, int in, int out, int kernel, int stride, int padding, boolean transposed, double normEps,
            Activation activation, Initializer init, DataType type, RandomGenerator rng) {
        long[] shape = transposed ? new long[] {in, out, kernel, kernel} : new long[] {out, in, kernel, kernel};
        weight = new Parameter(name + ".weight", Nd4j.zeros(type, shape));
        init.initialize(weight.value(), shape[1] * kernel * kernel, shape[0] * kernel * kernel, rng);
        bias = normEps > 0 ? null : new Parameter(name + ".bias", Nd4j.zeros(type, out));
        normGain = normEps > 0 ? new Parameter(name + ".norm.gain", Nd4j.ones(type, out)) : null;
        normBias = normEps > 0 ? new Parameter(name + ".norm.bias", Nd4j.zeros(type, out)) : null;
        this.normEps = normEps;
        this.activation = activation;
        this.transposed = transposed;
        this.stride = stride;
        this.padding = padding;
    }

    /**
     * @param x {@code [N, in, H, W]}
     * @return {@code [N, out, H', W']}
     */
    Var forward(Var x) {
        Var b = bias == null ? null : Var.of(bias);
        Var y = transposed ? ConvOps.convTranspose2d(x, Var.of(weight), b, stride, padding)
                : ConvOps.conv2d(x, Var.of(weight), b, stride, padding);
        if (normGain != null) {
            // LayerNorm over the channels of each pixel
            y = NnOps.channelLayerNorm(y, Var.of(normGain), Var.of(normBias), normEps);
        }
        return activation == Activation.IDENTITY ? y : y.act(activation);
    }

    /** Adds the parameters in their fixed order: weight, bias, norm gain, norm bias (those that exist). */
    void addParameters(List<Parameter> out) {
        out.add(weight);
        if (bias != null) {
            out.add(bias);
        }
        if (normGain != null) {
            out.add(normGain);
            out.add(normBias);
        }
    }

    // ----------------------------------------------------------------------------------------------------
    // Builder checks shared by ConvEncoder and ConvDecoder

    static String checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name must be a non-empty string: " + name);
        }
        return name;
    }

    static int checkPositive(String name, String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + what + " must be > 0: " + value);
        }
        return value;
    }

    static long checkPositive(String name, String what, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + what + " must be > 0: " + value);
        }
        return value;
    }

    static int checkSize(String name, int size) {
        if (size < 8 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException(name + ": image size must be a power of two >= 8: " + size);
        }
        return size;
    }

    static double checkEps(String name, double eps) {
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException(name + ": norm eps must be finite and > 0: " + eps);
        }
        return eps;
    }

    static DataType checkType(String name, DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException(name + ": data type must be FLOAT or DOUBLE: " + type);
        }
        return type;
    }

    /** Every stage halves the side: {@code 2^stages} must divide S, and the widest stage must stay countable. */
    static void checkStages(String name, int size, int stages, int depth) {
        if (stages > 30 || (1 << stages) > size) {
            throw new IllegalArgumentException(name + ": " + stages + " stages halve the image side " + size
                    + " below one pixel; expected at most " + Integer.numberOfTrailingZeros(size));
        }
        if ((long) depth << (stages - 1) > 1 << 20) {
            throw new IllegalArgumentException(name + ": depth " + depth + " doubled over " + stages
                    + " stages gives " + ((long) depth << (stages - 1)) + " channels; expected at most " + (1 << 20));
        }
    }
}
