package org.mbrl4j.tensor.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The convolutional image encoder of the Dreamer agents (Hafner et al. 2020, 2023), in the form of
 * DreamerV2/V3's plain {@code ConvEncoder}: {@code stages} convolutions with a 4x4 kernel, stride 2 and
 * padding 1, each halving the image side, with {@code depth * 2^i} channels at stage {@code i}, each followed
 * by an optional channel LayerNorm and an activation; the last feature map is flattened.
 *
 * <pre>{@code
 * ConvEncoder enc = ConvEncoder.builder("enc", 3, 64).optNorm(1e-3).build(rng);
 * Var h = enc.forward(images);   // [N, 3, 64, 64] -> [N, 4096] (256 channels of 4x4)
 * }</pre>
 */
public final class ConvEncoder implements Module {

    /** Every stage: a 4x4 kernel, stride 2, padding 1, which maps side S to S / 2 for even S. */
    static final int KERNEL = 4;
    static final int STRIDE = 2;
    static final int PADDING = 1;

    private final String name;
    private final List<ConvLayer> layers = new ArrayList<>();
    private final int channels;
    private final int size;
    private final long features;

    private ConvEncoder(Builder b, RandomGenerator rng) {
        int in = b.channels;
        for (int i = 0; i < b.stages; i++) {
            int out = b.depth << i;
            layers.add(new ConvLayer(b.name + ".conv" + i, in, out, KERNEL, STRIDE, PADDING, false, b.normEps,
                    b.activation, b.init, b.type, rng));
            in = out;
        }
        int side = b.size >> b.stages;
        name = b.name;
        channels = b.channels;
        size = b.size;
        features = (long) in * side * side;
    }

    /**
     * @param name     the prefix of the parameters' names
     * @param channels image channels C, {@code > 0}
     * @param size     the image side S, a power of two {@code >= 8}
     * @return a builder with depth 32, 4 stages, no norm, SiLU, Xavier-uniform weights, float32
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static Builder builder(String name, int channels, int size) {
        return new Builder(name, channels, size);
    }

    /**
     * @param x {@code [..., C, S, S]} (any leading dimensions, at least one)
     * @return {@code [..., features()]}
     * @throws IllegalArgumentException if {@code x} does not end in {@code [C, S, S]}
     */
    public Var forward(Var x) {
        long[] shape = x.shape();
        int r = shape.length;
        if (r < 4 || shape[r - 3] != channels || shape[r - 2] != size || shape[r - 1] != size) {
            throw new IllegalArgumentException(name + ": input " + Arrays.toString(shape)
                    + " does not end in [" + channels + ", " + size + ", " + size + "] after a batch dimension");
        }
        Var h = r == 4 ? x : x.reshape(-1, channels, size, size);
        for (ConvLayer layer : layers) {
            h = layer.forward(h);
        }
        long[] out = Arrays.copyOf(shape, r - 2);
        out[r - 3] = features;
        return h.reshape(out);
    }

    /** @return the length of the flattened output, {@code depth * 2^(stages-1) * (S / 2^stages)^2} */
    public long features() {
        return features;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>();
        for (ConvLayer layer : layers) {
            layer.addParameters(p);
        }
        return p;
    }

    /** Settings of a {@link ConvEncoder}; {@code opt...} methods are optional, checked again in build. */
    public static final class Builder {
        private final String name;
        private final int channels;
        private final int size;
        private int depth = 32;
        private int stages = 4;
        private double normEps;
        private Activation activation = Activation.SILU;
        private Initializer init = Initializers.xavierUniform();
        private DataType type = DataType.FLOAT;

        private Builder(String name, int channels, int size) {
            this.name = ConvLayer.checkName(name);
            this.channels = ConvLayer.checkPositive(name, "channels", channels);
            this.size = ConvLayer.checkSize(name, size);
        }

        /** @param depth channels of the first stage, doubled at every later one, {@code > 0} (default 32) @return this */
        public Builder optDepth(int depth) {
            this.depth = ConvLayer.checkPositive(name, "depth", depth);
            return this;
        }

        /** @param stages the number of stride-2 convolutions, {@code >= 1} with {@code 2^stages <= S} (default 4) @return this */
        public Builder optStages(int stages) {
            this.stages = ConvLayer.checkPositive(name, "stages", stages);
            return this;
        }

        /** @param eps a channel LayerNorm after every convolution with this epsilon ({@code > 0}; DreamerV3 1e-3) @return this */
        public Builder optNorm(double eps) {
            this.normEps = ConvLayer.checkEps(name, eps);
            return this;
        }

        /** @param act the activation after every stage (default SiLU) @return this */
        public Builder optActivation(Activation act) {
            this.activation = Objects.requireNonNull(act, "act");
            return this;
        }

        /** @param init the weight initialiser, given PyTorch's fans {@code C_in*16} and {@code C_out*16} (biases start at 0) @return this */
        public Builder optInit(Initializer init) {
            this.init = Objects.requireNonNull(init, "init");
            return this;
        }

        /** @param type FLOAT (default) or DOUBLE @return this */
        public Builder optDataType(DataType type) {
            this.type = ConvLayer.checkType(name, type);
            return this;
        }

        /**
         * @param rng the generator of the initial weights
         * @return the encoder
         * @throws IllegalArgumentException if the stages would shrink the image below one pixel
         */
        public ConvEncoder build(RandomGenerator rng) {
            Objects.requireNonNull(rng, "rng");
            ConvLayer.checkStages(name, size, stages, depth);
            return new ConvEncoder(this, rng);
        }
    }
}
