package org.mbrl4j.algorithms.dreamer;

import java.util.Objects;
import org.mbrl4j.models.latent.RssmConfig;

/**
 * Settings of {@link Dreamer}: the world model, the imagination actor-critic and the training schedule.
 * Immutable and validated at construction (the message names the field and its value). Start from a preset
 * and change fields by name with {@link #toBuilder()}:
 *
 * <pre>{@code
 * DreamerConfig config = DreamerConfig.small().toBuilder().trainRatio(256).build();
 * }</pre>
 *
 * <p>DreamerV3's values (Hafner et al. 2023, "Mastering Diverse Domains through World Models", table of
 * hyperparameters; github.com/danijar/dreamerv3 {@code dreamerv3/configs.yaml}) are named per field; the
 * CPU presets say where they depart from them.
 *
 * @param rssm             the world model's settings
 * @param units            width of the actor's and critic's hidden layers, {@code >= 1} (DreamerV3 {@code units})
 * @param layers           hidden layers of the actor and the critic, {@code >= 1}
 * @param horizon          imagination horizon {@code H}, {@code >= 1} (DreamerV3 {@code imag_length} 15)
 * @param imagineStarts    posterior states that start imagination per update, {@code >= 0}; 0 takes all {@code B (T + 1)} (DreamerV3)
 * @param lambda           lambda of the lambda-returns, in {@code [0, 1]} (DreamerV3 0.95)
 * @param discount         discount per step, in {@code (0, 1]} (DreamerV3 {@code 1 - 1/333 = 0.997})
 * @param batchSize        sequences per update {@code B}, {@code >= 1} (DreamerV3 16)
 * @param batchLength      transitions per sequence {@code T}, {@code >= 1} (DreamerV3 64); the model sees {@code T + 1} observations
 * @param trainRatio       replayed steps per environment step, {@code > 0}: an update (of {@code B T} steps) runs every {@code B T / trainRatio} environment steps (DreamerV3 {@code train_ratio})
 * @param actionRepeat     environment steps per agent decision, {@code >= 1}; applied by whoever builds the environment (the command wraps it in {@code ActionRepeat})
 * @param trainStart       environment steps stored before the first update, {@code >= 1}
 * @param pretrainUpdates  updates run at once when training starts, {@code >= 0} (Dreamer V1 {@code pretrain} 100)
 * @param modelLr          world model's Adam step size, {@code > 0} (DreamerV3 1e-4)
 * @param actorLr          actor's Adam step size, {@code > 0} (DreamerV3 3e-5)
 * @param criticLr         critic's Adam step size, {@code > 0} (DreamerV3 3e-5)
 * @param modelClip        world model's global gradient-norm bound, {@code > 0} (DreamerV3 1000)
 * @param actorClip        actor's gradient-norm bound, {@code > 0} (DreamerV3 100)
 * @param criticClip       critic's gradient-norm bound, {@code > 0} (DreamerV3 100)
 * @param actorEntropy     weight of the actor's entropy bonus, {@code >= 0} (DreamerV3 3e-4)
 * @param actorMinStd      lower std of continuous actions, {@code > 0} (DreamerV3 0.1)
 * @param actorMaxStd      upper std of continuous actions, {@code > actorMinStd} (DreamerV3 1)
 * @param actorUnimix      uniform mix of discrete actions, in {@code [0, 1)} (DreamerV3 0.01)
 * @param slowCriticRate   step of the slow critic's EMA towards the critic per update, in {@code (0, 1]} (DreamerV3 0.02)
 * @param slowRegScale     weight of the critic's regulariser towards the slow critic, {@code >= 0} (DreamerV3 1)
 * @param returnNormDecay  EMA decay of the return percentiles, in {@code [0, 1)} (DreamerV3 0.99)
 * @param returnNormLimit  floor of the return scale, {@code > 0} (DreamerV3 1)
 * @param actorGradient    how the actor's gradient is estimated
 * @param bufferSize       replay capacity in transitions, {@code >= batchLength}
 */
public record DreamerConfig(RssmConfig rssm, int units, int layers, int horizon, int imagineStarts, double lambda, double discount, int batchSize, int batchLength, double trainRatio, int actionRepeat, int trainStart, int pretrainUpdates, double modelLr, double actorLr, double criticLr, double modelClip, double actorClip, double criticClip, double actorEntropy, double actorMinStd, double actorMaxStd, double actorUnimix, double slowCriticRate, double slowRegScale, double returnNormDecay, double returnNormLimit, ActorGradient actorGradient, int bufferSize) {

    /** How the actor's gradient is estimated. */
    public enum ActorGradient {
        /** Backpropagation through the learned dynamics for continuous actions, REINFORCE for discrete ones. */
        AUTO,
        /** Backpropagation of the lambda-returns through the dynamics into the actions (Dreamer V1/V2). */
        DYNAMICS,
        /** REINFORCE with the critic as baseline on normalised advantages (DreamerV3). */
        REINFORCE
    }

    /** Validates every field; the message names the bad one and its value. */
    public DreamerConfig {
        Objects.requireNonNull(rssm, "rssm");
        Objects.requireNonNull(actorGradient, "actorGradient");
        atLeast("units", units, 1);
        atLeast("layers", layers, 1);
        atLeast("horizon", horizon, 1);
        atLeast("imagineStarts", imagineStarts, 0);
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in [0, 1]: " + lambda);
        }
        if (!(discount > 0 && discount <= 1)) {
            throw new IllegalArgumentException("discount must be in (0, 1]: " + discount);
        }
        atLeast("batchSize", batchSize, 1);
        atLeast("batchLength", batchLength, 1);
        positive("trainRatio", trainRatio);
        atLeast("actionRepeat", actionRepeat, 1);
        atLeast("trainStart", trainStart, 1);
        atLeast("pretrainUpdates", pretrainUpdates, 0);
        positive("modelLr", modelLr);
        positive("actorLr", actorLr);
        positive("criticLr", criticLr);
        positive("modelClip", modelClip);
        positive("actorClip", actorClip);
        positive("criticClip", criticClip);
        nonNegative("actorEntropy", actorEntropy);
        positive("actorMinStd", actorMinStd);
        if (!(actorMaxStd > actorMinStd) || Double.isInfinite(actorMaxStd)) {
            throw new IllegalArgumentException("actorMaxStd must be > actorMinStd=" + actorMinStd + " and finite: "
                    + actorMaxStd);
        }
        if (!(actorUnimix >= 0 && actorUnimix < 1)) {
            throw new IllegalArgumentException("actorUnimix must be in [0, 1): " + actorUnimix);
        }
        if (!(slowCriticRate > 0 && slowCriticRate <= 1)) {
            throw new IllegalArgumentException("slowCriticRate must be in (0, 1]: " + slowCriticRate);
        }
        nonNegative("slowRegScale", slowRegScale);
        if (!(returnNormDecay >= 0 && returnNormDecay < 1)) {
            throw new IllegalArgumentException("returnNormDecay must be in [0, 1): " + returnNormDecay);
        }
        positive("returnNormLimit", returnNormLimit);
        atLeast("bufferSize", bufferSize, batchLength);
    }

    /**
     * DreamerV3's settings around its 12M world model ({@link RssmConfig#size12m()}): actor and critic 256 wide
     * ({@code size12m} {@code units}) with 2 hidden layers, horizon 15, lambda 0.95, discount 0.997, batch 16 x
     * 64, train ratio 512, Adam 1e-4 (model) and 3e-5 (actor, critic) with clipping 1000 / 100 / 100, entropy 3e-4,
     * action std in [0.1, 1], unimix 1%, slow critic EMA 0.02 with regulariser 1, return scale from the EMA (0.99)
     * of the 5th-95th percentile range floored at 1, REINFORCE for discrete and dynamics backpropagation for
     * continuous actions, 1,000 steps before training and replay of 1M transitions.
     *
     * @return the config
     */
    public static DreamerConfig dreamerV3() {
        return new DreamerConfig(RssmConfig.size12m(), 256, 2, 15, 0, 0.95, 0.997, 16, 64, 512, 1, 1000, 0, 1e-4,
                3e-5, 3e-5, 1000, 100, 100, 3e-4, 0.1, 1, 0.01, 0.02, 1, 0.99, 1, ActorGradient.AUTO, 1_000_000);
    }

    /**
     * A CPU preset for vector observations (chosen here for 2 cores, not from a paper): the {@link RssmConfig#small()}
     * model, actor and critic 256 wide with 2 layers, batch 16 x 64, train ratio 512, discount 0.99 (the
     * 200-step episodes of Pendulum-v1), larger step sizes than DreamerV3's for short budgets (model 3e-4, actor
     * and critic 1e-4, as Dreamer V1's 6e-4 / 8e-5 order), 1,000 steps before training then 100 updates at once,
     * imagination from 512 of the {@code 16 x 65} posterior states; the rest as {@link #dreamerV3()}.
     *
     * @return the config
     */
    public static DreamerConfig small() {
        return dreamerV3().toBuilder().rssm(RssmConfig.small()).units(256).layers(2).discount(0.99).modelLr(3e-4)
                .actorLr(1e-4).criticLr(1e-4).pretrainUpdates(100).imagineStarts(512).bufferSize(1_000_000).build();
    }

    /**
     * The preset of the tests (chosen here for speed, not from a paper): the {@link RssmConfig#tiny()} model, actor
     * and critic 64 wide with 1 layer, batch 16 x 32, train ratio 256, imagination from 256 starts, otherwise
     * {@link #small()}.
     *
     * @return the config
     */
    public static DreamerConfig tiny() {
        return small().toBuilder().rssm(RssmConfig.tiny()).units(64).layers(1).batchLength(32).trainRatio(256)
                .imagineStarts(256).bufferSize(100_000).build();
    }

    /**
     * The CPU preset for pixel observations (chosen here for 2 cores, not from a paper; meant for 32 x 32 images):
     * {@link #tiny()}'s GRU, MLPs and actor-critic (deter 64, units 64 x 1), 16 categorical latents of 16 classes
     * and conv depth 32 (Dreamer V1/V2's {@code cnn_depth}: channels 32, 64, 128 down to 4 x 4), action repeat 2
     * (DreamerV3's on DMControl), train ratio 256 on batches of 16 x 32. Tiny's 8 x 8 latents and depth 8 pass
     * almost nothing of Gymnasium's small rendered pendulum to the decoder within thousands of updates; with these
     * the reconstruction leaves the mean image after 2,000-3,750 updates (three seeds, docs/algorithms/dreamer.md).
     *
     * @return the config
     */
    public static DreamerConfig pixels() {
        return tiny().toBuilder().rssm(RssmConfig.tiny().toBuilder().stoch(16).classes(16).convDepth(32).build())
                .actionRepeat(2).build();
    }

    /**
     * @param discrete whether the actions are discrete
     * @return whether the actor learns by backpropagation through the dynamics ({@code DYNAMICS}, or {@code AUTO}
     *         with continuous actions) rather than REINFORCE
     */
    public boolean backpropThroughDynamics(boolean discrete) {
        return actorGradient == ActorGradient.DYNAMICS || (actorGradient == ActorGradient.AUTO && !discrete);
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

    /** Named changes to a config; {@link #build()} validates. Field meanings as on {@link DreamerConfig}. */
    public static final class Builder {
        private RssmConfig rssm;
        private int units;
        private int layers;
        private int horizon;
        private int imagineStarts;
        private double lambda;
        private double discount;
        private int batchSize;
        private int batchLength;
        private double trainRatio;
        private int actionRepeat;
        private int trainStart;
        private int pretrainUpdates;
        private double modelLr;
        private double actorLr;
        private double criticLr;
        private double modelClip;
        private double actorClip;
        private double criticClip;
        private double actorEntropy;
        private double actorMinStd;
        private double actorMaxStd;
        private double actorUnimix;
        private double slowCriticRate;
        private double slowRegScale;
        private double returnNormDecay;
        private double returnNormLimit;
        private ActorGradient actorGradient;
        private int bufferSize;

        private Builder(DreamerConfig c) {
            rssm = c.rssm;
            units = c.units;
            layers = c.layers;
            horizon = c.horizon;
            imagineStarts = c.imagineStarts;
            lambda = c.lambda;
            discount = c.discount;
            batchSize = c.batchSize;
            batchLength = c.batchLength;
            trainRatio = c.trainRatio;
            actionRepeat = c.actionRepeat;
            trainStart = c.trainStart;
            pretrainUpdates = c.pretrainUpdates;
            modelLr = c.modelLr;
            actorLr = c.actorLr;
            criticLr = c.criticLr;
            modelClip = c.modelClip;
            actorClip = c.actorClip;
            criticClip = c.criticClip;
            actorEntropy = c.actorEntropy;
            actorMinStd = c.actorMinStd;
            actorMaxStd = c.actorMaxStd;
            actorUnimix = c.actorUnimix;
            slowCriticRate = c.slowCriticRate;
            slowRegScale = c.slowRegScale;
            returnNormDecay = c.returnNormDecay;
            returnNormLimit = c.returnNormLimit;
            actorGradient = c.actorGradient;
            bufferSize = c.bufferSize;
        }

        /** @param v see {@link DreamerConfig#rssm()} @return this */
        public Builder rssm(RssmConfig v) {
            rssm = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#units()} @return this */
        public Builder units(int v) {
            units = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#layers()} @return this */
        public Builder layers(int v) {
            layers = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#horizon()} @return this */
        public Builder horizon(int v) {
            horizon = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#imagineStarts()} @return this */
        public Builder imagineStarts(int v) {
            imagineStarts = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#lambda()} @return this */
        public Builder lambda(double v) {
            lambda = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#discount()} @return this */
        public Builder discount(double v) {
            discount = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#batchSize()} @return this */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#batchLength()} @return this */
        public Builder batchLength(int v) {
            batchLength = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#trainRatio()} @return this */
        public Builder trainRatio(double v) {
            trainRatio = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#actionRepeat()} @return this */
        public Builder actionRepeat(int v) {
            actionRepeat = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#trainStart()} @return this */
        public Builder trainStart(int v) {
            trainStart = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#pretrainUpdates()} @return this */
        public Builder pretrainUpdates(int v) {
            pretrainUpdates = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#modelLr()} @return this */
        public Builder modelLr(double v) {
            modelLr = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#actorLr()} @return this */
        public Builder actorLr(double v) {
            actorLr = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#criticLr()} @return this */
        public Builder criticLr(double v) {
            criticLr = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#modelClip()} @return this */
        public Builder modelClip(double v) {
            modelClip = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#actorClip()} @return this */
        public Builder actorClip(double v) {
            actorClip = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#criticClip()} @return this */
        public Builder criticClip(double v) {
            criticClip = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#actorEntropy()} @return this */
        public Builder actorEntropy(double v) {
            actorEntropy = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#actorMinStd()} @return this */
        public Builder actorMinStd(double v) {
            actorMinStd = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#actorMaxStd()} @return this */
        public Builder actorMaxStd(double v) {
            actorMaxStd = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#actorUnimix()} @return this */
        public Builder actorUnimix(double v) {
            actorUnimix = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#slowCriticRate()} @return this */
        public Builder slowCriticRate(double v) {
            slowCriticRate = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#slowRegScale()} @return this */
        public Builder slowRegScale(double v) {
            slowRegScale = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#returnNormDecay()} @return this */
        public Builder returnNormDecay(double v) {
            returnNormDecay = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#returnNormLimit()} @return this */
        public Builder returnNormLimit(double v) {
            returnNormLimit = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#actorGradient()} @return this */
        public Builder actorGradient(ActorGradient v) {
            actorGradient = v;
            return this;
        }

        /** @param v see {@link DreamerConfig#bufferSize()} @return this */
        public Builder bufferSize(int v) {
            bufferSize = v;
            return this;
        }

        /**
         * @return the config
         * @throws IllegalArgumentException if a field is invalid (named in the message)
         */
        public DreamerConfig build() {
            return new DreamerConfig(rssm, units, layers, horizon, imagineStarts, lambda, discount, batchSize, batchLength, trainRatio, actionRepeat, trainStart, pretrainUpdates, modelLr, actorLr, criticLr, modelClip, actorClip, criticClip, actorEntropy, actorMinStd, actorMaxStd, actorUnimix, slowCriticRate, slowRegScale, returnNormDecay, returnNormLimit, actorGradient, bufferSize);
        }
    }
}
