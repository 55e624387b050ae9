/**
 * Seeded randomness: {@link org.mbrl4j.core.random.RandomStreams} derives independent, reproducible
 * streams (Java and ND4J generators) from one seed, split by name or index per component, member,
 * episode or worker. Nothing in mbrl4j draws from a global generator.
 */
package org.mbrl4j.core.random;
