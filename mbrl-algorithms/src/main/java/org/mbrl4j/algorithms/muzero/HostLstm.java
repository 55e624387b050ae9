package org.mbrl4j.algorithms.muzero;

import java.util.Arrays;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.nn.LstmCell;

/**
 * A copy of an {@link LstmCell}'s weights in plain {@code float[]} arrays with a batch-1 step, for the search (as
 * {@link HostMlp} for the dense networks): the same equations as {@link LstmCell#step}, gates {@code i, f, g, o}
 * in that order. {@link #refresh()} copies the current weights. Not thread-safe.
 */
final class HostLstm {

    private final LstmCell cell;
    private final int inputs;
    private final int hidden;
    private float[] weight;
    private float[] bias;

    /**
     * @param cell   the cell
     * @param inputs its input size
     * @param hidden its state size
     */
    HostLstm(LstmCell cell, int inputs, int hidden) {
        this.cell = cell;
        this.inputs = inputs;
        this.hidden = hidden;
        refresh();
    }

    /** Copies the cell's current weights. */
    void refresh() {
        weight = HostArrays.toFloats(cell.parameters().get(0).value());
        bias = HostArrays.toFloats(cell.parameters().get(1).value());
    }

    /**
     * One step.
     *
     * @param x {@code [inputs]}
     * @param h the output {@code [hidden]}
     * @param c the cell {@code [hidden]}
     * @return {@code {h', c'}}, fresh arrays of {@code [hidden]}
     */
    float[][] step(float[] x, float[] h, float[] c) {
        float[] xh = Arrays.copyOf(x, inputs + hidden);
        System.arraycopy(h, 0, xh, inputs, hidden);
        float[] z = HostMlp.affine(xh, weight, bias, inputs + hidden, 4 * hidden);
        float[] hNext = new float[hidden];
        float[] cNext = new float[hidden];
        for (int j = 0; j < hidden; j++) {
            float in = sigmoid(z[j]);
            float forget = sigmoid(z[hidden + j]);
            float cand = (float) Math.tanh(z[2 * hidden + j]);
            float out = sigmoid(z[3 * hidden + j]);
            cNext[j] = forget * c[j] + in * cand;
            hNext[j] = out * (float) Math.tanh(cNext[j]);
        }
        return new float[][] {hNext, cNext};
    }

    private static float sigmoid(float v) {
        return (float) (1.0 / (1.0 + Math.exp(-v)));
    }
}
