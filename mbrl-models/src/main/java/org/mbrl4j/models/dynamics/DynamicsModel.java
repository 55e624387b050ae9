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
     * Some members' predictions, each for its own inputs: row block {@code i} goes through member
     * {@code members[i]} (the elites of a propagation, for example). Ensembles built on
     * {@link org.mbrl4j.models.nn.EnsembleLinear} compute only those members; this default computes all
     * members with {@link #predictPerMember} (blocks of unlisted members are zero) and keeps the listed ones.
     *
     * @param observations {@code [K, B, obsDim]}
     * @param actions      {@code [K, B, actDim]}
     * @param members      {@code K} distinct member indices in {@code [0, E)}
     * @return means (and variances), {@code [K, B, outputSize]}
     * @throws IllegalArgumentException if a shape is wrong, or {@code members} is null, has the wrong length,
     *                                  repeats an index or has one out of range
     */
    default Prediction predictMembers(INDArray observations, INDArray actions, int[] members) {
        int e = ensembleSize();
        long b = DynamicsModels.checkMembers(observations, actions, members, e, observationSize(), actionSize());
        long k = members.length;
        INDArray obs = org.nd4j.linalg.factory.Nd4j.zeros(observations.dataType(), e, b, observationSize());
        INDArray act = org.nd4j.linalg.factory.Nd4j.zeros(actions.dataType(), e, b, actionSize());
        for (int i = 0; i < k; i++) {
            obs.slice(members[i]).assign(observations.slice(i));
            act.slice(members[i]).assign(actions.slice(i));
        }
        Prediction all = predictPerMember(obs, act);
        INDArray mean = org.nd4j.linalg.factory.Nd4j.create(all.mean().dataType(), k, b, outputSize());
        INDArray var = all.variance() == null ? null
                : org.nd4j.linalg.factory.Nd4j.create(all.variance().dataType(), k, b, outputSize());
        for (int i = 0; i < k; i++) {
            mean.slice(i).assign(all.mean().slice(members[i]));
            if (var != null) {
                var.slice(i).assign(all.variance().slice(members[i]));
            }
        }
        return new Prediction(mean, var);
    }

    /**
     * Each row through its own member: row {@code r} is predicted by member {@code members[r]} alone (the
     * per-sample member choice of TS propagation and MBPO rollouts). Built on {@link #predictMembers}, so
     * an ensemble computes each member once, on its rows only.
     *
     * @param observations {@code [N, obsDim]}
     * @param actions      {@code [N, actDim]}
     * @param members      {@code N} member indices in {@code [0, E)}, repeats expected
     * @return means (and variances), {@code [N, outputSize]}, fresh
     * @throws IllegalArgumentException if a shape is wrong, a value is not finite, or {@code members} is
     *                                  null, has the wrong length or an index out of range
     */
    default Prediction predictRows(INDArray observations, INDArray actions, int[] members) {
        return DynamicsModels.predictRows(this, observations, actions, members);
    }

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
