package org.mbrl4j.tensor.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.autodiff.NnOps;
import org.mbrl4j.tensor.autodiff.Ops;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dense layer on the tape: {@code act(norm(x W + b))}. With a LayerNorm it is TD-MPC2's {@code NormedLinear}
 * (Linear, LayerNorm, activation) and the Linear-Norm-activation block of DreamerV3's networks, where the
 * Linear has no bias because the norm's own bias follows.
 *
 * <pre>{@code
 * Dense layer = Dense.builder("enc0", 10, 512).optBias(false).optNorm(1e-3).optActivation(Activation.SILU)
 *         .build(rng);
 * Var h = layer.forward(x);   // x [..., 10] -> [..., 512]
 * }</pre>
 */
public final class Dense implements Module {

    private final Parameter weight;
    private final Parameter bias;
    private final Parameter normGain;
    private final Parameter normBias;
    private final double normEps;
    private final Activation activation;

    private Dense(Builder b, RandomGenerator rng) {
        weight = new Parameter(b.name + ".weight", Nd4j.zeros(b.type, b.in, b.out));
        b.init.initialize(weight.value(), b.in, b.out, rng);
        bias = b.bias ? new Parameter(b.name + ".bias", Nd4j.zeros(b.type, b.out)) : null;
        if (b.normEps > 0) {
            normGain = new Parameter(b.name + ".norm.gain", Nd4j.ones(b.type, b.out));
            normBias = new Parameter(b.name + ".norm.bias", Nd4j.zeros(b.type, b.out));
        } else {
            normGain = null;
            normBias = null;
        }
        normEps = b.normEps;
        activation = b.activation;
    }

    /**
     * @param name the prefix of the parameters' names
     * @param in   input features, {@code > 0}
     * @param out  output features, {@code > 0}
     * @return a builder with a bias, no norm, no activation, PyTorch's default initialisation
     *         ({@link Initializers#torchDefault()}), float32
     */
    public static Builder builder(String name, long in, long out) {
        return new Builder(name, in, out);
    }

    /**
     * @param x {@code [..., in]}
     * @return {@code [..., out]}
     */
    public Var forward(Var x) {
        if (x.size(-1) != weight.value().size(0)) {
            throw new IllegalArgumentException(weight.name() + ": input " + java.util.Arrays.toString(x.shape())
                    + " does not end in " + weight.value().size(0) + " features");
        }
        Var b = bias == null ? null : Var.of(bias);
        if (normGain == null) {
            return Ops.linear(x, Var.of(weight), b, activation);
        }
        Var z = Ops.linear(x, Var.of(weight), b, Activation.IDENTITY);
        Var n = NnOps.layerNorm(z, Var.of(normGain), Var.of(normBias), normEps);
        Tape.recycle(z); // read only by the LayerNorm: its array goes back to the tape's pool
        if (activation == Activation.IDENTITY) {
            return n;
        }
        Var y = n.act(activation);
        Tape.recycle(n);
        return y;
    }

    /** @return {@code [in, out]} */
    public Parameter weight() {
        return weight;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>();
        p.add(weight);
        if (bias != null) {
            p.add(bias);
        }
        if (normGain != null) {
            p.add(normGain);
            p.add(normBias);
        }
        return p;
    }

    /** Settings of a {@link Dense} layer; {@code opt...} methods are optional. */
    public static final class Builder {
        private final String name;
        private final long in;
        private final long out;
        private boolean bias = true;
        private double normEps;
        private Activation activation = Activation.IDENTITY;
        private Initializer init = Initializers.torchDefault();
        private DataType type = DataType.FLOAT;

        private Builder(String name, long in, long out) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("name must be a non-empty string: " + name);
            }
            if (in <= 0 || out <= 0) {
                throw new IllegalArgumentException(name + ": in and out must be > 0: in " + in + ", out " + out);
            }
            this.name = name;
            this.in = in;
            this.out = out;
        }

        /** @param on whether the layer adds a bias (default true) @return this */
        public Builder optBias(boolean on) {
            this.bias = on;
            return this;
        }

        /** @param eps a LayerNorm after the product with this epsilon ({@code > 0}) @return this */
        public Builder optNorm(double eps) {
            if (!(eps > 0) || !Double.isFinite(eps)) {
                throw new IllegalArgumentException(name + ": norm eps must be finite and > 0: " + eps);
            }
            this.normEps = eps;
            return this;
        }

        /** @param act the activation at the end (default identity) @return this */
        public Builder optActivation(Activation act) {
            this.activation = Objects.requireNonNull(act, "act");
            return this;
        }

        /** @param init the weight initialiser (biases start at 0) @return this */
        public Builder optInit(Initializer init) {
            this.init = Objects.requireNonNull(init, "init");
            return this;
        }

        /** @param type FLOAT (default) or DOUBLE @return this */
        public Builder optDataType(DataType type) {
            if (type != DataType.FLOAT && type != DataType.DOUBLE) {
                throw new IllegalArgumentException(name + ": data type must be FLOAT or DOUBLE: " + type);
            }
            this.type = type;
            return this;
        }

        /**
         * @param rng the generator of the initial weights
         * @return the layer
         */
        public Dense build(RandomGenerator rng) {
            return new Dense(this, Objects.requireNonNull(rng, "rng"));
        }
    }
}
