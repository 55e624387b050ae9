package org.mbrl4j.models.nn;

import java.util.List;
import java.util.Objects;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.Activations;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An element-wise activation as a layer of its own, for stacks where it does not directly follow a
 * {@link Linear} (e.g. after a {@link LayerNorm}). Any input shape.
 */
public final class ActivationLayer implements Layer {

    private final Activation activation;
    private INDArray lastInput;
    private INDArray lastOutput;

    /**
     * @param activation the function
     */
    public ActivationLayer(Activation activation) {
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    /** @return the function */
    public Activation activation() {
        return activation;
    }

    @Override
    public INDArray forward(INDArray input) {
        if (input == null) {
            throw new IllegalArgumentException("ActivationLayer: input must not be null");
        }
        INDArray y = Nd4j.createUninitialized(input.dataType(), input.shape());
        Activations.activate(input, activation, y);
        lastInput = input;
        lastOutput = y;
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        Checks.gradient("ActivationLayer", gradOutput, lastOutput);
        INDArray g = Nd4j.createUninitialized(gradOutput.dataType(), gradOutput.shape());
        Activations.layerBackward(lastInput, lastOutput, activation, gradOutput, g); // from the outputs where possible
        return g;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }
}
