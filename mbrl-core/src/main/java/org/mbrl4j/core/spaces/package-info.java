/**
 * Observation and action spaces with Gymnasium's semantics: {@link org.mbrl4j.core.spaces.Box} (a
 * float32 box with per-element bounds) and {@link org.mbrl4j.core.spaces.Discrete} ({@code n} integer
 * choices). Spaces are immutable and sample only from a generator they are handed.
 */
package org.mbrl4j.core.spaces;
