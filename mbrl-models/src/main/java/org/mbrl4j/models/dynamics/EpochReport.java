package org.mbrl4j.models.dynamics;

/**
 * What a {@link ModelTrainer} reports after each epoch.
 *
 * @param epoch                  the epoch index within the current {@code train} call, from 0
 * @param trainLoss              the mean loss over the epoch's batches
 * @param validationScores       each member's validation score ({@link TrainerConfig#validationScore()}) after the epoch {@code [E]}
 * @param bestValidationScores   each member's best score so far {@code [E]}
 * @param epochsSinceImprovement epochs in a row in which no member improved
 */
public record EpochReport(int epoch, double trainLoss, double[] validationScores, double[] bestValidationScores,
        int epochsSinceImprovement) {
}
