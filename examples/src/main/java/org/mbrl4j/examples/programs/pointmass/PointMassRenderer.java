package org.mbrl4j.examples.programs.pointmass;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.mbrl4j.envs.render.StateRenderer;

/** Draws {@link PointMass}'s state: a black disc at the mass's position on a white strip. */
// snippet:renderer
public final class PointMassRenderer implements StateRenderer {
    @Override public int stateDimension() { return 2; }          // reads [x, v]
    @Override public int nativeWidth() { return 600; }
    @Override public int nativeHeight() { return 200; }

    @Override
    public BufferedImage render(double[] state, int width, int height) {
        if (state.length != 2 || !Double.isFinite(state[0]) || width < 1 || height < 1) {
            throw new IllegalArgumentException("state [x, v] and sizes >= 1: " + java.util.Arrays.toString(state)
                    + ", " + width + " x " + height);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int cx = (int) Math.round((state[0] + 3) / 6 * width);    // x in [-3, 3] across the image
        int r = Math.max(2, height / 8);
        g.setColor(Color.BLACK);
        g.fillOval(cx - r, height / 2 - r, 2 * r, 2 * r);
        g.dispose();
        return image;
    }
}
// end-snippet
