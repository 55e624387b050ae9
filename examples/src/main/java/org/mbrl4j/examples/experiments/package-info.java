/**
 * Experiment runners behind the docs' numbers and pictures ({@code PetsResults}: PETS returns per trial over
 * seeds; {@code RenderDocImages}: the environment pictures), run by hand from the command line.
 */
package org.mbrl4j.examples.experiments;
