/**
 * Environment wrappers with Gymnasium's semantics: the {@link org.mbrl4j.envs.wrappers.Wrapper} base
 * that delegates to an inner environment, and {@link org.mbrl4j.envs.wrappers.TimeLimit}, which
 * truncates episodes as Gymnasium's registry does.
 */
package org.mbrl4j.envs.wrappers;
