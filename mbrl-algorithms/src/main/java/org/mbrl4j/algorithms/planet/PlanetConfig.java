package org.mbrl4j.algorithms.planet;

import java.util.Objects;
import org.mbrl4j.models.latent.RssmConfig;

/**
 * Settings of {@link Planet}: the world model, its training schedule and the CEM planner. Immutable and validated
 * at construction (the message names the field and its value); change fields by name with {@link #toBuilder()}.
 * PlaNet's values (Hafner et al. 2019, "Learning Latent Dynamics for Planning from Pixels", section 5 and appendix
 * A) are named per field.
 *
 * @param rssm             the world model's settings
 * @param batchSize        sequences per update, {@code >= 1} (PlaNet 50)
 * @param batchLength      transitions per sequence, {@code >= 1} (PlaNet 50)
 * @param trainRatio       replayed steps per environment step, {@code > 0} (PlaNet: 100 updates of 50 x 50 per 1,000 steps, 250)
 * @param trainStart       environment steps stored before the first update, {@code >= 1} (PlaNet: 5 random episodes)
 * @param pretrainUpdates  updates run at once when training starts, {@code >= 0} (PlaNet 100)
 * @param modelLr          Adam step size, {@code > 0} (PlaNet 1e-3)
 * @param modelEpsilon     Adam epsilon, {@code > 0} (PlaNet 1e-4)
 * @param modelClip        global gradient-norm bound, {@code > 0} (PlaNet 1000)
 * @param horizon          planning horizon, {@code >= 1} (PlaNet 12)
 * @param iterations       CEM iterations per action, {@code >= 1} (PlaNet 10)
 * @param candidates       action sequences per iteration, {@code >= 2} (PlaNet 1000)
 * @param elites           sequences refitted per iteration, in {@code [1, candidates]} (PlaNet 100)
 * @param explorationNoise std of the Gaussian noise added to the planned action while training, {@code >= 0}, in the {@code [-1, 1]} action units (PlaNet 0.3)
 * @param actionRepeat     environment steps per decision, {@code >= 1}; applied by whoever builds the environment (PlaNet: 2 to 8 per task)
 * @param bufferSize       replay capacity in transitions, {@code >= batchLength}
 */
public record PlanetConfig(RssmConfig rssm, int batchSize, int batchLength, double trainRatio, int trainStart, int pretrainUpdates, double modelLr, double modelEpsilon, double modelClip, int horizon, int iterations, int candidates, int elites, double explorationNoise, int actionRepeat, int bufferSize) {

    /** Validates every field; the message names the bad one and its value. */
    public PlanetConfig {
        Objects.requireNonNull(rssm, "rssm");
        atLeast("batchSize", batchSize, 1);
        atLeast("batchLength", batchLength, 1);
        positive("trainRatio", trainRatio);
        atLeast("trainStart", trainStart, 1);
        atLeast("pretrainUpdates", pretrainUpdates, 0);
        positive("modelLr", modelLr);
        positive("modelEpsilon", modelEpsilon);
        positive("modelClip", modelClip);
        atLeast("horizon", horizon, 1);
        atLeast("iterations", iterations, 1);
        atLeast("candidates", candidates, 2);
        if (elites < 1 || elites > candidates) {
            throw new IllegalArgumentException("elites must be in [1, candidates=" + candidates + "]: " + elites);
        }
        if (!(explorationNoise >= 0) || Double.isInfinite(explorationNoise)) {
            throw new IllegalArgumentException("explorationNoise must be >= 0 and finite: " + explorationNoise);
        }
        atLeast("actionRepeat", actionRepeat, 1);
        atLeast("bufferSize", bufferSize, batchLength);
    }

    /**
     * PlaNet's settings: Gaussian latents (deter 200, stoch 30, hidden and units 200, std = softplus + 0.1), free
     * nats 3 with the KL's gradient reaching both the posterior and the prior at weight 1 (the dynamics and
     * representation terms both at 1, so the reported value counts the KL twice), batch 50 x 50, Adam 1e-3 with
     * epsilon 1e-4 and clipping 1000, 100 updates per 1,000 environment steps (train ratio 250), 5,000 random
     * steps, CEM with horizon 12, 10 iterations, 1,000 candidates, top 100, exploration noise 0.3, action repeat 2.
     * This library's decoder predicts {@code symlog(o)} and its reward head is DreamerV3's two-hot (PlaNet: unit
     * Gaussians on the raw values).
     *
     * @return the config
     */
    public static PlanetConfig paper() {
        RssmConfig rssm = RssmConfig.tiny().toBuilder().deter(200).hidden(200).stoch(30).classes(0).units(200)
                .layers(2).convDepth(32).freeBits(3).dynScale(1).repScale(1).build();
        return new PlanetConfig(rssm, 50, 50, 250, 5000, 100, 1e-3, 1e-4, 1000, 12, 10, 1000, 100, 0.3, 2,
                1_000_000);
    }

    /**
     * A CPU preset (chosen here for 2 cores, not from the paper): deter 64, stoch 16 Gaussian, units 64, batch
     * 16 x 32, train ratio 128, 1,000 random steps and 100 updates at once, CEM with horizon 12, 4 iterations,
     * 100 candidates, top 10; the rest as {@link #paper()}.
     *
     * @return the config
     */
    public static PlanetConfig small() {
        RssmConfig rssm = paper().rssm().toBuilder().deter(64).hidden(64).stoch(16).units(64).layers(1).convDepth(8)
                .build();
        return paper().toBuilder().rssm(rssm).batchSize(16).batchLength(32).trainRatio(128).trainStart(1000)
                .iterations(4).candidates(100).elites(10).actionRepeat(1).bufferSize(100_000).build();
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

    /** Named changes to a config; {@link #build()} validates. Field meanings as on {@link PlanetConfig}. */
    public static final class Builder {
        private RssmConfig rssm;
        private int batchSize;
        private int batchLength;
        private double trainRatio;
        private int trainStart;
        private int pretrainUpdates;
        private double modelLr;
        private double modelEpsilon;
        private double modelClip;
        private int horizon;
        private int iterations;
        private int candidates;
        private int elites;
        private double explorationNoise;
        private int actionRepeat;
        private int bufferSize;

        private Builder(PlanetConfig c) {
            rssm = c.rssm;
            batchSize = c.batchSize;
            batchLength = c.batchLength;
            trainRatio = c.trainRatio;
            trainStart = c.trainStart;
            pretrainUpdates = c.pretrainUpdates;
            modelLr = c.modelLr;
            modelEpsilon = c.modelEpsilon;
            modelClip = c.modelClip;
            horizon = c.horizon;
            iterations = c.iterations;
            candidates = c.candidates;
            elites = c.elites;
            explorationNoise = c.explorationNoise;
            actionRepeat = c.actionRepeat;
            bufferSize = c.bufferSize;
        }

        /** @param v see {@link PlanetConfig#rssm()} @return this */
        public Builder rssm(RssmConfig v) {
            rssm = v;
            return this;
        }

        /** @param v see {@link PlanetConfig#batchSize()} @return this */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** @param v see {@link PlanetConfig#batchLength()} @return this */
        public Builder batchLength(int v) {
            batchLength = v;
            return this;
        }

        /** @param v see {@link PlanetConfig#trainRatio()} @return this */
        public Builder trainRatio(double v) {
            trainRatio = v;
            return this;
        }

        /** @param v see {@link PlanetConfig#trainStart()} @return this */
        public Builder trainStart(int v) {
            trainStart = v;
            return this;
        }

        /** @param v see {@link PlanetConfig#pretrainUpdates()} @return this */
        public Builder pretrainUpdates(int v) {
            pretrainUpdates = v;
            return this;
        }

        /** @param v see {@link PlanetConfig#modelLr()} @return this */
        public Builder modelLr(double v) {
            modelLr = v;
            return this;
        }

        /** @param v see {@link PlanetConfig#modelEpsilon()} @return this */
        public Builder modelEpsilon(double v) {
            modelEpsilon = v;
            return this;
        }

        /** @param v see {@link PlanetConfig#modelClip()} @return this */
        public Builder modelClip(double v) {
            modelClip = v;
            return this;
        }

        /** @param v see {@link PlanetConfig#horizon()} @return this */
        public Builder horizon(int v) {
            horizon = v;
            return this;
        }

        /** @param v see {@link PlanetConfig#iterations()} @return this */
        public Builder iterations(int v) {
            iterations = v;
            return this;
        }

        /** @param v see {@link PlanetConfig#candidates()} @return this */
        public Builder candidates(int v) {
            candidates = v;
            return this;
        }

        /** @param v see {@link PlanetConfig#elites()} @return this */
        public Builder elites(int v) {
            elites = v;
            return this;
        }

        /** @param v see {@link PlanetConfig#explorationNoise()} @return this */
        public Builder explorationNoise(double v) {
            explorationNoise = v;
            return this;
        }

        /** @param v see {@link PlanetConfig#actionRepeat()} @return this */
        public Builder actionRepeat(int v) {
            actionRepeat = v;
            return this;
        }

        /** @param v see {@link PlanetConfig#bufferSize()} @return this */
        public Builder bufferSize(int v) {
            bufferSize = v;
            return this;
        }

        /**
         * @return the config
         * @throws IllegalArgumentException if a field is invalid (named in the message)
         */
        public PlanetConfig build() {
            return new PlanetConfig(rssm, batchSize, batchLength, trainRatio, trainStart, pretrainUpdates, modelLr, modelEpsilon, modelClip, horizon, iterations, candidates, elites, explorationNoise, actionRepeat, bufferSize);
        }
    }
}
