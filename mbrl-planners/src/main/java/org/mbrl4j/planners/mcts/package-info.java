/**
 * Monte Carlo tree search over a learned (or true) model with discrete actions, as MuZero uses it.
 *
 * <p>A {@link org.mbrl4j.planners.mcts.SearchModel} gives, for a state and an action, the reward, the next
 * state, and the next state's policy logits and value (one {@link org.mbrl4j.planners.mcts.Expansion}).
 * Two searches run over it from a root expansion:
 * <ul>
 *   <li>{@link org.mbrl4j.planners.mcts.Mcts}: pUCT selection (Schrittwieser et al. 2020, appendix B),
 *       Dirichlet noise on the root priors, min-max normalised Q values, discount;</li>
 *   <li>{@link org.mbrl4j.planners.mcts.GumbelSearch}: Gumbel MuZero's root search (Danihelka et al. 2022,
 *       "Policy improvement by planning with Gumbel", ICLR 2022): Gumbel-top-k of the considered actions,
 *       sequential halving ({@link org.mbrl4j.planners.mcts.SequentialHalving}) and completed Q values.</li>
 * </ul>
 * Both return a {@link org.mbrl4j.planners.mcts.SearchResult} with the root's visit counts, Q values, value and
 * the policy target. States are opaque to the search (MuZero passes {@code float[]} hidden states), and the
 * search allocates no ND4J array: tree nodes of small networks are too cheap for one.
 */
package org.mbrl4j.planners.mcts;
