/**
 * Run loops that drive an {@link org.mbrl4j.core.Environment} with an {@link org.mbrl4j.core.Agent}:
 * {@link org.mbrl4j.core.loop.Rollouts} collects experience for a step or episode budget (telling the agent
 * and a {@link org.mbrl4j.core.loop.RolloutListener} about every step, optionally filling a replay buffer),
 * and {@link org.mbrl4j.core.loop.Evaluation} measures returns and lengths without letting the agent learn.
 * Both seed the first reset and continue the environment's generator afterwards, so a run is reproducible
 * from its seed.
 */
package org.mbrl4j.core.loop;
