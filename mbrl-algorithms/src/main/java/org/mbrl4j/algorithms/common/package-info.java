/**
 * Parts shared by the policy-optimisation families ({@code sac}, {@code td3}, {@code mbpo}, {@code steve}):
 * Q networks over the shared nn blocks, Polyak averaging, the tanh-squashed Gaussian's log-density, action
 * scaling between {@code [-1, 1]} and a {@link org.mbrl4j.core.spaces.Box}, and the off-policy training loop
 * with its per-episode callback.
 */
package org.mbrl4j.algorithms.common;
