package org.mbrl4j.models.nn;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.autodiff.NnOps;
import org.mbrl4j.tensor.autodiff.Ops;
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
 * ({@link org.mbrl4j.tensor.nn.Dense}, {@link org.mbrl4j.tensor.nn.DenseStack}) instead, or, when only the
 * input's gradient is wanted (gradient-based planning through a learned model), with {@link #callFrozen}.
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

    /**
     * A hand-written layer's function rewritten with the tape's ops over its current weights, which enter as
     * constants: the gradient reaches {@code x} alone, never the parameters' {@link Parameter#grad()}, and the
     * layer may be called any number of times per tape (it keeps no pass of its own). Same values as the
     * layer's {@link Layer#infer} up to float rounding ({@link Ops#linear} runs the same product and fused bias
     * + activation kernels). Supported: {@link EnsembleLinear} ({@code [E, B, in] -> [E, B, out]}),
     * {@link Linear} ({@code [..., in] -> [..., out]}), {@link LayerNorm}, {@link ActivationLayer} and
     * {@link Sequential} stacks of them.
     *
     * @param layer the layer
     * @param x     its input (shape as the layer documents)
     * @return its output, recorded on the open tape if {@code x} needs a gradient
     * @throws IllegalArgumentException if the layer (or one in a stack) is of another kind, or {@code x} does not
     *                                  fit it
     */
    public static Var callFrozen(Layer layer, Var x) {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(x, "x");
        if (layer instanceof Sequential seq) {
            Var h = x;
            for (Layer l : seq.layers()) {
                h = callFrozen(l, h);
            }
            return h;
        }
        if (layer instanceof EnsembleLinear l) {
            return Ops.linear(x, Var.constant(l.weight().value()), Var.constant(l.bias().value()), l.activation());
        }
        if (layer instanceof Linear l) {
            INDArray b = l.bias().value();
            return Ops.linear(x, Var.constant(l.weight().value()), Var.constant(b.reshape(b.length())), l.activation());
        }
        if (layer instanceof LayerNorm l) {
            INDArray g = l.gain().value();
            INDArray b = l.bias().value();
            return NnOps.layerNorm(x, Var.constant(g.reshape(g.length())), Var.constant(b.reshape(b.length())),
                    LayerNorm.EPS);
        }
        if (layer instanceof ActivationLayer l) {
            return l.activation() == Activation.IDENTITY ? x : Ops.activation(x, l.activation());
        }
        throw new IllegalArgumentException("TapeLayers.callFrozen: no tape program for a "
                + layer.getClass().getName() + " (supported: EnsembleLinear, Linear, LayerNorm, ActivationLayer, "
                + "Sequential)");
    }
}
