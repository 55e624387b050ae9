/**
 * Vectorised environments: {@link org.mbrl4j.envs.vector.SyncVectorEnvironment} steps {@code N} copies of an
 * environment in one call with batched observations {@code [N, ...]} and automatic reset, like Gymnasium's
 * {@code SyncVectorEnv} in its {@code SAME_STEP} autoreset mode.
 */
package org.mbrl4j.envs.vector;
