package org.mbrl4j.algorithms.muzero;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mbrl4j.algorithms.common.AgentCheckpoints;
import org.mbrl4j.algorithms.common.Metrics;
import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.core.Agent;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.random.SplitMix64;
import org.mbrl4j.core.spaces.Discrete;
import org.mbrl4j.core.spaces.Space;
import org.mbrl4j.models.nn.Adam;
import org.mbrl4j.models.nn.AdamConfig;
import org.mbrl4j.models.nn.Gradients;
import org.mbrl4j.models.nn.Parameters;
import org.mbrl4j.planners.mcts.Expansion;
import org.mbrl4j.planners.mcts.GumbelSearch;
import org.mbrl4j.planners.mcts.Mcts;
import org.mbrl4j.planners.mcts.SearchModel;
import org.mbrl4j.planners.mcts.SearchResult;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.Losses;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.LstmCell;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MuZero (Schrittwieser et al. 2020, "Mastering Atari, Go, chess and shogi by planning with a learned model",
 * Nature 588; the cart-pole setup of muzero-general) for discrete actions and vector observations, as an
 * {@link OffPolicyLearner}: self-play and training in one loop.
 *
 * <p>Acting: every move runs a search ({@link Mcts} with root noise, or {@link GumbelSearch}) over the
 * {@link MuzeroNetwork}'s learned model from the representation of the observation; pUCT self-play draws the
 * move from the visit counts at the temperature of {@link MuzeroConfig#temperature}, Gumbel self-play takes the
 * search's action. Each move's root value and policy target are stored with the game; finished games enter a
 * prioritised {@link GameReplay}.
 *
 * <p>Training: once {@code startSteps} steps were taken and a game finished, updates run so that there are
 * {@code trainingRatio} of them per environment step. An update draws {@code B} positions {@code t}, unrolls the
 * dynamics {@code K} steps along the stored actions (random actions past the end of a game) and minimises
 * <pre>
 *   sum_b w_b / B [ sum_{k=0..K} c_k (valueWeight CE(v_k, z_{t+k}) + CE(p_k, pi_{t+k}))
 *                   + sum_{k=1..K} (1/K) CE(r_k, u_{t+k}) ]
 * </pre>
 * with {@code c_0 = 1}, {@code c_k = 1/K}, values and rewards as two-hot targets on the {@link ValueSupport},
 * {@code z} the {@link MuzeroTargets n-step targets} (bootstrapped with the latest network's value of the stored
 * observation when {@code reanalyseValues}), {@code w} the importance weights, and the gradient into each hidden
 * state through the dynamics scaled by {@code dynamicsGradScale}. Past a terminal state value and reward targets
 * are 0; past the end of a game cut by a time limit, and for moves that were not searched, the terms are
 * masked. Adam with L2 weight decay; the drawn positions get the priority {@code |v_0 - z|}. With
 * {@code reanalysePolicy > 0} (MuZero Reanalyse) that share of the policy targets {@code pi_{t+k}} inside their
 * games comes from a fresh self-play search (root noise included, drawn from the replay's generator) from the
 * stored observation with the search's copy of the weights, as refreshed after the last environment step; such
 * targets count also for moves that were not searched when played.
 *
 * <p>EfficientZero's options (Ye et al. 2021, "Mastering Atari games with limited data"; each off unless its
 * {@link MuzeroConfig} field is set, all on in {@link MuzeroConfig#cartPoleEfficientZero()}):
 * <ul>
 *   <li>temporal consistency: {@code sum_{k=1..K} (1/K) consistencyWeight mask_k
 *       (-cos(pred(proj(s_k)), sg(proj(h(o_{t+k})))))} joins the loss ({@link MuzeroNetwork#consistencyLoss});
 *       {@code mask_k} is 1 where {@code o_{t+k}} exists;</li>
 *   <li>value prefix: the reward terms become cross-entropies of the LSTM's value prefixes against
 *       {@link MuzeroTargets#valuePrefixes}, the LSTM restarting every {@code lstmHorizon} steps, and the search
 *       reads edge rewards from the prefixes ({@link MuzeroNetwork#nextWithPrefix});</li>
 *   <li>off-policy correction: a position's value targets use the horizon
 *       {@link MuzeroTargets#offPolicyTdSteps} of its age in the replay instead of {@code tdSteps}.</li>
 * </ul>
 *
 * <p>{@link #save} / {@link #load} (and {@link #writeState} / {@link #readState} inside an
 * {@link org.mbrl4j.algorithms.common.OffPolicyRun}'s checkpoint) keep everything a run needs to continue exactly:
 * the config and problem size, the weights, Adam's moments and step count, the replay's games with their sum tree
 * of priorities, the game being played and the search result awaiting its transition, the positions of the
 * replay, self-play and evaluation generators, and the step, update and training-start counters (the
 * temperature follows from the update count). Not thread-safe.
 */
public final class Muzero implements OffPolicyLearner {

    /** The kind stored in a checkpoint's header. */
    public static final String KIND = "muzero";

    private final MuzeroConfig config;
    private final int obsDim;
    private final Discrete actionSpace;
    private final int actions;
    private final MuzeroNetwork network;
    private final SearchModel<float[]> model;
    private final Adam optimizer;
    private final GameReplay replay;
    private final Mcts trainMcts;
    private final Mcts evalMcts;
    private final GumbelSearch trainGumbel;
    private final GumbelSearch evalGumbel;
    private final SplitMix64 sampling;
    private final SplitMix64 acting;
    private final SplitMix64 evaluating;
    private final Metrics metrics = new Metrics();
    private GameHistory game = new GameHistory();
    /** The root value and policy target of the last self-play search, until its transition is observed. */
    private double pendingValue = Double.NaN;
    private float[] pendingPolicy;
    private long stepsSeen;
    private long trainingStart = -1;
    private long updates;

    /**
     * @param obsDim      observation size (a flat vector), {@code >= 1}
     * @param actionSpace the environment's action space, a {@link Discrete}
     * @param config      the settings
     * @param streams     randomness of the weights, the replay draws, self-play and evaluation
     * @throws IllegalArgumentException if the action space is not discrete or {@code obsDim < 1}
     */
    public Muzero(int obsDim, Space actionSpace, MuzeroConfig config, RandomStreams streams) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(streams, "streams");
        if (!(actionSpace instanceof Discrete d)) {
            throw new IllegalArgumentException("actionSpace must be Discrete for MuZero: " + actionSpace);
        }
        if (obsDim < 1) {
            throw new IllegalArgumentException("obsDim must be >= 1: " + obsDim);
        }
        this.obsDim = obsDim;
        this.actionSpace = d;
        this.actions = d.n();
        this.network = new MuzeroNetwork(obsDim, actions, config, streams.child("network").javaRandom());
        this.model = network.searchModel();
        this.optimizer = new Adam(network.parameters(),
                AdamConfig.adam(config.learningRate(), config.weightDecay()).withMaxGradNorm(config.gradClipNorm()));
        this.replay = new GameReplay(config.bufferSize(), config.priorityAlpha(), config.priorityBeta());
        this.trainMcts = new Mcts(config.mctsConfig());
        this.evalMcts = new Mcts(config.mctsConfig().withoutNoise());
        this.trainGumbel = new GumbelSearch(config.gumbelConfig());
        this.evalGumbel = new GumbelSearch(config.gumbelConfig().withoutNoise());
        this.sampling = streams.child("sampling").generator();
        this.acting = streams.child("act").generator();
        this.evaluating = streams.child("eval").generator();
    }

    /** @return the settings */
    public MuzeroConfig config() {
        return config;
    }

    /** @return the networks */
    public MuzeroNetwork network() {
        return network;
    }

    /** @return the gradient updates made so far */
    public long updates() {
        return updates;
    }

    /** @return the games in the replay buffer */
    public int storedGames() {
        return replay.games();
    }

    /**
     * Runs one search from an observation.
     *
     * @param observation {@code [obsDim]} (or any shape holding {@code obsDim} values), finite
     * @param evaluation  no root noise (pUCT) or no Gumbel noise (Gumbel search), drawing from the evaluation
     *                    generator
     * @return the search's result at the root
     * @throws IllegalArgumentException if the observation does not hold {@code obsDim} finite values
     */
    public SearchResult search(INDArray observation, boolean evaluation) {
        if (observation == null || observation.length() != obsDim) {
            throw new IllegalArgumentException("observation must hold " + obsDim + " values: "
                    + (observation == null ? "null" : Arrays.toString(observation.shape())));
        }
        return search(HostArrays.toFloats(observation), evaluation, evaluation ? evaluating : acting);
    }

    /** The search of {@link #search(INDArray, boolean)} from {@code observation}, drawing from {@code rng}. */
    private SearchResult search(float[] observation, boolean evaluation, SplitMix64 rng) {
        Expansion<float[]> root = network.initial(observation);
        if (config.gumbel()) {
            return (evaluation ? evalGumbel : trainGumbel).search(root, model, rng);
        }
        return (evaluation ? evalMcts : trainMcts).search(root, model, rng);
    }

    /** A self-play search (root noise included) from a stored observation, drawing from the sampling generator. */
    private float[] reanalysedPolicy(float[] observation) {
        return policyTarget(search(observation, false, sampling));
    }

    /** @return the search's policy target as float32, {@code [A]} */
    private float[] policyTarget(SearchResult r) {
        float[] p = new float[actions];
        for (int i = 0; i < actions; i++) {
            p[i] = (float) r.policyTarget()[i];
        }
        return p;
    }

    @Override
    public INDArray explore(INDArray observation) {
        SearchResult r = search(observation, false);
        int a = config.gumbel() ? r.action() : Mcts.selectAction(r.visitCounts(), config.temperature(updates), acting);
        pendingValue = r.rootValue();
        pendingPolicy = policyTarget(r);
        metrics.add("search_value", r.rootValue());
        return Nd4j.scalar(DataType.INT64, (long) actionSpace.start() + a);
    }

    @Override
    public void observe(Transition t) {
        Objects.requireNonNull(t, "transition");
        int a = actionSpace.index("transition.action", t.action()) - actionSpace.start();
        float[] obs = HostArrays.toFloats(t.observation());
        if (obs.length != obsDim) {
            throw new IllegalArgumentException("transition.observation must hold " + obsDim + " values: "
                    + obs.length);
        }
        game.add(obs, a, t.reward(), pendingValue, pendingPolicy);
        pendingValue = Double.NaN;
        pendingPolicy = null;
        stepsSeen++;
        if (t.done()) {
            float[] last = HostArrays.toFloats(t.nextObservation());
            game.finish(last, t.terminated(), t.terminated() ? 0 : network.value(last));
            replay.add(game);
            game = new GameHistory();
        }
        if (trainingStart < 0 && stepsSeen >= config.startSteps() && replay.size() > 0) {
            trainingStart = stepsSeen;
        }
        if (trainingStart >= 0) {
            long due = (long) Math.floor(config.trainingRatio() * (stepsSeen - trainingStart + 1));
            boolean trained = false;
            while (updates < due) {
                update();
                trained = true;
            }
            if (trained) {
                network.refreshHostCopy();
            }
        }
    }

    /**
     * A learner with the config and problem size stored in a checkpoint, its state not yet restored (then
     * {@link #readState}).
     *
     * @param checkpoint a checkpoint holding a MuZero learner under {@code prefix}
     * @param prefix     prefix of the learner's entries
     * @return the learner
     * @throws IllegalArgumentException if the checkpoint holds another kind of learner or a bad header
     */
    public static Muzero fromCheckpoint(Checkpoint checkpoint, String prefix) {
        AgentCheckpoints.checkKind(checkpoint, prefix, KIND);
        return new Muzero(AgentCheckpoints.observationSize(checkpoint, prefix),
                AgentCheckpoints.actionSpace(checkpoint, prefix),
                AgentCheckpoints.config(checkpoint, prefix, MuzeroConfig.class), RandomStreams.of(0));
    }

    /**
     * Loads a learner saved by {@link #save}; it continues exactly as the saved one would have.
     *
     * @param file the checkpoint file
     * @return the learner
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws IOException                       if it cannot be read, is corrupt, or holds another learner
     *                                           ({@link org.mbrl4j.core.io.CorruptCheckpointException}, naming the
     *                                           file and the fault)
     */
    public static Muzero load(Path file) throws IOException {
        return AgentCheckpoints.loadLearner(file, Muzero::fromCheckpoint);
    }

    /**
     * {@inheritDoc}
     *
     * <p>MuZero's entries: the header ({@link AgentCheckpoints#writeHeader}), {@code network.} (the weights),
     * {@code optimizer.} (Adam), {@code replay.} ({@link GameReplay#writeTo}), {@code game.} (the moves of the game
     * being played), {@code pending.} (the last search's root value and policy target when its transition is not
     * observed yet), {@code rng.sampling}, {@code rng.act}, {@code rng.eval}, {@code stepsSeen},
     * {@code trainingStart} and {@code updates}.
     */
    @Override
    public void writeState(Checkpoint.Builder b, String prefix) {
        AgentCheckpoints.writeHeader(b, prefix, KIND, config, obsDim, actionSpace);
        Parameters.writeTo(b, prefix + "network.", network.parameters());
        optimizer.writeTo(b, prefix + "optimizer.");
        replay.writeTo(b, prefix + "replay.", obsDim, actions);
        GameEntries.write(b, prefix + "game.", game.length() == 0 ? List.of() : List.of(game), obsDim, actions);
        b.putBoolean(prefix + "pending", pendingPolicy != null);
        if (pendingPolicy != null) {
            b.putDouble(prefix + "pending.rootValue", pendingValue);
            b.putFloats(prefix + "pending.policy", pendingPolicy);
        }
        AgentCheckpoints.putGenerator(b, prefix + "rng.sampling", sampling);
        AgentCheckpoints.putGenerator(b, prefix + "rng.act", acting);
        AgentCheckpoints.putGenerator(b, prefix + "rng.eval", evaluating);
        b.putLong(prefix + "stepsSeen", stepsSeen);
        b.putLong(prefix + "trainingStart", trainingStart);
        b.putLong(prefix + "updates", updates);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The search's {@code float[]} copy of the weights is refreshed from the restored weights.
     */
    @Override
    public void readState(Checkpoint cp, String prefix) {
        AgentCheckpoints.checkMatches(cp, prefix, KIND, config, obsDim, actionSpace);
        List<GameHistory> current = GameEntries.read(cp, prefix + "game.", obsDim, actions);
        if (current.size() > 1 || (current.size() == 1 && current.get(0).finished())) {
            throw new IllegalArgumentException("checkpoint entry '" + prefix + "game.' must hold at most one "
                    + "unfinished game: " + current.size() + " games");
        }
        float[] policy = null;
        double value = Double.NaN;
        if (cp.booleanValue(prefix + "pending")) {
            policy = cp.floats(prefix + "pending.policy");
            value = cp.doubleValue(prefix + "pending.rootValue");
            if (policy.length != actions) {
                throw new IllegalArgumentException("checkpoint entry '" + prefix + "pending.policy' holds "
                        + policy.length + " values; expected " + actions);
            }
        }
        Parameters.readFrom(cp, prefix + "network.", network.parameters());
        network.refreshHostCopy();
        optimizer.readFrom(cp, prefix + "optimizer.");
        replay.readFrom(cp, prefix + "replay.", obsDim, actions);
        game = current.isEmpty() ? new GameHistory() : current.get(0);
        pendingValue = value;
        pendingPolicy = policy;
        AgentCheckpoints.readGenerator(cp, prefix + "rng.sampling", sampling);
        AgentCheckpoints.readGenerator(cp, prefix + "rng.act", acting);
        AgentCheckpoints.readGenerator(cp, prefix + "rng.eval", evaluating);
        stepsSeen = cp.longValue(prefix + "stepsSeen");
        trainingStart = cp.longValue(prefix + "trainingStart");
        updates = cp.longValue(prefix + "updates");
    }

    /** @return an agent that searches without noise and takes the search's action (the most visited for pUCT) */
    @Override
    public Agent evaluationAgent() {
        return observation -> Nd4j.scalar(DataType.INT64,
                (long) actionSpace.start() + search(observation, true).action());
    }

    @Override
    public Map<String, Double> drainMetrics() {
        return metrics.drain();
    }

    /**
     * One gradient update on {@code batchSize} positions drawn from the replay buffer (the network's search copy
     * is not refreshed here; {@link #observe} refreshes it after its updates).
     *
     * @throws IllegalStateException if no game is stored yet
     */
    public void update() {
        int b = config.batchSize();
        int k = config.unrollSteps();
        int bins = network.support().bins();
        GameReplay.Sample[] samples = replay.sample(b, sampling);
        int[] tdSteps = new int[b];
        for (int i = 0; i < b; i++) {
            tdSteps[i] = config.usesOffPolicyCorrection()
                    ? MuzeroTargets.offPolicyTdSteps(config.tdSteps(), replay.age(samples[i].slot()),
                            config.autoTdSteps())
                    : config.tdSteps();
        }
        TrainingBatch batch = TrainingBatch.build(samples, tdSteps, config, network, actions, obsDim, sampling,
                config.reanalysePolicy() > 0 ? this::reanalysedPolicy : null);

        double valueLoss = 0;
        double rewardLoss = 0;
        double policyLoss = 0;
        double consistencyLoss = 0;
        double total;
        float[] firstValues;
        try (Tape tape = Tape.open()) {
            Var s = network.represent(Var.constant(HostArrays.array(batch.observations, b, obsDim)));
            LstmCell.State lstm = config.valuePrefix() ? network.initialLstmState(b) : null;
            Var perSample = null;
            Var firstValueLogits = null;
            for (int step = 0; step <= k; step++) {
                double c = step == 0 ? 1.0 : 1.0 / k;
                Var stepLoss;
                if (step > 0) {
                    Var rewardLogits;
                    if (lstm != null) {
                        MuzeroNetwork.PrefixStep next = network.nextWithPrefix(s, lstm, batch.actions[step - 1]);
                        s = next.hidden().scaleGrad(config.dynamicsGradScale());
                        rewardLogits = next.prefixLogits();
                        // EfficientZero restarts the LSTM after every lstm_horizon_len unroll steps
                        lstm = step % config.lstmHorizon() == 0 ? network.initialLstmState(b) : next.lstm();
                    } else {
                        Var[] next = network.next(s, batch.actions[step - 1]);
                        s = next[0].scaleGrad(config.dynamicsGradScale());
                        rewardLogits = next[1];
                    }
                    Var rce = masked(Losses.crossEntropy(rewardLogits, target(batch.rewardTargets[step], b, bins)),
                            batch.rewardMasks[step], b);
                    rewardLoss += rce.mean().item() * c;
                    stepLoss = rce.mul(c);
                    if (config.usesConsistency()) {
                        Var cons = masked(network.consistencyLoss(s,
                                Var.constant(HostArrays.array(batch.targetObservations[step], b, obsDim))),
                                batch.consistencyMasks[step], b);
                        consistencyLoss += cons.mean().item() * c;
                        stepLoss = stepLoss.add(cons.mul(config.consistencyWeight() * c));
                    }
                } else {
                    stepLoss = null;
                }
                Var valueLogits = network.valueLogits(s);
                if (step == 0) {
                    firstValueLogits = valueLogits;
                }
                Var vce = masked(Losses.crossEntropy(valueLogits, target(batch.valueTargets[step], b, bins)),
                        batch.valueMasks[step], b);
                Var pce = masked(Losses.crossEntropy(network.policyLogits(s),
                        target(batch.policyTargets[step], b, actions)), batch.policyMasks[step], b);
                valueLoss += vce.mean().item() * c;
                policyLoss += pce.mean().item() * c;
                Var terms = vce.mul(config.valueLossWeight()).add(pce).mul(c);
                stepLoss = stepLoss == null ? terms : stepLoss.add(terms);
                perSample = perSample == null ? stepLoss : perSample.add(stepLoss);
            }
            Var loss = perSample.mul(Var.constant(HostArrays.array(batch.weights, b))).mean();
            total = loss.item();
            if (!Double.isFinite(total)) {
                throw new IllegalStateException("MuZero loss is " + total + " at update " + updates);
            }
            firstValues = HostArrays.toFloats(firstValueLogits.value());
            tape.backward(loss);
        }
        double gradNorm = optimizer.step();
        Gradients.zero(network.parameters());
        for (int i = 0; i < b; i++) {
            double predicted = network.support().decodeLogits(firstValues, i * bins);
            replay.updatePriority(samples[i].slot(), Math.abs(predicted - batch.firstTargets[i]) + 1e-6);
        }
        updates++;
        metrics.add("value_loss", valueLoss);
        metrics.add("reward_loss", rewardLoss);
        metrics.add("policy_loss", policyLoss);
        if (config.usesConsistency()) {
            metrics.add("consistency_loss", consistencyLoss);
        }
        metrics.add("total_loss", total);
        metrics.add("grad_norm", gradNorm);
    }

    private static Var target(float[] rows, int b, int width) {
        return Var.constant(HostArrays.array(rows, b, width));
    }

    private static Var masked(Var perSample, float[] mask, int b) {
        return perSample.mul(Var.constant(HostArrays.array(mask, b)));
    }
}
