package org.mbrl4j.models.nn;

import java.util.List;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Layer normalisation over the last dimension (Ba, Kiros and Hinton 2016):
 * {@code y = (x - mean) / sqrt(var + eps) * gain + bias}, with the biased variance and {@code eps = 1e-5}
 * as PyTorch's {@code nn.LayerNorm}. Any input of rank 2 or more ({@code [B, D]}, {@code [E, B, D]});
 * the gain and bias ({@code [1, D]}) are shared over all leading dimensions.
 */
public final class LayerNorm implements Layer {

    /** The variance floor, PyTorch's default. */
    public static final double EPS = 1e-5;

    private final int dim;
    private final Parameter gain;
    private final Parameter bias;
    private long[] lastShape;
    private INDArray lastXhat;
    private INDArray lastInvStd;

    /**
     * @param name  prefix of the parameter names ({@code name.gain}, {@code name.bias})
     * @param dim   size of the normalised (last) dimension, {@code >= 1}
     * @param dtype FLOAT or DOUBLE
     * @throws IllegalArgumentException if {@code dim < 1} or the data type is not floating
     */
    public LayerNorm(String name, int dim, DataType dtype) {
        this.dim = Checks.positive("dim", dim);
        Checks.floating(dtype);
        this.gain = new Parameter(name + ".gain", Nd4j.ones(dtype, 1, dim));
        this.bias = new Parameter(name + ".bias", Nd4j.zeros(dtype, 1, dim));
    }

    /** @return the gain {@code [1, D]}, initially ones */
    public Parameter gain() {
        return gain;
    }

    /** @return the bias {@code [1, D]}, initially zeros */
    public Parameter bias() {
        return bias;
    }

    @Override
    public INDArray forward(INDArray input) {
        if (input == null || input.rank() < 2) {
            throw new IllegalArgumentException("LayerNorm: input must have rank >= 2: "
                    + (input == null ? "null" : java.util.Arrays.toString(input.shape())));
        }
        Checks.input("LayerNorm", input, input.rank(), dim, gain.value().dataType());
        long rows = input.length() / dim;
        INDArray x = input.dup('c').reshape(rows, dim);
        INDArray mean = x.mean(true, 1);
        INDArray xc = x.subiColumnVector(mean);
        INDArray var = xc.mul(xc).mean(true, 1);
        INDArray invStd = Transforms.pow(var.addi(EPS), -0.5, false);
        INDArray xhat = xc.muliColumnVector(invStd);
        INDArray y = xhat.mulRowVector(gain.value()).addiRowVector(bias.value());
        lastShape = input.shape();
        lastXhat = xhat;
        lastInvStd = invStd;
        return y.reshape(input.shape());
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        if (lastShape == null) {
            throw new IllegalStateException("LayerNorm: backward called before forward");
        }
        if (gradOutput == null || !java.util.Arrays.equals(gradOutput.shape(), lastShape)) {
            throw new IllegalArgumentException("LayerNorm: gradOutput has shape "
                    + (gradOutput == null ? "null" : java.util.Arrays.toString(gradOutput.shape())) + "; expected "
                    + java.util.Arrays.toString(lastShape));
        }
        long rows = lastXhat.size(0);
        INDArray g = gradOutput.dup('c').reshape(rows, dim);
        bias.grad().assign(g.sum(true, 0));
        gain.grad().assign(g.mul(lastXhat).sum(true, 0));
        INDArray dxhat = g.mulRowVector(gain.value());
        INDArray meanD = dxhat.mean(true, 1);
        INDArray meanDx = dxhat.mul(lastXhat).mean(true, 1);
        INDArray dx = dxhat.subiColumnVector(meanD).subi(lastXhat.mulColumnVector(meanDx))
                .muliColumnVector(lastInvStd);
        return dx.reshape(lastShape);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gain, bias);
    }
}
