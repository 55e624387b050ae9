package org.mbrl4j.envs.vector;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of resetting every copy of a {@link SyncVectorEnvironment}.
 *
 * @param observations the first observations, shape {@code [N, ...observationShape]}, a fresh array
 * @param infos the info of each copy, {@code N} unmodifiable maps, never null
 */
public record VectorReset(INDArray observations, List<Map<String, Object>> infos) {

    /** Checks the fields and copies {@code infos} into an unmodifiable list. */
    public VectorReset {
        Objects.requireNonNull(observations, "observations");
        infos = List.copyOf(infos);
    }
}
