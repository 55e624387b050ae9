package org.mbrl4j.envs.vector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of one step of every copy of a {@link SyncVectorEnvironment} in {@code SAME_STEP} autoreset mode.
 *
 * <p>For a copy {@code i} whose episode ended in this step ({@code terminated[i] || truncated[i]}), row
 * {@code i} of {@code observations} is already the first observation of its next episode and {@code infos[i]}
 * is that reset's info; the last observation and info of the ended episode are in {@code finalObservations[i]}
 * and {@code finalInfos[i]}. For the other copies those two entries are null. A transition for a replay
 * buffer is therefore {@code (obs[i], action[i], rewards[i], done(i) ? finalObservations[i] : observations[i])}.
 *
 * @param observations next observations, shape {@code [N, ...observationShape]}, a fresh array
 * @param rewards the reward of each copy, length {@code N}
 * @param terminated whether each copy reached a terminal state, length {@code N}
 * @param truncated whether each copy's episode was cut (time limit), length {@code N}
 * @param finalObservations the last observation of each episode that ended, null where none ended
 * @param infos the step info of each copy (the reset info where its episode ended); unmodifiable maps
 * @param finalInfos the step info of each episode that ended, null where none ended
 */
public record VectorStep(INDArray observations, double[] rewards, boolean[] terminated, boolean[] truncated,
        INDArray[] finalObservations, List<Map<String, Object>> infos, List<Map<String, Object>> finalInfos) {

    /** Checks that every per-copy field has the same length; {@code finalInfos} may hold nulls. */
    public VectorStep {
        Objects.requireNonNull(observations, "observations");
        int n = rewards.length;
        if (terminated.length != n || truncated.length != n || finalObservations.length != n
                || infos.size() != n || finalInfos.size() != n) {
            throw new IllegalArgumentException("every per-copy field must have length " + n + ": terminated "
                    + terminated.length + ", truncated " + truncated.length + ", finalObservations "
                    + finalObservations.length + ", infos " + infos.size() + ", finalInfos " + finalInfos.size());
        }
        infos = List.copyOf(infos);
        finalInfos = Collections.unmodifiableList(new ArrayList<>(finalInfos));
    }

    /** @return the number of copies {@code N} */
    public int numEnvs() {
        return rewards.length;
    }

    /**
     * @param i copy index
     * @return whether copy {@code i}'s episode ended in this step (and it was reset)
     */
    public boolean done(int i) {
        return terminated[i] || truncated[i];
    }

    @Override
    public String toString() {
        return "VectorStep(rewards=" + Arrays.toString(rewards) + ", terminated=" + Arrays.toString(terminated)
                + ", truncated=" + Arrays.toString(truncated) + ")";
    }
}
