package org.mbrl4j.algorithms.muzero;

import java.util.List;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.nn.Dense;
import org.mbrl4j.tensor.nn.DenseStack;
import org.mbrl4j.tensor.nn.Parameter;

/**
 * A copy of a {@link DenseStack}'s weights in plain {@code float[]} arrays with a batch-1 forward pass, for the
 * search: a tree node of a small network costs a few microseconds this way, against tens for one ND4J array
 * (docs: "Small arrays are expensive"). {@link #refresh()} copies the current weights; between refreshes the
 * copy is fixed. Not thread-safe.
 */
final class HostMlp {

    private final List<Dense> layers;
    private final Activation hidden;
    private final float[][] weights;
    private final float[][] biases;
    private final int[] in;
    private final int[] out;

    /**
     * @param stack  the network, dense layers with a bias and no norm
     * @param hidden the activation after every layer but the last (the last is the identity)
     */
    HostMlp(DenseStack stack, Activation hidden) {
        this.layers = stack.layers();
        this.hidden = hidden;
        int n = layers.size();
        weights = new float[n][];
        biases = new float[n][];
        in = new int[n];
        out = new int[n];
        for (int i = 0; i < n; i++) {
            long[] shape = layers.get(i).weight().value().shape();
            in[i] = (int) shape[0];
            out[i] = (int) shape[1];
        }
        refresh();
    }

    /** Copies the network's current weights. */
    void refresh() {
        for (int i = 0; i < layers.size(); i++) {
            List<Parameter> p = layers.get(i).parameters();
            weights[i] = HostArrays.toFloats(p.get(0).value());
            biases[i] = HostArrays.toFloats(p.get(1).value());
        }
    }

    /**
     * @param x {@code [in]}
     * @return {@code [out]}, fresh
     */
    float[] forward(float[] x) {
        float[] h = x;
        for (int l = 0; l < weights.length; l++) {
            float[] y = affine(h, weights[l], biases[l], in[l], out[l]);
            if (l < weights.length - 1) {
                activate(y);
            }
            h = y;
        }
        return h;
    }

    /**
     * One row through a dense layer: {@code y = b + x W}, the inputs added in order and zero inputs (the one-hot
     * action's) skipped.
     *
     * @param x   {@code [in]}
     * @param w   {@code [in, out]} row-major
     * @param b   {@code [out]}
     * @param in  input size
     * @param out output size
     * @return {@code [out]}, fresh
     */
    static float[] affine(float[] x, float[] w, float[] b, int in, int out) {
        float[] y = b.clone();
        for (int i = 0; i < in; i++) {
            float xi = x[i];
            if (xi == 0f) {
                continue;
            }
            int row = i * out;
            for (int j = 0; j < out; j++) {
                y[j] += xi * w[row + j];
            }
        }
        return y;
    }

    private void activate(float[] y) {
        switch (hidden) {
            case ELU -> {
                for (int j = 0; j < y.length; j++) {
                    y[j] = y[j] > 0 ? y[j] : (float) Math.expm1(y[j]);
                }
            }
            case RELU -> {
                for (int j = 0; j < y.length; j++) {
                    y[j] = Math.max(0f, y[j]);
                }
            }
            case TANH -> {
                for (int j = 0; j < y.length; j++) {
                    y[j] = (float) Math.tanh(y[j]);
                }
            }
            default -> throw new IllegalStateException("HostMlp has no " + hidden + " activation");
        }
    }
}
