/**
 * Pixel renderings of the classic-control environments, drawn headless with Java2D from their physical state
 * arrays in the style and geometry of Gymnasium's {@code render()}: {@link org.mbrl4j.envs.render.StateRenderer}
 * and its implementations, the {@link org.mbrl4j.envs.render.PixelObservation} wrapper that turns a simulated
 * environment into one observed through {@code [C, H, W]} float32 images, and an animated-GIF writer for
 * episode videos.
 *
 * <p>Rendering needs no display: set {@code java.awt.headless=true} on machines without one (tests and
 * servers). Same state, same size, same JVM: bitwise the same pixels.
 */
package org.mbrl4j.envs.render;
