package org.mbrl4j.core;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of {@link Environment#reset()}: the first observation of an episode and auxiliary info.
 *
 * @param observation the first observation, shape {@code observationSpace().shape()}
 * @param info auxiliary diagnostics (never used for learning by the library); unmodifiable, never null
 */
public record Reset(INDArray observation, Map<String, Object> info) {

    /** Checks the fields and copies {@code info} into an unmodifiable map. */
    public Reset {
        Objects.requireNonNull(observation, "observation");
        info = info == null ? Map.of() : Map.copyOf(info);
    }

    /**
     * @param observation the first observation
     * @return a reset result with empty info
     */
    public static Reset of(INDArray observation) {
        return new Reset(observation, Map.of());
    }
}
