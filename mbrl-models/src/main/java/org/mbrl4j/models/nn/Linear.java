package org.mbrl4j.models.nn;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.core.tensor.Activation;
import org.mbrl4j.core.tensor.Activations;
import org.mbrl4j.core.tensor.Gemm;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dense layer {@code y = act(x W + b)} with {@code x [B, in]}, {@code W [in, out]}, {@code b [1, out]}.
 *
 * <p>The weight is stored input-major ({@code [in, out]}, as mbrl-lib's ensemble layers do), so the
 * forward pass is one GEMM without transposes; the bias add (and, for identity, the whole epilogue) is one
 * fused pass of {@link Activations}. The pre-activation is kept for the backward pass.
 */
public final class Linear implements Layer {

    private final int in;
    private final int out;
    private final Activation activation;
    private final Parameter weight;
    private final Parameter bias;
    private INDArray lastInput;
    private INDArray lastPre;
    private INDArray lastOutput;
    private INDArray ones;

    /**
     * @param name       prefix of the parameter names ({@code name.weight}, {@code name.bias})
     * @param in         input size, {@code >= 1}
     * @param out        output size, {@code >= 1}
     * @param activation applied after the bias
     * @param init       initialiser of the weight (the bias starts at zero)
     * @param dtype      FLOAT (the fast path) or DOUBLE (finite-difference tests)
     * @param rng        generator of the initial weights
     * @throws IllegalArgumentException if a size is below 1, the data type is not floating, or an argument
     *                                  is null
     */
    public Linear(String name, int in, int out, Activation activation, Initializer init, DataType dtype,
            RandomGenerator rng) {
        this.in = Checks.positive("in", in);
        this.out = Checks.positive("out", out);
        this.activation = Objects.requireNonNull(activation, "activation");
        Checks.floating(dtype);
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(rng, "rng");
        INDArray w = Nd4j.zeros(dtype, in, out);
        init.initialize(w, in, out, rng);
        this.weight = new Parameter(name + ".weight", w);
        this.bias = new Parameter(name + ".bias", Nd4j.zeros(dtype, 1, out));
    }

    /** @return the weight {@code [in, out]} */
    public Parameter weight() {
        return weight;
    }

    /** @return the bias {@code [1, out]} */
    public Parameter bias() {
        return bias;
    }

    /** @return the input size */
    public int inputSize() {
        return in;
    }

    /** @return the output size */
    public int outputSize() {
        return out;
    }

    /** @return the activation after the bias */
    public Activation activation() {
        return activation;
    }

    /**
     * @param input {@code [B, in]}
     * @return {@code [B, out]}, fresh
     */
    @Override
    public INDArray forward(INDArray input) {
        Checks.input("Linear", input, 2, in, weight.value().dataType());
        INDArray pre = Nd4j.createUninitialized(input.dataType(), input.size(0), out);
        Gemm.gemm(input, false, weight.value(), false, pre, 1f, 0f);
        Activations.addBiasActivate(pre, bias.value(), Activation.IDENTITY);
        INDArray y = pre;
        if (activation != Activation.IDENTITY) {
            y = Nd4j.createUninitialized(pre.dataType(), pre.shape());
            Activations.activate(pre, activation, y);
        }
        lastInput = input;
        lastPre = pre;
        lastOutput = y;
        return y;
    }

    /**
     * @param gradOutput {@code [B, out]}
     * @return {@code [B, in]}, fresh
     */
    @Override
    public INDArray backward(INDArray gradOutput) {
        Checks.gradient("Linear", gradOutput, lastOutput);
        INDArray gz = gradOutput;
        if (activation != Activation.IDENTITY) {
            gz = Nd4j.createUninitialized(gradOutput.dataType(), gradOutput.shape());
            Activations.backward(lastPre, activation, gradOutput, gz);
        }
        long rows = gz.size(0);
        if (ones == null || ones.size(1) != rows || ones.dataType() != gz.dataType()) {
            ones = Nd4j.ones(gz.dataType(), 1, rows);
        }
        Gemm.gemm(lastInput, true, gz, false, weight.grad(), 1f, 0f);
        Gemm.gemm(ones, false, gz, false, bias.grad(), 1f, 0f);
        INDArray gx = Nd4j.createUninitialized(gz.dataType(), rows, in);
        Gemm.gemm(gz, false, weight.value(), true, gx, 1f, 0f);
        return gx;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }
}
