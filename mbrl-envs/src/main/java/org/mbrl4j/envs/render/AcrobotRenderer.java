package org.mbrl4j.envs.render;

import java.awt.Color;
import java.awt.image.BufferedImage;

/**
 * Draws Acrobot-v1 from the state {@code [theta1, theta2, dtheta1, dtheta2]} (radians, rad/s;
 * {@code theta1 = 0} hangs the first link straight down, {@code theta2} is relative to the first link) with
 * the geometry and colours of Gymnasium's {@code AcrobotEnv.render()}: a 500 x 500 screen spanning
 * {@code [-2.2, 2.2]} metres, two cyan links of length 1 and width 0.2, yellow joints, and a black line at
 * height 1 (the goal height of the tip above the pivot).
 */
public final class AcrobotRenderer implements StateRenderer {

    /** Colour of the links, as in Gymnasium. */
    public static final Color LINK = new Color(0, 204, 204);
    /** Colour of the joints, as in Gymnasium. */
    public static final Color JOINT = new Color(204, 204, 0);

    private static final int SIZE = 500;
    private static final double LINK_LENGTH = 1.0;
    private static final double BOUND = 2 * LINK_LENGTH + 0.2;

    /** The Acrobot-v1 renderer (it has no parameters). */
    public AcrobotRenderer() {}

    @Override
    public int stateDimension() {
        return 4;
    }

    @Override
    public int nativeWidth() {
        return SIZE;
    }

    @Override
    public int nativeHeight() {
        return SIZE;
    }

    @Override
    public BufferedImage render(double[] state, int width, int height) {
        Canvas.checkArguments(state, 4, width, height);
        Canvas c = new Canvas(width, height, SIZE, SIZE);
        double scale = SIZE / (BOUND * 2);
        double offset = SIZE / 2.0;
        double linkLength = LINK_LENGTH * scale;
        double halfWidth = c.atLeastVisible(0.2 * scale) / 2;

        c.line(-BOUND * scale + offset, scale + offset, BOUND * scale + offset, scale + offset,
                c.hairline(), Color.BLACK);

        // Each link's direction, measured from +x: theta - pi/2 points straight down at theta = 0.
        double[] angles = {state[0] - Math.PI / 2, state[0] + state[1] - Math.PI / 2};
        double x = offset;
        double y = offset;
        for (double angle : angles) {
            c.fillRotatedRect(0, linkLength, -halfWidth, halfWidth, angle, x, y, LINK);
            c.fillCircle(x, y, 0.1 * scale, JOINT);
            x += linkLength * Math.cos(angle);
            y += linkLength * Math.sin(angle);
        }
        return c.finish();
    }

    @Override
    public String toString() {
        return "AcrobotRenderer";
    }
}
