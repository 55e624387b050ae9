package org.mbrl4j.models.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.nn.Initializer;
import org.mbrl4j.tensor.nn.Initializers;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Builds multi-layer perceptrons as {@link Sequential} stacks of {@link Linear} layers (or, with
 * {@link Builder#ensemble(int)}, {@link EnsembleLinear} layers evaluated as one batched computation):
 * {@code in -> hidden x layers -> out}, each hidden layer followed by the activation (fused into the
 * layer) or, with {@link Builder#layerNorm(boolean)}, by a {@link LayerNorm} and then the activation.
 *
 * <pre>{@code
 * Sequential net = Mlp.builder(5, 8).hidden(200, 4).activation(Activation.SILU).ensemble(7)
 *         .build(new SplittableRandom(1));     // input [7, B, 5] -> output [7, B, 8]
 * }</pre>
 *
 * Parameter names are {@code name + ".layer<i>.weight"} and so on ({@code name} defaults to "mlp").
 */
public final class Mlp {

    private Mlp() {
    }

    /**
     * @param in  input size
     * @param out output size
     * @return a builder with defaults: no hidden layer, ReLU, identity output, truncated-normal init
     *         (mbrl-lib's), float32, no layer norm, no ensemble
     */
    public static Builder builder(int in, int out) {
        return new Builder(in, out);
    }

    /** Collects the settings of an MLP; {@code build} validates them. */
    public static final class Builder {
        private final int in;
        private final int out;
        private int hidden = 0;
        private int layers = 0;
        private Activation activation = Activation.RELU;
        private Activation outputActivation = Activation.IDENTITY;
        private Initializer init = Initializers.truncatedNormal();
        private DataType dtype = DataType.FLOAT;
        private boolean layerNorm;
        private int members = 0;
        private String name = "mlp";

        private Builder(int in, int out) {
            this.in = in;
            this.out = out;
        }

        /**
         * @param size   width of every hidden layer, {@code >= 1}
         * @param count  number of hidden layers, {@code >= 0}
         * @return this builder
         */
        public Builder hidden(int size, int count) {
            this.hidden = size;
            this.layers = count;
            return this;
        }

        /**
         * @param act activation after every hidden layer
         * @return this builder
         */
        public Builder activation(Activation act) {
            this.activation = Objects.requireNonNull(act, "activation");
            return this;
        }

        /**
         * @param act activation of the output layer (identity by default)
         * @return this builder
         */
        public Builder outputActivation(Activation act) {
            this.outputActivation = Objects.requireNonNull(act, "outputActivation");
            return this;
        }

        /**
         * @param initializer initialiser of every weight matrix
         * @return this builder
         */
        public Builder initializer(Initializer initializer) {
            this.init = Objects.requireNonNull(initializer, "initializer");
            return this;
        }

        /**
         * @param type FLOAT (default, the fast path) or DOUBLE
         * @return this builder
         */
        public Builder dtype(DataType type) {
            this.dtype = Checks.floating(type);
            return this;
        }

        /**
         * @param enabled whether each hidden layer is followed by a {@link LayerNorm} before its activation
         *                (its gain and bias are shared by all ensemble members)
         * @return this builder
         */
        public Builder layerNorm(boolean enabled) {
            this.layerNorm = enabled;
            return this;
        }

        /**
         * @param count ensemble size E ({@code >= 1}): inputs and outputs become {@code [E, B, D]}
         * @return this builder
         */
        public Builder ensemble(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("ensemble size must be >= 1: " + count);
            }
            this.members = count;
            return this;
        }

        /**
         * @param prefix prefix of the parameter names
         * @return this builder
         */
        public Builder name(String prefix) {
            if (prefix == null || prefix.isEmpty()) {
                throw new IllegalArgumentException("name must be a non-empty string: " + prefix);
            }
            this.name = prefix;
            return this;
        }

        /**
         * @param rng generator of the initial weights
         * @return the network
         * @throws IllegalArgumentException if a size is not positive, or hidden layers were asked for with
         *                                  a width below 1
         */
        public Sequential build(RandomGenerator rng) {
            Objects.requireNonNull(rng, "rng");
            Checks.positive("in", in);
            Checks.positive("out", out);
            if (layers < 0) {
                throw new IllegalArgumentException("hidden layer count must be >= 0: " + layers);
            }
            if (layers > 0) {
                Checks.positive("hidden size", hidden);
            }
            List<Layer> stack = new ArrayList<>();
            int width = in;
            for (int i = 0; i <= layers; i++) {
                boolean last = i == layers;
                int next = last ? out : hidden;
                Activation fused = last ? outputActivation : (layerNorm ? Activation.IDENTITY : activation);
                String lname = name + ".layer" + i;
                stack.add(members > 0
                        ? new EnsembleLinear(lname, members, width, next, fused, init, dtype, rng)
                        : new Linear(lname, width, next, fused, init, dtype, rng));
                if (!last && layerNorm) {
                    stack.add(new LayerNorm(lname + ".norm", next, dtype));
                    stack.add(new ActivationLayer(activation));
                }
                width = next;
            }
            return new Sequential(stack);
        }
    }
}
