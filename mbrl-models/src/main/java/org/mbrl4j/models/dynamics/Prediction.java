package org.mbrl4j.models.dynamics;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a {@link DynamicsModel} predicts for each member: the mean of the next observation (followed by the
 * reward in the last column when the model learns rewards) and, for probabilistic models, its variance.
 *
 * @param mean     {@code [E, B, obsDim (+1)]}, fresh float32
 * @param variance the same shape, or {@code null} for deterministic models
 */
public record Prediction(INDArray mean, INDArray variance) {

    /** Checks that the shapes agree. */
    public Prediction {
        Objects.requireNonNull(mean, "mean");
        if (variance != null && !Arrays.equals(mean.shape(), variance.shape())) {
            throw new IllegalArgumentException("variance has shape " + Arrays.toString(variance.shape())
                    + "; expected " + Arrays.toString(mean.shape()) + " like mean");
        }
    }

    /** @return whether a variance is present */
    public boolean probabilistic() {
        return variance != null;
    }
}
