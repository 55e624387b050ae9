package org.mbrl4j.models.nn;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Calls a hand-written {@link Layer} (the hot path of the dynamics ensembles) from a differentiable program:
 * the layer's own forward pass runs, and on the tape's backward pass its own backward pass sends the
 * gradient to the input and adds the parameters' gradients to what their {@link Parameter#grad()} held
 * (the tape's rule; a layer's {@code backward} alone overwrites them).
 *
 * <p>A layer keeps one forward pass for its backward pass, so a layer may be called once per tape:
 * a second call while the first is still waiting for its backward pass throws. Networks that are called
 * several times in one program (recurrent cells, rollouts) are written with the tape's modules
 * ({@link org.mbrl4j.tensor.nn.Dense}, {@link org.mbrl4j.tensor.nn.DenseStack}) instead.
 */
public final class TapeLayers {

    /**
     * Layers whose forward pass waits for the backward pass of the (unreleased) tape that recorded it. Weak
     * keys: a layer that is dropped is not kept alive here (layers compare by identity).
     */
    private static final Map<Layer, Tape> PENDING = new WeakHashMap<>();

    private TapeLayers() {
    }

    /**
     * @param layer the layer
     * @param x     its input (shape as the layer documents)
     * @return its output, recorded on the open tape
     * @throws IllegalStateException if the layer was called on an open tape and its backward pass has not
     *                               run yet
     */
    public static Var call(Layer layer, Var x) {
        Objects.requireNonNull(layer, "layer");
        if (!Tape.recording()) {
            return Var.constant(layer.infer(x.value()));
        }
        Tape tape = Tape.current();
        synchronized (PENDING) {
            Tape waiting = PENDING.get(layer);
            if (waiting != null && !waiting.released()) {
                throw new IllegalStateException("TapeLayers.call: " + layer.getClass().getSimpleName() + " "
                        + layer.parameters() + " is already waiting for a backward pass on a tape; a hand-written"
                        + " layer keeps one forward pass, so call it once per tape (or use tape modules)");
            }
            PENDING.put(layer, tape);
        }
        INDArray y = layer.forward(x.value()).dup();
        List<Parameter> params = layer.parameters();
        Var[] inputs = new Var[params.size() + 1];
        inputs[0] = x;
        for (int i = 0; i < params.size(); i++) {
            inputs[i + 1] = Var.of(params.get(i));
        }
        Var out = Tape.record(y, (g, grads) -> {
            INDArray[] before = new INDArray[params.size()];
            for (int i = 0; i < before.length; i++) {
                before[i] = params.get(i).grad().dup();
            }
            INDArray gx = layer.backward(g);
            for (int i = 0; i < before.length; i++) {
                params.get(i).grad().addi(before[i]);
            }
            grads.add(0, gx);
            synchronized (PENDING) {
                PENDING.remove(layer);
            }
        }, inputs);
        if (!out.requiresGrad()) {
            synchronized (PENDING) {
                PENDING.remove(layer);
            }
        }
        return out;
    }
}
