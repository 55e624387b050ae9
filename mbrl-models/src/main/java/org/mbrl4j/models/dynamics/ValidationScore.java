package org.mbrl4j.models.dynamics;

/**
 * What {@link ModelTrainer} scores every member by after each epoch: the score decides early stopping, which
 * weights each member keeps, and the elites (lowest score first). Both are averaged over the scored rows
 * and the target dimensions, in delta space (the space the network predicts in).
 */
public enum ValidationScore {

    /**
     * Mean squared error of the predicted means, {@code mean_{b,d} (mu - y)^2}: mbrl-lib's
     * {@code GaussianMLP.eval_score} and {@code ModelTrainer} criterion. It ignores a probabilistic model's
     * variances: training that only sharpens the variances counts as no improvement, so early stopping can end
     * it, and the weights kept are those of the best means, with whatever variances they had then.
     */
    MEAN_SQUARED_ERROR,

    /**
     * Gaussian negative log-likelihood per target value without its constant,
     * {@code mean_{b,d} ((mu - y)^2 exp(-logvar) + logvar) / 2}, with the log-variance soft-bounded as in
     * prediction: the proper scoring rule of a probabilistic model, which judges means and variances
     * together (it is the training loss without the bound penalty). Only for models that predict variances
     * ({@link GaussianEnsemble}); its values can be negative, and a relative improvement is measured
     * against the absolute value of the best score.
     */
    GAUSSIAN_NLL
}
