package org.mbrl4j.algorithms.tdmpc;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.Activations;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.FloatInference;
import org.mbrl4j.tensor.autodiff.NnOps;
import org.mbrl4j.tensor.autodiff.Ops;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.Initializers;
import org.mbrl4j.tensor.nn.Module;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * TD-MPC2's {@code NormedLinear} ({@code tdmpc2/common/layers.py}): {@code act(LayerNorm(dropout(x W + b)))}
 * with an affine LayerNorm (eps 1e-5, PyTorch's) and either Mish or SimNorm as the activation. Weights start
 * from a normal with std 0.02 ({@code tdmpc2/common/init.py}), biases at 0.
 */
final class NormedLinear implements Module {

    /** The activation after the norm. */
    enum Kind {
        /** Mish, the hidden layers' activation. */
        MISH,
        /** SimNorm, the latent outputs of the encoder and the dynamics. */
        SIMNORM
    }

    private static final double LN_EPS = 1e-5;

    private final Parameter weight;
    private final Parameter bias;
    private final Parameter gain;
    private final Parameter shift;
    private final Kind kind;
    private final int group;
    private final double dropout;

    /**
     * @param name    prefix of the parameters' names
     * @param in      input features
     * @param out     output features
     * @param kind    the activation
     * @param group   SimNorm's group size (ignored for Mish)
     * @param dropout dropout rate after the product, in {@code [0, 1)}
     * @param rng     generator of the initial weights
     */
    NormedLinear(String name, int in, int out, Kind kind, int group, double dropout, RandomGenerator rng) {
        this.weight = new Parameter(name + ".weight", Nd4j.zeros(DataType.FLOAT, in, out));
        Initializers.truncatedNormal(weight.value(), 0.02, rng);
        this.bias = new Parameter(name + ".bias", Nd4j.zeros(DataType.FLOAT, out));
        this.gain = new Parameter(name + ".ln.weight", Nd4j.ones(DataType.FLOAT, out));
        this.shift = new Parameter(name + ".ln.bias", Nd4j.zeros(DataType.FLOAT, out));
        this.kind = Objects.requireNonNull(kind, "kind");
        this.group = group;
        this.dropout = dropout;
    }

    /**
     * @param x       {@code [..., in]}
     * @param frozen  whether the weights enter as constants (no parameter gradient; the input's still flows)
     * @param dropRng the generator of the dropout mask, or null for no dropout (evaluation)
     * @return {@code [..., out]}
     */
    Var forward(Var x, boolean frozen, RandomGenerator dropRng) {
        // The intermediates are read by the next op only: their arrays go back to the tape's pool (at once when
        // nothing is recorded, as in planning), so that a forward pass repeated every step allocates little.
        Var z = Ops.linear(x, p(weight, frozen), p(bias, frozen), Activation.IDENTITY);
        if (dropout > 0 && dropRng != null) {
            Var dropped = z.mul(Var.constant(mask(z.shape(), dropRng)));
            Tape.recycle(z);
            z = dropped;
        }
        Var n = NnOps.layerNorm(z, p(gain, frozen), p(shift, frozen), LN_EPS);
        Tape.recycle(z);
        Var y = kind == Kind.MISH ? n.act(Activation.MISH) : NnOps.simNorm(n, group);
        Tape.recycle(n);
        return y;
    }

    /** @return a float32 copy of the weights for tape-free inference ({@link Host#forward}) */
    Host host() {
        long[] shape = weight.value().shape();
        return new Host(HostArrays.toFloats(weight.value()), HostArrays.toFloats(bias.value()),
                HostArrays.toFloats(gain.value()), HostArrays.toFloats(shift.value()), (int) shape[0],
                (int) shape[1], kind, group);
    }

    /**
     * The layer's weights as Java arrays, for inference without a tape on {@link FloatInference}'s kernels
     * (no dropout: planning and evaluation).
     *
     * @param w     {@code [in, out]} row-major
     * @param b     {@code [out]}
     * @param gain  LayerNorm gain {@code [out]}
     * @param shift LayerNorm shift {@code [out]}
     * @param in    input features
     * @param out   output features
     * @param kind  the activation
     * @param group SimNorm's group size
     */
    record Host(float[] w, float[] b, float[] gain, float[] shift, int in, int out, Kind kind, int group) {
        /**
         * @param x    {@code [rows, in]} row-major
         * @param rows rows
         * @return {@code [rows, out]} row-major, fresh
         */
        float[] forward(float[] x, int rows) {
            float[] y = new float[rows * out];
            FloatInference.dense(x, rows, in, w, b, out, y);
            FloatInference.layerNorm(y, rows, out, (float) LN_EPS, gain, shift);
            if (kind == Kind.MISH) {
                Activations.activateInPlace(y, 0, y.length, Activation.MISH);
            } else {
                FloatInference.softmax(y, rows * (out / group), group);
            }
            return y;
        }
    }

    private org.nd4j.linalg.api.ndarray.INDArray mask(long[] shape, RandomGenerator rng) {
        long count = 1;
        for (long s : shape) {
            count *= s;
        }
        float keep = (float) (1 / (1 - dropout));
        float[] m = new float[(int) count];
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextDouble() < dropout ? 0f : keep;
        }
        return HostArrays.array(m, shape);
    }

    static Var p(Parameter parameter, boolean frozen) {
        return frozen ? Var.constant(parameter.value()) : Var.of(parameter);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias, gain, shift);
    }
}
