package org.mbrl4j.algorithms.tdmpc;

import org.mbrl4j.core.io.RecordEntries;

/**
 * Settings of {@link Tdmpc}: the world model's sizes, the training losses and the planner. Immutable and
 * validated at construction (the message names the field and its value). Start from a preset and change
 * fields by name with {@link #toBuilder()}:
 *
 * <pre>{@code
 * TdmpcConfig config = TdmpcConfig.size1M().toBuilder().numSamples(256).episodic(true).build();
 * }</pre>
 *
 * <p>Every default is TD-MPC2's ({@code tdmpc2/config.yaml} of github.com/nicklashansen/tdmpc2, commit
 * e9f5932); the model sizes are its {@code MODEL_SIZE} table ({@code tdmpc2/common/__init__.py}).
 *
 * @param encDim          width of the encoder's hidden layers, {@code >= 1} ({@code enc_dim})
 * @param numEncLayers    encoder layers, hidden ones plus the output, {@code >= 1}; TD-MPC2 builds
 *                        {@code max(numEncLayers - 1, 1)} hidden layers ({@code num_enc_layers})
 * @param mlpDim          width of the two hidden layers of the dynamics, reward, termination, policy and Q
 *                        networks, {@code >= 1} ({@code mlp_dim})
 * @param latentDim       size of the latent state, a multiple of {@code simnormDim} ({@code latent_dim})
 * @param simnormDim      group size of SimNorm, {@code >= 2} ({@code simnorm_dim})
 * @param numQ            Q functions in the ensemble, {@code >= 2} ({@code num_q})
 * @param dropout         dropout rate of the Q functions' first layer, in {@code [0, 1)} ({@code dropout})
 * @param numBins         two-hot bins of the reward and Q heads, {@code >= 2} ({@code num_bins})
 * @param vmin            lowest bin in symlog space ({@code vmin})
 * @param vmax            highest bin in symlog space, {@code > vmin} ({@code vmax})
 * @param logStdMin       lower bound of the policy's log standard deviation ({@code log_std_min})
 * @param logStdMax       upper bound, {@code > logStdMin} ({@code log_std_max})
 * @param entropyCoef     weight of the policy's (action-dimension-scaled) entropy, {@code >= 0}
 *                        ({@code entropy_coef})
 * @param batchSize       sub-trajectories per update, {@code >= 1} ({@code batch_size})
 * @param horizon         length of the sub-trajectories and of the plans, {@code >= 1} ({@code horizon})
 * @param rho             temporal weight {@code rho^t} of the losses, in {@code (0, 1]} ({@code rho})
 * @param consistencyCoef weight of the latent consistency loss, {@code >= 0} ({@code consistency_coef})
 * @param rewardCoef      weight of the reward loss, {@code >= 0} ({@code reward_coef})
 * @param valueCoef       weight of the value loss, {@code >= 0} ({@code value_coef})
 * @param terminationCoef weight of the termination loss (episodic only), {@code >= 0}
 *                        ({@code termination_coef})
 * @param lr              Adam step size, {@code > 0} ({@code lr})
 * @param encLrScale      the encoder's step size is {@code lr * encLrScale}, {@code > 0} ({@code enc_lr_scale})
 * @param gradClipNorm    global gradient-norm bound of the model and of the policy, {@code > 0}
 *                        ({@code grad_clip_norm})
 * @param tau             Polyak step of the target Q functions and of the Q scale, in {@code (0, 1]}
 *                        ({@code tau})
 * @param discountDenom   the discount heuristic's denominator, {@code > 0} ({@code discount_denom})
 * @param discountMin     the heuristic's lower clip, in {@code [0, 1]} ({@code discount_min})
 * @param discountMax     the heuristic's upper clip, in {@code [discountMin, 1]} ({@code discount_max})
 * @param bufferSize      replay capacity in transitions, {@code >= 1} ({@code buffer_size})
 * @param seedSteps       random steps before the first update, after which as many updates run at once;
 *                        {@code 0} means TD-MPC2's {@code max(1000, 5 * episodeLength)}, else {@code >= 1}
 * @param episodic        whether a termination head is learned and used (TD-MPC2's {@code episodic})
 * @param mpc             plan with MPPI when true; act with the policy prior alone when false ({@code mpc})
 * @param iterations      MPPI iterations per action, {@code >= 1} ({@code iterations})
 * @param numSamples      action sequences per iteration, {@code > numPiTrajs} ({@code num_samples})
 * @param numElites       elites per iteration, in {@code [1, numSamples]} ({@code num_elites})
 * @param numPiTrajs      sequences drawn from the policy prior, in {@code [0, numSamples)} ({@code num_pi_trajs})
 * @param minStd          lower clip of the sampling std, {@code > 0} ({@code min_std})
 * @param maxStd          upper clip and initial std, {@code >= minStd} ({@code max_std})
 * @param temperature     MPPI temperature on the elites' values, {@code > 0} ({@code temperature})
 * @param updatesPerStep  updates after each environment step (each decision, with an action repeat) once the
 *                        seed steps are done, {@code >= 1}; TD-MPC2 makes 1. Checkpoints written before this
 *                        component existed read as 1
 */
public record TdmpcConfig(int encDim, int numEncLayers, int mlpDim, int latentDim, int simnormDim, int numQ,
        double dropout, int numBins, double vmin, double vmax, double logStdMin, double logStdMax,
        double entropyCoef, int batchSize, int horizon, double rho, double consistencyCoef, double rewardCoef,
        double valueCoef, double terminationCoef, double lr, double encLrScale, double gradClipNorm, double tau,
        double discountDenom, double discountMin, double discountMax, int bufferSize, int seedSteps,
        boolean episodic, boolean mpc, int iterations, int numSamples, int numElites, int numPiTrajs,
        double minStd, double maxStd, double temperature, @RecordEntries.Default("1") int updatesPerStep) {

    /** Validates every field; the message names the bad one and its value. */
    public TdmpcConfig {
        atLeast("encDim", encDim, 1);
        atLeast("numEncLayers", numEncLayers, 1);
        atLeast("mlpDim", mlpDim, 1);
        atLeast("simnormDim", simnormDim, 2);
        atLeast("latentDim", latentDim, simnormDim);
        if (latentDim % simnormDim != 0) {
            throw new IllegalArgumentException("latentDim must be a multiple of simnormDim=" + simnormDim + ": "
                    + latentDim);
        }
        atLeast("numQ", numQ, 2);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1): " + dropout);
        }
        atLeast("numBins", numBins, 2);
        finite("vmin", vmin);
        finite("vmax", vmax);
        if (!(vmax > vmin)) {
            throw new IllegalArgumentException("vmax must be > vmin=" + vmin + ": " + vmax);
        }
        finite("logStdMin", logStdMin);
        finite("logStdMax", logStdMax);
        if (!(logStdMax > logStdMin)) {
            throw new IllegalArgumentException("logStdMax must be > logStdMin=" + logStdMin + ": " + logStdMax);
        }
        nonNegative("entropyCoef", entropyCoef);
        atLeast("batchSize", batchSize, 1);
        atLeast("horizon", horizon, 1);
        if (!(rho > 0 && rho <= 1)) {
            throw new IllegalArgumentException("rho must be in (0, 1]: " + rho);
        }
        nonNegative("consistencyCoef", consistencyCoef);
        nonNegative("rewardCoef", rewardCoef);
        nonNegative("valueCoef", valueCoef);
        nonNegative("terminationCoef", terminationCoef);
        positive("lr", lr);
        positive("encLrScale", encLrScale);
        positive("gradClipNorm", gradClipNorm);
        if (!(tau > 0 && tau <= 1)) {
            throw new IllegalArgumentException("tau must be in (0, 1]: " + tau);
        }
        positive("discountDenom", discountDenom);
        if (!(discountMin >= 0 && discountMin <= 1)) {
            throw new IllegalArgumentException("discountMin must be in [0, 1]: " + discountMin);
        }
        if (!(discountMax >= discountMin && discountMax <= 1)) {
            throw new IllegalArgumentException("discountMax must be in [discountMin=" + discountMin + ", 1]: "
                    + discountMax);
        }
        atLeast("bufferSize", bufferSize, 1);
        atLeast("seedSteps", seedSteps, 0);
        atLeast("iterations", iterations, 1);
        atLeast("numPiTrajs", numPiTrajs, 0);
        atLeast("numSamples", numSamples, numPiTrajs + 1);
        if (numElites < 1 || numElites > numSamples) {
            throw new IllegalArgumentException("numElites must be in [1, numSamples=" + numSamples + "]: "
                    + numElites);
        }
        positive("minStd", minStd);
        finite("maxStd", maxStd);
        if (!(maxStd >= minStd)) {
            throw new IllegalArgumentException("maxStd must be >= minStd=" + minStd + ": " + maxStd);
        }
        positive("temperature", temperature);
        atLeast("updatesPerStep", updatesPerStep, 1);
    }

    /**
     * TD-MPC2's default model, about 5M parameters on DeepMind Control ({@code tdmpc2/config.yaml} with
     * {@code MODEL_SIZE[5]} of {@code tdmpc2/common/__init__.py}): encoder 256 wide with 2 layers, MLPs 512
     * wide, latent 512 in SimNorm groups of 8, 5 Q functions; batch 256, horizon 3, rho 0.5, coefficients
     * 20 / 0.1 / 0.1 / 1 (consistency, reward, value, termination), Adam 3e-4 with the encoder at 0.3x, gradient
     * clipping 20, tau 0.01, entropy 1e-4, log-std in {@code [-10, 2]}, 101 bins on {@code [-10, 10]}; MPPI with
     * 512 samples (24 from the policy), 64 elites, 6 iterations, temperature 0.5, std in {@code [0.05, 2]}.
     *
     * @return the config
     */
    public static TdmpcConfig size5M() {
        return new TdmpcConfig(256, 2, 512, 512, 8, 5, 0.01, 101, -10, 10, -10, 2, 1e-4, 256, 3, 0.5, 20, 0.1,
                0.1, 1, 3e-4, 0.3, 20, 0.01, 5, 0.95, 0.995, 1_000_000, 0, false, true, 6, 512, 64, 24, 0.05, 2,
                0.5, 1);
    }

    /**
     * TD-MPC2's 1M-parameter model ({@code MODEL_SIZE[1]} of {@code tdmpc2/common/__init__.py}: encoder 256
     * with 2 layers, MLPs 384, latent 128, 2 Q functions); everything else as {@link #size5M()}.
     *
     * @return the config
     */
    public static TdmpcConfig size1M() {
        return size5M().toBuilder().encDim(256).numEncLayers(2).mlpDim(384).latentDim(128).numQ(2).build();
    }

    /**
     * A small world model and planner for tests and quick CPU runs (tuned here, not from TD-MPC2): encoder
     * and MLPs 64 wide, latent 32, 2 Q functions, batch 64, MPPI with 128 samples (12 from the policy), 16
     * elites, 4 iterations; losses, optimiser and planning rules as {@link #size5M()}.
     *
     * @return the config
     */
    public static TdmpcConfig tiny() {
        return size5M().toBuilder().encDim(64).mlpDim(64).latentDim(32).numQ(2).batchSize(64).bufferSize(100_000)
                .numSamples(128).numPiTrajs(12).numElites(16).iterations(4).build();
    }

    /**
     * The CPU preset of the command line's results (chosen here, not from TD-MPC2): {@link #tiny()}'s planner and
     * batch with encoder and MLPs 128 wide and latent 64 (about 4x {@link #tiny()}'s parameters); losses,
     * optimiser and planning rules as {@link #size5M()}.
     *
     * @return the config
     */
    public static TdmpcConfig small() {
        return tiny().toBuilder().encDim(128).mlpDim(128).latentDim(64).build();
    }

    /**
     * TD-MPC2's discount heuristic ({@code TDMPC2._get_discount}): {@code frac = episodeLength / discountDenom},
     * {@code clip((frac - 1) / frac, discountMin, discountMax)}.
     *
     * @param episodeLength the task's episode length (its time limit), {@code >= 1}
     * @return the discount
     * @throws IllegalArgumentException if {@code episodeLength < 1}
     */
    public double discount(int episodeLength) {
        atLeast("episodeLength", episodeLength, 1);
        double frac = episodeLength / discountDenom;
        return Math.min(Math.max((frac - 1) / frac, discountMin), discountMax);
    }

    /**
     * @param episodeLength the task's episode length, {@code >= 1}
     * @return {@link #seedSteps()} if set, else TD-MPC2's {@code max(1000, 5 * episodeLength)}
     *         ({@code tdmpc2/envs/__init__.py})
     * @throws IllegalArgumentException if {@code episodeLength < 1}
     */
    public int seedSteps(int episodeLength) {
        atLeast("episodeLength", episodeLength, 1);
        return seedSteps > 0 ? seedSteps : (int) Math.max(1000, 5L * episodeLength);
    }

    /** @return a builder holding this config's values */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void atLeast(String name, long v, long min) {
        if (v < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ": " + v);
        }
    }

    private static void finite(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite: " + v);
        }
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be > 0 and finite: " + v);
        }
    }

    private static void nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be >= 0 and finite: " + v);
        }
    }

    /** Named changes to a config; {@link #build()} validates. Field meanings as on {@link TdmpcConfig}. */
    public static final class Builder {
        private int encDim;
        private int numEncLayers;
        private int mlpDim;
        private int latentDim;
        private int simnormDim;
        private int numQ;
        private double dropout;
        private int numBins;
        private double vmin;
        private double vmax;
        private double logStdMin;
        private double logStdMax;
        private double entropyCoef;
        private int batchSize;
        private int horizon;
        private double rho;
        private double consistencyCoef;
        private double rewardCoef;
        private double valueCoef;
        private double terminationCoef;
        private double lr;
        private double encLrScale;
        private double gradClipNorm;
        private double tau;
        private double discountDenom;
        private double discountMin;
        private double discountMax;
        private int bufferSize;
        private int seedSteps;
        private boolean episodic;
        private boolean mpc;
        private int iterations;
        private int numSamples;
        private int numElites;
        private int numPiTrajs;
        private double minStd;
        private double maxStd;
        private double temperature;
        private int updatesPerStep;

        private Builder(TdmpcConfig c) {
            encDim = c.encDim;
            numEncLayers = c.numEncLayers;
            mlpDim = c.mlpDim;
            latentDim = c.latentDim;
            simnormDim = c.simnormDim;
            numQ = c.numQ;
            dropout = c.dropout;
            numBins = c.numBins;
            vmin = c.vmin;
            vmax = c.vmax;
            logStdMin = c.logStdMin;
            logStdMax = c.logStdMax;
            entropyCoef = c.entropyCoef;
            batchSize = c.batchSize;
            horizon = c.horizon;
            rho = c.rho;
            consistencyCoef = c.consistencyCoef;
            rewardCoef = c.rewardCoef;
            valueCoef = c.valueCoef;
            terminationCoef = c.terminationCoef;
            lr = c.lr;
            encLrScale = c.encLrScale;
            gradClipNorm = c.gradClipNorm;
            tau = c.tau;
            discountDenom = c.discountDenom;
            discountMin = c.discountMin;
            discountMax = c.discountMax;
            bufferSize = c.bufferSize;
            seedSteps = c.seedSteps;
            episodic = c.episodic;
            mpc = c.mpc;
            iterations = c.iterations;
            numSamples = c.numSamples;
            numElites = c.numElites;
            numPiTrajs = c.numPiTrajs;
            minStd = c.minStd;
            maxStd = c.maxStd;
            temperature = c.temperature;
            updatesPerStep = c.updatesPerStep;
        }

        /** @param v encoder width @return this */
        public Builder encDim(int v) { encDim = v; return this; }
        /** @param v encoder layers @return this */
        public Builder numEncLayers(int v) { numEncLayers = v; return this; }
        /** @param v MLP width @return this */
        public Builder mlpDim(int v) { mlpDim = v; return this; }
        /** @param v latent size @return this */
        public Builder latentDim(int v) { latentDim = v; return this; }
        /** @param v SimNorm group size @return this */
        public Builder simnormDim(int v) { simnormDim = v; return this; }
        /** @param v Q functions @return this */
        public Builder numQ(int v) { numQ = v; return this; }
        /** @param v Q dropout rate @return this */
        public Builder dropout(double v) { dropout = v; return this; }
        /** @param v two-hot bins @return this */
        public Builder numBins(int v) { numBins = v; return this; }
        /** @param v lowest bin (symlog space) @return this */
        public Builder vmin(double v) { vmin = v; return this; }
        /** @param v highest bin (symlog space) @return this */
        public Builder vmax(double v) { vmax = v; return this; }
        /** @param v log-std lower bound @return this */
        public Builder logStdMin(double v) { logStdMin = v; return this; }
        /** @param v log-std upper bound @return this */
        public Builder logStdMax(double v) { logStdMax = v; return this; }
        /** @param v entropy coefficient @return this */
        public Builder entropyCoef(double v) { entropyCoef = v; return this; }
        /** @param v sub-trajectories per update @return this */
        public Builder batchSize(int v) { batchSize = v; return this; }
        /** @param v horizon @return this */
        public Builder horizon(int v) { horizon = v; return this; }
        /** @param v temporal weight @return this */
        public Builder rho(double v) { rho = v; return this; }
        /** @param v consistency weight @return this */
        public Builder consistencyCoef(double v) { consistencyCoef = v; return this; }
        /** @param v reward weight @return this */
        public Builder rewardCoef(double v) { rewardCoef = v; return this; }
        /** @param v value weight @return this */
        public Builder valueCoef(double v) { valueCoef = v; return this; }
        /** @param v termination weight @return this */
        public Builder terminationCoef(double v) { terminationCoef = v; return this; }
        /** @param v Adam step size @return this */
        public Builder lr(double v) { lr = v; return this; }
        /** @param v encoder step-size scale @return this */
        public Builder encLrScale(double v) { encLrScale = v; return this; }
        /** @param v gradient-norm bound @return this */
        public Builder gradClipNorm(double v) { gradClipNorm = v; return this; }
        /** @param v Polyak step @return this */
        public Builder tau(double v) { tau = v; return this; }
        /** @param v discount heuristic denominator @return this */
        public Builder discountDenom(double v) { discountDenom = v; return this; }
        /** @param v discount lower clip @return this */
        public Builder discountMin(double v) { discountMin = v; return this; }
        /** @param v discount upper clip @return this */
        public Builder discountMax(double v) { discountMax = v; return this; }
        /** @param v replay capacity @return this */
        public Builder bufferSize(int v) { bufferSize = v; return this; }
        /** @param v seed steps (0: TD-MPC2's heuristic) @return this */
        public Builder seedSteps(int v) { seedSteps = v; return this; }
        /** @param v whether to learn and use a termination head @return this */
        public Builder episodic(boolean v) { episodic = v; return this; }
        /** @param v plan (true) or act with the policy prior (false) @return this */
        public Builder mpc(boolean v) { mpc = v; return this; }
        /** @param v MPPI iterations @return this */
        public Builder iterations(int v) { iterations = v; return this; }
        /** @param v MPPI samples @return this */
        public Builder numSamples(int v) { numSamples = v; return this; }
        /** @param v MPPI elites @return this */
        public Builder numElites(int v) { numElites = v; return this; }
        /** @param v policy-prior samples @return this */
        public Builder numPiTrajs(int v) { numPiTrajs = v; return this; }
        /** @param v minimum sampling std @return this */
        public Builder minStd(double v) { minStd = v; return this; }
        /** @param v maximum (initial) sampling std @return this */
        public Builder maxStd(double v) { maxStd = v; return this; }
        /** @param v MPPI temperature @return this */
        public Builder temperature(double v) { temperature = v; return this; }
        /** @param v updates per environment step after the seed steps @return this */
        public Builder updatesPerStep(int v) { updatesPerStep = v; return this; }

        /**
         * @return the config
         * @throws IllegalArgumentException naming the first invalid field and its value
         */
        public TdmpcConfig build() {
            return new TdmpcConfig(encDim, numEncLayers, mlpDim, latentDim, simnormDim, numQ, dropout, numBins, vmin,
                    vmax, logStdMin, logStdMax, entropyCoef, batchSize, horizon, rho, consistencyCoef, rewardCoef,
                    valueCoef, terminationCoef, lr, encLrScale, gradClipNorm, tau, discountDenom, discountMin,
                    discountMax, bufferSize, seedSteps, episodic, mpc, iterations, numSamples, numElites, numPiTrajs,
                    minStd, maxStd, temperature, updatesPerStep);
        }
    }
}
