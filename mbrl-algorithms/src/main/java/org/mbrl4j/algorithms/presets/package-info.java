/**
 * The presets registry: which configuration each algorithm uses on each environment id. The algorithms
 * themselves are task-agnostic; the named presets they offer ({@code PetsConfig.cartpoleContinuous()},
 * {@code SacConfig.pendulumSmall()}, ...) cite the files or papers their numbers come from, and
 * {@link org.mbrl4j.algorithms.presets.Presets} maps environment ids onto them, as mbrl-lib keeps its task
 * overrides in separate files ({@code mbrl/examples/conf/overrides/}).
 */
package org.mbrl4j.algorithms.presets;
