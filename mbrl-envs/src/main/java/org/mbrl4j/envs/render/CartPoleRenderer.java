package org.mbrl4j.envs.render;

import java.awt.Color;
import java.awt.image.BufferedImage;

/**
 * Draws a cart-pole from the state {@code [x, x_dot, theta, theta_dot]} (metres, m/s, radians, rad/s) with
 * the geometry and colours of Gymnasium's {@code CartPoleEnv.render()}: a 600 x 400 screen spanning
 * {@code [-xThreshold, xThreshold]}, a 50 x 30 pixel black cart on a black track, a 10 pixel wide brown pole
 * of length {@code 2 * poleHalfLength} (scaled like the track) on a blue axle. {@code theta = 0} is upright,
 * positive theta leans the pole to the right, {@code theta = pi} hangs it down.
 *
 * <p>Gymnasium puts the track 100 pixels above the bottom, which leaves no room for a hanging pole; the
 * swing-up layout ({@link #swingUp}) puts it at mid-height instead. A track without walls lets the cart leave
 * a fixed view; the following swing-up layout ({@link #swingUpFollowing}) keeps the cart at the centre of the
 * picture (as DeepMind Control's {@code lookatcart} camera keeps it in sight) and draws the track's position
 * on it: a short black post every metre, a red post twice as tall at {@code x = 0} and the metre of track around
 * it in red.
 */
public final class CartPoleRenderer implements StateRenderer {

    /** Colour of the pole, as in Gymnasium. */
    public static final Color POLE = new Color(202, 152, 101);
    /** Colour of the cart and the track, as in Gymnasium. */
    public static final Color CART = Color.BLACK;
    /** Colour of the axle, as in Gymnasium. */
    public static final Color AXLE = new Color(129, 132, 203);
    /** Colour of the marks at the centre of the track ({@code x = 0}) in the following view. */
    public static final Color CENTRE = new Color(200, 30, 30);

    private static final int WIDTH = 600;
    private static final int HEIGHT = 400;
    private static final double POLE_WIDTH = 10.0;
    private static final double CART_WIDTH = 50.0;
    private static final double CART_HEIGHT = 30.0;
    /** Height of the metre posts below the track in the following view, native pixels (the centre's: twice). */
    private static final double POST_HEIGHT = 40.0;
    private static final double POST_WIDTH = 6.0;
    private static final double BAND_HEIGHT = 12.0;

    private final double poleHalfLength;
    private final double xThreshold;
    private final double trackY;
    private final boolean follow;

    /** CartPole-v1's renderer: pole half-length 0.5 m, track half-width 2.4 m, track 100 pixels up. */
    public CartPoleRenderer() {
        this(0.5, 2.4, false);
    }

    /**
     * @param poleHalfLength half the pole's length in metres (Gymnasium's {@code length}), finite, {@code > 0}
     * @param xThreshold half the width of the world shown, in metres, finite, {@code > 0}
     * @param poleCanHang whether to put the track at mid-height so that a hanging pole stays in the picture
     *     (swing-up tasks) rather than 100 pixels above the bottom (Gymnasium)
     * @throws IllegalArgumentException if a length is not finite and positive
     */
    public CartPoleRenderer(double poleHalfLength, double xThreshold, boolean poleCanHang) {
        this(poleHalfLength, xThreshold, poleCanHang, false);
    }

    private CartPoleRenderer(double poleHalfLength, double xThreshold, boolean poleCanHang, boolean follow) {
        if (!(poleHalfLength > 0) || !Double.isFinite(poleHalfLength)) {
            throw new IllegalArgumentException("poleHalfLength must be finite and > 0: " + poleHalfLength);
        }
        if (!(xThreshold > 0) || !Double.isFinite(xThreshold)) {
            throw new IllegalArgumentException("xThreshold must be finite and > 0: " + xThreshold);
        }
        this.poleHalfLength = poleHalfLength;
        this.xThreshold = xThreshold;
        this.trackY = poleCanHang ? HEIGHT / 2.0 : 100.0;
        this.follow = follow;
    }

    /**
     * A renderer for a swing-up task, with the track at mid-height.
     *
     * @param poleHalfLength half the pole's length in metres, {@code > 0}
     * @param xThreshold half the width of the world shown, in metres, {@code > 0}
     * @return the renderer
     */
    public static CartPoleRenderer swingUp(double poleHalfLength, double xThreshold) {
        return new CartPoleRenderer(poleHalfLength, xThreshold, true);
    }

    /**
     * A renderer for a swing-up task on a track without walls: the track at mid-height, the view centred on the
     * cart (always in the picture), a black post below the track at every whole metre, a red post twice as tall
     * at {@code x = 0} and the track from {@code x = -0.5} to {@code 0.5} m in red, so that the cart's position can
     * be read from the marks while {@code |x| <= xThreshold}.
     *
     * @param poleHalfLength half the pole's length in metres, {@code > 0}
     * @param xThreshold half the width of the world shown, in metres, {@code > 0}
     * @return the renderer
     */
    public static CartPoleRenderer swingUpFollowing(double poleHalfLength, double xThreshold) {
        return new CartPoleRenderer(poleHalfLength, xThreshold, true, true);
    }

    /** @return whether the view follows the cart ({@link #swingUpFollowing}) rather than the track's centre */
    public boolean follows() {
        return follow;
    }

    /** @return half the pole's length in metres */
    public double poleHalfLength() {
        return poleHalfLength;
    }

    @Override
    public int stateDimension() {
        return 4;
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
        Canvas.checkArguments(state, 4, width, height);
        Canvas c = new Canvas(width, height, WIDTH, HEIGHT);
        double scale = WIDTH / (2 * xThreshold);
        double poleLength = scale * 2 * poleHalfLength;
        double poleWidth = c.atLeastVisible(POLE_WIDTH);
        double axleOffset = CART_HEIGHT / 4.0;
        double viewCentre = follow ? state[0] : 0.0;
        double cartX = (state[0] - viewCentre) * scale + WIDTH / 2.0;

        c.line(0, trackY, WIDTH, trackY, c.hairline(), CART);
        if (follow) {
            double postWidth = c.atLeastVisible(POST_WIDTH);
            double first = Math.ceil(viewCentre - xThreshold - 1);
            int posts = (int) Math.ceil(2 * xThreshold + 2);
            for (int k = 0; k <= posts; k++) {
                double m = first + k;
                double px = (m - viewCentre) * scale + WIDTH / 2.0;
                boolean centre = m == 0;
                double h = centre ? 2 * POST_HEIGHT : POST_HEIGHT;
                c.fillRotatedRect(-postWidth / 2, postWidth / 2, -h, 0, 0.0, px, trackY, centre ? CENTRE : CART);
            }
            // the metre of track around the centre in red, thick enough to show on both sides of a centred cart
            double band = c.atLeastVisible(BAND_HEIGHT);
            c.fillRotatedRect(-scale / 2, scale / 2, -band / 2, band / 2, 0.0, -viewCentre * scale + WIDTH / 2.0,
                    trackY, CENTRE);
        }
        c.fillRotatedRect(-CART_WIDTH / 2, CART_WIDTH / 2, -CART_HEIGHT / 2, CART_HEIGHT / 2, 0.0, cartX, trackY,
                CART);
        // Gymnasium rotates the upright pole by -theta: positive theta leans it clockwise, to the right.
        c.fillRotatedRect(-poleWidth / 2, poleWidth / 2, -poleWidth / 2, poleLength - poleWidth / 2, -state[2],
                cartX, trackY + axleOffset, POLE);
        c.fillCircle(cartX, trackY + axleOffset, poleWidth / 2, AXLE);
        return c.finish();
    }

    @Override
    public String toString() {
        return "CartPoleRenderer(poleHalfLength=" + poleHalfLength + ", xThreshold=" + xThreshold
                + (follow ? ", following" : "") + ")";
    }
}
