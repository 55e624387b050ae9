package org.mbrl4j.models.latent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.Losses;
import org.mbrl4j.tensor.autodiff.Ops;
import org.mbrl4j.tensor.autodiff.TwoHot;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.ConvDecoder;
import org.mbrl4j.tensor.nn.ConvEncoder;
import org.mbrl4j.tensor.nn.Dense;
import org.mbrl4j.tensor.nn.DenseStack;
import org.mbrl4j.tensor.nn.GruCell;
import org.mbrl4j.tensor.nn.Initializers;
import org.mbrl4j.tensor.nn.Module;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A recurrent state-space model (RSSM; Hafner et al. 2019, "Learning Latent Dynamics for Planning from Pixels")
 * with DreamerV3's recipe (Hafner et al. 2023, "Mastering Diverse Domains through World Models"), written on the
 * reverse-mode tape. With {@code s_t = (h_t, z_t)}:
 * <pre>
 *   h_t = GRU(h_{t-1}, imgIn([z_{t-1}, a_{t-1}]))         LayerNorm GRU ({@link GruCell})
 *   prior      z_t ~ p(z_t | h_t)        = dist(priorNet(h_t))
 *   posterior  z_t ~ q(z_t | h_t, o_t)   = dist(postNet([h_t, enc(o_t)]))
 *   decoder    o_t ~ dec([h_t, z_t]);  reward r_t ~ twoHot(rew([h_t, z_t]));  continue c_t ~ Bernoulli(cont([h_t, z_t]))
 * </pre>
 * The latents are categorical with a uniform mix and straight-through samples, or Gaussian with
 * {@code std = softplus + minStd} ({@link LatentDistribution}). Vector observations are encoded from
 * {@code symlog(o)} by an MLP and decoded in symlog space; images {@code [C, S, S]} with values in {@code [0, 1]}
 * go through {@link ConvEncoder}/{@link ConvDecoder} centred at 0.5. The reward head is a two-hot over
 * DreamerV3's 255 symexp bins ({@link TwoHot#dreamerV3()}) with a zero-initialised output layer. Every hidden
 * layer is Linear, LayerNorm, SiLU as in DreamerV3.
 *
 * <p>The verbs: {@link #observe} (posterior states of an observed sequence), {@link #imagine} (prior states
 * under a policy), {@link #loss} (DreamerV3's world-model loss), and the heads {@link #reward},
 * {@link #continueProbability}, {@link #reconstruct}. Every random draw comes from the generator passed in.
 * Not thread-safe (the tape is per thread; the parameters are shared).
 */
public final class Rssm implements Module {

    private final RssmConfig config;
    private final long[] obsShape;
    private final int obsSize;
    private final boolean pixels;
    private final int actDim;
    private final LatentDistribution dist;
    private final DenseStack mlpEncoder;
    private final ConvEncoder convEncoder;
    private final long embedSize;
    private final Dense imgIn;
    private final GruCell gru;
    private final DenseStack priorNet;
    private final DenseStack postNet;
    private final DenseStack mlpDecoder;
    private final ConvDecoder convDecoder;
    private final DenseStack rewardHead;
    private final DenseStack continueHead;
    private final TwoHot twoHot = TwoHot.dreamerV3();
    private final List<Parameter> parameters = new ArrayList<>();

    /**
     * @param obsShape the observation's shape: {@code [D]} for vectors or {@code [C, S, S]} for images (S a power of
     *                 two {@code >= 8})
     * @param actDim   the length of the action encoding ({@code [-1, 1]} box dimensions, or classes of a one-hot
     *                 discrete action), {@code >= 1}
     * @param config   the settings
     * @param rng      the generator of the initial weights
     * @throws IllegalArgumentException if the observation shape is neither form, or {@code actDim < 1}
     */
    public Rssm(long[] obsShape, int actDim, RssmConfig config, RandomGenerator rng) {
        Objects.requireNonNull(obsShape, "obsShape");
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(rng, "rng");
        boolean vector = obsShape.length == 1 && obsShape[0] >= 1;
        boolean image = obsShape.length == 3 && obsShape[0] >= 1 && obsShape[1] == obsShape[2] && obsShape[1] >= 8
                && Long.bitCount(obsShape[1]) == 1;
        if (!vector && !image) {
            throw new IllegalArgumentException("obsShape must be [D] or [C, S, S] with S a power of two >= 8: "
                    + Arrays.toString(obsShape));
        }
        if (actDim < 1) {
            throw new IllegalArgumentException("actDim must be >= 1: " + actDim);
        }
        this.obsShape = obsShape.clone();
        this.obsSize = (int) Arrays.stream(obsShape).reduce(1, (a, b) -> a * b);
        this.pixels = image;
        this.actDim = actDim;
        this.dist = LatentDistribution.of(config);
        DataType type = config.dataType();
        double eps = config.normEps();
        int units = config.units();
        int feat = config.featureSize();
        if (pixels) {
            int size = (int) obsShape[1];
            int stages = Integer.numberOfTrailingZeros(size) - 2; // down to 4x4, as DreamerV3's minres 4
            convEncoder = ConvEncoder.builder("enc", (int) obsShape[0], size).optDepth(config.convDepth())
                    .optStages(stages).optNorm(eps).optDataType(type).build(rng);
            mlpEncoder = null;
            embedSize = convEncoder.features();
        } else {
            mlpEncoder = DenseStack.builder("enc", obsSize, units).hidden(units, config.layers() - 1).norm(eps).outputActivation(Activation.SILU).dataType(type).build(rng);
            convEncoder = null;
            embedSize = units;
        }
        imgIn = Dense.builder("img_in", config.stochSize() + actDim, config.hidden()).optBias(false).optNorm(eps)
                .optActivation(Activation.SILU).optDataType(type).build(rng);
        gru = new GruCell("gru", config.hidden(), config.deter(), type, rng);
        priorNet = DenseStack.builder("prior", config.deter(), dist.statsSize()).hidden(config.hidden(), 1)
                .norm(eps).dataType(type).build(rng);
        postNet = DenseStack.builder("post", config.deter() + embedSize, dist.statsSize())
                .hidden(config.hidden(), 1).norm(eps).dataType(type).build(rng);
        if (pixels) {
            int size = (int) obsShape[1];
            int stages = Integer.numberOfTrailingZeros(size) - 2;
            convDecoder = ConvDecoder.builder("dec", feat, (int) obsShape[0], size).optDepth(config.convDepth())
                    .optStages(stages).optNorm(eps).optDataType(type).build(rng);
            mlpDecoder = null;
        } else {
            mlpDecoder = DenseStack.builder("dec", feat, obsSize).hidden(units, config.layers()).norm(eps)
                    .dataType(type).build(rng);
            convDecoder = null;
        }
        rewardHead = DenseStack.builder("reward", feat, twoHot.numBins()).hidden(units, config.layers()).norm(eps)
                .outputInit(Initializers.zeros()).dataType(type).build(rng);
        continueHead = DenseStack.builder("cont", feat, 1).hidden(units, config.layers()).norm(eps).dataType(type)
                .build(rng);
        parameters.addAll(pixels ? convEncoder.parameters() : mlpEncoder.parameters());
        parameters.addAll(imgIn.parameters());
        parameters.addAll(gru.parameters());
        parameters.addAll(priorNet.parameters());
        parameters.addAll(postNet.parameters());
        parameters.addAll(pixels ? convDecoder.parameters() : mlpDecoder.parameters());
        parameters.addAll(rewardHead.parameters());
        parameters.addAll(continueHead.parameters());
    }

    /** @return the settings */
    public RssmConfig config() {
        return config;
    }

    /** @return the observation's shape (a copy) */
    public long[] observationShape() {
        return obsShape.clone();
    }

    /** @return whether observations are images (conv encoder and decoder) */
    public boolean pixels() {
        return pixels;
    }

    /** @return the length of the action encoding */
    public int actionSize() {
        return actDim;
    }

    /** @return the latent distribution family */
    public LatentDistribution distribution() {
        return dist;
    }

    /** @return the two-hot codec of the reward head */
    public TwoHot twoHot() {
        return twoHot;
    }

    /** @return the number of trainable scalars */
    public long parameterCount() {
        return parameters.stream().mapToLong(Parameter::size).sum();
    }

    @Override
    public List<Parameter> parameters() {
        return List.copyOf(parameters);
    }

    /**
     * @param batch {@code B >= 1}
     * @return the initial state: zeros for {@code h}, {@code z} and the statistics (constants)
     */
    public RssmState initial(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1: " + batch);
        }
        DataType t = config.dataType();
        return new RssmState(Var.constant(Nd4j.zeros(t, batch, config.deter())),
                Var.constant(Nd4j.zeros(t, batch, dist.sampleSize())),
                Var.constant(Nd4j.zeros(t, batch, dist.statsSize())));
    }

    /**
     * The encoder.
     *
     * @param obs {@code [..., ...obsShape]}
     * @return {@code [..., embedSize]}
     */
    public Var embed(Var obs) {
        if (pixels) {
            return convEncoder.forward(obs.add(-0.5));
        }
        return mlpEncoder.forward(Ops.symlog(obs));
    }

    /**
     * The prior step ("imagine"): {@code h_t = GRU(h_{t-1}, [z_{t-1}, a_{t-1}])}, {@code z_t ~ p(z | h_t)}.
     *
     * @param prev   the previous states, batch {@code B}
     * @param action {@code [B, actDim]}, the action taken in them
     * @param rng    the generator of the latent sample
     * @return the prior states, batch {@code B}
     * @throws IllegalArgumentException if the action's shape does not match
     */
    public RssmState imagineStep(RssmState prev, Var action, RandomGenerator rng) {
        Objects.requireNonNull(prev, "prev");
        checkShape("action", action, prev.batchSize(), actDim);
        Var x = imgIn.forward(Ops.concat(-1, prev.stoch(), action));
        Var h = gru.step(x, prev.deter());
        Var stats = priorNet.forward(h);
        return new RssmState(h, dist.sample(stats, rng), stats);
    }

    /**
     * The posterior step ("observe"): the prior step, then {@code z_t ~ q(z | h_t, enc(o_t))}.
     *
     * @param prev   the previous posterior states, batch {@code B}
     * @param action {@code [B, actDim]}, the action taken in them
     * @param embed  {@code [B, embedSize]}, the encoding of the observation {@code o_t} ({@link #embed})
     * @param rng    the generator of the latent samples (the prior's, then the posterior's)
     * @return {@code {posterior, prior}}, both with the same {@code h_t}
     */
    public RssmState[] observeStep(RssmState prev, Var action, Var embed, RandomGenerator rng) {
        RssmState prior = imagineStep(prev, action, rng);
        checkShape("embed", embed, prev.batchSize(), embedSize);
        Var stats = postNet.forward(Ops.concat(-1, prior.deter(), embed));
        return new RssmState[] {new RssmState(prior.deter(), dist.sample(stats, rng), stats), prior};
    }

    /**
     * Filters an observed sequence: {@code T} posterior steps from {@code start}.
     *
     * @param start       the state before the sequence, batch {@code B}, or null for {@link #initial}
     * @param obs         {@code [B, T, ...obsShape]}, finite
     * @param prevActions {@code [B, T, actDim]}: entry {@code t} is the action taken before observation {@code t}
     *                    (zeros at the start of an episode), finite
     * @param rng         the generator of the latent samples
     * @return the posterior and prior states of the {@code T} steps
     * @throws IllegalArgumentException if a shape does not match or a value is NaN or infinite
     */
    public Observation observe(RssmState start, INDArray obs, INDArray prevActions, RandomGenerator rng) {
        Objects.requireNonNull(rng, "rng");
        int[] bt = checkSequence(obs, prevActions);
        int b = bt[0];
        int t = bt[1];
        RssmState state = start == null ? initial(b) : start;
        if (state.batchSize() != b) {
            throw new IllegalArgumentException("start has batch " + state.batchSize() + "; the sequence has " + b);
        }
        DataType type = config.dataType();
        Var embeds = timeMajor(embed(Var.constant(obs.castTo(type))));
        Var acts = timeMajor(Var.constant(prevActions.castTo(type)));
        List<RssmState> posts = new ArrayList<>(t);
        List<RssmState> priors = new ArrayList<>(t);
        for (int i = 0; i < t; i++) {
            Var e = embeds.slice(0, i, i + 1).reshape(b, embedSize);
            Var a = acts.slice(0, i, i + 1).reshape(b, actDim);
            RssmState[] step = observeStep(state, a, e, rng);
            posts.add(step[0]);
            priors.add(step[1]);
            state = step[0];
        }
        return new Observation(posts, priors);
    }

    /**
     * Rolls the prior forward under a policy: {@code a_t = policy(s_t)}, {@code s_{t+1} = imagineStep(s_t, a_t)}.
     *
     * @param policy  chooses the actions
     * @param start   the start states, batch {@code B}
     * @param horizon {@code H >= 1}
     * @param rng     the generator of the latent samples
     * @return the {@code H + 1} states (start first) and the {@code H} actions
     * @throws IllegalArgumentException if {@code horizon < 1} or the policy's actions are not {@code [B, actDim]}
     */
    public Imagination imagine(LatentPolicy policy, RssmState start, int horizon, RandomGenerator rng) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(start, "start");
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1: " + horizon);
        }
        List<RssmState> states = new ArrayList<>(horizon + 1);
        List<Var> actions = new ArrayList<>(horizon);
        RssmState s = start;
        states.add(s);
        for (int i = 0; i < horizon; i++) {
            Var a = policy.act(s);
            actions.add(a);
            s = imagineStep(s, a, rng);
            states.add(s);
        }
        return new Imagination(states, actions);
    }

    /**
     * Open-loop prediction of recorded sequences (Dreamer's video prediction): the posterior filters the first
     * {@code context} observations, then the prior rolls on under the recorded actions alone, and every step's
     * state is decoded. Steps {@code t < context} are reconstructions of what was seen; later steps are predictions
     * that never see an observation. Runs without recording gradients.
     *
     * @param obs         {@code [B, T, ...obsShape]}, finite
     * @param prevActions {@code [B, T, actDim]}: entry {@code t} is the action taken before observation {@code t}
     *                    (zeros at the start of an episode), finite
     * @param context     the number of observed steps, {@code 1 <= context <= T}
     * @param rng         the generator of the latent samples
     * @return {@code [B, T, ...obsShape]}, the decoded observations in their own units ({@link #reconstruct})
     * @throws IllegalArgumentException if a shape does not match, a value is not finite or {@code context} is out
     *                                  of range
     */
    public INDArray openLoop(INDArray obs, INDArray prevActions, int context, RandomGenerator rng) {
        Objects.requireNonNull(rng, "rng");
        int[] bt = checkSequence(obs, prevActions);
        int b = bt[0];
        int t = bt[1];
        if (context < 1 || context > t) {
            throw new IllegalArgumentException("context must be in [1, " + t + "] (the sequence length): " + context);
        }
        try (var ignored = org.mbrl4j.tensor.autodiff.Tape.pause()) {
            INDArrayIndex[] seen = new INDArrayIndex[obs.rank()];
            Arrays.fill(seen, NDArrayIndex.all());
            seen[1] = NDArrayIndex.interval(0, context);
            Observation filtered = observe(null, obs.get(seen).dup('c'),
                    prevActions.get(NDArrayIndex.all(), NDArrayIndex.interval(0, context), NDArrayIndex.all()).dup('c'),
                    rng);
            List<Var> features = new ArrayList<>(t);
            for (RssmState p : filtered.posteriors()) {
                features.add(p.features());
            }
            INDArray acts = timeMajorArray(prevActions.castTo(config.dataType()));
            RssmState s = filtered.last();
            for (int i = context; i < t; i++) {
                s = imagineStep(s, Var.constant(acts.get(NDArrayIndex.point(i), NDArrayIndex.all(),
                        NDArrayIndex.all()).dup('c')), rng);
                features.add(s.features());
            }
            // decoded time-major [T * B, ...obsShape], returned batch-major
            INDArray decoded = reconstruct(Ops.concat(0, features.toArray(new Var[0]))).value();
            long[] shape = new long[obsShape.length + 2];
            shape[0] = t;
            shape[1] = b;
            System.arraycopy(obsShape, 0, shape, 2, obsShape.length);
            return timeMajorArray(decoded.reshape('c', shape));
        }
    }

    /**
     * {@link #openLoop} of one recorded episode, {@code samples} times (independent latent samples in one batch).
     *
     * @param observations {@code [T, ...obsShape]}, the observations of the episode, {@code T >= 1}
     * @param actions      {@code [T - 1, ...]}: row {@code t} is the action taken after observation {@code t}, in
     *                     the environment's units
     * @param encode       turns the actions' values (row-major) into the model's action encoding,
     *                     {@code (T - 1) * actDim} values
     * @param context      the number of observed steps, {@code 1 <= context <= T}
     * @param samples      the number of samples, {@code >= 1}
     * @param rng          the generator of the latent samples
     * @return {@code [samples, T, ...obsShape]}
     * @throws IllegalArgumentException if a shape or count does not match, a value is not finite or {@code context}
     *                                  or {@code samples} is out of range
     */
    public INDArray openLoopEpisode(INDArray observations, INDArray actions, UnaryOperator<double[]> encode,
            int context, int samples, RandomGenerator rng) {
        Objects.requireNonNull(observations, "observations");
        Objects.requireNonNull(actions, "actions");
        Objects.requireNonNull(encode, "encode");
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1: " + samples);
        }
        long[] s = observations.shape();
        if (s.length != obsShape.length + 1 || s[0] < 1
                || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), obsShape)) {
            throw new IllegalArgumentException("observations " + Arrays.toString(s) + " must be [T, "
                    + Arrays.toString(obsShape).replaceAll("[\\[\\]]", "") + "]");
        }
        int t = (int) s[0];
        if (actions.rank() == 0 || actions.size(0) != t - 1) {
            throw new IllegalArgumentException("actions " + Arrays.toString(actions.shape()) + " must have " + (t - 1)
                    + " rows, one fewer than the observations " + Arrays.toString(s));
        }
        double[] encoded = encode.apply(HostArrays.toDoubles(actions));
        if (encoded.length != (t - 1) * actDim) {
            throw new IllegalArgumentException("the encoded actions have " + encoded.length + " values; " + (t - 1)
                    + " actions of " + actDim + " need " + (t - 1) * actDim);
        }
        double[] prev = new double[samples * t * actDim];
        for (int k = 0; k < samples; k++) {
            System.arraycopy(encoded, 0, prev, (k * t + 1) * actDim, encoded.length);
        }
        long[] batched = new long[s.length + 1];
        batched[0] = 1;
        System.arraycopy(s, 0, batched, 1, s.length);
        INDArray one = observations.castTo(config.dataType()).reshape('c', batched);
        INDArray obs = samples == 1 ? one : Nd4j.concat(0, java.util.Collections.nCopies(samples, one)
                .toArray(new INDArray[0]));
        return openLoop(obs, HostArrays.array(prev, config.dataType(), samples, t, actDim), context, rng);
    }

    /**
     * @param features {@code [N, featureSize]} ({@link RssmState#features()})
     * @return {@code [N, 255]}, the reward head's two-hot logits
     */
    public Var rewardLogits(Var features) {
        return rewardHead.forward(features);
    }

    /**
     * @param features {@code [N, featureSize]}
     * @return {@code [N]}, the predicted reward (the two-hot mean, differentiable)
     */
    public Var reward(Var features) {
        return twoHot.mean(rewardLogits(features));
    }

    /**
     * @param features {@code [N, featureSize]}
     * @return {@code [N]}, the continue head's logits (the episode goes on with probability sigmoid(logit))
     */
    public Var continueLogits(Var features) {
        return continueHead.forward(features).reshape(features.size(0));
    }

    /**
     * @param features {@code [N, featureSize]}
     * @return {@code [N]}, the probability that the episode goes on
     */
    public Var continueProbability(Var features) {
        return continueLogits(features).sigmoid();
    }

    /**
     * @param features {@code [N, featureSize]}
     * @return {@code [N, ...obsShape]}, the decoder's output in its training space (symlog for vectors, pixels minus
     *         0.5 for images)
     */
    public Var decode(Var features) {
        return pixels ? convDecoder.forward(features) : mlpDecoder.forward(features);
    }

    /**
     * @param features {@code [N, featureSize]}
     * @return {@code [N, ...obsShape]}, the reconstructed observation in its own units
     */
    public Var reconstruct(Var features) {
        Var d = decode(features);
        return pixels ? d.add(0.5) : Ops.symexp(d);
    }

    /**
     * DreamerV3's world-model loss over a batch of sequences, with {@code N = T B} steps:
     * <pre>
     *   total = mean_t [ rec_t + rew_t + cont_t ] + dynScale mean_t max(free, KL(sg(q_t) || p_t))
     *           + repScale mean_t max(free, KL(q_t || sg(p_t)))
     * </pre>
     * with {@code rec} the squared error of the decoder summed over the observation (against {@code symlog(o)} for
     * vectors), {@code rew} the two-hot cross-entropy of the reward and {@code cont} the Bernoulli NLL of the
     * continue flag; the KL is summed over the latents before the free-bits clip. The reward and continue terms
     * cover steps {@code 1..T-1} only: step 0's reward was earned before the sequence.
     *
     * @param start       the state before the sequence, or null for {@link #initial}
     * @param obs         {@code [B, T, ...obsShape]}, {@code T >= 2}
     * @param prevActions {@code [B, T, actDim]}, the action before each observation
     * @param rewards     {@code [B, T]}: entry {@code t} is the reward received on arriving at observation {@code t}
     * @param continues   {@code [B, T]}: 0 where observation {@code t} is terminal, else 1
     * @param rng         the generator of the latent samples
     * @return the loss and its parts
     * @throws IllegalArgumentException if a shape does not match, {@code T < 2} or a value is not finite
     */
    public WorldModelLoss loss(RssmState start, INDArray obs, INDArray prevActions, INDArray rewards,
            INDArray continues, RandomGenerator rng) {
        int[] bt = checkSequence(obs, prevActions);
        int b = bt[0];
        int t = bt[1];
        if (t < 2) {
            throw new IllegalArgumentException("the sequence must hold T >= 2 steps: " + t);
        }
        checkTargets("rewards", rewards, b, t);
        checkTargets("continues", continues, b, t);
        DataType type = config.dataType();
        Observation o = observe(start, obs, prevActions, rng);
        int n = b * t;
        Var feats = Ops.concat(0, o.posteriors().stream().map(RssmState::features).toArray(Var[]::new));
        Var postStats = Ops.concat(0, o.posteriors().stream().map(RssmState::stats).toArray(Var[]::new));
        Var priorStats = Ops.concat(0, o.priors().stream().map(RssmState::stats).toArray(Var[]::new));

        INDArray obsTm = timeMajorArray(obs.castTo(type)).reshape(prepend(n));
        Var target = pixels ? Var.constant(obsTm.sub(0.5)) : Ops.symlog(Var.constant(obsTm));
        Var rec = Losses.mse(decode(feats), target).reshape(n, obsSize).sum(false, -1).mean();

        Var later = feats.slice(0, b, n);
        INDArray rewTm = timeMajorArray(rewards.castTo(type)).reshape(n);
        INDArray contTm = timeMajorArray(continues.castTo(type)).reshape(n);
        INDArray rewLater = rewTm.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(b, n)).dup();
        INDArray contLater = contTm.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(b, n)).dup();
        Var rew = twoHot.loss(rewardLogits(later), rewLater).mean();
        Var cont = Losses.bernoulliLogProb(continueLogits(later), Var.constant(contLater)).mean().neg();

        Var dyn = dist.dynamicsLoss(postStats, priorStats, config.freeBits()).mean();
        Var rep = dist.representationLoss(postStats, priorStats, config.freeBits()).mean();
        double kl;
        try (var ignored = org.mbrl4j.tensor.autodiff.Tape.pause()) {
            kl = dist.kl(postStats.detach(), priorStats.detach()).mean().item();
        }
        Var total = rec.add(rew).add(cont).add(dyn.mul(config.dynScale())).add(rep.mul(config.repScale()));
        return new WorldModelLoss(total, rec.item(), rew.item(), cont.item(), dyn.item(), rep.item(), kl, o);
    }

    private static long[] prepend(long n, long... rest) {
        long[] s = new long[rest.length + 1];
        s[0] = n;
        System.arraycopy(rest, 0, s, 1, rest.length);
        return s;
    }

    private long[] prepend(long n) {
        return prepend(n, obsShape);
    }

    /** {@code [B, T, ...] -> [T, B, ...]} on the tape. */
    private static Var timeMajor(Var x) {
        int[] axes = new int[x.rank()];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        axes[0] = 1;
        axes[1] = 0;
        return x.permute(axes);
    }

    /** {@code [B, T, ...] -> [T, B, ...]} as a fresh c-order array. */
    private static INDArray timeMajorArray(INDArray x) {
        int[] axes = new int[x.rank()];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        axes[0] = 1;
        axes[1] = 0;
        return x.permute(axes).dup('c');
    }

    private int[] checkSequence(INDArray obs, INDArray prevActions) {
        Objects.requireNonNull(obs, "obs");
        Objects.requireNonNull(prevActions, "prevActions");
        long[] s = obs.shape();
        boolean ok = s.length == obsShape.length + 2
                && Arrays.equals(Arrays.copyOfRange(s, 2, s.length), obsShape) && s[0] >= 1 && s[1] >= 1;
        if (!ok) {
            throw new IllegalArgumentException("obs " + Arrays.toString(s) + " must be [B, T, "
                    + Arrays.toString(obsShape).replaceAll("[\\[\\]]", "") + "]");
        }
        long[] a = prevActions.shape();
        if (a.length != 3 || a[0] != s[0] || a[1] != s[1] || a[2] != actDim) {
            throw new IllegalArgumentException("prevActions " + Arrays.toString(a) + " must be [" + s[0] + ", " + s[1]
                    + ", " + actDim + "]");
        }
        HostArrays.requireFinite(HostArrays.toDoubles(obs), "obs");
        HostArrays.requireFinite(HostArrays.toDoubles(prevActions), "prevActions");
        return new int[] {(int) s[0], (int) s[1]};
    }

    private static void checkTargets(String name, INDArray x, int b, int t) {
        Objects.requireNonNull(x, name);
        if (x.rank() != 2 || x.size(0) != b || x.size(1) != t) {
            throw new IllegalArgumentException(name + " " + Arrays.toString(x.shape()) + " must be [" + b + ", " + t
                    + "]");
        }
        HostArrays.requireFinite(HostArrays.toDoubles(x), name);
    }

    private static void checkShape(String name, Var x, long b, long d) {
        Objects.requireNonNull(x, name);
        if (x.rank() != 2 || x.size(0) != b || x.size(1) != d) {
            throw new IllegalArgumentException(name + " " + Arrays.toString(x.shape()) + " must be [" + b + ", " + d
                    + "]");
        }
    }
}
