package org.mbrl4j.envs.render;

import java.awt.Color;
import java.awt.image.BufferedImage;

/**
 * Draws MountainCar-v0 or MountainCarContinuous-v0 from the state {@code [position, velocity]} with the
 * geometry and colours of Gymnasium's {@code render()}: a 600 x 400 screen spanning positions
 * {@code [-1.2, 0.6]}, the hill {@code height(x) = 0.45 sin(3x) + 0.55} as a black curve, a 40 x 20 pixel black
 * car tilted by {@code cos(3x)} radians (Gymnasium's approximation of the slope angle) on two grey wheels, and
 * a yellow flag at the goal position.
 */
public final class MountainCarRenderer implements StateRenderer {

    /** Colour of the flag, as in Gymnasium. */
    public static final Color FLAG = new Color(204, 204, 0);
    /** Colour of the wheels, as in Gymnasium. */
    public static final Color WHEEL = new Color(128, 128, 128);

    /** Smallest position, as in Gymnasium. */
    public static final double MIN_POSITION = -1.2;
    /** Largest position, as in Gymnasium. */
    public static final double MAX_POSITION = 0.6;

    private static final int WIDTH = 600;
    private static final int HEIGHT = 400;
    private static final double CAR_WIDTH = 40;
    private static final double CAR_HEIGHT = 20;
    private static final double CLEARANCE = 10;
    private static final int CURVE_POINTS = 100;

    private final double goalPosition;

    /** MountainCar-v0's renderer, goal at 0.5. */
    public MountainCarRenderer() {
        this(0.5);
    }

    /**
     * @param goalPosition where the flag stands: 0.5 for MountainCar-v0, 0.45 for MountainCarContinuous-v0;
     *     within {@code [-1.2, 0.6]}
     * @throws IllegalArgumentException if the goal is NaN or outside the track
     */
    public MountainCarRenderer(double goalPosition) {
        if (!(goalPosition >= MIN_POSITION && goalPosition <= MAX_POSITION)) {
            throw new IllegalArgumentException("goalPosition must be within [" + MIN_POSITION + ", " + MAX_POSITION
                    + "]: " + goalPosition);
        }
        this.goalPosition = goalPosition;
    }

    /** @return the flag's position */
    public double goalPosition() {
        return goalPosition;
    }

    /**
     * The hill's height, Gymnasium's {@code _height}.
     *
     * @param x position
     * @return {@code 0.45 sin(3x) + 0.55}
     */
    public static double height(double x) {
        return Math.sin(3 * x) * 0.45 + 0.55;
    }

    @Override
    public int stateDimension() {
        return 2;
    }

    @Override
    public int nativeWidth() {
        return WIDTH;
    }

    @Override
    public int nativeHeight() {
        return HEIGHT;
    }

    @Override
    public BufferedImage render(double[] state, int width, int height) {
        Canvas.checkArguments(state, 2, width, height);
        Canvas c = new Canvas(width, height, WIDTH, HEIGHT);
        double scale = WIDTH / (MAX_POSITION - MIN_POSITION);
        double pos = state[0];

        double[] xs = new double[CURVE_POINTS];
        double[] ys = new double[CURVE_POINTS];
        for (int i = 0; i < CURVE_POINTS; i++) {
            double x = MIN_POSITION + (MAX_POSITION - MIN_POSITION) * i / (CURVE_POINTS - 1);
            xs[i] = (x - MIN_POSITION) * scale;
            ys[i] = height(x) * scale;
        }
        c.polyline(xs, ys, c.hairline(), Color.BLACK);

        double angle = Math.cos(3 * pos);
        double carX = (pos - MIN_POSITION) * scale;
        double carY = CLEARANCE + height(pos) * scale;
        c.fillRotatedRect(-CAR_WIDTH / 2, CAR_WIDTH / 2, 0, CAR_HEIGHT, angle, carX, carY, Color.BLACK);
        double wheelRadius = (int) (CAR_HEIGHT / 2.5);
        for (double wx : new double[] {CAR_WIDTH / 4, -CAR_WIDTH / 4}) {
            c.fillCircle(carX + wx * Math.cos(angle), carY + wx * Math.sin(angle), wheelRadius, WHEEL);
        }

        double flagX = (goalPosition - MIN_POSITION) * scale;
        double flagY1 = height(goalPosition) * scale;
        double flagY2 = flagY1 + 50;
        c.line(flagX, flagY1, flagX, flagY2, c.hairline(), Color.BLACK);
        c.fillPolygon(new double[] {flagX, flagX, flagX + 25}, new double[] {flagY2, flagY2 - 10, flagY2 - 5}, FLAG);
        return c.finish();
    }

    @Override
    public String toString() {
        return "MountainCarRenderer(goalPosition=" + goalPosition + ")";
    }
}
