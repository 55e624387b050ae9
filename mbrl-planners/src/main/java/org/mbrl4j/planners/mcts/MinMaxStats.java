package org.mbrl4j.planners.mcts;

/**
 * The running minimum and maximum of the Q values seen in one search, which pUCT uses to bring Q values into
 * {@code [0, 1]} without knowing the reward scale (MuZero's {@code MinMaxStats}, Schrittwieser et al. 2020,
 * appendix B).
 */
public final class MinMaxStats {

    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    /** @param value a Q value seen in the tree, finite */
    public void update(double value) {
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    /**
     * @param value a Q value
     * @return {@code (value - min) / (max - min)} once two different values were seen, else {@code value}
     *         unchanged
     */
    public double normalize(double value) {
        if (max > min) {
            return (value - min) / (max - min);
        }
        return value;
    }
}
