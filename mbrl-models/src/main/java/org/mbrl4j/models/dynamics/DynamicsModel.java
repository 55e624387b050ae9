package org.mbrl4j.models.dynamics;

import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A learned model of an environment's transitions, made of E ensemble members.
 *
 * <p>Shapes: observations {@code [B, obsDim]}, actions {@code [B, actDim]}, float32; predictions
 * {@code [E, B, obsDim]}, or {@code [E, B, obsDim + 1]} with the reward in the last column when
 * {@link #learnsReward()}. Predictions are of the next observation itself (delta targets are added back).
 * Inputs with a wrong shape or non-finite values are refused with an {@link IllegalArgumentException}.
 */
public interface DynamicsModel {

    /** @return the number of members E */
    int ensembleSize();

    /** @return the observation size */
    int observationSize();

    /** @return the action size */
    int actionSize();

    /** @return whether the last output column is a learned reward */
    boolean learnsReward();

    /** @return {@code observationSize() + (learnsReward() ? 1 : 0)} */
    default int outputSize() {
        return observationSize() + (learnsReward() ? 1 : 0);
    }

    /**
     * Every member's prediction for the same inputs.
     *
     * @param observations {@code [B, obsDim]}
     * @param actions      {@code [B, actDim]}
     * @return means (and variances for probabilistic models), {@code [E, B, outputSize]}
     */
    Prediction predict(INDArray observations, INDArray actions);

    /**
     * Each member's prediction for its own inputs (particles propagated through fixed members).
     *
     * @param observations {@code [E, B, obsDim]}
     * @param actions      {@code [E, B, actDim]}
     * @return means (and variances), {@code [E, B, outputSize]}
     */
    Prediction predictPerMember(INDArray observations, INDArray actions);

    /**
     * A sample of every member's predictive distribution: {@code mean + sqrt(var) * N(0, 1)} for
     * probabilistic models, the mean for deterministic ones.
     *
     * @param observations {@code [B, obsDim]}
     * @param actions      {@code [B, actDim]}
     * @param rng          the generator of the noise
     * @return {@code [E, B, outputSize]}, fresh
     */
    INDArray sample(INDArray observations, INDArray actions, org.nd4j.linalg.api.rng.Random rng);

    /** @return the indices of the elite members (best validation scores first); a copy */
    int[] elites();

    /**
     * Saves the model (config, parameters, normaliser, elites) atomically.
     *
     * @param file the target file
     * @throws IOException if it cannot be written
     */
    void save(Path file) throws IOException;
}
