package org.mbrl4j.envs.render;

import java.awt.image.BufferedImage;

/**
 * Draws a picture of an environment from its physical state (the layout of
 * {@link org.mbrl4j.core.SimulatedEnvironment#getState()}), with no other input, so that the same state
 * always gives the same picture. Implementations are immutable and thread-safe.
 */
public interface StateRenderer {

    /** @return the length of the state arrays this renderer reads */
    int stateDimension();

    /** @return the width in pixels of Gymnasium's screen for this environment, the natural display size */
    int nativeWidth();

    /** @return the height in pixels of Gymnasium's screen for this environment */
    int nativeHeight();

    /**
     * Draws the state. The scene fills the whole image (Gymnasium's screen stretched to {@code width x height}
     * when the aspect differs); thin parts are drawn at least about one and a half pixels wide so that they
     * stay visible in small images.
     *
     * @param state the physical state, length {@link #stateDimension()}, finite values
     * @param width image width in pixels, {@code >= 1}
     * @param height image height in pixels, {@code >= 1}
     * @return a fresh {@link BufferedImage#TYPE_INT_RGB} image
     * @throws IllegalArgumentException if the state has the wrong length or a non-finite value, or a size is
     *     below 1
     */
    BufferedImage render(double[] state, int width, int height);
}
