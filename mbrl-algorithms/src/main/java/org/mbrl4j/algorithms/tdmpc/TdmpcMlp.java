package org.mbrl4j.algorithms.tdmpc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.FloatInference;
import org.mbrl4j.tensor.autodiff.Ops;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.Initializers;
import org.mbrl4j.tensor.nn.Module;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * TD-MPC2's {@code mlp} ({@code tdmpc2/common/layers.py}): hidden {@link NormedLinear} layers with Mish (the first
 * with the dropout rate given), then either a plain linear output or a NormedLinear with SimNorm (the encoder's and
 * the dynamics' latent outputs).
 */
final class TdmpcMlp implements Module {

    private final List<NormedLinear> hidden;
    private final NormedLinear simNormOut;
    private final Parameter outWeight;
    private final Parameter outBias;

    /**
     * @param name        prefix of the parameters' names
     * @param in          input features
     * @param widths      hidden widths, at least one
     * @param out         output features
     * @param simNorm     SimNorm group size of a normed output layer, or 0 for a plain linear output
     * @param dropout     dropout rate of the first hidden layer
     * @param zeroOutput  whether the plain output layer's weights start at 0 (TD-MPC2's reward and Q heads)
     * @param rng         generator of the initial weights
     */
    TdmpcMlp(String name, int in, int[] widths, int out, int simNorm, double dropout, boolean zeroOutput,
            RandomGenerator rng) {
        List<NormedLinear> layers = new ArrayList<>();
        int width = in;
        for (int i = 0; i < widths.length; i++) {
            layers.add(new NormedLinear(name + ".layer" + i, width, widths[i], NormedLinear.Kind.MISH, 0,
                    i == 0 ? dropout : 0, rng));
            width = widths[i];
        }
        this.hidden = Collections.unmodifiableList(layers);
        String outName = name + ".layer" + widths.length;
        if (simNorm > 0) {
            simNormOut = new NormedLinear(outName, width, out, NormedLinear.Kind.SIMNORM, simNorm, 0, rng);
            outWeight = null;
            outBias = null;
        } else {
            simNormOut = null;
            outWeight = new Parameter(outName + ".weight", Nd4j.zeros(DataType.FLOAT, width, out));
            if (!zeroOutput) {
                Initializers.truncatedNormal(outWeight.value(), 0.02, rng);
            }
            outBias = new Parameter(outName + ".bias", Nd4j.zeros(DataType.FLOAT, out));
        }
    }

    /**
     * @param x       {@code [..., in]}
     * @param frozen  weights as constants (gradients reach the input only)
     * @param dropRng dropout generator, or null for none
     * @return {@code [..., out]}
     */
    Var forward(Var x, boolean frozen, RandomGenerator dropRng) {
        Var h = x;
        for (NormedLinear layer : hidden) {
            Var next = layer.forward(h, frozen, dropRng);
            if (h != x) {
                Tape.recycle(h); // a hidden activation: read by the layer above only
            }
            h = next;
        }
        Var out = simNormOut != null ? simNormOut.forward(h, frozen, dropRng)
                : Ops.linear(h, NormedLinear.p(outWeight, frozen), NormedLinear.p(outBias, frozen), Activation.IDENTITY);
        if (h != x) {
            Tape.recycle(h);
        }
        return out;
    }

    /** @return a float32 copy of the weights for tape-free inference ({@link Host#forward}) */
    Host host() {
        List<NormedLinear.Host> h = new ArrayList<>();
        for (NormedLinear layer : hidden) {
            h.add(layer.host());
        }
        if (simNormOut != null) {
            return new Host(h, simNormOut.host(), null, null, 0);
        }
        return new Host(h, null, HostArrays.toFloats(outWeight.value()), HostArrays.toFloats(outBias.value()),
                (int) outWeight.value().size(1));
    }

    /**
     * The network's weights as Java arrays, for inference without a tape (no dropout).
     *
     * @param hidden     the hidden layers
     * @param simNormOut the normed output layer, or null
     * @param outWeight  the plain output layer's weights {@code [width, out]} row-major, or null
     * @param outBias    its bias {@code [out]}, or null
     * @param out        the plain output layer's width (0 with a normed output)
     */
    record Host(List<NormedLinear.Host> hidden, NormedLinear.Host simNormOut, float[] outWeight, float[] outBias,
            int out) {
        /**
         * @param x    {@code [rows, in]} row-major
         * @param rows rows
         * @return {@code [rows, out]} row-major, fresh
         */
        float[] forward(float[] x, int rows) {
            float[] h = x;
            for (NormedLinear.Host layer : hidden) {
                h = layer.forward(h, rows);
            }
            if (simNormOut != null) {
                return simNormOut.forward(h, rows);
            }
            int width = outWeight.length / out;
            float[] y = new float[rows * out];
            FloatInference.dense(h, rows, width, outWeight, outBias, out, y);
            return y;
        }
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>();
        for (NormedLinear layer : hidden) {
            p.addAll(layer.parameters());
        }
        if (simNormOut != null) {
            p.addAll(simNormOut.parameters());
        } else {
            p.add(outWeight);
            p.add(outBias);
        }
        return p;
    }
}
