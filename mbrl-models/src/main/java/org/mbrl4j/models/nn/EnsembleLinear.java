package org.mbrl4j.models.nn;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.Activations;
import org.mbrl4j.tensor.Broadcast;
import org.mbrl4j.tensor.Gemm;
import org.mbrl4j.tensor.nn.Initializer;
import org.mbrl4j.tensor.nn.Parameter;
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
    private INDArray gatheredBias; // the listed members' biases of the last forwardMembers call
    private INDArray lastInput;
    private INDArray lastPre;
    private INDArray lastOutput;
    private int[] lastMembers;
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
     * @return {@code [E, B, out]}, a buffer of this layer, overwritten by the next forward call
     */
    @Override
    public INDArray forward(INDArray input) {
        return pass(input, null, true);
    }

    /**
     * {@link #forward}'s output without the pre-activation kept: bias and activation in place in the product's
     * buffer. {@link #backward} and {@link #backwardInput} are refused until the next forward pass.
     *
     * @param input {@code [E, B, in]}
     * @return {@code [E, B, out]}, equal to {@link #forward}'s bit for bit; a buffer of this layer
     */
    @Override
    public INDArray infer(INDArray input) {
        return pass(input, null, false);
    }

    /**
     * The forward pass of a subset of the members, each on its own rows: {@code y[i] = act(x[i] W[m_i] + b[m_i])}
     * for {@code m_i = members[i]}, without copying weights. After it, {@link #backwardInput} works (the
     * input gradient through those members) and {@link #backward} is refused, since the parameter gradients
     * are {@code [E, ...]}.
     *
     * @param input   {@code [K, B, in]}
     * @param members {@code K} member indices in {@code [0, E)}, or null for all members ({@code K = E})
     * @return {@code [K, B, out]}, a buffer of this layer, overwritten by the next forward call
     * @throws IllegalArgumentException if the input's shape or type is wrong, or an index is out of range
     */
    @Override
    public INDArray forwardMembers(INDArray input, int[] members) {
        return pass(input, members, true);
    }

    /**
     * {@link #forwardMembers}'s output without the pre-activation kept, as {@link #infer}.
     *
     * @param input   {@code [K, B, in]}
     * @param members {@code K} member indices in {@code [0, E)}, or null for all members ({@code K = E})
     * @return {@code [K, B, out]}, equal to {@link #forwardMembers}'s bit for bit; a buffer of this layer
     * @throws IllegalArgumentException if the input's shape or type is wrong, or an index is out of range
     */
    @Override
    public INDArray inferMembers(INDArray input, int[] members) {
        return pass(input, members, false);
    }

    private INDArray pass(INDArray input, int[] members, boolean keep) {
        Checks.input("EnsembleLinear", input, 3, in, weight.value().dataType());
        Checks.members("EnsembleLinear", input, members == null ? this.members : members.length);
        if (members != null) {
            for (int i = 0; i < members.length; i++) {
                if (members[i] < 0 || members[i] >= this.members) {
                    throw new IllegalArgumentException("EnsembleLinear: members[" + i + "] = " + members[i]
                            + " is outside [0, " + this.members + ")");
                }
            }
        }
        long k = input.size(0);
        long rows = input.size(1);
        buffers(k, rows, input.dataType());
        // The product (beta = 0), then one pass that adds each member's bias and applies the activation over
        // the row blocks of mbrl4j's threads: forward keeps the pre-activation (pre) for the backward pass,
        // infer works in place in the output buffer. With mbrl4j's threads this order makes a CEM action 7 %
        // faster than copying the bias rows first and accumulating the product onto them (with OpenBLAS's own
        // threads the fused pass after the product is the slower one, 1.5x).
        INDArray y = activation == Activation.IDENTITY ? pre : post;
        INDArray z = keep ? pre : y;
        Gemm.batchedGemm(input, false, weight.value(), members, false, z, 1f, 0f);
        Activations.addBiasActivate(z, memberBiases(members), activation, y);
        lastInput = keep ? input : null;
        lastPre = keep ? pre : null;
        lastOutput = keep ? y : null;
        lastMembers = keep && members != null ? members.clone() : null;
        return y;
    }

    /** The biases {@code [K, 1, out]} of the listed members (all of them for null), without a copy when null. */
    private INDArray memberBiases(int[] members) {
        if (members == null) {
            return bias.value();
        }
        if (gatheredBias == null || gatheredBias.size(0) != members.length
                || gatheredBias.dataType() != bias.value().dataType()) {
            gatheredBias = Nd4j.create(bias.value().dataType(), members.length, 1, out);
        }
        Broadcast.rows(bias.value(), members, gatheredBias);
        return gatheredBias;
    }

    private void buffers(long k, long rows, org.nd4j.linalg.api.buffer.DataType dtype) {
        if (pre == null || pre.size(0) != k || pre.size(1) != rows || pre.dataType() != dtype) {
            ones = Nd4j.ones(dtype, k, 1, rows);
            pre = preBuf.get(dtype, k, rows, out);
            post = activation == Activation.IDENTITY ? pre : postBuf.get(dtype, k, rows, out);
            gradPre = activation == Activation.IDENTITY ? null : gradPreBuf.get(dtype, k, rows, out);
            gradIn = gradInBuf.get(dtype, k, rows, in);
        }
    }

    /**
     * @param gradOutput {@code [E, B, out]}
     * @return {@code [E, B, in]}, a buffer of this layer, overwritten by the next backward call
     */
    @Override
    public INDArray backward(INDArray gradOutput) {
        INDArray gz = preActivationGradient(gradOutput);
        if (lastMembers != null) {
            throw new IllegalStateException("EnsembleLinear: backward after forwardMembers on members "
                    + java.util.Arrays.toString(lastMembers) + " is not supported (parameter gradients are per "
                    + "member of all " + members + "); use backwardInput, or forward on all members");
        }
        Gemm.batchedGemm(lastInput, true, gz, false, weight.grad(), 1f, 0f);
        Gemm.batchedGemm(ones, false, gz, false, bias.grad(), 1f, 0f);
        return inputGradient(gz);
    }

    /** Skips the weight and bias gradients: one product instead of three. */
    @Override
    public INDArray backwardInput(INDArray gradOutput) {
        return inputGradient(preActivationGradient(gradOutput));
    }

    /** The gradient with respect to the pre-activation, from the outputs where the function allows. */
    private INDArray preActivationGradient(INDArray gradOutput) {
        Checks.gradient("EnsembleLinear", gradOutput, lastOutput);
        if (activation == Activation.IDENTITY) {
            return gradOutput;
        }
        Activations.layerBackward(lastPre, lastOutput, activation, gradOutput, gradPre);
        return gradPre;
    }

    private INDArray inputGradient(INDArray gz) {
        INDArray gx = gradIn;
        Gemm.batchedGemm(gz, false, weight.value(), lastMembers, true, gx, 1f, 0f);
        return gx;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }
}
