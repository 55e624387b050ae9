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
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.DenseStack;
import org.mbrl4j.tensor.nn.LstmCell;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;

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
 *
 * <p>EfficientZero's options (Ye et al. 2021; github.com/YeWR/EfficientZero, {@code config/atari/model.py}):
 * <ul>
 *   <li>{@link MuzeroConfig#valuePrefix()}: the reward head is replaced by an LSTM over the scaled hidden states
 *       of an unroll ({@code [B, encodingSize] -> [B, lstmHiddenSize]}) and an MLP
 *       {@code lstmHiddenSize -> hiddenSize -> 2S + 1} on its output that predicts the value prefix, the sum of
 *       the rewards since the LSTM's last reset ({@link #nextWithPrefix}). In the search a state is then the
 *       hidden state followed by the LSTM's {@code h} and {@code c}, the node's value prefix and its depth
 *       ({@code [encodingSize + 2 lstmHiddenSize + 2]}); the LSTM restarts from zero at every depth that is a
 *       multiple of {@code lstmHorizon}, and an edge's reward is
 *       {@link MuzeroTargets#prefixReward the difference of the two prefixes}, or the child's prefix after a
 *       reset.</li>
 *   <li>{@link MuzeroConfig#usesConsistency()}: a projection MLP
 *       {@code encodingSize -> projectionHiddenSize -> projectionHiddenSize -> projectionSize} and a prediction
 *       MLP {@code projectionSize -> predictionHiddenSize -> projectionSize} for the temporal consistency loss
 *       ({@link #consistencyLoss}). EfficientZero puts batch normalisation after each hidden layer and the
 *       projection's output; these MLPs use ELU and no normalisation, as the rest of the network.</li>
 * </ul>
 * The extra parameters exist only when their option is on, and are made after the others from the same
 * generator.
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
    private final boolean valuePrefix;
    private final int lstmHidden;
    private final LstmCell prefixLstm;
    private final DenseStack prefixHead;
    private final DenseStack projection;
    private final DenseStack projectionPrediction;
    private final HostNetwork host;

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
        this.valuePrefix = config.valuePrefix();
        this.lstmHidden = config.lstmHiddenSize();
        reward = valuePrefix ? null : DenseStack.builder("reward", encodingSize, bins).hidden(hidden, 1)
                .activation(Activation.ELU).build(rng);
        value = DenseStack.builder("value", encodingSize, bins).hidden(hidden, 1).activation(Activation.ELU)
                .build(rng);
        policy = DenseStack.builder("policy", encodingSize, actions).hidden(hidden, 1).activation(Activation.ELU)
                .build(rng);
        if (valuePrefix) {
            prefixLstm = new LstmCell("valuePrefix.lstm", encodingSize, lstmHidden, DataType.FLOAT, rng);
            prefixHead = DenseStack.builder("valuePrefix.head", lstmHidden, bins).hidden(hidden, 1)
                    .activation(Activation.ELU).build(rng);
        } else {
            prefixLstm = null;
            prefixHead = null;
        }
        if (config.usesConsistency()) {
            projection = DenseStack.builder("projection", encodingSize, config.projectionSize())
                    .hidden(config.projectionHiddenSize(), 2).activation(Activation.ELU).build(rng);
            projectionPrediction = DenseStack.builder("projection.prediction", config.projectionSize(),
                    config.projectionSize()).hidden(config.predictionHiddenSize(), 1).activation(Activation.ELU)
                    .build(rng);
        } else {
            projection = null;
            projectionPrediction = null;
        }
        host = new HostNetwork(config, actions, support, representation, dynamics, reward, value, policy, prefixLstm,
                prefixHead);
    }

    /**
     * @return every trainable parameter: representation, dynamics, reward (without the value prefix), value, policy,
     *     then the value-prefix LSTM and head and the projection and prediction MLPs where they exist
     */
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>(representation.parameters());
        p.addAll(dynamics.parameters());
        if (reward != null) {
            p.addAll(reward.parameters());
        }
        p.addAll(value.parameters());
        p.addAll(policy.parameters());
        if (valuePrefix) {
            p.addAll(prefixLstm.parameters());
            p.addAll(prefixHead.parameters());
        }
        if (projection != null) {
            p.addAll(projection.parameters());
            p.addAll(projectionPrediction.parameters());
        }
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
     * @throws IllegalStateException if the network predicts value prefixes instead ({@link #nextWithPrefix})
     */
    public Var[] next(Var hidden, int[] actions) {
        if (valuePrefix) {
            throw new IllegalStateException("this network predicts value prefixes: use nextWithPrefix");
        }
        Var u = dynamicsOutput(hidden, actions);
        return new Var[] {scale(u), reward.forward(u)};
    }

    /**
     * One step of the dynamics and of the value-prefix LSTM (EfficientZero's {@code recurrent_inference}).
     *
     * @param hidden  {@code [B, encodingSize]}
     * @param lstm    the LSTM's state, {@code [B, lstmHiddenSize]} each ({@link #initialLstmState} after a reset)
     * @param actions {@code B} action indices in {@code [0, A)}
     * @return the next hidden state (scaled), the value-prefix logits {@code [B, 2S + 1]} and the LSTM's next state
     * @throws IllegalStateException if the network has no value prefix
     */
    public PrefixStep nextWithPrefix(Var hidden, LstmCell.State lstm, int[] actions) {
        if (!valuePrefix) {
            throw new IllegalStateException("this network predicts rewards (valuePrefix is off): use next");
        }
        Var s = scale(dynamicsOutput(hidden, actions));
        LstmCell.State state = prefixLstm.step(s, lstm);
        return new PrefixStep(s, prefixHead.forward(state.h()), state);
    }

    /**
     * @param batch {@code B}
     * @return the value-prefix LSTM's zero state, {@code [B, lstmHiddenSize]} each (constants)
     * @throws IllegalStateException if the network has no value prefix
     */
    public LstmCell.State initialLstmState(int batch) {
        if (!valuePrefix) {
            throw new IllegalStateException("this network predicts rewards (valuePrefix is off)");
        }
        return prefixLstm.zeroState(batch, DataType.FLOAT);
    }

    /**
     * What {@link #nextWithPrefix} returns.
     *
     * @param hidden       the next hidden state, scaled, {@code [B, encodingSize]}
     * @param prefixLogits the value prefix's logits over the support, {@code [B, 2S + 1]}
     * @param lstm         the LSTM's state after the step, {@code [B, lstmHiddenSize]} each
     */
    public record PrefixStep(Var hidden, Var prefixLogits, LstmCell.State lstm) {
    }

    /**
     * EfficientZero's temporal consistency loss per position (SimSiam's negative cosine similarity; EfficientZero's
     * {@code core/train.py}, {@code consist_loss_func}): {@code -cos(pred(proj(s_k)), sg(proj(s'_k)))} where
     * {@code s_k} is the hidden state the dynamics unrolled to step {@code k} and {@code s'_k} the representation of
     * the observation at {@code t + k}. The target branch runs without recording and is a constant: no gradient
     * reaches the representation or the projection through it.
     *
     * @param unrolled     {@code s_k}, {@code [B, encodingSize]}
     * @param observations the observations {@code o_{t+k}}, {@code [B, obsDim]}
     * @return the loss per position, {@code [B]}, in {@code [-1, 1]}
     * @throws IllegalStateException if the consistency loss is off
     */
    public Var consistencyLoss(Var unrolled, Var observations) {
        if (projection == null) {
            throw new IllegalStateException("the consistency loss is off (consistencyWeight is 0)");
        }
        Var target;
        try (Tape.NoGrad paused = Tape.pause()) {
            target = projection.forward(represent(observations)).detach();
        }
        Var online = projectionPrediction.forward(projection.forward(unrolled));
        return negativeCosine(online, target);
    }

    /**
     * {@code -sum_j x_j y_j / (max(|x|, eps) max(|y|, eps))} per row, {@code eps = 1e-5} (PyTorch's
     * {@code F.normalize} on both sides, as EfficientZero).
     *
     * @param x {@code [B, D]}
     * @param y {@code [B, D]}
     * @return {@code [B]}
     */
    public static Var negativeCosine(Var x, Var y) {
        return normalizeRows(x).mul(normalizeRows(y)).sum(false, 1).neg();
    }

    private static Var normalizeRows(Var x) {
        // max(|x|, eps) = sqrt(max(|x|^2, eps^2)): the clamp keeps sqrt's gradient finite at a zero row
        return x.div(x.square().sum(true, 1).clamp(1e-10, 1e30).sqrt());
    }

    private Var dynamicsOutput(Var hidden, int[] actions) {
        if (hidden.rank() != 2 || hidden.size(1) != encodingSize || hidden.size(0) != actions.length) {
            throw new IllegalArgumentException("hidden must be [" + actions.length + ", " + encodingSize + "]: "
                    + java.util.Arrays.toString(hidden.shape()));
        }
        Var oneHot = NnOps.oneHot(actions, this.actions, hidden.dataType(), actions.length);
        return dynamics.forward(Ops.concat(1, hidden, oneHot));
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
        host.refresh();
    }

    /**
     * MuZero's initial inference on the host copy of the weights.
     *
     * @param observation {@code [obsDim]}, finite
     * @return the root: hidden state {@code [encodingSize]} (with the value prefix: followed by the LSTM's zero
     *     state, prefix 0 and depth 0), policy logits {@code [A]}, value (reward 0)
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
        return host.initial(observation);
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
        return host;
    }

    /** @return the host copy, whose search states {@link HostNetwork} reads */
    HostNetwork host() {
        return host;
    }
}
