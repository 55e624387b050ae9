package org.mbrl4j.algorithms.pets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.mbrl4j.models.dynamics.DynamicsModel;
import org.mbrl4j.models.dynamics.Prediction;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;

/**
 * A dynamics model over action indices built on a model that sees actions one-hot encoded: this model's
 * actions are {@code [..., 1]} arrays holding an index in {@code [0, n)} as a float (the sequences of
 * {@link org.mbrl4j.planners.DiscreteCem}), the wrapped model's are {@code [..., n]} with a 1 at the index and
 * 0 elsewhere. Everything else (observations, predictions, members, elites) is the wrapped model's, so a
 * {@link org.mbrl4j.planners.ModelEnv} plans discrete actions on any {@link DynamicsModel} unchanged.
 *
 * <p>Holds no state of its own: training and saving go to the wrapped model ({@link #encoded()}).
 */
public final class OneHotActions implements DynamicsModel {

    private final DynamicsModel encoded;
    private final int numActions;

    /**
     * @param encoded the model that takes one-hot actions; its {@code actionSize()} is the number of actions
     *     {@code n}, {@code >= 2}
     * @throws IllegalArgumentException if {@code encoded} is null or has fewer than 2 action inputs
     */
    public OneHotActions(DynamicsModel encoded) {
        if (encoded == null) {
            throw new IllegalArgumentException("encoded must be a DynamicsModel with one-hot action inputs, not null");
        }
        if (encoded.actionSize() < 2) {
            throw new IllegalArgumentException("encoded.actionSize() must be the number of actions, >= 2: "
                    + encoded.actionSize());
        }
        this.encoded = encoded;
        this.numActions = encoded.actionSize();
    }

    /**
     * One-hot encodes action indices.
     *
     * @param indices {@code [B]} or {@code [..., 1]}, integral values in {@code [0, numActions)} of any numeric
     *     type
     * @param numActions the number of actions {@code n}, {@code >= 1}
     * @return {@code [B, n]} for {@code [B]} input, else the input's shape with its last dimension {@code n};
     *     fresh float32, 1 at each index and 0 elsewhere
     * @throws IllegalArgumentException if {@code indices} is null, of another shape, or holds a value that is
     *     not an integer in {@code [0, numActions)} (naming the flat position and the value), or
     *     {@code numActions < 1}
     */
    public static INDArray encode(INDArray indices, int numActions) {
        if (numActions < 1) {
            throw new IllegalArgumentException("numActions must be >= 1: " + numActions);
        }
        if (indices == null || indices.rank() < 1 || (indices.rank() > 1 && indices.size(-1) != 1)) {
            throw new IllegalArgumentException("indices must be [B] or [..., 1]: got "
                    + (indices == null ? "null" : Arrays.toString(indices.shape())));
        }
        float[] idx = HostArrays.toFloats(indices);
        float[] out = new float[Math.multiplyExact(idx.length, numActions)];
        for (int i = 0; i < idx.length; i++) {
            float v = idx[i];
            if (!(v >= 0 && v < numActions && v == Math.rint(v))) {
                throw new IllegalArgumentException("indices holds " + v + " at flat index " + i
                        + "; expected an action index in [0, " + numActions + ")");
            }
            out[i * numActions + (int) v] = 1f;
        }
        long[] shape = indices.rank() == 1 ? new long[] {indices.size(0), 1} : indices.shape().clone();
        shape[shape.length - 1] = numActions;
        return HostArrays.array(out, shape);
    }

    /** @return the wrapped model, which takes {@code [..., n]} one-hot actions (train and save this one) */
    public DynamicsModel encoded() {
        return encoded;
    }

    /** @return the number of actions {@code n} */
    public int numActions() {
        return numActions;
    }

    @Override
    public int ensembleSize() {
        return encoded.ensembleSize();
    }

    @Override
    public int observationSize() {
        return encoded.observationSize();
    }

    /** @return 1: an action is one index */
    @Override
    public int actionSize() {
        return 1;
    }

    @Override
    public boolean learnsReward() {
        return encoded.learnsReward();
    }

    /**
     * @param observations {@code [B, obsDim]}
     * @param actions indices {@code [B, 1]}
     * @return the wrapped model's prediction for the one-hot actions, {@code [E, B, outputSize]}
     * @throws IllegalArgumentException if an action is not an index in {@code [0, n)}, or a shape is wrong
     */
    @Override
    public Prediction predict(INDArray observations, INDArray actions) {
        return encoded.predict(observations, encode(requireIndices(actions, 2), numActions));
    }

    /**
     * @param observations {@code [E, B, obsDim]}
     * @param actions indices {@code [E, B, 1]}
     * @return the wrapped model's prediction, {@code [E, B, outputSize]}
     * @throws IllegalArgumentException if an action is not an index in {@code [0, n)}, or a shape is wrong
     */
    @Override
    public Prediction predictPerMember(INDArray observations, INDArray actions) {
        return encoded.predictPerMember(observations, encode(requireIndices(actions, 3), numActions));
    }

    /**
     * @param observations {@code [K, B, obsDim]}
     * @param actions indices {@code [K, B, 1]}
     * @param members {@code K} distinct member indices
     * @return the wrapped model's prediction, {@code [K, B, outputSize]}
     * @throws IllegalArgumentException if an action is not an index in {@code [0, n)}, or a shape or member is
     *     wrong
     */
    @Override
    public Prediction predictMembers(INDArray observations, INDArray actions, int[] members) {
        return encoded.predictMembers(observations, encode(requireIndices(actions, 3), numActions), members);
    }

    /**
     * @param observations {@code [N, obsDim]}
     * @param actions indices {@code [N, 1]}
     * @param members {@code N} member indices
     * @return the wrapped model's prediction, {@code [N, outputSize]}
     * @throws IllegalArgumentException if an action is not an index in {@code [0, n)}, or a shape or member is
     *     wrong
     */
    @Override
    public Prediction predictRows(INDArray observations, INDArray actions, int[] members) {
        return encoded.predictRows(observations, encode(requireIndices(actions, 2), numActions), members);
    }

    /**
     * @param observations {@code [B, obsDim]}
     * @param actions indices {@code [B, 1]}
     * @param rng the generator of the noise
     * @return the wrapped model's sample, {@code [E, B, outputSize]}
     */
    @Override
    public INDArray sample(INDArray observations, INDArray actions, Random rng) {
        return encoded.sample(observations, encode(requireIndices(actions, 2), numActions), rng);
    }

    @Override
    public int[] elites() {
        return encoded.elites();
    }

    /** Saves the wrapped model (this one has no state of its own). */
    @Override
    public void save(Path file) throws IOException {
        encoded.save(file);
    }

    private static INDArray requireIndices(INDArray actions, int rank) {
        if (actions == null || actions.rank() != rank || actions.size(-1) != 1) {
            throw new IllegalArgumentException("actions must be action indices of rank " + rank
                    + " with last dimension 1: got " + (actions == null ? "null" : Arrays.toString(actions.shape())));
        }
        return actions;
    }
}
