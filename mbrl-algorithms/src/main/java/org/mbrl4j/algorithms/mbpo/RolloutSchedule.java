package org.mbrl4j.algorithms.mbpo;

/**
 * MBPO's truncated-linear rollout-length schedule {@code [minEpoch, maxEpoch, minLength, maxLength]}:
 * {@code minLength} up to {@code minEpoch}, then linear in the epoch up to {@code maxLength} at
 * {@code maxEpoch}, constant after; the length is the floor of that line (as {@code int(...)} in jannerm/mbpo
 * and mbrl-lib's {@code truncated_linear}).
 *
 * @param minEpoch  the epoch where the ramp starts, {@code >= 0}
 * @param maxEpoch  the epoch where it ends, {@code > minEpoch}
 * @param minLength the length before the ramp, {@code >= 1}
 * @param maxLength the length after it, {@code >= 1}
 */
public record RolloutSchedule(int minEpoch, int maxEpoch, int minLength, int maxLength) {

    /** Validates the fields; the message names the bad one. */
    public RolloutSchedule {
        if (minEpoch < 0) {
            throw new IllegalArgumentException("minEpoch must be >= 0: " + minEpoch);
        }
        if (maxEpoch <= minEpoch) {
            throw new IllegalArgumentException("maxEpoch must be > minEpoch=" + minEpoch + ": " + maxEpoch);
        }
        if (minLength < 1 || maxLength < 1) {
            throw new IllegalArgumentException("minLength and maxLength must be >= 1: " + minLength + ", "
                    + maxLength);
        }
    }

    /**
     * @param epoch the epoch, counted from 1 as the references do ({@code epoch + 1} in mbrl-lib's loop)
     * @return the rollout length {@code k} for that epoch
     */
    public int length(int epoch) {
        if (epoch <= minEpoch) {
            return minLength;
        }
        double dx = Math.min(1.0, (double) (epoch - minEpoch) / (maxEpoch - minEpoch));
        return (int) (dx * (maxLength - minLength) + minLength);
    }
}
