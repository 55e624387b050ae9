package org.mbrl4j.planners.mcts;

/**
 * What one search found at the root.
 *
 * @param visitCounts  visits of each root action, {@code [actionCount]}; they sum to the number of simulations
 * @param qValues      {@code r(a) + discount * value(child a)} of each visited root action, and for an unvisited
 *                     action the value that completes it ({@link GumbelSearch}) or 0 ({@link Mcts})
 *                     {@code [actionCount]}, in reward units
 * @param rootValue    the search's value of the root: the mean of the returns backed up through it, in reward
 *                     units
 * @param policyTarget the policy to train towards, {@code [actionCount]}, summing to 1: normalised visit counts
 *                     ({@link Mcts}) or {@code softmax(logits + sigma(completed Q))} ({@link GumbelSearch})
 * @param action       the search's own choice: the most visited action ({@link Mcts}; the lowest index among
 *                     ties) or the action that survived sequential halving ({@link GumbelSearch})
 */
public record SearchResult(int[] visitCounts, double[] qValues, double rootValue, double[] policyTarget,
        int action) {
}
