package org.mbrl4j.planners.mcts;

/**
 * A model that a tree search expands: MuZero's dynamics and prediction functions
 * ({@code g(s, a) -> (r, s')} and {@code f(s') -> (p, v)}) in one call.
 *
 * @param <S> the state type; the search never looks inside it
 */
public interface SearchModel<S> {

    /** @return the number of actions, the same for every state, {@code >= 1} */
    int actionCount();

    /**
     * Expands one edge of the tree.
     *
     * @param state  a state that an earlier expansion (or the root) returned
     * @param action an action in {@code [0, actionCount())}
     * @return the reward of the step, the next state, and that state's policy logits {@code [actionCount]} and
     *         value
     */
    Expansion<S> recurrent(S state, int action);
}
