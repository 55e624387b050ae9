package org.mbrl4j.models.dynamics;

import java.util.Arrays;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Argument checks shared by the {@link DynamicsModel} implementations. */
final class DynamicsModels {

    private DynamicsModels() {
    }

    /**
     * Checks the arguments of {@link DynamicsModel#predictMembers}.
     *
     * @return the rows per member B
     * @throws IllegalArgumentException naming the bad argument
     */
    static long checkMembers(INDArray observations, INDArray actions, int[] members, int ensembleSize, int obsSize,
            int actSize) {
        if (members == null || members.length == 0) {
            throw new IllegalArgumentException("members must list at least one member index, got "
                    + Arrays.toString(members));
        }
        boolean[] seen = new boolean[ensembleSize];
        for (int i = 0; i < members.length; i++) {
            int m = members[i];
            if (m < 0 || m >= ensembleSize) {
                throw new IllegalArgumentException("members[" + i + "] = " + m + " is outside [0, " + ensembleSize
                        + ")");
            }
            if (seen[m]) {
                throw new IllegalArgumentException("members repeats index " + m + ": " + Arrays.toString(members));
            }
            seen[m] = true;
        }
        if (observations == null || observations.rank() != 3 || observations.size(0) != members.length
                || observations.size(2) != obsSize) {
            throw new IllegalArgumentException("observations must be [" + members.length + ", B, " + obsSize
                    + "]: got " + (observations == null ? "null" : Arrays.toString(observations.shape())));
        }
        long b = observations.size(1);
        if (actions == null || actions.rank() != 3 || actions.size(0) != members.length || actions.size(1) != b
                || actions.size(2) != actSize) {
            throw new IllegalArgumentException("actions must be [" + members.length + ", " + b + ", " + actSize
                    + "]: got " + (actions == null ? "null" : Arrays.toString(actions.shape())));
        }
        return b;
    }

    /**
     * {@link DynamicsModel#predictRows}: rows grouped into one block per member present (ascending member
     * order, blocks padded with zero rows to the largest), one {@link DynamicsModel#predictMembers} call,
     * each row's prediction taken back from its block.
     */
    static Prediction predictRows(DynamicsModel model, INDArray observations, INDArray actions, int[] members) {
        int o = model.observationSize();
        int a = model.actionSize();
        int d = model.outputSize();
        int e = model.ensembleSize();
        float[] obs = Inputs.floats("observations", observations, new long[] {-1, o});
        int n = (int) observations.size(0);
        float[] act = Inputs.floats("actions", actions, new long[] {n, a});
        if (members == null || members.length != n) {
            throw new IllegalArgumentException("members must name one member per row: " + n + " rows, got "
                    + (members == null ? "null" : members.length + " members"));
        }
        int[] count = new int[e];
        for (int r = 0; r < n; r++) {
            if (members[r] < 0 || members[r] >= e) {
                throw new IllegalArgumentException("members[" + r + "] = " + members[r] + " is outside [0, " + e
                        + ")");
            }
            count[members[r]]++;
        }
        int[] block = new int[e];
        int k = 0;
        int rows = 0;
        for (int m = 0; m < e; m++) {
            block[m] = count[m] > 0 ? k++ : -1;
            rows = Math.max(rows, count[m]);
        }
        int[] present = new int[k];
        for (int m = 0; m < e; m++) {
            if (block[m] >= 0) {
                present[block[m]] = m;
            }
        }
        // slot[r]: row r's position in its member's block; shorter blocks end in zero rows, ignored below.
        float[] so = new float[k * rows * o];
        float[] sa = new float[k * rows * a];
        int[] slot = new int[n];
        int[] fill = new int[k];
        for (int r = 0; r < n; r++) {
            int b = block[members[r]];
            slot[r] = fill[b]++;
            System.arraycopy(obs, r * o, so, (b * rows + slot[r]) * o, o);
            System.arraycopy(act, r * a, sa, (b * rows + slot[r]) * a, a);
        }
        Prediction p = model.predictMembers(HostArrays.array(so, k, rows, o),
                HostArrays.array(sa, k, rows, a), present);
        float[] mean = HostArrays.toFloats(p.mean());
        float[] var = p.probabilistic() ? HostArrays.toFloats(p.variance()) : null;
        float[] rowMean = new float[n * d];
        float[] rowVar = var == null ? null : new float[n * d];
        for (int r = 0; r < n; r++) {
            int from = (block[members[r]] * rows + slot[r]) * d;
            System.arraycopy(mean, from, rowMean, r * d, d);
            if (var != null) {
                System.arraycopy(var, from, rowVar, r * d, d);
            }
        }
        long[] shape = {n, d};
        return new Prediction(HostArrays.array(rowMean, shape),
                rowVar == null ? null : HostArrays.array(rowVar, shape));
    }
}
