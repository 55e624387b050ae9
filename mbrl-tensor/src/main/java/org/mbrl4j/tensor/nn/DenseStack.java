package org.mbrl4j.tensor.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A multi-layer perceptron of {@link Dense} layers on the tape: {@code in -> hidden x count -> out}, each
 * hidden layer followed by an optional LayerNorm and the activation (TD-MPC2's {@code mlp} of NormedLinear
 * layers, DreamerV3's MLPs), the output layer plain unless configured.
 *
 * <pre>{@code
 * DenseStack net = DenseStack.builder("dyn", 10, 8).hidden(200, 4).activation(Activation.SILU)
 *         .build(new SplittableRandom(1));
 * Var y = net.forward(x);    // [..., 10] -> [..., 8]
 * }</pre>
 */
public final class DenseStack implements Module {

    private final List<Dense> layers;

    private DenseStack(List<Dense> layers) {
        this.layers = Collections.unmodifiableList(layers);
    }

    /**
     * @param name the prefix of the parameters' names ({@code name.layer<i>...})
     * @param in   input features
     * @param out  output features
     * @return a builder: no hidden layer, SiLU, no norm, identity output, PyTorch's default initialisation,
     *         float32
     */
    public static Builder builder(String name, long in, long out) {
        return new Builder(name, in, out);
    }

    /**
     * @param x {@code [..., in]}
     * @return {@code [..., out]}
     */
    public Var forward(Var x) {
        Var h = x;
        for (Dense d : layers) {
            Var next = d.forward(h);
            if (h != x) {
                Tape.recycle(h); // a hidden activation: read by no one after the layer above it
            }
            h = next;
        }
        return h;
    }

    /** @return the layers, input first */
    public List<Dense> layers() {
        return layers;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>();
        for (Dense d : layers) {
            p.addAll(d.parameters());
        }
        return p;
    }

    /** Settings of a {@link DenseStack}. */
    public static final class Builder {
        private final String name;
        private final long in;
        private final long out;
        private long hidden;
        private int count;
        private Activation activation = Activation.SILU;
        private Activation outputActivation = Activation.IDENTITY;
        private double normEps;
        private Initializer init = Initializers.torchDefault();
        private Initializer outputInit;
        private DataType type = DataType.FLOAT;

        private Builder(String name, long in, long out) {
            this.name = name;
            this.in = in;
            this.out = out;
        }

        /** @param size width of each hidden layer, {@code > 0} @param count hidden layers, {@code >= 0} @return this */
        public Builder hidden(long size, int count) {
            if (size <= 0 || count < 0) {
                throw new IllegalArgumentException(name + ": hidden size must be > 0 and count >= 0: " + size + ", " + count);
            }
            this.hidden = size;
            this.count = count;
            return this;
        }

        /** @param act the activation after each hidden layer @return this */
        public Builder activation(Activation act) {
            this.activation = Objects.requireNonNull(act, "act");
            return this;
        }

        /** @param act the activation of the output layer (default identity) @return this */
        public Builder outputActivation(Activation act) {
            this.outputActivation = Objects.requireNonNull(act, "act");
            return this;
        }

        /** @param eps a LayerNorm with this epsilon after each hidden layer's product @return this */
        public Builder norm(double eps) {
            this.normEps = eps;
            return this;
        }

        /** @param init the initialiser of every weight @return this */
        public Builder init(Initializer init) {
            this.init = Objects.requireNonNull(init, "init");
            return this;
        }

        /** @param init the output layer's initialiser (e.g. {@link Initializers#zeros()} for DreamerV3's heads) @return this */
        public Builder outputInit(Initializer init) {
            this.outputInit = Objects.requireNonNull(init, "init");
            return this;
        }

        /** @param type FLOAT or DOUBLE @return this */
        public Builder dataType(DataType type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * @param rng the generator of the initial weights, drawn layer by layer from the input
         * @return the network
         */
        public DenseStack build(RandomGenerator rng) {
            Objects.requireNonNull(rng, "rng");
            List<Dense> layers = new ArrayList<>();
            long width = in;
            for (int i = 0; i < count; i++) {
                Dense.Builder b = Dense.builder(name + ".layer" + i, width, hidden).optActivation(activation)
                        .optInit(init).optDataType(type);
                if (normEps > 0) {
                    b.optBias(false).optNorm(normEps);
                }
                layers.add(b.build(rng));
                width = hidden;
            }
            layers.add(Dense.builder(name + ".layer" + count, width, out).optActivation(outputActivation)
                    .optInit(outputInit != null ? outputInit : init).optDataType(type).build(rng));
            return new DenseStack(layers);
        }
    }
}
