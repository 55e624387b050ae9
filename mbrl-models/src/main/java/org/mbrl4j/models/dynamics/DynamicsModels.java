package org.mbrl4j.models.dynamics;

import java.util.Arrays;
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
}
