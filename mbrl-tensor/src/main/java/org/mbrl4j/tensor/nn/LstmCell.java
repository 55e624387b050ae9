package org.mbrl4j.tensor.nn;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.autodiff.Ops;
import org.mbrl4j.tensor.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The LSTM cell of PyTorch's {@code nn.LSTMCell} (used by World Models' MDN-RNN and EfficientZero's value
 * prefix), with the input and recurrent weights stacked into one matrix and the two biases summed:
 * <pre>
 * i, f, g, o = split([x, h] W + b, 4)            W [in + hidden, 4 hidden], b [4 hidden]
 * c' = sigmoid(f) c + sigmoid(i) tanh(g)
 * h' = sigmoid(o) tanh(c')
 * </pre>
 * Checked against {@code nn.LSTMCell} ({@code W = [weight_ih^T; weight_hh^T]}, {@code b = bias_ih + bias_hh}).
 */
public final class LstmCell implements Module {

    /**
     * The state of an LSTM.
     *
     * @param h the output {@code [B, hidden]}
     * @param c the cell {@code [B, hidden]}
     */
    public record State(Var h, Var c) {
        /** @throws NullPointerException if a part is null */
        public State {
            Objects.requireNonNull(h, "h");
            Objects.requireNonNull(c, "c");
        }
    }

    private final long inputs;
    private final long hidden;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param name   the prefix of the parameters' names
     * @param inputs input features, {@code > 0}
     * @param hidden state size, {@code > 0}
     * @param type   FLOAT or DOUBLE
     * @param rng    the generator of the initial weights: uniform in {@code +-1/sqrt(hidden)} as PyTorch's
     *               LSTM, the forget gate's bias at 1 and the other biases at 0
     */
    public LstmCell(String name, long inputs, long hidden, DataType type, RandomGenerator rng) {
        Objects.requireNonNull(rng, "rng");
        if (inputs <= 0 || hidden <= 0) {
            throw new IllegalArgumentException(name + ": inputs and hidden must be > 0: " + inputs + ", " + hidden);
        }
        this.inputs = inputs;
        this.hidden = hidden;
        weight = new Parameter(name + ".weight", Nd4j.zeros(type, inputs + hidden, 4 * hidden));
        Initializers.torchDefault().initialize(weight.value(), hidden, 4 * hidden, rng);
        bias = new Parameter(name + ".bias", Nd4j.zeros(type, 4 * hidden));
        bias.value().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(hidden, 2 * hidden)).assign(1);
    }

    /**
     * @param batch the batch size
     * @param type  the data type
     * @return a zero state {@code [batch, hidden]} (constants)
     */
    public State zeroState(long batch, DataType type) {
        return new State(Var.constant(Nd4j.zeros(type, batch, hidden)), Var.constant(Nd4j.zeros(type, batch, hidden)));
    }

    /**
     * One step.
     *
     * @param x     {@code [B, inputs]}
     * @param state {@code h, c}, each {@code [B, hidden]}
     * @return the next state
     */
    public State step(Var x, State state) {
        Var h = state.h();
        if (x.rank() != 2 || x.size(1) != inputs || h.rank() != 2 || h.size(1) != hidden || x.size(0) != h.size(0)
                || !java.util.Arrays.equals(h.shape(), state.c().shape())) {
            throw new IllegalArgumentException(weight.name() + ": x " + java.util.Arrays.toString(x.shape())
                    + ", h " + java.util.Arrays.toString(h.shape()) + " and c "
                    + java.util.Arrays.toString(state.c().shape()) + " do not match (expected [B, " + inputs
                    + "] and [B, " + hidden + "])");
        }
        Var z = Ops.linear(Ops.concat(-1, x, h), Var.of(weight), Var.of(bias), org.mbrl4j.tensor.Activation.IDENTITY);
        List<Var> gates = Ops.split(z, -1, hidden, hidden, hidden, hidden);
        Var c = gates.get(1).sigmoid().mul(state.c()).add(gates.get(0).sigmoid().mul(gates.get(2).tanh()));
        Var hNext = gates.get(3).sigmoid().mul(c.tanh());
        return new State(hNext, c);
    }

    /** @return weight {@code [in + hidden, 4 hidden]} and bias {@code [4 hidden]} */
    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }
}
