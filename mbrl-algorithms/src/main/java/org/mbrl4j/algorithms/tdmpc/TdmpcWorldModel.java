package org.mbrl4j.algorithms.tdmpc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mbrl4j.algorithms.common.Polyak;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.Ops;
import org.mbrl4j.tensor.autodiff.TanhNormal;
import org.mbrl4j.tensor.autodiff.TwoHot;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * TD-MPC2's implicit world model ({@code tdmpc2/common/world_model.py}): one verb per component. All networks are
 * {@link TdmpcMlp}s of NormedLinear layers (Linear, LayerNorm, Mish) with two hidden layers of {@code mlpDim}
 * (the encoder: {@code max(numEncLayers - 1, 1)} of {@code encDim}); latent states are SimNorm outputs (groups of
 * {@code simnormDim} summing to 1); rewards and Q values are two-hot logits over {@code numBins} symlog bins
 * ({@link TwoHot#tdmpc2(int, double, double)}); the reward head's and the Q functions' output weights start at 0.
 * Actions are in {@code [-1, 1]^A}. Every verb runs on the open tape, or computes values only with none open.
 * Not thread-safe.
 */
public final class TdmpcWorldModel {

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final TdmpcConfig config;
    private final int obsDim;
    private final int actDim;
    private final TwoHot twoHot;
    private final TdmpcMlp encoder;
    private final TdmpcMlp dynamics;
    private final TdmpcMlp reward;
    private final TdmpcMlp termination;
    private final TdmpcMlp policy;
    private final List<TdmpcMlp> qs;
    private final List<TdmpcMlp> targetQs;

    /**
     * @param obsDim  observation size, {@code >= 1}
     * @param actDim  action size, {@code >= 1}
     * @param config  the sizes (and {@code episodic}: whether there is a termination head)
     * @param streams randomness of the initial weights (one child per network)
     * @throws IllegalArgumentException if a size is below 1
     */
    public TdmpcWorldModel(int obsDim, int actDim, TdmpcConfig config, RandomStreams streams) {
        if (obsDim < 1) {
            throw new IllegalArgumentException("obsDim must be >= 1: " + obsDim);
        }
        if (actDim < 1) {
            throw new IllegalArgumentException("actDim must be >= 1: " + actDim);
        }
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(streams, "streams");
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.twoHot = TwoHot.tdmpc2(config.numBins(), config.vmin(), config.vmax());
        int latent = config.latentDim();
        int[] mlp = {config.mlpDim(), config.mlpDim()};
        int[] enc = new int[Math.max(config.numEncLayers() - 1, 1)];
        Arrays.fill(enc, config.encDim());
        int group = config.simnormDim();
        int bins = config.numBins();
        this.encoder = new TdmpcMlp("encoder", obsDim, enc, latent, group, 0, false, rng(streams, "encoder"));
        this.dynamics = new TdmpcMlp("dynamics", latent + actDim, mlp, latent, group, 0, false,
                rng(streams, "dynamics"));
        this.reward = new TdmpcMlp("reward", latent + actDim, mlp, bins, 0, 0, true, rng(streams, "reward"));
        this.termination = config.episodic()
                ? new TdmpcMlp("termination", latent, mlp, 1, 0, 0, false, rng(streams, "termination")) : null;
        this.policy = new TdmpcMlp("pi", latent, mlp, 2 * actDim, 0, 0, false, rng(streams, "pi"));
        List<TdmpcMlp> q = new ArrayList<>();
        List<TdmpcMlp> target = new ArrayList<>();
        for (int i = 0; i < config.numQ(); i++) {
            q.add(new TdmpcMlp("q" + i, latent + actDim, mlp, bins, 0, config.dropout(), true,
                    rng(streams.child("q"), i)));
            TdmpcMlp t = new TdmpcMlp("targetQ" + i, latent + actDim, mlp, bins, 0, config.dropout(), true,
                    rng(streams.child("q"), i));
            Polyak.update(t.parameters(), q.get(i).parameters(), 1);
            target.add(t);
        }
        this.qs = Collections.unmodifiableList(q);
        this.targetQs = Collections.unmodifiableList(target);
    }

    private static RandomGenerator rng(RandomStreams s, String name) {
        return s.child(name).javaRandom();
    }

    private static RandomGenerator rng(RandomStreams s, int index) {
        return s.child(index).javaRandom();
    }

    /** @return the settings */
    public TdmpcConfig config() {
        return config;
    }

    /** @return the observation size */
    public int obsDim() {
        return obsDim;
    }

    /** @return the action size */
    public int actDim() {
        return actDim;
    }

    /** @return the two-hot codec of the reward and Q heads */
    public TwoHot twoHot() {
        return twoHot;
    }

    /** @return whether the model has a termination head */
    public boolean episodic() {
        return termination != null;
    }

    /**
     * @param obs observations, {@code [N, obsDim]}
     * @return latent states {@code [N, latentDim]} (SimNorm: each group of {@code simnormDim} sums to 1)
     */
    public Var encode(Var obs) {
        return encoder.forward(obs, false, null);
    }

    /**
     * @param z latent states {@code [N, latentDim]}
     * @param a actions in {@code [-1, 1]}, {@code [N, actDim]}
     * @return the next latent states {@code [N, latentDim]}
     */
    public Var next(Var z, Var a) {
        return dynamics.forward(Ops.concat(-1, z, a), false, null);
    }

    /**
     * @param z latent states {@code [N, latentDim]}
     * @param a actions {@code [N, actDim]}
     * @return two-hot reward logits {@code [N, numBins]} (decode with {@code twoHot().mean})
     */
    public Var reward(Var z, Var a) {
        return reward.forward(Ops.concat(-1, z, a), false, null);
    }

    /**
     * @param z latent states {@code [N, latentDim]} (of the state reached)
     * @return termination logits {@code [N, 1]}
     * @throws IllegalStateException if the model is not episodic
     */
    public Var termination(Var z) {
        if (termination == null) {
            throw new IllegalStateException("termination: the model has no termination head (episodic = false)");
        }
        return termination.forward(z, false, null);
    }

    /**
     * A reparameterised sample of the policy prior, a tanh-squashed Gaussian with {@code logStd = logStdMin +
     * (logStdMax - logStdMin) (tanh(raw) + 1) / 2}.
     *
     * @param action        {@code tanh(mean + std eps)}, {@code [N, actDim]}
     * @param mode          {@code tanh(mean)}, the evaluation action, {@code [N, actDim]}
     * @param scaledEntropy TD-MPC2's entropy term {@code actDim * sum_j (eps_j^2 / 2 + logStd_j + log(2 pi) / 2)},
     *                      {@code [N]} (its {@code scaled_entropy}, which reduces to the Gaussian's entropy estimate
     *                      scaled by the action size)
     * @param entropy       {@code -log pi(action)} of the squashed sample, {@code [N]} (for monitoring)
     */
    public record PolicySample(Var action, Var mode, Var scaledEntropy, Var entropy) {
    }

    /**
     * @param z   latent states {@code [N, latentDim]}
     * @param rng generator of the Gaussian noise ({@code N * actDim} draws)
     * @return a sample, differentiable in the policy's parameters
     */
    public PolicySample pi(Var z, RandomGenerator rng) {
        Var out = policy.forward(z, false, null);
        List<Var> parts = Ops.split(out, -1, actDim, actDim);
        Var mean = parts.get(0);
        double lo = config.logStdMin();
        double span = config.logStdMax() - lo;
        Var logStd = parts.get(1).tanh().add(1).mul(0.5 * span).add(lo);
        int n = (int) z.size(0);
        float[] e = new float[n * actDim];
        for (int i = 0; i < e.length; i++) {
            e[i] = (float) rng.nextGaussian();
        }
        INDArray epsArray = HostArrays.array(e, n, actDim).castTo(out.dataType());
        Var eps = Var.constant(epsArray);
        Var u = mean.add(logStd.exp().mul(eps));
        Var action = u.tanh();
        // log N(u; mean, std) per element = -eps^2/2 - logStd - log(2 pi)/2
        Var gaussLogProb = eps.square().mul(-0.5).sub(logStd).add(-HALF_LOG_2PI).sum(false, 1);
        Var scaledEntropy = gaussLogProb.mul(-actDim);
        Var entropy = TanhNormal.logDetJacobian(u).sum(false, 1).sub(gaussLogProb);
        return new PolicySample(action, mean.tanh(), scaledEntropy, entropy);
    }

    /**
     * @param member which Q function, in {@code [0, numQ)}
     * @param z      latent states {@code [N, latentDim]}
     * @param a      actions {@code [N, actDim]}
     * @param mode   which weights and how
     * @param drop   the dropout generator (training), or null for none
     * @return two-hot Q logits {@code [N, numBins]}
     */
    public Var q(int member, Var z, Var a, QMode mode, RandomGenerator drop) {
        Objects.checkIndex(member, qs.size());
        Var in = Ops.concat(-1, z, a);
        return switch (mode) {
            case ONLINE -> qs.get(member).forward(in, false, drop);
            case DETACHED -> qs.get(member).forward(in, true, drop);
            case TARGET -> targetQs.get(member).forward(in, true, null);
        };
    }

    /** Which Q weights a call uses. */
    public enum QMode {
        /** The online Q functions, gradients to their parameters. */
        ONLINE,
        /** The online weights as constants: gradients reach the inputs only (the policy update). */
        DETACHED,
        /** The EMA target Q functions (constants, no dropout). */
        TARGET
    }

    /**
     * Decoded Q values of two members ({@code Q(..., return_type='min'|'avg')} of TD-MPC2 draw them at random).
     *
     * @param members two distinct member indices
     * @param z       latent states {@code [N, latentDim]}
     * @param a       actions {@code [N, actDim]}
     * @param mode    which weights
     * @param drop    dropout generator, or null
     * @return {@code [2]} values of {@code [N]} each, in raw units
     */
    public Var[] qPair(int[] members, Var z, Var a, QMode mode, RandomGenerator drop) {
        if (members.length != 2) {
            throw new IllegalArgumentException("members must hold 2 indices: " + members.length);
        }
        return new Var[] {twoHot.mean(q(members[0], z, a, mode, drop)), twoHot.mean(q(members[1], z, a, mode, drop))};
    }

    /**
     * @param rng the generator
     * @return two distinct members drawn uniformly ({@code torch.randperm(num_q)[:2]})
     */
    public int[] twoMembers(RandomGenerator rng) {
        int n = qs.size();
        int first = rng.nextInt(n);
        int second = rng.nextInt(n - 1);
        if (second >= first) {
            second++;
        }
        return new int[] {first, second};
    }

    /**
     * @return a float32 copy of the encoder, dynamics, reward, termination, policy and online Q weights for
     *         tape-free inference (planning); it does not follow later changes to the weights
     */
    Snapshot snapshot() {
        List<TdmpcMlp.Host> q = new ArrayList<>();
        for (TdmpcMlp m : qs) {
            q.add(m.host());
        }
        return new Snapshot(config, actDim, twoHot, encoder.host(), dynamics.host(), reward.host(),
                termination == null ? null : termination.host(), policy.host(), List.copyOf(q));
    }

    /**
     * The verbs of the world model on Java arrays, without a tape or dropout, on {@link
     * org.mbrl4j.tensor.autodiff.FloatInference}'s kernels: what a planner asks of the model for a population of
     * latent states. Rows are independent: a row's results do not depend on the other rows. Safe to use from
     * several threads at once (it only reads its arrays).
     */
    static final class Snapshot {
        private final TdmpcConfig config;
        private final int actDim;
        private final TwoHot twoHot;
        private final TdmpcMlp.Host encoder;
        private final TdmpcMlp.Host dynamics;
        private final TdmpcMlp.Host reward;
        private final TdmpcMlp.Host termination;
        private final TdmpcMlp.Host policy;
        private final List<TdmpcMlp.Host> qs;

        private Snapshot(TdmpcConfig config, int actDim, TwoHot twoHot, TdmpcMlp.Host encoder,
                TdmpcMlp.Host dynamics, TdmpcMlp.Host reward, TdmpcMlp.Host termination, TdmpcMlp.Host policy,
                List<TdmpcMlp.Host> qs) {
            this.config = config;
            this.actDim = actDim;
            this.twoHot = twoHot;
            this.encoder = encoder;
            this.dynamics = dynamics;
            this.reward = reward;
            this.termination = termination;
            this.policy = policy;
            this.qs = qs;
        }

        int actDim() {
            return actDim;
        }

        boolean episodic() {
            return termination != null;
        }

        /** @return latent states {@code [rows, latentDim]} of observations {@code [rows, obsDim]} */
        float[] encode(float[] obs, int rows) {
            return encoder.forward(obs, rows);
        }

        /** @return the next latent states {@code [rows, latentDim]} after actions {@code [rows, actDim]} */
        float[] next(float[] z, float[] a, int rows) {
            return dynamics.forward(concat(z, a, rows), rows);
        }

        /** @return the decoded rewards {@code [rows]} of actions {@code [rows, actDim]} in states {@code z} */
        float[] reward(float[] z, float[] a, int rows) {
            return decode(reward.forward(concat(z, a, rows), rows), rows);
        }

        /** @return termination logits {@code [rows]} of the states reached, {@code z [rows, latentDim]} */
        float[] terminationLogits(float[] z, int rows) {
            return termination.forward(z, rows);
        }

        /** @return the decoded values {@code [rows]} of one online Q function */
        float[] q(int member, float[] z, float[] a, int rows) {
            return decode(qs.get(member).forward(concat(z, a, rows), rows), rows);
        }

        /**
         * The policy prior's action, as {@link TdmpcWorldModel#pi}: {@code tanh(mean + exp(logStd) eps)}, or
         * {@code tanh(mean)} without noise.
         *
         * @param z    latent states {@code [rows, latentDim]}
         * @param rows rows
         * @param eps  standard normal draws {@code [rows, actDim]}, or null for the mode
         * @return actions {@code [rows, actDim]} in {@code [-1, 1]}
         */
        float[] pi(float[] z, int rows, float[] eps) {
            float[] out = policy.forward(z, rows);
            int a = actDim;
            double lo = config.logStdMin();
            double span = config.logStdMax() - lo;
            float[] act = new float[rows * a];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < a; j++) {
                    float mean = out[r * 2 * a + j];
                    float u = mean;
                    if (eps != null) {
                        float raw = out[r * 2 * a + a + j];
                        float logStd = (float) (lo + span * 0.5 * (Math.tanh(raw) + 1));
                        u = mean + (float) Math.exp(logStd) * eps[r * a + j];
                    }
                    act[r * a + j] = (float) Math.tanh(u);
                }
            }
            return act;
        }

        private float[] decode(float[] logits, int rows) {
            float[] v = new float[rows];
            twoHot.mean(logits, rows, v);
            return v;
        }

        private float[] concat(float[] z, float[] a, int rows) {
            int l = config.latentDim();
            int w = l + actDim;
            float[] x = new float[rows * w];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(z, r * l, x, r * w, l);
                System.arraycopy(a, r * actDim, x, r * w + l, actDim);
            }
            return x;
        }
    }

    /** Moves the target Q functions towards the online ones: {@code target <- (1 - tau) target + tau online}. */
    public void updateTargets() {
        for (int i = 0; i < qs.size(); i++) {
            Polyak.update(targetQs.get(i).parameters(), qs.get(i).parameters(), config.tau());
        }
    }

    /** @return the encoder's parameters (trained at {@code lr * encLrScale}) */
    public List<Parameter> encoderParameters() {
        return encoder.parameters();
    }

    /** @return the dynamics', reward's, termination's and Q functions' parameters (trained at {@code lr}) */
    public List<Parameter> modelParameters() {
        List<Parameter> p = new ArrayList<>(dynamics.parameters());
        p.addAll(reward.parameters());
        if (termination != null) {
            p.addAll(termination.parameters());
        }
        for (TdmpcMlp q : qs) {
            p.addAll(q.parameters());
        }
        return p;
    }

    /** @return the policy prior's parameters (its own optimiser) */
    public List<Parameter> policyParameters() {
        return policy.parameters();
    }

    /** @return the target Q functions' parameters (Polyak averages, never trained) */
    public List<Parameter> targetParameters() {
        List<Parameter> p = new ArrayList<>();
        for (TdmpcMlp q : targetQs) {
            p.addAll(q.parameters());
        }
        return p;
    }

    /** @return the number of trainable scalars (encoder, model and policy; targets not counted) */
    public long parameterCount() {
        long n = 0;
        List<Parameter> all = new ArrayList<>(encoderParameters());
        all.addAll(modelParameters());
        all.addAll(policyParameters());
        for (Parameter p : all) {
            n += p.size();
        }
        return n;
    }
}
