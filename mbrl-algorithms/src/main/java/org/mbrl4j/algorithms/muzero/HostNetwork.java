package org.mbrl4j.algorithms.muzero;

import java.util.Arrays;
import org.mbrl4j.planners.mcts.Expansion;
import org.mbrl4j.planners.mcts.SearchModel;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.nn.DenseStack;
import org.mbrl4j.tensor.nn.LstmCell;

/**
 * The search's copy of a {@link MuzeroNetwork}: its functions on {@code float[]} weights ({@link HostMlp},
 * {@link HostLstm}), one node at a time, refreshed by {@link #refresh()}.
 *
 * <p>A search state is the scaled hidden state {@code [encodingSize]}; with the value prefix it is followed by the
 * LSTM's {@code h} and {@code c} ({@code [lstmHiddenSize]} each), the node's value prefix (reward units) and its
 * depth below the root: {@code [encodingSize + 2 lstmHiddenSize + 2]}. At every depth that is a multiple of
 * {@code lstmHorizon} (the root included) the node's LSTM state is zero, and the reward of the edge into a child is
 * {@link MuzeroTargets#prefixReward} of the two prefixes (EfficientZero's {@code core/ctree} and the reset of
 * {@code core/mcts.py}). Not thread-safe.
 */
final class HostNetwork implements SearchModel<float[]> {

    private final int actions;
    private final int encodingSize;
    private final ValueSupport support;
    private final boolean valuePrefix;
    private final int lstmHidden;
    private final int lstmHorizon;
    private final HostMlp representation;
    private final HostMlp dynamics;
    private final HostMlp reward;
    private final HostMlp value;
    private final HostMlp policy;
    private final HostLstm prefixLstm;
    private final HostMlp prefixHead;

    /**
     * @param config         sizes and the value-prefix settings
     * @param actions        {@code A}
     * @param support        the value and reward support
     * @param representation the representation MLP
     * @param dynamics       the dynamics MLP
     * @param reward         the reward MLP, or null with the value prefix
     * @param value          the value MLP
     * @param policy         the policy MLP
     * @param prefixLstm     the value-prefix LSTM, or null without the value prefix
     * @param prefixHead     the value-prefix MLP, or null without the value prefix
     */
    HostNetwork(MuzeroConfig config, int actions, ValueSupport support, DenseStack representation,
            DenseStack dynamics, DenseStack reward, DenseStack value, DenseStack policy, LstmCell prefixLstm,
            DenseStack prefixHead) {
        this.actions = actions;
        this.encodingSize = config.encodingSize();
        this.support = support;
        this.valuePrefix = config.valuePrefix();
        this.lstmHidden = config.lstmHiddenSize();
        this.lstmHorizon = config.lstmHorizon();
        this.representation = new HostMlp(representation, Activation.ELU);
        this.dynamics = new HostMlp(dynamics, Activation.ELU);
        this.reward = valuePrefix ? null : new HostMlp(reward, Activation.ELU);
        this.value = new HostMlp(value, Activation.ELU);
        this.policy = new HostMlp(policy, Activation.ELU);
        this.prefixLstm = valuePrefix ? new HostLstm(prefixLstm, encodingSize, lstmHidden) : null;
        this.prefixHead = valuePrefix ? new HostMlp(prefixHead, Activation.ELU) : null;
    }

    /** Copies the network's current weights. */
    void refresh() {
        representation.refresh();
        dynamics.refresh();
        if (valuePrefix) {
            prefixLstm.refresh();
            prefixHead.refresh();
        } else {
            reward.refresh();
        }
        value.refresh();
        policy.refresh();
    }

    /**
     * @param observation {@code [obsDim]}, checked by the caller
     * @return the root's expansion (reward 0; with the value prefix: zero LSTM state, prefix 0, depth 0)
     */
    Expansion<float[]> initial(float[] observation) {
        float[] s = scale(representation.forward(observation));
        if (!valuePrefix) {
            return predict(s, s, 0);
        }
        float[] zeros = new float[lstmHidden];
        return predict(s, state(s, zeros, zeros, 0f, 0), 0);
    }

    @Override
    public int actionCount() {
        return actions;
    }

    @Override
    public Expansion<float[]> recurrent(float[] state, int action) {
        float[] x = new float[encodingSize + actions];
        System.arraycopy(state, 0, x, 0, encodingSize);
        x[encodingSize + action] = 1f;
        float[] u = dynamics.forward(x);
        float[] s = scale(u);
        if (!valuePrefix) {
            return predict(s, s, support.decodeLogits(reward.forward(u), 0));
        }
        float[][] parent = lstm(state);
        float[][] hc = prefixLstm.step(s, parent[0], parent[1]);
        float prefix = (float) support.decodeLogits(prefixHead.forward(hc[0]), 0);
        int depth = depth(state);
        double r = MuzeroTargets.prefixReward(prefix, prefix(state), depth % lstmHorizon == 0);
        int childDepth = depth + 1;
        if (childDepth % lstmHorizon == 0) {
            // EfficientZero restarts the LSTM at depths that are multiples of lstm_horizon_len
            hc = new float[][] {new float[lstmHidden], new float[lstmHidden]};
        }
        return predict(s, state(s, hc[0], hc[1], prefix, childDepth), r);
    }

    /**
     * @param state a search state with the value prefix
     * @return the node's predicted value prefix, in reward units
     */
    float prefix(float[] state) {
        return state[encodingSize + 2 * lstmHidden];
    }

    /**
     * @param state a search state with the value prefix
     * @return the node's depth below the root
     */
    int depth(float[] state) {
        return (int) state[encodingSize + 2 * lstmHidden + 1];
    }

    /**
     * @param state a search state with the value prefix
     * @return the LSTM's {@code h} and {@code c} held by the node, {@code [lstmHiddenSize]} each, fresh
     */
    float[][] lstm(float[] state) {
        return new float[][] {Arrays.copyOfRange(state, encodingSize, encodingSize + lstmHidden),
            Arrays.copyOfRange(state, encodingSize + lstmHidden, encodingSize + 2 * lstmHidden)};
    }

    private float[] state(float[] s, float[] h, float[] c, float prefix, int depth) {
        float[] state = new float[encodingSize + 2 * lstmHidden + 2];
        System.arraycopy(s, 0, state, 0, encodingSize);
        System.arraycopy(h, 0, state, encodingSize, lstmHidden);
        System.arraycopy(c, 0, state, encodingSize + lstmHidden, lstmHidden);
        state[encodingSize + 2 * lstmHidden] = prefix;
        state[encodingSize + 2 * lstmHidden + 1] = depth;
        return state;
    }

    private Expansion<float[]> predict(float[] s, float[] state, double r) {
        float[] logits = policy.forward(s);
        double[] l = new double[actions];
        for (int a = 0; a < actions; a++) {
            l[a] = logits[a];
        }
        double v = support.decodeLogits(value.forward(s), 0);
        return new Expansion<>(state, r, l, v);
    }

    /** {@link MuzeroNetwork#scale} on one row. */
    private static float[] scale(float[] u) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float x : u) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        float range = max - min;
        if (range < 1e-5f) {
            range += 1e-5f;
        }
        float[] s = new float[u.length];
        for (int i = 0; i < u.length; i++) {
            s[i] = (u[i] - min) / range;
        }
        return s;
    }
}
