/**
 * Environments for model-based RL: the registry {@link org.mbrl4j.envs.Envs} (Gymnasium's
 * {@code make} with its time limits), {@link org.mbrl4j.envs.EnvSpec}, and
 * {@link org.mbrl4j.envs.AbstractEnvironment}, the base of the simulated environments with the
 * checks every action passes at the API boundary. The environments themselves are in
 * {@link org.mbrl4j.envs.classic}, the wrappers in {@link org.mbrl4j.envs.wrappers}.
 */
package org.mbrl4j.envs;
