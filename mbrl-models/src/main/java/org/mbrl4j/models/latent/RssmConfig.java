package org.mbrl4j.models.latent;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * Settings of an {@link Rssm}: its sizes, the latent kind and the weights of DreamerV3's world-model loss.
 * Immutable and validated at construction (the message names the field and its value). Start from a preset and
 * change fields by name with {@link #toBuilder()}:
 *
 * <pre>{@code
 * RssmConfig config = RssmConfig.small().toBuilder().classes(0).stoch(30).build();   // Gaussian latents
 * }</pre>
 *
 * @param deter     size of the deterministic GRU state {@code h}, {@code >= 1} (DreamerV3 {@code rssm.deter})
 * @param hidden    width of the layers into the GRU and of the prior and posterior networks, {@code >= 1}
 *                  (DreamerV3 {@code rssm.hidden})
 * @param stoch     number of stochastic latent variables (categorical) or dimensions (Gaussian), {@code >= 1}
 *                  (DreamerV3 {@code rssm.stoch})
 * @param classes   classes per categorical latent, {@code >= 2}; {@code 0} selects Gaussian latents (PlaNet,
 *                  Dreamer V1) with {@code std = softplus(x) + minStd} (DreamerV3 {@code rssm.classes})
 * @param unimix    weight of the uniform mixture of the categorical latents, in {@code [0, 1)} (DreamerV3 0.01)
 * @param minStd    the Gaussian latents' lower standard deviation, {@code > 0} (PlaNet and Dreamer V1: 0.1)
 * @param units     width of the hidden layers of the encoder, decoder and heads, {@code >= 1} (DreamerV3
 *                  {@code units})
 * @param layers    hidden layers of the MLP decoder, reward and continue heads, {@code >= 1}; the MLP encoder has
 *                  {@code layers} layers in all (its output is its last hidden layer)
 * @param convDepth channels of the first convolution of the pixel encoder and decoder (doubling per stage),
 *                  {@code >= 1} (DreamerV3 {@code depth}); unused for vector observations
 * @param normEps   epsilon of every LayerNorm, {@code > 0} (DreamerV3 1e-3)
 * @param freeBits  free nats of each KL term, applied to the KL summed over the latents, {@code >= 0}
 *                  (DreamerV3 1)
 * @param dynScale  weight of the dynamics loss {@code KL(sg(post) || prior)}, {@code >= 0} (DreamerV3 0.5)
 * @param repScale  weight of the representation loss {@code KL(post || sg(prior))}, {@code >= 0} (DreamerV3 0.1)
 * @param dataType  FLOAT (training) or DOUBLE (gradient checks)
 */
public record RssmConfig(int deter, int hidden, int stoch, int classes, double unimix, double minStd, int units,
        int layers, int convDepth, double normEps, double freeBits, double dynScale, double repScale,
        DataType dataType) {

    /** Validates every field; the message names the bad one and its value. */
    public RssmConfig {
        atLeast("deter", deter, 1);
        atLeast("hidden", hidden, 1);
        atLeast("stoch", stoch, 1);
        if (classes == 1 || classes < 0) {
            throw new IllegalArgumentException("classes must be 0 (Gaussian latents) or >= 2: " + classes);
        }
        if (!(unimix >= 0 && unimix < 1)) {
            throw new IllegalArgumentException("unimix must be in [0, 1): " + unimix);
        }
        positive("minStd", minStd);
        atLeast("units", units, 1);
        atLeast("layers", layers, 1);
        atLeast("convDepth", convDepth, 1);
        positive("normEps", normEps);
        nonNegative("freeBits", freeBits);
        nonNegative("dynScale", dynScale);
        nonNegative("repScale", repScale);
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE: " + dataType);
        }
    }

    /**
     * DreamerV3's 12M model for reference (Hafner et al. 2023, github.com/danijar/dreamerv3
     * {@code dreamerv3/configs.yaml}, block {@code size12m}: {@code rssm.deter 2048, rssm.hidden 256,
     * rssm.stoch 32, rssm.classes 16, units 256, depth 16}; {@code unimix 0.01}, LayerNorm epsilon 1e-3, free
     * bits 1, dynamics 0.5, representation 0.1 from the same file's defaults). This library's GRU is one
     * LayerNorm GRU, not the reference's 8-block GRU, so the parameter count differs from the reference's.
     *
     * @return the config
     */
    public static RssmConfig size12m() {
        return new RssmConfig(2048, 256, 32, 16, 0.01, 0.1, 256, 2, 16, 1e-3, 1.0, 0.5, 0.1, DataType.FLOAT);
    }

    /**
     * A CPU model of about 1.5M parameters for vector observations (1,516,803 on Pendulum-v1; sizes chosen here
     * for 2 cores, not from a paper): {@code deter 256, hidden 256}, 16 categorical latents of 16 classes, MLPs
     * 256 wide with 2 hidden layers, conv depth 16; DreamerV3's unimix, norm, free bits and loss weights ({@link #size12m()}).
     *
     * @return the config
     */
    public static RssmConfig small() {
        return new RssmConfig(256, 256, 16, 16, 0.01, 0.1, 256, 2, 16, 1e-3, 1.0, 0.5, 0.1, DataType.FLOAT);
    }

    /**
     * The model of the unit and learning tests (sizes chosen here for speed, not from a paper): {@code deter 64,
     * hidden 64}, 8 categorical latents of 8 classes, MLPs 64 wide with 1 hidden layer, conv depth 8; DreamerV3's
     * unimix, norm, free bits and loss weights ({@link #size12m()}).
     *
     * @return the config
     */
    public static RssmConfig tiny() {
        return new RssmConfig(64, 64, 8, 8, 0.01, 0.1, 64, 1, 8, 1e-3, 1.0, 0.5, 0.1, DataType.FLOAT);
    }

    /** @return whether the latents are categorical ({@code classes >= 2}) rather than Gaussian */
    public boolean categorical() {
        return classes > 0;
    }

    /** @return the length of the flattened stochastic state: {@code stoch * classes}, or {@code stoch} */
    public int stochSize() {
        return categorical() ? stoch * classes : stoch;
    }

    /** @return the length of the model's feature vector {@code [h, z]}: {@code deter + stochSize()} */
    public int featureSize() {
        return deter + stochSize();
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

    /** Named changes to a config; {@link #build()} validates. Field meanings as on {@link RssmConfig}. */
    public static final class Builder {
        private int deter;
        private int hidden;
        private int stoch;
        private int classes;
        private double unimix;
        private double minStd;
        private int units;
        private int layers;
        private int convDepth;
        private double normEps;
        private double freeBits;
        private double dynScale;
        private double repScale;
        private DataType dataType;

        private Builder(RssmConfig c) {
            deter = c.deter;
            hidden = c.hidden;
            stoch = c.stoch;
            classes = c.classes;
            unimix = c.unimix;
            minStd = c.minStd;
            units = c.units;
            layers = c.layers;
            convDepth = c.convDepth;
            normEps = c.normEps;
            freeBits = c.freeBits;
            dynScale = c.dynScale;
            repScale = c.repScale;
            dataType = c.dataType;
        }

        /** @param v see {@link RssmConfig#deter()} @return this */
        public Builder deter(int v) {
            deter = v;
            return this;
        }

        /** @param v see {@link RssmConfig#hidden()} @return this */
        public Builder hidden(int v) {
            hidden = v;
            return this;
        }

        /** @param v see {@link RssmConfig#stoch()} @return this */
        public Builder stoch(int v) {
            stoch = v;
            return this;
        }

        /** @param v see {@link RssmConfig#classes()} @return this */
        public Builder classes(int v) {
            classes = v;
            return this;
        }

        /** @param v see {@link RssmConfig#unimix()} @return this */
        public Builder unimix(double v) {
            unimix = v;
            return this;
        }

        /** @param v see {@link RssmConfig#minStd()} @return this */
        public Builder minStd(double v) {
            minStd = v;
            return this;
        }

        /** @param v see {@link RssmConfig#units()} @return this */
        public Builder units(int v) {
            units = v;
            return this;
        }

        /** @param v see {@link RssmConfig#layers()} @return this */
        public Builder layers(int v) {
            layers = v;
            return this;
        }

        /** @param v see {@link RssmConfig#convDepth()} @return this */
        public Builder convDepth(int v) {
            convDepth = v;
            return this;
        }

        /** @param v see {@link RssmConfig#normEps()} @return this */
        public Builder normEps(double v) {
            normEps = v;
            return this;
        }

        /** @param v see {@link RssmConfig#freeBits()} @return this */
        public Builder freeBits(double v) {
            freeBits = v;
            return this;
        }

        /** @param v see {@link RssmConfig#dynScale()} @return this */
        public Builder dynScale(double v) {
            dynScale = v;
            return this;
        }

        /** @param v see {@link RssmConfig#repScale()} @return this */
        public Builder repScale(double v) {
            repScale = v;
            return this;
        }

        /** @param v see {@link RssmConfig#dataType()} @return this */
        public Builder dataType(DataType v) {
            dataType = v;
            return this;
        }

        /**
         * @return the config
         * @throws IllegalArgumentException if a field is invalid (named in the message)
         */
        public RssmConfig build() {
            return new RssmConfig(deter, hidden, stoch, classes, unimix, minStd, units, layers, convDepth, normEps,
                    freeBits, dynScale, repScale, dataType);
        }
    }
}
