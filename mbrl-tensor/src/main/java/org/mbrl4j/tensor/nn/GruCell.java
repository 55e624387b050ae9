package org.mbrl4j.tensor.nn;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.autodiff.NnOps;
import org.mbrl4j.tensor.autodiff.Ops;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DreamerV3's GRU cell with LayerNorm (Hafner et al. 2023, "Mastering Diverse Domains through World
 * Models"; the first release's {@code RSSM._gru} in {@code dreamerv3/nets.py}): one product of the input and
 * the state, a LayerNorm over the three gates' pre-activations, and an update gate biased towards keeping the
 * state:
 * <pre>
 * n       = LayerNorm([x, h] W)                  W [in + hidden, 3 hidden], no bias; eps 1e-3
 * r, c, u = split(n, 3)
 * r = sigmoid(r);  c = tanh(r * c);  u = sigmoid(u - 1)
 * h'      = u * c + (1 - u) * h
 * </pre>
 * (DreamerV3 concatenates {@code [h, x]}; the order only permutes W's rows.) Checked against PyTorch on one step
 * and on an unrolled sequence with shared weights.
 */
public final class GruCell implements Module {

    /** DreamerV3's LayerNorm epsilon. */
    public static final double NORM_EPS = 1e-3;

    private final long inputs;
    private final long hidden;
    private final Parameter weight;
    private final Parameter gain;
    private final Parameter bias;

    /**
     * @param name   the prefix of the parameters' names
     * @param inputs input features, {@code > 0}
     * @param hidden state size, {@code > 0}
     * @param type   FLOAT or DOUBLE
     * @param rng    the generator of the initial weights (PyTorch's default for a Linear of fan-in
     *               {@code inputs + hidden}; LayerNorm gain 1, bias 0)
     */
    public GruCell(String name, long inputs, long hidden, DataType type, RandomGenerator rng) {
        Objects.requireNonNull(rng, "rng");
        if (inputs <= 0 || hidden <= 0) {
            throw new IllegalArgumentException(name + ": inputs and hidden must be > 0: " + inputs + ", " + hidden);
        }
        this.inputs = inputs;
        this.hidden = hidden;
        weight = new Parameter(name + ".weight", Nd4j.zeros(type, inputs + hidden, 3 * hidden));
        Initializers.torchDefault().initialize(weight.value(), inputs + hidden, 3 * hidden, rng);
        gain = new Parameter(name + ".norm.gain", Nd4j.ones(type, 3 * hidden));
        bias = new Parameter(name + ".norm.bias", Nd4j.zeros(type, 3 * hidden));
    }

    /**
     * One step.
     *
     * @param x {@code [B, inputs]}
     * @param h {@code [B, hidden]}
     * @return the next state {@code [B, hidden]}
     */
    public Var step(Var x, Var h) {
        if (x.rank() != 2 || x.size(1) != inputs || h.rank() != 2 || h.size(1) != hidden || x.size(0) != h.size(0)) {
            throw new IllegalArgumentException(weight.name() + ": x " + java.util.Arrays.toString(x.shape()) + " and h "
                    + java.util.Arrays.toString(h.shape()) + " do not match (expected [B, " + inputs + "] and [B, "
                    + hidden + "])");
        }
        Var xh = Ops.concat(-1, x, h);
        Var z = xh.matmul(Var.of(weight));
        Var n = NnOps.layerNorm(z, Var.of(gain), Var.of(bias), NORM_EPS);
        List<Var> parts = Ops.split(n, -1, hidden, hidden, hidden);
        Var reset = parts.get(0).sigmoid();
        Var gated = reset.mul(parts.get(1));
        Var cand = gated.tanh();
        Var shifted = parts.get(2).add(-1.0);
        Var update = shifted.sigmoid();
        Var delta = cand.sub(h);
        Var step = update.mul(delta);
        Var next = h.add(step);
        // every value above is private to this step: back to the tape's pool once nothing reads it
        for (Var v : new Var[] {xh, z, n, reset, gated, cand, shifted, update, delta, step}) {
            Tape.recycle(v);
        }
        return next;
    }

    /** @return the input size */
    public long inputs() {
        return inputs;
    }

    /** @return the state size */
    public long hidden() {
        return hidden;
    }

    /** @return weight {@code [in + hidden, 3 hidden]}, LayerNorm gain and bias {@code [3 hidden]} */
    @Override
    public List<Parameter> parameters() {
        return List.of(weight, gain, bias);
    }
}
