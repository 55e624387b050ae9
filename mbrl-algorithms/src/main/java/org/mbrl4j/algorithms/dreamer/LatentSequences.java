package org.mbrl4j.algorithms.dreamer;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.mbrl4j.core.buffer.SequenceBatch;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Replayed windows rearranged as a latent model's training sequences ({@link org.mbrl4j.models.latent.Rssm#loss}):
 * a window of {@code T} transitions becomes {@code T + 1} observations (its first observation, then every next
 * observation), each with the action before it (zeros before the first), the reward received on arriving at it
 * (0 for the first) and its continue flag ({@code 1 - terminated}; 1 for the first). All arrays are fresh float32.
 *
 * @param observations {@code [B, T + 1, ...obsShape]}
 * @param prevActions  {@code [B, T + 1, actDim]}, in the model's action encoding
 * @param rewards      {@code [B, T + 1]}
 * @param continues    {@code [B, T + 1]}
 */
public record LatentSequences(INDArray observations, INDArray prevActions, INDArray rewards, INDArray continues) {

    /** Checks that no field is null. */
    public LatentSequences {
        Objects.requireNonNull(observations, "observations");
        Objects.requireNonNull(prevActions, "prevActions");
        Objects.requireNonNull(rewards, "rewards");
        Objects.requireNonNull(continues, "continues");
    }

    /** @return the number of sequences {@code B} */
    public int batchSize() {
        return (int) rewards.size(0);
    }

    /** @return the sequence length {@code T + 1} */
    public int length() {
        return (int) rewards.size(1);
    }

    /**
     * @param batch         {@code B} windows of {@code T} transitions
     * @param obsShape      the observation's shape
     * @param actDim        the length of the model's action encoding
     * @param encodeActions maps the batch's {@code B T} environment actions (row-major, as stored) to
     *                      {@code B T actDim} encoded values
     * @return the sequences
     * @throws IllegalArgumentException if the batch's shapes do not match or a reward is not finite
     */
    public static LatentSequences of(SequenceBatch batch, long[] obsShape, int actDim,
            UnaryOperator<double[]> encodeActions) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(obsShape, "obsShape");
        Objects.requireNonNull(encodeActions, "encodeActions");
        int b = batch.batchSize();
        int t = batch.length();
        int obsSize = (int) Arrays.stream(obsShape).reduce(1, (x, y) -> x * y);
        if (batch.observations().length() != (long) b * t * obsSize) {
            throw new IllegalArgumentException("batch observations " + Arrays.toString(batch.observations().shape())
                    + " do not match the observation shape " + Arrays.toString(obsShape));
        }
        float[] obs = HostArrays.toFloats(batch.observations());
        float[] next = HostArrays.toFloats(batch.nextObservations());
        double[] rew = HostArrays.toDoubles(batch.rewards());
        double[] term = HostArrays.toDoubles(batch.terminated());
        HostArrays.requireFinite(rew, "batch.rewards");
        double[] enc = encodeActions.apply(HostArrays.toDoubles(batch.actions()));
        if (enc.length != b * t * actDim) {
            throw new IllegalArgumentException("encoded actions hold " + enc.length + " values; expected B T actDim = "
                    + (long) b * t * actDim);
        }
        float[] seqObs = new float[b * (t + 1) * obsSize];
        float[] seqAct = new float[b * (t + 1) * actDim];
        float[] seqRew = new float[b * (t + 1)];
        float[] seqCont = new float[b * (t + 1)];
        for (int i = 0; i < b; i++) {
            int base = i * (t + 1);
            System.arraycopy(obs, i * t * obsSize, seqObs, base * obsSize, obsSize);
            seqCont[base] = 1;
            for (int k = 0; k < t; k++) {
                int src = i * t + k;
                int dst = base + k + 1;
                System.arraycopy(next, src * obsSize, seqObs, dst * obsSize, obsSize);
                for (int j = 0; j < actDim; j++) {
                    seqAct[dst * actDim + j] = (float) enc[src * actDim + j];
                }
                seqRew[dst] = (float) rew[src];
                seqCont[dst] = (float) (1 - term[src]);
            }
        }
        long[] shape = new long[obsShape.length + 2];
        shape[0] = b;
        shape[1] = t + 1;
        System.arraycopy(obsShape, 0, shape, 2, obsShape.length);
        return new LatentSequences(HostArrays.array(seqObs, shape), HostArrays.array(seqAct, b, t + 1, actDim),
                HostArrays.array(seqRew, b, t + 1), HostArrays.array(seqCont, b, t + 1));
    }
}
