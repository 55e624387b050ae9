/**
 * The point-mass task of docs/custom-environments.md, whose listings are cut from these files: the
 * environment ({@link org.mbrl4j.examples.programs.pointmass.PointMass}), its renderer, and
 * {@link org.mbrl4j.examples.programs.pointmass.PointMassTask} (batched reward and termination, spec, PETS and
 * MBPO on it).
 */
package org.mbrl4j.examples.programs.pointmass;
