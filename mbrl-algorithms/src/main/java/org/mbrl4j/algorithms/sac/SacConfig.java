package org.mbrl4j.algorithms.sac;

/**
 * Settings of {@link Sac}.
 *
 * @param hiddenSize        width of the hidden layers of the actor and both critics, {@code >= 1}
 * @param hiddenLayers      number of hidden layers, {@code >= 1}
 * @param gamma             discount, in {@code [0, 1]}
 * @param tau               Polyak step of the target critics, in {@code (0, 1]}
 * @param actorLr           Adam step size of the actor, {@code > 0}
 * @param criticLr          Adam step size of the critics, {@code > 0}
 * @param alphaLr           Adam step size of {@code log alpha}, {@code > 0}
 * @param batchSize         transitions per update, {@code >= 1}
 * @param initialAlpha      entropy coefficient at the start (fixed when {@code autoEntropy} is false), {@code > 0}
 * @param autoEntropy       whether alpha is learned to hold the policy's entropy near {@code targetEntropy}
 * @param targetEntropy     the entropy target in nats; {@code NaN} means {@code -actDim}, the paper's heuristic
 * @param updatesPerStep    gradient updates per environment step once learning has started, {@code >= 1}
 * @param learningStarts    no updates until the replay buffer holds this many transitions, {@code >= 1}
 * @param actorUpdateEvery  update the actor (and alpha) every this many critic updates, {@code >= 1}
 * @param targetUpdateEvery update the target critics every this many critic updates, {@code >= 1}
 * @param logStdMin         lower bound of the policy's log standard deviation
 * @param logStdMax         upper bound, {@code > logStdMin}
 * @param replayCapacity    capacity of the replay buffer, {@code >= batchSize}
 */
public record SacConfig(int hiddenSize, int hiddenLayers, double gamma, double tau, double actorLr, double criticLr,
        double alphaLr, int batchSize, double initialAlpha, boolean autoEntropy, double targetEntropy,
        int updatesPerStep, int learningStarts, int actorUpdateEvery, int targetUpdateEvery, double logStdMin,
        double logStdMax, int replayCapacity) {

    /** Validates every field; the message names the bad one. */
    public SacConfig {
        positive("hiddenSize", hiddenSize);
        positive("hiddenLayers", hiddenLayers);
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("gamma must be in [0, 1]: " + gamma);
        }
        if (!(tau > 0 && tau <= 1)) {
            throw new IllegalArgumentException("tau must be in (0, 1]: " + tau);
        }
        positive("actorLr", actorLr);
        positive("criticLr", criticLr);
        positive("alphaLr", alphaLr);
        positive("batchSize", batchSize);
        positive("initialAlpha", initialAlpha);
        if (Double.isInfinite(targetEntropy)) {
            throw new IllegalArgumentException("targetEntropy must be finite or NaN (-actDim): " + targetEntropy);
        }
        positive("updatesPerStep", updatesPerStep);
        positive("learningStarts", learningStarts);
        positive("actorUpdateEvery", actorUpdateEvery);
        positive("targetUpdateEvery", targetUpdateEvery);
        if (!Double.isFinite(logStdMin) || !Double.isFinite(logStdMax) || !(logStdMax > logStdMin)) {
            throw new IllegalArgumentException("logStdMin and logStdMax must be finite with logStdMin < logStdMax: "
                    + logStdMin + ", " + logStdMax);
        }
        if (replayCapacity < batchSize) {
            throw new IllegalArgumentException("replayCapacity must be >= batchSize=" + batchSize + ": "
                    + replayCapacity);
        }
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be > 0 and finite: " + v);
        }
    }

    /**
     * The hyperparameters of Haarnoja et al. 2018 ("Soft Actor-Critic Algorithms and Applications",
     * arXiv:1812.05905, table 1): Adam 3e-4 for all, batch 256, discount 0.99, target smoothing 0.005, two
     * hidden layers of 256 (ReLU), target entropy {@code -dim(A)}, one gradient step per environment step,
     * buffer 1e6; log-std bounds {@code [-5, 2]} as in pytorch_sac (Yarats and Kostrikov), which mbrl-lib
     * vendors; initial alpha 1 (the paper's log alpha = 0); learning starts after 1000 transitions.
     *
     * @return the config
     */
    public static SacConfig paper() {
        return new SacConfig(256, 2, 0.99, 0.005, 3e-4, 3e-4, 3e-4, 256, 1.0, true, Double.NaN, 1, 1000, 1, 1,
                -5, 2, 1_000_000);
    }

    /**
     * A small setting for Pendulum-v1 on a CPU: the paper's except two hidden layers of 64, learning rates
     * 1e-3, and learning from 500 transitions on. Tuned here (not from a paper) to learn within a few
     * thousand steps.
     *
     * @return the config
     */
    public static SacConfig pendulumSmall() {
        return new SacConfig(64, 2, 0.99, 0.005, 1e-3, 1e-3, 1e-3, 128, 1.0, true, Double.NaN, 1, 500, 1, 1,
                -5, 2, 100_000);
    }

    /**
     * A small SAC for CartPoleSwingUp-v0 on a CPU: {@link #pendulumSmall()} with two hidden layers of 256 and an
     * initial temperature of 0.1 (pytorch_sac's {@code init_temperature} for DeepMind Control, where rewards
     * are in {@code [0, 1]} per step as here). With the paper's initial alpha of 1 the entropy bonus dwarfs
     * the swing-up's rewards, the policy settles on spinning the pole (about 65 per episode, the mean of the
     * tip reward over a full turn) and stays there for 20k steps; with 0.1 it gets past the spinning phase
     * in 16-17k steps (seeds 0 and 1; docs/algorithms/results.md). Tuned here, not from a paper.
     *
     * @return the config
     */
    public static SacConfig cartpoleSwingUpSmall() {
        return new SacConfig(256, 2, 0.99, 0.005, 1e-3, 1e-3, 1e-3, 128, 0.1, true, Double.NaN, 1, 500, 1, 1,
                -5, 2, 100_000);
    }

    /**
     * @param size   the hidden width
     * @param layers the number of hidden layers
     * @return a copy with that network size
     */
    public SacConfig withHidden(int size, int layers) {
        return new SacConfig(size, layers, gamma, tau, actorLr, criticLr, alphaLr, batchSize, initialAlpha,
                autoEntropy, targetEntropy, updatesPerStep, learningStarts, actorUpdateEvery, targetUpdateEvery,
                logStdMin, logStdMax, replayCapacity);
    }

    /**
     * @param alpha   the entropy coefficient at the start, or throughout when {@code auto} is false, {@code > 0}
     * @param auto    whether alpha is learned to hold the policy's entropy near {@code target}
     * @param target  the entropy target in nats per action ({@code NaN}: {@code -actDim}); used only when
     *                {@code auto}
     * @return a copy with that entropy setting
     * @throws IllegalArgumentException if {@code alpha <= 0} or {@code target} is infinite
     */
    public SacConfig withEntropy(double alpha, boolean auto, double target) {
        return new SacConfig(hiddenSize, hiddenLayers, gamma, tau, actorLr, criticLr, alphaLr, batchSize, alpha,
                auto, target, updatesPerStep, learningStarts, actorUpdateEvery, targetUpdateEvery, logStdMin,
                logStdMax, replayCapacity);
    }

    /**
     * @param updates gradient updates per environment step
     * @param starts  buffer size before the first update
     * @return a copy with that schedule
     */
    public SacConfig withUpdates(int updates, int starts) {
        return new SacConfig(hiddenSize, hiddenLayers, gamma, tau, actorLr, criticLr, alphaLr, batchSize,
                initialAlpha, autoEntropy, targetEntropy, updates, starts, actorUpdateEvery, targetUpdateEvery,
                logStdMin, logStdMax, replayCapacity);
    }

    /** @return a builder holding this config's values, for named changes ({@link Builder#build()} validates) */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Named changes to a {@link SacConfig}: start from a preset's {@link #toBuilder()}, set what differs, then
     * {@link #build()}. Field meanings, units and valid ranges as on {@link SacConfig}.
     */
    public static final class Builder {
        private int hiddenSize;
        private int hiddenLayers;
        private double gamma;
        private double tau;
        private double actorLr;
        private double criticLr;
        private double alphaLr;
        private int batchSize;
        private double initialAlpha;
        private boolean autoEntropy;
        private double targetEntropy;
        private int updatesPerStep;
        private int learningStarts;
        private int actorUpdateEvery;
        private int targetUpdateEvery;
        private double logStdMin;
        private double logStdMax;
        private int replayCapacity;

        private Builder(SacConfig c) {
            hiddenSize = c.hiddenSize;
            hiddenLayers = c.hiddenLayers;
            gamma = c.gamma;
            tau = c.tau;
            actorLr = c.actorLr;
            criticLr = c.criticLr;
            alphaLr = c.alphaLr;
            batchSize = c.batchSize;
            initialAlpha = c.initialAlpha;
            autoEntropy = c.autoEntropy;
            targetEntropy = c.targetEntropy;
            updatesPerStep = c.updatesPerStep;
            learningStarts = c.learningStarts;
            actorUpdateEvery = c.actorUpdateEvery;
            targetUpdateEvery = c.targetUpdateEvery;
            logStdMin = c.logStdMin;
            logStdMax = c.logStdMax;
            replayCapacity = c.replayCapacity;
        }

        /** @param value see {@link SacConfig#hiddenSize()} @return this builder */
        public Builder hiddenSize(int value) {
            hiddenSize = value;
            return this;
        }

        /** @param value see {@link SacConfig#hiddenLayers()} @return this builder */
        public Builder hiddenLayers(int value) {
            hiddenLayers = value;
            return this;
        }

        /** @param value see {@link SacConfig#gamma()} @return this builder */
        public Builder gamma(double value) {
            gamma = value;
            return this;
        }

        /** @param value see {@link SacConfig#tau()} @return this builder */
        public Builder tau(double value) {
            tau = value;
            return this;
        }

        /** @param value see {@link SacConfig#actorLr()} @return this builder */
        public Builder actorLr(double value) {
            actorLr = value;
            return this;
        }

        /** @param value see {@link SacConfig#criticLr()} @return this builder */
        public Builder criticLr(double value) {
            criticLr = value;
            return this;
        }

        /** @param value see {@link SacConfig#alphaLr()} @return this builder */
        public Builder alphaLr(double value) {
            alphaLr = value;
            return this;
        }

        /** @param value see {@link SacConfig#batchSize()} @return this builder */
        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        /** @param value see {@link SacConfig#initialAlpha()} @return this builder */
        public Builder initialAlpha(double value) {
            initialAlpha = value;
            return this;
        }

        /** @param value see {@link SacConfig#autoEntropy()} @return this builder */
        public Builder autoEntropy(boolean value) {
            autoEntropy = value;
            return this;
        }

        /** @param value see {@link SacConfig#targetEntropy()} @return this builder */
        public Builder targetEntropy(double value) {
            targetEntropy = value;
            return this;
        }

        /** @param value see {@link SacConfig#updatesPerStep()} @return this builder */
        public Builder updatesPerStep(int value) {
            updatesPerStep = value;
            return this;
        }

        /** @param value see {@link SacConfig#learningStarts()} @return this builder */
        public Builder learningStarts(int value) {
            learningStarts = value;
            return this;
        }

        /** @param value see {@link SacConfig#actorUpdateEvery()} @return this builder */
        public Builder actorUpdateEvery(int value) {
            actorUpdateEvery = value;
            return this;
        }

        /** @param value see {@link SacConfig#targetUpdateEvery()} @return this builder */
        public Builder targetUpdateEvery(int value) {
            targetUpdateEvery = value;
            return this;
        }

        /** @param value see {@link SacConfig#logStdMin()} @return this builder */
        public Builder logStdMin(double value) {
            logStdMin = value;
            return this;
        }

        /** @param value see {@link SacConfig#logStdMax()} @return this builder */
        public Builder logStdMax(double value) {
            logStdMax = value;
            return this;
        }

        /** @param value see {@link SacConfig#replayCapacity()} @return this builder */
        public Builder replayCapacity(int value) {
            replayCapacity = value;
            return this;
        }

        /**
         * @return the config
         * @throws IllegalArgumentException if a value is out of range (the message names the field)
         */
        public SacConfig build() {
            return new SacConfig(hiddenSize, hiddenLayers, gamma, tau, actorLr, criticLr, alphaLr, batchSize,
                    initialAlpha, autoEntropy, targetEntropy, updatesPerStep, learningStarts, actorUpdateEvery,
                    targetUpdateEvery, logStdMin, logStdMax, replayCapacity);
        }
    }
}
