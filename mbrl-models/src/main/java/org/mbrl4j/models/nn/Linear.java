package org.mbrl4j.models.nn;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.Activations;
import org.mbrl4j.tensor.Gemm;
import org.mbrl4j.tensor.nn.Initializer;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dense layer {@code y = act(x W + b)} with {@code x [B, in]}, {@code W [in, out]}, {@code b [1, out]}.
 *
 * <p>The weight is stored input-major ({@code [in, out]}, as mbrl-lib's ensemble layers do), so the
 * forward pass is one GEMM without transposes; the bias add (and, for identity, the whole epilogue) is one
 * fused pass of {@link Activations}. The pre-activation is kept for the backward pass ({@link #forward}),
 * or the pass runs in place in one buffer ({@link #infer}).
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
    // Buffers reused while the batch size stays the same: fresh arrays cost page faults on every call.
    private INDArray ones;
    private INDArray pre;
    private INDArray post;
    private INDArray gradPre;
    private INDArray gradIn;
    private final Scratch preBuf = new Scratch();
    private final Scratch postBuf = new Scratch();
    private final Scratch gradPreBuf = new Scratch();
    private final Scratch gradInBuf = new Scratch();

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
     * @return {@code [B, out]}, a buffer of this layer, overwritten by the next forward call
     */
    @Override
    public INDArray forward(INDArray input) {
        return pass(input, true);
    }

    /**
     * {@link #forward}'s output without the pre-activation kept: the bias and activation are applied in place
     * in the product's buffer, one array written instead of two. {@link #backward} is refused until the next
     * {@code forward}.
     *
     * @param input {@code [B, in]}
     * @return {@code [B, out]}, equal to {@link #forward}'s bit for bit; a buffer of this layer
     */
    @Override
    public INDArray infer(INDArray input) {
        return pass(input, false);
    }

    /** Rows do not depend on the member: {@link #infer}, as {@link Layer#forwardMembers} is {@link #forward}. */
    @Override
    public INDArray inferMembers(INDArray input, int[] members) {
        return infer(input);
    }

    private INDArray pass(INDArray input, boolean keep) {
        Checks.input("Linear", input, 2, in, weight.value().dataType());
        buffers(input.size(0), input.dataType());
        // The product with beta = 0, then one pass that adds the bias and writes the activation, as
        // EnsembleLinear does (docs/performance.md): forward keeps the pre-activation (pre) for the backward
        // pass, infer works in place in the output buffer.
        INDArray y = activation == Activation.IDENTITY ? pre : post;
        INDArray z = keep ? pre : y;
        Gemm.gemm(input, false, weight.value(), false, z, 1f, 0f);
        Activations.addBiasActivate(z, bias.value(), activation, y);
        lastInput = keep ? input : null;
        lastPre = keep ? pre : null;
        lastOutput = keep ? y : null;
        return y;
    }

    private void buffers(long rows, org.nd4j.linalg.api.buffer.DataType dtype) {
        if (pre == null || pre.size(0) != rows || pre.dataType() != dtype) {
            ones = Nd4j.ones(dtype, 1, rows);
            pre = preBuf.get(dtype, rows, out);
            post = activation == Activation.IDENTITY ? pre : postBuf.get(dtype, rows, out);
            gradPre = activation == Activation.IDENTITY ? null : gradPreBuf.get(dtype, rows, out);
            gradIn = gradInBuf.get(dtype, rows, in);
        }
    }

    /**
     * @param gradOutput {@code [B, out]}
     * @return {@code [B, in]}, a buffer of this layer, overwritten by the next backward call
     */
    @Override
    public INDArray backward(INDArray gradOutput) {
        INDArray gz = preActivationGradient(gradOutput);
        Gemm.gemm(lastInput, true, gz, false, weight.grad(), 1f, 0f);
        Gemm.gemm(ones, false, gz, false, bias.grad(), 1f, 0f);
        return inputGradient(gz);
    }

    /** Skips the weight and bias gradients: one product instead of three. */
    @Override
    public INDArray backwardInput(INDArray gradOutput) {
        return inputGradient(preActivationGradient(gradOutput));
    }

    /** The gradient with respect to the pre-activation, from the outputs where the function allows. */
    private INDArray preActivationGradient(INDArray gradOutput) {
        Checks.gradient("Linear", gradOutput, lastOutput);
        if (activation == Activation.IDENTITY) {
            return gradOutput;
        }
        Activations.layerBackward(lastPre, lastOutput, activation, gradOutput, gradPre);
        return gradPre;
    }

    private INDArray inputGradient(INDArray gz) {
        INDArray gx = gradIn;
        Gemm.gemm(gz, false, weight.value(), true, gx, 1f, 0f);
        return gx;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }
}
