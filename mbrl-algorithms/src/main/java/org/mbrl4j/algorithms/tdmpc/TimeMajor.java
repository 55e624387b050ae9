package org.mbrl4j.algorithms.tdmpc;

import org.mbrl4j.algorithms.common.ActionScaling;
import org.mbrl4j.core.buffer.SequenceBatch;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link SequenceBatch} of {@code B} windows of {@code H} steps rearranged time-major (row {@code t * B + i} is
 * window {@code i} at step {@code t}), actions mapped into {@code [-1, 1]}.
 *
 * @param firstObs   {@code [B, obsDim]}, the windows' first observations
 * @param nextObs    {@code [H * B, obsDim]}, the observations after each step
 * @param actions    {@code [H * B, actDim]} in {@code [-1, 1]}
 * @param rewards    {@code [H * B]}
 * @param terminated {@code [H * B]}, 1 where the step reached a terminal state
 * @param batch      {@code B}
 */
record TimeMajor(INDArray firstObs, INDArray nextObs, INDArray actions, double[] rewards, double[] terminated,
        int batch) {

    static TimeMajor of(SequenceBatch s, int obsDim, int actDim, ActionScaling scaling) {
        int b = s.batchSize();
        int h = s.length();
        if (s.observations().length() != (long) b * h * obsDim || s.actions().length() != (long) b * h * actDim) {
            throw new IllegalArgumentException("batch shapes " + java.util.Arrays.toString(s.observations().shape())
                    + " / " + java.util.Arrays.toString(s.actions().shape()) + " do not match obsDim " + obsDim
                    + " and actDim " + actDim);
        }
        float[] obs = HostArrays.toFloats(s.observations());
        float[] next = HostArrays.toFloats(s.nextObservations());
        double[] act = scaling.toNormalized(HostArrays.toDoubles(s.actions()));
        double[] rew = HostArrays.toDoubles(s.rewards());
        double[] term = HostArrays.toDoubles(s.terminated());
        HostArrays.requireFinite(rew, "batch.rewards");
        float[] first = new float[b * obsDim];
        float[] nextTm = new float[h * b * obsDim];
        float[] actTm = new float[h * b * actDim];
        double[] rewTm = new double[h * b];
        double[] termTm = new double[h * b];
        for (int i = 0; i < b; i++) {
            System.arraycopy(obs, i * h * obsDim, first, i * obsDim, obsDim);
            for (int t = 0; t < h; t++) {
                int row = t * b + i;
                int src = i * h + t;
                System.arraycopy(next, src * obsDim, nextTm, row * obsDim, obsDim);
                for (int j = 0; j < actDim; j++) {
                    actTm[row * actDim + j] = (float) act[src * actDim + j];
                }
                rewTm[row] = rew[src];
                termTm[row] = term[src];
            }
        }
        return new TimeMajor(HostArrays.array(first, b, obsDim), HostArrays.array(nextTm, (long) h * b, obsDim),
                HostArrays.array(actTm, (long) h * b, actDim), rewTm, termTm, b);
    }

    /** @return the actions of step {@code t}, {@code [B, actDim]}, fresh */
    INDArray actionsAt(int t) {
        return actions.get(org.nd4j.linalg.indexing.NDArrayIndex.interval((long) t * batch, (long) (t + 1) * batch))
                .dup();
    }
}
