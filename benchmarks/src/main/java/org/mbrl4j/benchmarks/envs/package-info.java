/** JMH benchmarks of the environments of {@code mbrl-envs}: steps per second through the public API. */
package org.mbrl4j.benchmarks.envs;
