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
 * The mirror of {@link ConvEncoder} (Dreamer's image decoder): a dense layer from a feature vector to the
 * encoder's last feature map {@code [depth * 2^(stages-1), S / 2^stages, S / 2^stages]} (no activation, as in
 * DreamerV2's {@code convin}), then {@code stages} transposed convolutions with a 4x4 kernel, stride 2 and
 * padding 1, each doubling the side and halving the channels; the last one maps to the image channels with a
 * bias and no norm or activation (the predicted image, or the mean of a unit-variance Gaussian over it).
 *
 * <pre>{@code
 * ConvDecoder dec = ConvDecoder.builder("dec", 1536, 3, 64).optNorm(1e-3).build(rng);
 * Var image = dec.forward(latent);   // [N, 1536] -> [N, 3, 64, 64]
 * }</pre>
 */
public final class ConvDecoder implements Module {

    private final String name;
    private final Dense input;
    private final List<ConvLayer> layers = new ArrayList<>();
    private final long features;
    private final int channels;
    private final int size;
    private final int firstChannels;
    private final int firstSide;

    private ConvDecoder(Builder b, RandomGenerator rng) {
        name = b.name;
        features = b.features;
        channels = b.channels;
        size = b.size;
        firstChannels = b.depth << (b.stages - 1);
        firstSide = b.size >> b.stages;
        input = Dense.builder(b.name + ".in", b.features, (long) firstChannels * firstSide * firstSide)
                .optInit(b.init).optDataType(b.type).build(rng);
        int in = firstChannels;
        for (int i = 0; i < b.stages; i++) {
            boolean last = i == b.stages - 1;
            int out = last ? b.channels : in / 2;
            layers.add(new ConvLayer(b.name + ".deconv" + i, in, out, ConvEncoder.KERNEL, ConvEncoder.STRIDE,
                    ConvEncoder.PADDING, true, last ? 0 : b.normEps, last ? Activation.IDENTITY : b.activation,
                    b.init, b.type, rng));
            in = out;
        }
    }

    /**
     * @param name     the prefix of the parameters' names
     * @param features the length of the input vector, {@code > 0}
     * @param channels image channels C, {@code > 0}
     * @param size     the image side S, a power of two {@code >= 8}
     * @return a builder with depth 32, 4 stages, no norm, SiLU, Xavier-uniform weights, float32
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static Builder builder(String name, long features, int channels, int size) {
        return new Builder(name, features, channels, size);
    }

    /**
     * @param z {@code [..., features]} (any leading dimensions, at least one)
     * @return {@code [..., C, S, S]}
     * @throws IllegalArgumentException if {@code z} does not end in {@code features}
     */
    public Var forward(Var z) {
        long[] shape = z.shape();
        int r = shape.length;
        if (r < 2 || shape[r - 1] != features) {
            throw new IllegalArgumentException(name + ": input " + Arrays.toString(shape) + " does not end in "
                    + features + " features after a batch dimension");
        }
        Var h = input.forward(z).reshape(-1, firstChannels, firstSide, firstSide);
        for (ConvLayer layer : layers) {
            h = layer.forward(h);
        }
        if (r == 2) {
            return h;
        }
        long[] out = Arrays.copyOf(shape, r + 2);
        out[r - 1] = channels;
        out[r] = size;
        out[r + 1] = size;
        return h.reshape(out);
    }

    /** @return the length of the input vector */
    public long features() {
        return features;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>(input.parameters());
        for (ConvLayer layer : layers) {
            layer.addParameters(p);
        }
        return p;
    }

    /** Settings of a {@link ConvDecoder}; {@code opt...} methods are optional, checked again in build. */
    public static final class Builder {
        private final String name;
        private final long features;
        private final int channels;
        private final int size;
        private int depth = 32;
        private int stages = 4;
        private double normEps;
        private Activation activation = Activation.SILU;
        private Initializer init = Initializers.xavierUniform();
        private DataType type = DataType.FLOAT;

        private Builder(String name, long features, int channels, int size) {
            this.name = ConvLayer.checkName(name);
            this.features = ConvLayer.checkPositive(name, "features", features);
            this.channels = ConvLayer.checkPositive(name, "channels", channels);
            this.size = ConvLayer.checkSize(name, size);
        }

        /** @param depth channels of the last hidden stage, doubled towards the input, {@code > 0} (default 32) @return this */
        public Builder optDepth(int depth) {
            this.depth = ConvLayer.checkPositive(name, "depth", depth);
            return this;
        }

        /** @param stages the number of stride-2 transposed convolutions, {@code >= 1} with {@code 2^stages <= S} (default 4) @return this */
        public Builder optStages(int stages) {
            this.stages = ConvLayer.checkPositive(name, "stages", stages);
            return this;
        }

        /** @param eps a channel LayerNorm after every hidden stage with this epsilon ({@code > 0}) @return this */
        public Builder optNorm(double eps) {
            this.normEps = ConvLayer.checkEps(name, eps);
            return this;
        }

        /** @param act the activation after every hidden stage (default SiLU) @return this */
        public Builder optActivation(Activation act) {
            this.activation = Objects.requireNonNull(act, "act");
            return this;
        }

        /** @param init the weight initialiser of every layer (biases start at 0) @return this */
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
         * @return the decoder
         * @throws IllegalArgumentException if the stages would need a map smaller than one pixel
         */
        public ConvDecoder build(RandomGenerator rng) {
            Objects.requireNonNull(rng, "rng");
            ConvLayer.checkStages(name, size, stages, depth);
            return new ConvDecoder(this, rng);
        }
    }
}
