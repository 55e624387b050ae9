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
 * E independent dense layers computed together: {@code y[e] = act(x[e] W[e] + b[e])} with
 * {@code x [E, B, in]}, {@code W [E, in, out]}, {@code b [E, 1, out]}, the layout of mbrl-lib's
 * {@code EnsembleLinearLayer}. Forward and backward are each one batched GEMM per product
 * ({@link Gemm#batchedGemm}) and one fused element-wise pass; members never share rows.
 */
public final class EnsembleLinear implements Layer {

    private final int members;
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
     * @param members    ensemble size E, {@code >= 1}
     * @param in         input size, {@code >= 1}
     * @param out        output size, {@code >= 1}
     * @param activation applied after the bias
     * @param init       initialiser, applied to every member's {@code [in, out]} weight in turn (biases
     *                   start at zero)
     * @param dtype      FLOAT (the fast path) or DOUBLE (finite-difference tests)
     * @param rng        generator of the initial weights
     * @throws IllegalArgumentException if a size is below 1, the data type is not floating, or an argument
     *                                  is null
     */
    public EnsembleLinear(String name, int members, int in, int out, Activation activation, Initializer init,
            DataType dtype, RandomGenerator rng) {
        this.members = Checks.positive("members", members);
        this.in = Checks.positive("in", in);
        this.out = Checks.positive("out", out);
        this.activation = Objects.requireNonNull(activation, "activation");
        Checks.floating(dtype);
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(rng, "rng");
        INDArray w = Nd4j.zeros(dtype, members, in, out);
        for (int e = 0; e < members; e++) {
            INDArray we = Nd4j.zeros(dtype, in, out);
            init.initialize(we, in, out, rng);
            w.slice(e).assign(we);
        }
        this.weight = new Parameter(name + ".weight", w);
        this.bias = new Parameter(name + ".bias", Nd4j.zeros(dtype, members, 1, out));
    }

    /** @return the weights {@code [E, in, out]} */
    public Parameter weight() {
        return weight;
    }

    /** @return the biases {@code [E, 1, out]} */
    public Parameter bias() {
        return bias;
    }

    /** @return the ensemble size E */
    public int members() {
        return members;
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
     * @param input {@code [E, B, in]}
     * @return {@code [E, B, out]}, fresh
     */
    @Override
    public INDArray forward(INDArray input) {
        Checks.input("EnsembleLinear", input, 3, in, weight.value().dataType());
        Checks.members("EnsembleLinear", input, members);
        INDArray pre = Nd4j.createUninitialized(input.dataType(), members, input.size(1), out);
        Gemm.batchedGemm(input, false, weight.value(), false, pre, 1f, 0f);
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
     * @param gradOutput {@code [E, B, out]}
     * @return {@code [E, B, in]}, fresh
     */
    @Override
    public INDArray backward(INDArray gradOutput) {
        Checks.gradient("EnsembleLinear", gradOutput, lastOutput);
        INDArray gz = gradOutput;
        if (activation != Activation.IDENTITY) {
            gz = Nd4j.createUninitialized(gradOutput.dataType(), gradOutput.shape());
            Activations.backward(lastPre, activation, gradOutput, gz);
        }
        long rows = gz.size(1);
        if (ones == null || ones.size(2) != rows || ones.dataType() != gz.dataType()) {
            ones = Nd4j.ones(gz.dataType(), members, 1, rows);
        }
        Gemm.batchedGemm(lastInput, true, gz, false, weight.grad(), 1f, 0f);
        Gemm.batchedGemm(ones, false, gz, false, bias.grad(), 1f, 0f);
        INDArray gx = Nd4j.createUninitialized(gz.dataType(), members, rows, in);
        Gemm.batchedGemm(gz, false, weight.value(), true, gx, 1f, 0f);
        return gx;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }
}
