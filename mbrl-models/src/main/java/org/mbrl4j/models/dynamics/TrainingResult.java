package org.mbrl4j.models.dynamics;

import java.util.List;

/**
 * The outcome of one {@link ModelTrainer#train} call.
 *
 * @param epochs               the reports of every epoch run, in order
 * @param bestValidationScores each member's best validation score ({@link TrainerConfig#validationScore()}) {@code [E]}; the model holds the weights
 *                             that reached it
 * @param elites               the elite members, best first
 * @param stoppedEarly         whether patience ran out before the epoch budget
 */
public record TrainingResult(List<EpochReport> epochs, double[] bestValidationScores, int[] elites,
        boolean stoppedEarly) {

    /** Copies the list. */
    public TrainingResult {
        epochs = List.copyOf(epochs);
    }
}
