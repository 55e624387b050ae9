package org.mbrl4j.algorithms.muzero;

import org.mbrl4j.core.io.RecordEntries;
import org.mbrl4j.planners.mcts.GumbelConfig;
import org.mbrl4j.planners.mcts.MctsConfig;

/**
 * Settings of {@link Muzero}: the networks, the search, the targets, the replay and the schedule. Immutable and
 * validated on construction (the message names the bad field and its value); derive variants by name with
 * {@link #toBuilder()}:
 * <pre>{@code
 * MuzeroConfig config = MuzeroConfig.cartPole().toBuilder().gumbel(true).simulations(8).build();
 * }</pre>
 *
 * @param encodingSize          size of the hidden state, {@code >= 1} (muzero-general cart-pole: 8)
 * @param hiddenSize            width of the hidden layer of the dynamics, reward, value and policy MLPs,
 *                              {@code >= 1} (16)
 * @param representationLayers  hidden layers of the representation MLP, {@code >= 0} (0: one linear layer)
 * @param supportSize           value and reward are categorical over the integers {@code [-S, S]} of the
 *                              transformed scale {@code h(x)}, {@code >= 1} (10)
 * @param simulations           search simulations per move, {@code >= 1} (50)
 * @param gumbel                Gumbel MuZero's search instead of pUCT
 * @param maxConsideredActions  Gumbel-top-k's {@code k}, {@code >= 1} (16)
 * @param discount              discount of rewards, in {@code (0, 1]} (0.997)
 * @param dirichletAlpha        root noise concentration of pUCT, {@code > 0} (0.25)
 * @param explorationFraction   root noise weight of pUCT in self-play, in {@code [0, 1]} (0.25)
 * @param unrollSteps           {@code K}, dynamics steps unrolled per training sample, {@code >= 1} (5, the
 *                              paper's)
 * @param tdSteps               {@code n} of the n-step value targets, {@code >= 1} (50)
 * @param batchSize             positions per update, {@code >= 1} (128)
 * @param learningRate          Adam's step size, {@code > 0}
 * @param weightDecay           L2 coefficient added to the gradients, {@code >= 0} (1e-4)
 * @param gradClipNorm          global gradient-norm bound, {@code > 0} ({@code +infinity}: none)
 * @param valueLossWeight       weight of the value loss, {@code > 0} (1)
 * @param dynamicsGradScale     factor on the gradient flowing back into each hidden state through the
 *                              dynamics, in {@code (0, 1]} (0.5)
 * @param bufferSize            transitions kept in the replay buffer, {@code >= 1}; whole games leave oldest
 *                              first
 * @param priorityAlpha         prioritisation exponent: positions are drawn with probability
 *                              {@code p^alpha / sum p^alpha}, {@code >= 0} (0: uniform; 0.5)
 * @param priorityBeta          importance-weight exponent {@code w = (N P)^-beta / max w}, in {@code [0, 1]} (1)
 * @param trainingRatio         gradient updates per environment step once training has started, {@code > 0}
 *                              (muzero-general's {@code ratio}: 1.5)
 * @param startSteps            environment steps before the first update (at least one finished game is also
 *                              needed), {@code >= 0}
 * @param temperatureSteps      the visit-count temperature is 1 below {@code 0.5 T} updates, 0.5 below
 *                              {@code 0.75 T}, then 0.25 (muzero-general's {@code visit_softmax_temperature_fn}
 *                              with {@code training_steps = T}), {@code >= 1}
 * @param reanalyseValues       bootstrap the n-step targets with the latest network's value of the stored
 *                              observation (muzero-general's {@code use_last_model_value}) instead of the value
 *                              the search found when the game was played
 * @param consistencyWeight     weight of EfficientZero's self-supervised temporal consistency loss, {@code >= 0}
 *                              (0: off; EfficientZero's Atari {@code consistency_coeff}: 2)
 * @param projectionHiddenSize  width of the two hidden layers of the consistency loss's projection MLP,
 *                              {@code >= 1} (used when {@code consistencyWeight > 0})
 * @param projectionSize        output size of the projection MLP and of the prediction MLP on it, {@code >= 1}
 * @param predictionHiddenSize  width of the hidden layer of the prediction MLP, {@code >= 1}
 * @param valuePrefix           EfficientZero's value prefix: an LSTM over the unrolled hidden states predicts the
 *                              sum of the rewards since its last reset instead of each step's reward
 * @param lstmHiddenSize        state size of the value-prefix LSTM, {@code >= 1} (used when {@code valuePrefix})
 * @param lstmHorizon           the value-prefix LSTM restarts from a zero state every {@code lstmHorizon} steps
 *                              of an unroll or a search path, {@code >= 1} (EfficientZero's
 *                              {@code lstm_horizon_len}: 5)
 * @param autoTdSteps           EfficientZero's off-policy correction: a position of age {@code age} (the
 *                              positions in the buffer from it to the newest, both counted) gets the value horizon
 *                              {@code clip(tdSteps - age / autoTdSteps, 1, tdSteps)} (integer division);
 *                              {@code >= 0} (0: off, every target uses {@code tdSteps})
 * @param reanalysePolicy       the share of the policy targets of each update replaced by a fresh search (with
 *                              self-play's root noise) from the stored observation with the latest network
 *                              (MuZero Reanalyse, Schrittwieser et al. 2021; EfficientZero's
 *                              {@code revisit_policy_search_rate}: 0.99), in {@code [0, 1]} (0: the policies the
 *                              search found when the game was played)
 *
 * <p>Checkpoints written before EfficientZero's options or the reanalysis of policies existed read them as off,
 * with {@link #cartPole()}'s sizes ({@link RecordEntries.Default}).
 */
public record MuzeroConfig(int encodingSize, int hiddenSize, int representationLayers, int supportSize,
        int simulations, boolean gumbel, int maxConsideredActions, double discount, double dirichletAlpha,
        double explorationFraction, int unrollSteps, int tdSteps, int batchSize, double learningRate,
        double weightDecay, double gradClipNorm, double valueLossWeight, double dynamicsGradScale, int bufferSize,
        double priorityAlpha, double priorityBeta, double trainingRatio, int startSteps, int temperatureSteps,
        boolean reanalyseValues, @RecordEntries.Default("0") double consistencyWeight,
        @RecordEntries.Default("16") int projectionHiddenSize, @RecordEntries.Default("16") int projectionSize,
        @RecordEntries.Default("8") int predictionHiddenSize, @RecordEntries.Default("false") boolean valuePrefix,
        @RecordEntries.Default("16") int lstmHiddenSize, @RecordEntries.Default("5") int lstmHorizon,
        @RecordEntries.Default("0") int autoTdSteps, @RecordEntries.Default("0") double reanalysePolicy) {

    /** Validates every field; the message names the bad one and its value. */
    public MuzeroConfig {
        atLeast("encodingSize", encodingSize, 1);
        atLeast("hiddenSize", hiddenSize, 1);
        atLeast("representationLayers", representationLayers, 0);
        atLeast("supportSize", supportSize, 1);
        atLeast("simulations", simulations, 1);
        atLeast("maxConsideredActions", maxConsideredActions, 1);
        if (!(discount > 0 && discount <= 1)) {
            throw new IllegalArgumentException("discount must be in (0, 1]: " + discount);
        }
        positive("dirichletAlpha", dirichletAlpha);
        if (!(explorationFraction >= 0 && explorationFraction <= 1)) {
            throw new IllegalArgumentException("explorationFraction must be in [0, 1]: " + explorationFraction);
        }
        atLeast("unrollSteps", unrollSteps, 1);
        atLeast("tdSteps", tdSteps, 1);
        atLeast("batchSize", batchSize, 1);
        positive("learningRate", learningRate);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be finite and >= 0: " + weightDecay);
        }
        if (!(gradClipNorm > 0)) {
            throw new IllegalArgumentException("gradClipNorm must be > 0 (+infinity for none): " + gradClipNorm);
        }
        positive("valueLossWeight", valueLossWeight);
        if (!(dynamicsGradScale > 0 && dynamicsGradScale <= 1)) {
            throw new IllegalArgumentException("dynamicsGradScale must be in (0, 1]: " + dynamicsGradScale);
        }
        atLeast("bufferSize", bufferSize, 1);
        if (!(priorityAlpha >= 0) || Double.isInfinite(priorityAlpha)) {
            throw new IllegalArgumentException("priorityAlpha must be finite and >= 0: " + priorityAlpha);
        }
        if (!(priorityBeta >= 0 && priorityBeta <= 1)) {
            throw new IllegalArgumentException("priorityBeta must be in [0, 1]: " + priorityBeta);
        }
        positive("trainingRatio", trainingRatio);
        atLeast("startSteps", startSteps, 0);
        atLeast("temperatureSteps", temperatureSteps, 1);
        if (!(consistencyWeight >= 0) || Double.isInfinite(consistencyWeight)) {
            throw new IllegalArgumentException("consistencyWeight must be finite and >= 0: " + consistencyWeight);
        }
        atLeast("projectionHiddenSize", projectionHiddenSize, 1);
        atLeast("projectionSize", projectionSize, 1);
        atLeast("predictionHiddenSize", predictionHiddenSize, 1);
        atLeast("lstmHiddenSize", lstmHiddenSize, 1);
        atLeast("lstmHorizon", lstmHorizon, 1);
        atLeast("autoTdSteps", autoTdSteps, 0);
        if (!(reanalysePolicy >= 0 && reanalysePolicy <= 1)) {
            throw new IllegalArgumentException("reanalysePolicy must be in [0, 1]: " + reanalysePolicy);
        }
    }

    /**
     * muzero-general's cart-pole settings ({@code games/cartpole.py}: encoding 8, one hidden layer of 16 in every
     * head and in the dynamics, no hidden layer in the representation, support 10, 50 simulations, discount
     * 0.997, {@code Dir(0.25)} at 0.25, {@code td_steps} 50, batch 128, Adam at 0.02 with L2 1e-4, value loss
     * weight 1, prioritised replay with alpha 0.5, {@code use_last_model_value}, training ratio 1.5, temperature
     * schedule over 10,000 updates). Differences: {@code K = 5} (the paper's; muzero-general uses 10), a constant
     * learning rate (muzero-general decays it by 0.8 every 1,000 updates), a buffer of 100,000 transitions
     * (muzero-general keeps 500 games), importance weights with {@code beta = 1} over positions instead of
     * muzero-general's two-level game-then-position draw, and the first 500 steps before any update. EfficientZero's
     * options and the reanalysis of policies are off; the options' sizes (projection 16 and 16, prediction 8,
     * LSTM 16, horizon 5) are those of {@link #cartPoleEfficientZero()}.
     *
     * @return the settings
     */
    public static MuzeroConfig cartPole() {
        return new MuzeroConfig(8, 16, 0, 10, 50, false, 16, 0.997, 0.25, 0.25, 5, 50, 128, 0.02, 1e-4,
                Double.POSITIVE_INFINITY, 1.0, 0.5, 100_000, 0.5, 1.0, 1.5, 500, 10_000, true,
                0.0, 16, 16, 8, false, 16, 5, 0, 0.0);
    }

    /**
     * {@link #cartPole()} with EfficientZero's three options switched on (Ye et al. 2021, "Mastering Atari games
     * with limited data", NeurIPS; github.com/YeWR/EfficientZero):
     * <ul>
     *   <li>temporal consistency with weight 2 ({@code consistency_coeff} of {@code config/atari/__init__.py});
     *       the projection MLP {@code encodingSize -> 16 -> 16 -> 16} and the prediction MLP
     *       {@code 16 -> 8 -> 16} keep the Atari heads' shape (two hidden layers of {@code proj_hid}, output
     *       {@code proj_out}; prediction bottleneck {@code pred_hid = proj_out / 2}: 1024 / 1024 / 512 there), sized
     *       for the 8-number hidden state of cart-pole;</li>
     *   <li>the value prefix with an LSTM of 16 (the width of the other heads; Atari: 512) reset every 5 steps
     *       ({@code lstm_horizon_len});</li>
     *   <li>the off-policy correction with {@code autoTdSteps} 3,000: {@code core/config.py} sets
     *       {@code auto_td_steps = auto_td_steps_ratio * training_steps} with the ratio 0.3, and the training steps
     *       of this preset are the 10,000 updates of its temperature schedule.</li>
     * </ul>
     * Everything else, {@code tdSteps} 50 included (EfficientZero's Atari: 5), is {@link #cartPole()}'s.
     *
     * @return the settings
     */
    public static MuzeroConfig cartPoleEfficientZero() {
        return cartPole().toBuilder().efficientZero().build();
    }

    /** @return whether the temporal consistency loss is on ({@code consistencyWeight > 0}) */
    public boolean usesConsistency() {
        return consistencyWeight > 0;
    }

    /** @return whether the off-policy correction of the value horizon is on ({@code autoTdSteps > 0}) */
    public boolean usesOffPolicyCorrection() {
        return autoTdSteps > 0;
    }

    /** @return a builder holding these settings */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @return pUCT's settings for self-play (with root noise) */
    public MctsConfig mctsConfig() {
        return new MctsConfig(simulations, discount, 1.25, 19652, dirichletAlpha, explorationFraction);
    }

    /** @return Gumbel search's settings for self-play (Gumbel scale 1) */
    public GumbelConfig gumbelConfig() {
        return new GumbelConfig(simulations, discount, maxConsideredActions, 1.0, 50, 0.1);
    }

    /**
     * @param updates gradient updates made so far
     * @return the visit-count temperature of self-play: 1, 0.5 or 0.25
     */
    public double temperature(long updates) {
        if (updates < 0.5 * temperatureSteps) {
            return 1.0;
        }
        return updates < 0.75 * temperatureSteps ? 0.5 : 0.25;
    }

    private static void atLeast(String name, long v, long min) {
        if (v < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ": " + v);
        }
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and > 0: " + v);
        }
    }

    /** Changes settings by name; {@link #build()} validates them all. */
    public static final class Builder {
        private int encodingSize;
        private int hiddenSize;
        private int representationLayers;
        private int supportSize;
        private int simulations;
        private boolean gumbel;
        private int maxConsideredActions;
        private double discount;
        private double dirichletAlpha;
        private double explorationFraction;
        private int unrollSteps;
        private int tdSteps;
        private int batchSize;
        private double learningRate;
        private double weightDecay;
        private double gradClipNorm;
        private double valueLossWeight;
        private double dynamicsGradScale;
        private int bufferSize;
        private double priorityAlpha;
        private double priorityBeta;
        private double trainingRatio;
        private int startSteps;
        private int temperatureSteps;
        private boolean reanalyseValues;
        private double consistencyWeight;
        private int projectionHiddenSize;
        private int projectionSize;
        private int predictionHiddenSize;
        private boolean valuePrefix;
        private int lstmHiddenSize;
        private int lstmHorizon;
        private int autoTdSteps;
        private double reanalysePolicy;

        private Builder(MuzeroConfig c) {
            encodingSize = c.encodingSize;
            hiddenSize = c.hiddenSize;
            representationLayers = c.representationLayers;
            supportSize = c.supportSize;
            simulations = c.simulations;
            gumbel = c.gumbel;
            maxConsideredActions = c.maxConsideredActions;
            discount = c.discount;
            dirichletAlpha = c.dirichletAlpha;
            explorationFraction = c.explorationFraction;
            unrollSteps = c.unrollSteps;
            tdSteps = c.tdSteps;
            batchSize = c.batchSize;
            learningRate = c.learningRate;
            weightDecay = c.weightDecay;
            gradClipNorm = c.gradClipNorm;
            valueLossWeight = c.valueLossWeight;
            dynamicsGradScale = c.dynamicsGradScale;
            bufferSize = c.bufferSize;
            priorityAlpha = c.priorityAlpha;
            priorityBeta = c.priorityBeta;
            trainingRatio = c.trainingRatio;
            startSteps = c.startSteps;
            temperatureSteps = c.temperatureSteps;
            reanalyseValues = c.reanalyseValues;
            consistencyWeight = c.consistencyWeight;
            projectionHiddenSize = c.projectionHiddenSize;
            projectionSize = c.projectionSize;
            predictionHiddenSize = c.predictionHiddenSize;
            valuePrefix = c.valuePrefix;
            lstmHiddenSize = c.lstmHiddenSize;
            lstmHorizon = c.lstmHorizon;
            autoTdSteps = c.autoTdSteps;
            reanalysePolicy = c.reanalysePolicy;
        }

        /** @param v see {@link MuzeroConfig#encodingSize()} @return this */
        public Builder encodingSize(int v) { encodingSize = v; return this; }
        /** @param v see {@link MuzeroConfig#hiddenSize()} @return this */
        public Builder hiddenSize(int v) { hiddenSize = v; return this; }
        /** @param v see {@link MuzeroConfig#representationLayers()} @return this */
        public Builder representationLayers(int v) { representationLayers = v; return this; }
        /** @param v see {@link MuzeroConfig#supportSize()} @return this */
        public Builder supportSize(int v) { supportSize = v; return this; }
        /** @param v see {@link MuzeroConfig#simulations()} @return this */
        public Builder simulations(int v) { simulations = v; return this; }
        /** @param v see {@link MuzeroConfig#gumbel()} @return this */
        public Builder gumbel(boolean v) { gumbel = v; return this; }
        /** @param v see {@link MuzeroConfig#maxConsideredActions()} @return this */
        public Builder maxConsideredActions(int v) { maxConsideredActions = v; return this; }
        /** @param v see {@link MuzeroConfig#discount()} @return this */
        public Builder discount(double v) { discount = v; return this; }
        /** @param v see {@link MuzeroConfig#dirichletAlpha()} @return this */
        public Builder dirichletAlpha(double v) { dirichletAlpha = v; return this; }
        /** @param v see {@link MuzeroConfig#explorationFraction()} @return this */
        public Builder explorationFraction(double v) { explorationFraction = v; return this; }
        /** @param v see {@link MuzeroConfig#unrollSteps()} @return this */
        public Builder unrollSteps(int v) { unrollSteps = v; return this; }
        /** @param v see {@link MuzeroConfig#tdSteps()} @return this */
        public Builder tdSteps(int v) { tdSteps = v; return this; }
        /** @param v see {@link MuzeroConfig#batchSize()} @return this */
        public Builder batchSize(int v) { batchSize = v; return this; }
        /** @param v see {@link MuzeroConfig#learningRate()} @return this */
        public Builder learningRate(double v) { learningRate = v; return this; }
        /** @param v see {@link MuzeroConfig#weightDecay()} @return this */
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        /** @param v see {@link MuzeroConfig#gradClipNorm()} @return this */
        public Builder gradClipNorm(double v) { gradClipNorm = v; return this; }
        /** @param v see {@link MuzeroConfig#valueLossWeight()} @return this */
        public Builder valueLossWeight(double v) { valueLossWeight = v; return this; }
        /** @param v see {@link MuzeroConfig#dynamicsGradScale()} @return this */
        public Builder dynamicsGradScale(double v) { dynamicsGradScale = v; return this; }
        /** @param v see {@link MuzeroConfig#bufferSize()} @return this */
        public Builder bufferSize(int v) { bufferSize = v; return this; }
        /** @param v see {@link MuzeroConfig#priorityAlpha()} @return this */
        public Builder priorityAlpha(double v) { priorityAlpha = v; return this; }
        /** @param v see {@link MuzeroConfig#priorityBeta()} @return this */
        public Builder priorityBeta(double v) { priorityBeta = v; return this; }
        /** @param v see {@link MuzeroConfig#trainingRatio()} @return this */
        public Builder trainingRatio(double v) { trainingRatio = v; return this; }
        /** @param v see {@link MuzeroConfig#startSteps()} @return this */
        public Builder startSteps(int v) { startSteps = v; return this; }
        /** @param v see {@link MuzeroConfig#temperatureSteps()} @return this */
        public Builder temperatureSteps(int v) { temperatureSteps = v; return this; }
        /** @param v see {@link MuzeroConfig#reanalyseValues()} @return this */
        public Builder reanalyseValues(boolean v) { reanalyseValues = v; return this; }
        /** @param v see {@link MuzeroConfig#consistencyWeight()} @return this */
        public Builder consistencyWeight(double v) { consistencyWeight = v; return this; }
        /** @param v see {@link MuzeroConfig#projectionHiddenSize()} @return this */
        public Builder projectionHiddenSize(int v) { projectionHiddenSize = v; return this; }
        /** @param v see {@link MuzeroConfig#projectionSize()} @return this */
        public Builder projectionSize(int v) { projectionSize = v; return this; }
        /** @param v see {@link MuzeroConfig#predictionHiddenSize()} @return this */
        public Builder predictionHiddenSize(int v) { predictionHiddenSize = v; return this; }
        /** @param v see {@link MuzeroConfig#valuePrefix()} @return this */
        public Builder valuePrefix(boolean v) { valuePrefix = v; return this; }
        /** @param v see {@link MuzeroConfig#lstmHiddenSize()} @return this */
        public Builder lstmHiddenSize(int v) { lstmHiddenSize = v; return this; }
        /** @param v see {@link MuzeroConfig#lstmHorizon()} @return this */
        public Builder lstmHorizon(int v) { lstmHorizon = v; return this; }
        /** @param v see {@link MuzeroConfig#autoTdSteps()} @return this */
        public Builder autoTdSteps(int v) { autoTdSteps = v; return this; }
        /** @param v see {@link MuzeroConfig#reanalysePolicy()} @return this */
        public Builder reanalysePolicy(double v) { reanalysePolicy = v; return this; }

        /**
         * Switches EfficientZero's three options on with the values of {@link #cartPoleEfficientZero()}:
         * consistency weight 2, the value prefix (LSTM horizon 5), {@code autoTdSteps} 3,000. The head sizes stay
         * as they are.
         *
         * @return this
         */
        public Builder efficientZero() {
            consistencyWeight = 2.0;
            valuePrefix = true;
            lstmHorizon = 5;
            autoTdSteps = 3_000;
            return this;
        }

        /**
         * @return the settings
         * @throws IllegalArgumentException naming the first invalid field
         */
        public MuzeroConfig build() {
            return new MuzeroConfig(encodingSize, hiddenSize, representationLayers, supportSize, simulations, gumbel,
                    maxConsideredActions, discount, dirichletAlpha, explorationFraction, unrollSteps, tdSteps,
                    batchSize, learningRate, weightDecay, gradClipNorm, valueLossWeight, dynamicsGradScale,
                    bufferSize, priorityAlpha, priorityBeta, trainingRatio, startSteps, temperatureSteps,
                    reanalyseValues, consistencyWeight, projectionHiddenSize, projectionSize, predictionHiddenSize,
                    valuePrefix, lstmHiddenSize, lstmHorizon, autoTdSteps, reanalysePolicy);
        }
    }
}
