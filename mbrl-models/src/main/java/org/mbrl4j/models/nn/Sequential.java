package org.mbrl4j.models.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layers applied in order; backward runs them in reverse. The parameters are the concatenation of the
 * layers' parameters, in layer order.
 */
public final class Sequential implements Layer {

    private final List<Layer> layers;
    private final List<Parameter> parameters;

    /**
     * @param layers the layers, at least one
     * @throws IllegalArgumentException if the list is empty, holds null, or two parameters share a name
     */
    public Sequential(List<? extends Layer> layers) {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("layers must hold at least one layer");
        }
        List<Parameter> ps = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Layer l : layers) {
            if (l == null) {
                throw new IllegalArgumentException("layers must not contain null: " + layers);
            }
            for (Parameter p : l.parameters()) {
                if (!names.add(p.name())) {
                    throw new IllegalArgumentException("two parameters are named '" + p.name() + "'");
                }
                ps.add(p);
            }
        }
        this.layers = List.copyOf(layers);
        this.parameters = Collections.unmodifiableList(ps);
    }

    /** @return the layers, unmodifiable */
    public List<Layer> layers() {
        return layers;
    }

    @Override
    public INDArray forward(INDArray input) {
        return forwardMembers(input, null);
    }

    /** Each layer's {@link Layer#forwardMembers}, in order. */
    @Override
    public INDArray forwardMembers(INDArray input, int[] members) {
        return pass(input, members, true);
    }

    @Override
    public INDArray infer(INDArray input) {
        return inferMembers(input, null);
    }

    /** Each layer's {@link Layer#inferMembers}, in order: no layer keeps what backward needs. */
    @Override
    public INDArray inferMembers(INDArray input, int[] members) {
        return pass(input, members, false);
    }

    private INDArray pass(INDArray input, int[] members, boolean keep) {
        INDArray x = input;
        for (Layer l : layers) {
            x = keep ? l.forwardMembers(x, members) : l.inferMembers(x, members);
        }
        return x;
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        INDArray g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g);
        }
        return g;
    }

    /** Each layer's {@link Layer#backwardInput}, in reverse. */
    @Override
    public INDArray backwardInput(INDArray gradOutput) {
        INDArray g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backwardInput(g);
        }
        return g;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }
}
