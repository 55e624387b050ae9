package org.mbrl4j.algorithms.muzero;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.planners.mcts.Expansion;
import org.mbrl4j.planners.mcts.SearchModel;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.autodiff.NnOps;
import org.mbrl4j.tensor.autodiff.Ops;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.DenseStack;
import org.mbrl4j.tensor.nn.Parameter;

/**
 * MuZero's three functions for vector observations (the fully connected network of muzero-general's
 * {@code models.py}), ELU hidden layers:
 * <ul>
 *   <li>representation {@code s_0 = scale(h(o))}, {@code [B, obsDim] -> [B, encodingSize]};</li>
 *   <li>dynamics {@code u = g([s, onehot(a)])}, {@code s' = scale(u)}, reward logits {@code r(u)} over the
 *       support ({@code [B, 2S + 1]});</li>
 *   <li>prediction: policy logits {@code p(s)} ({@code [B, A]}) and value logits {@code v(s)}
 *       ({@code [B, 2S + 1]}).</li>
 * </ul>
 * {@code scale} maps every hidden state to {@code [0, 1]} by its own minimum and maximum (MuZero, appendix G).
 * The tape methods train; {@link #searchModel()} and {@link #initial(float[])} run the same functions on a
 * {@code float[]} copy of the weights for the search, refreshed by {@link #refreshHostCopy()}.
 */
public final class MuzeroNetwork {

    private final int obsDim;
    private final int actions;
    private final int encodingSize;
    private final ValueSupport support;
    private final DenseStack representation;
    private final DenseStack dynamics;
    private final DenseStack reward;
    private final DenseStack value;
    private final DenseStack policy;
    private final HostMlp hostRepresentation;
    private final HostMlp hostDynamics;
    private final HostMlp hostReward;
    private final HostMlp hostValue;
    private final HostMlp hostPolicy;

    /**
     * @param obsDim  observation size, {@code >= 1}
     * @param actions number of discrete actions, {@code >= 1}
     * @param config  the sizes
     * @param rng     the generator of the initial weights
     * @throws IllegalArgumentException if a size is below 1
     */
    public MuzeroNetwork(int obsDim, int actions, MuzeroConfig config, RandomGenerator rng) {
        if (obsDim < 1) {
            throw new IllegalArgumentException("obsDim must be >= 1: " + obsDim);
        }
        if (actions < 1) {
            throw new IllegalArgumentException("actions must be >= 1: " + actions);
        }
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(rng, "rng");
        this.obsDim = obsDim;
        this.actions = actions;
        this.encodingSize = config.encodingSize();
        this.support = ValueSupport.of(config.supportSize());
        int hidden = config.hiddenSize();
        int bins = support.bins();
        representation = DenseStack.builder("representation", obsDim, encodingSize)
                .hidden(hidden, config.representationLayers()).activation(Activation.ELU).build(rng);
        dynamics = DenseStack.builder("dynamics", encodingSize + actions, encodingSize).hidden(hidden, 1)
                .activation(Activation.ELU).build(rng);
        reward = DenseStack.builder("reward", encodingSize, bins).hidden(hidden, 1).activation(Activation.ELU)
                .build(rng);
        value = DenseStack.builder("value", encodingSize, bins).hidden(hidden, 1).activation(Activation.ELU)
                .build(rng);
        policy = DenseStack.builder("policy", encodingSize, actions).hidden(hidden, 1).activation(Activation.ELU)
                .build(rng);
        hostRepresentation = new HostMlp(representation, Activation.ELU);
        hostDynamics = new HostMlp(dynamics, Activation.ELU);
        hostReward = new HostMlp(reward, Activation.ELU);
        hostValue = new HostMlp(value, Activation.ELU);
        hostPolicy = new HostMlp(policy, Activation.ELU);
    }

    /** @return every trainable parameter */
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>(representation.parameters());
        p.addAll(dynamics.parameters());
        p.addAll(reward.parameters());
        p.addAll(value.parameters());
        p.addAll(policy.parameters());
        return p;
    }

    /** @return the value and reward support */
    public ValueSupport support() {
        return support;
    }

    /** @return the number of actions */
    public int actions() {
        return actions;
    }

    /**
     * @param observations {@code [B, obsDim]}
     * @return the scaled hidden states, {@code [B, encodingSize]}
     */
    public Var represent(Var observations) {
        if (observations.rank() != 2 || observations.size(1) != obsDim) {
            throw new IllegalArgumentException("observations must be [B, " + obsDim + "]: "
                    + java.util.Arrays.toString(observations.shape()));
        }
        return scale(representation.forward(observations));
    }

    /**
     * One dynamics step.
     *
     * @param hidden  {@code [B, encodingSize]}
     * @param actions {@code B} action indices in {@code [0, A)}
     * @return {@code [next hidden state (scaled) [B, encodingSize], reward logits [B, 2S + 1]]}
     */
    public Var[] next(Var hidden, int[] actions) {
        if (hidden.rank() != 2 || hidden.size(1) != encodingSize || hidden.size(0) != actions.length) {
            throw new IllegalArgumentException("hidden must be [" + actions.length + ", " + encodingSize + "]: "
                    + java.util.Arrays.toString(hidden.shape()));
        }
        Var oneHot = NnOps.oneHot(actions, this.actions, hidden.dataType(), actions.length);
        Var u = dynamics.forward(Ops.concat(1, hidden, oneHot));
        return new Var[] {scale(u), reward.forward(u)};
    }

    /**
     * @param hidden {@code [B, encodingSize]}
     * @return policy logits, {@code [B, A]}
     */
    public Var policyLogits(Var hidden) {
        return policy.forward(hidden);
    }

    /**
     * @param hidden {@code [B, encodingSize]}
     * @return value logits over the support, {@code [B, 2S + 1]}
     */
    public Var valueLogits(Var hidden) {
        return value.forward(hidden);
    }

    /** Per-row min-max scaling to {@code [0, 1]} (a range below 1e-5 is widened by 1e-5, as muzero-general). */
    static Var scale(Var x) {
        Var max = Ops.max(x, 1, true);
        Var min = Ops.max(x.neg(), 1, true).neg();
        Var range = max.sub(min);
        // muzero-general adds 1e-5 where the range is below 1e-5; a constant shift of such tiny ranges keeps the
        // division finite with the same effect
        Var widened = range.add(Var.constant(range.value().lt(1e-5).castTo(range.dataType()).muli(1e-5)));
        return x.sub(min).div(widened);
    }

    /** Copies the current weights into the search's {@code float[]} networks. */
    public void refreshHostCopy() {
        hostRepresentation.refresh();
        hostDynamics.refresh();
        hostReward.refresh();
        hostValue.refresh();
        hostPolicy.refresh();
    }

    /**
     * MuZero's initial inference on the host copy of the weights.
     *
     * @param observation {@code [obsDim]}, finite
     * @return the root: hidden state {@code [encodingSize]}, policy logits {@code [A]}, value (reward 0)
     * @throws IllegalArgumentException if the length is wrong or a value is not finite
     */
    public Expansion<float[]> initial(float[] observation) {
        if (observation.length != obsDim) {
            throw new IllegalArgumentException("observation must hold " + obsDim + " values: "
                    + observation.length);
        }
        for (float o : observation) {
            if (!Float.isFinite(o)) {
                throw new IllegalArgumentException("observation must be finite: "
                        + java.util.Arrays.toString(observation));
            }
        }
        float[] s = scaleHost(hostRepresentation.forward(observation));
        return predict(s, 0);
    }

    /**
     * @param observation {@code [obsDim]}
     * @return the value the host copy predicts for the observation, in reward units
     */
    public double value(float[] observation) {
        return initial(observation).value();
    }

    /** @return the dynamics and prediction functions on the host copy, as the search's model */
    public SearchModel<float[]> searchModel() {
        return new SearchModel<>() {
            @Override
            public int actionCount() {
                return actions;
            }

            @Override
            public Expansion<float[]> recurrent(float[] state, int action) {
                float[] x = java.util.Arrays.copyOf(state, encodingSize + actions);
                x[encodingSize + action] = 1f;
                float[] u = hostDynamics.forward(x);
                double r = support.decodeLogits(hostReward.forward(u), 0);
                return predict(scaleHost(u), r);
            }
        };
    }

    private Expansion<float[]> predict(float[] s, double r) {
        float[] logits = hostPolicy.forward(s);
        double[] l = new double[actions];
        for (int a = 0; a < actions; a++) {
            l[a] = logits[a];
        }
        double v = support.decodeLogits(hostValue.forward(s), 0);
        return new Expansion<>(s, r, l, v);
    }

    private static float[] scaleHost(float[] u) {
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
