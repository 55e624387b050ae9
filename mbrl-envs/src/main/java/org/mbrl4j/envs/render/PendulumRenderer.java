package org.mbrl4j.envs.render;

import java.awt.Color;
import java.awt.image.BufferedImage;

/**
 * Draws Pendulum-v1 from the state {@code [theta, theta_dot]} (radians, rad/s; {@code theta = 0} upright,
 * positive counter-clockwise) with the geometry and colours of Gymnasium's {@code PendulumEnv.render()}: a
 * 500 x 500 screen spanning {@code [-2.2, 2.2]} metres, a red rod of length 1 and width 0.2 with rounded ends
 * and a black axle. Gymnasium's arrow showing the last torque is not drawn: it is not part of the state.
 */
public final class PendulumRenderer implements StateRenderer {

    /** Colour of the rod, as in Gymnasium. */
    public static final Color ROD = new Color(204, 77, 77);

    private static final int SIZE = 500;
    private static final double BOUND = 2.2;

    /** The Pendulum-v1 renderer (it has no parameters). */
    public PendulumRenderer() {}

    @Override
    public int stateDimension() {
        return 2;
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
        Canvas.checkArguments(state, 2, width, height);
        Canvas c = new Canvas(width, height, SIZE, SIZE);
        double scale = SIZE / (BOUND * 2);
        double offset = SIZE / 2.0;
        double rodLength = scale;
        double rodWidth = c.atLeastVisible(0.2 * scale);
        double angle = state[0] + Math.PI / 2;

        c.fillRotatedRect(0, rodLength, -rodWidth / 2, rodWidth / 2, angle, offset, offset, ROD);
        c.fillCircle(offset, offset, rodWidth / 2, ROD);
        c.fillCircle(offset + rodLength * Math.cos(angle), offset + rodLength * Math.sin(angle), rodWidth / 2, ROD);
        c.fillCircle(offset, offset, c.atLeastVisible(0.1 * scale) / 2, Color.BLACK);
        return c.finish();
    }

    @Override
    public String toString() {
        return "PendulumRenderer";
    }
}
