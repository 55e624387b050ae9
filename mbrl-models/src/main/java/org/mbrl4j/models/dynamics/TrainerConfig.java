package org.mbrl4j.models.dynamics;

/**
 * Settings of a {@link ModelTrainer}.
 *
 * @param learningRate         Adam step size, {@code > 0}
 * @param weightDecay          L2 weight decay inside Adam (PyTorch {@code Adam(weight_decay=...)}, as
 *                             mbrl-lib's {@code ModelTrainer}), {@code >= 0}
 * @param batchSize            rows per member per step, {@code >= 1}
 * @param validationRatio      share of the data held out for validation, in {@code [0, 1)}; with 0 the
 *                             training data are scored instead (as mbrl-lib does)
 * @param maxEpochs            epochs per {@code train} call, {@code >= 1}
 * @param patience             stop after this many epochs without improvement; 0 for never
 * @param improvementThreshold relative decrease of a member's validation score that counts as an
 *                             improvement, {@code >= 0}
 * @param bootstrap            whether every member trains on its own bootstrap resample of the training set
 * @param maxGradNorm          global gradient-norm clip; {@code Double.POSITIVE_INFINITY} for none
 * @param validationScore      what each member is scored by after every epoch (early stopping, kept weights,
 *                             elites): {@link ValidationScore#MEAN_SQUARED_ERROR} as mbrl-lib, or
 *                             {@link ValidationScore#GAUSSIAN_NLL}, which also judges the predicted variances
 */
public record TrainerConfig(double learningRate, double weightDecay, int batchSize, double validationRatio,
        int maxEpochs, int patience, double improvementThreshold, boolean bootstrap, double maxGradNorm,
        ValidationScore validationScore) {

    /** Validates every field; the message names the bad one. */
    public TrainerConfig {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0 and finite: " + learningRate);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0 and finite: " + weightDecay);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
        }
        if (!(validationRatio >= 0 && validationRatio < 1)) {
            throw new IllegalArgumentException("validationRatio must be in [0, 1): " + validationRatio);
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs must be >= 1: " + maxEpochs);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0 (0: none): " + patience);
        }
        if (!(improvementThreshold >= 0) || Double.isInfinite(improvementThreshold)) {
            throw new IllegalArgumentException("improvementThreshold must be >= 0 and finite: "
                    + improvementThreshold);
        }
        if (!(maxGradNorm > 0)) {
            throw new IllegalArgumentException("maxGradNorm must be > 0 (+infinity for none): " + maxGradNorm);
        }
        if (validationScore == null) {
            throw new IllegalArgumentException("validationScore must not be null");
        }
    }

    /**
     * A config scored by {@link ValidationScore#MEAN_SQUARED_ERROR} (mbrl-lib's criterion); the parameters
     * are those of the canonical constructor.
     *
     * @param learningRate         Adam step size
     * @param weightDecay          L2 weight decay inside Adam
     * @param batchSize            rows per member per step
     * @param validationRatio      share held out for validation
     * @param maxEpochs            epochs per {@code train} call
     * @param patience             epochs without improvement before stopping; 0 for never
     * @param improvementThreshold relative decrease that counts as an improvement
     * @param bootstrap            whether every member trains on its own bootstrap resample
     * @param maxGradNorm          global gradient-norm clip
     * @throws IllegalArgumentException as the canonical constructor
     */
    public TrainerConfig(double learningRate, double weightDecay, int batchSize, double validationRatio,
            int maxEpochs, int patience, double improvementThreshold, boolean bootstrap, double maxGradNorm) {
        this(learningRate, weightDecay, batchSize, validationRatio, maxEpochs, patience, improvementThreshold,
                bootstrap, maxGradNorm, ValidationScore.MEAN_SQUARED_ERROR);
    }

    /**
     * mbrl-lib's PETS cart-pole training ({@code mbrl/examples/conf/overrides/pets_cartpole.yaml}:
     * {@code model_lr 7.5e-4}, {@code model_wd 3e-5}, {@code model_batch_size 256},
     * {@code validation_ratio 0}, {@code num_epochs_train_model 25}, {@code patience 25}; the improvement
     * threshold 0.01 is {@code ModelTrainer.train}'s default; bootstrap as {@code BootstrapIterator}; members
     * scored by the MSE of their means, {@code GaussianMLP.eval_score}), mbrl-lib commit 3f93ccc. No gradient
     * clipping, as there.
     *
     * @return the config
     */
    public static TrainerConfig petsCartpole() {
        return new TrainerConfig(7.5e-4, 3e-5, 256, 0.0, 25, 25, 0.01, true, Double.POSITIVE_INFINITY);
    }

    /**
     * @param epochs the epoch budget
     * @param patienceEpochs the patience (0: none)
     * @return a copy with those settings
     */
    public TrainerConfig withEpochs(int epochs, int patienceEpochs) {
        return new TrainerConfig(learningRate, weightDecay, batchSize, validationRatio, epochs, patienceEpochs,
                improvementThreshold, bootstrap, maxGradNorm, validationScore);
    }

    /**
     * @param ratio the holdout share
     * @return a copy with that share
     */
    public TrainerConfig withValidationRatio(double ratio) {
        return new TrainerConfig(learningRate, weightDecay, batchSize, ratio, maxEpochs, patience,
                improvementThreshold, bootstrap, maxGradNorm, validationScore);
    }

    /**
     * @param lr the learning rate
     * @param batch the batch size
     * @return a copy with those settings
     */
    public TrainerConfig withOptimization(double lr, int batch) {
        return new TrainerConfig(lr, weightDecay, batch, validationRatio, maxEpochs, patience,
                improvementThreshold, bootstrap, maxGradNorm, validationScore);
    }

    /**
     * @param score what members are scored by after every epoch
     * @return a copy with that score
     * @throws IllegalArgumentException if {@code score} is null
     */
    public TrainerConfig withValidationScore(ValidationScore score) {
        return new TrainerConfig(learningRate, weightDecay, batchSize, validationRatio, maxEpochs, patience,
                improvementThreshold, bootstrap, maxGradNorm, score);
    }

    /** @return a builder holding this config's values, for named changes ({@link Builder#build()} validates) */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Named changes to a {@link TrainerConfig}: start from a preset's {@link #toBuilder()}, set what differs, then
     * {@link #build()}. Field meanings, units and valid ranges as on {@link TrainerConfig}.
     */
    public static final class Builder {
        private double learningRate;
        private double weightDecay;
        private int batchSize;
        private double validationRatio;
        private int maxEpochs;
        private int patience;
        private double improvementThreshold;
        private boolean bootstrap;
        private double maxGradNorm;
        private ValidationScore validationScore;

        private Builder(TrainerConfig c) {
            learningRate = c.learningRate;
            weightDecay = c.weightDecay;
            batchSize = c.batchSize;
            validationRatio = c.validationRatio;
            maxEpochs = c.maxEpochs;
            patience = c.patience;
            improvementThreshold = c.improvementThreshold;
            bootstrap = c.bootstrap;
            maxGradNorm = c.maxGradNorm;
            validationScore = c.validationScore;
        }

        /** @param value see {@link TrainerConfig#learningRate()} @return this builder */
        public Builder learningRate(double value) {
            learningRate = value;
            return this;
        }

        /** @param value see {@link TrainerConfig#weightDecay()} @return this builder */
        public Builder weightDecay(double value) {
            weightDecay = value;
            return this;
        }

        /** @param value see {@link TrainerConfig#batchSize()} @return this builder */
        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        /** @param value see {@link TrainerConfig#validationRatio()} @return this builder */
        public Builder validationRatio(double value) {
            validationRatio = value;
            return this;
        }

        /** @param value see {@link TrainerConfig#maxEpochs()} @return this builder */
        public Builder maxEpochs(int value) {
            maxEpochs = value;
            return this;
        }

        /** @param value see {@link TrainerConfig#patience()} @return this builder */
        public Builder patience(int value) {
            patience = value;
            return this;
        }

        /** @param value see {@link TrainerConfig#improvementThreshold()} @return this builder */
        public Builder improvementThreshold(double value) {
            improvementThreshold = value;
            return this;
        }

        /** @param value see {@link TrainerConfig#bootstrap()} @return this builder */
        public Builder bootstrap(boolean value) {
            bootstrap = value;
            return this;
        }

        /** @param value see {@link TrainerConfig#maxGradNorm()} @return this builder */
        public Builder maxGradNorm(double value) {
            maxGradNorm = value;
            return this;
        }

        /** @param value see {@link TrainerConfig#validationScore()} @return this builder */
        public Builder validationScore(ValidationScore value) {
            validationScore = value;
            return this;
        }

        /**
         * @return the config
         * @throws IllegalArgumentException if a value is out of range (the message names the field)
         */
        public TrainerConfig build() {
            return new TrainerConfig(learningRate, weightDecay, batchSize, validationRatio, maxEpochs, patience,
                    improvementThreshold, bootstrap, maxGradNorm, validationScore);
        }
    }
}
