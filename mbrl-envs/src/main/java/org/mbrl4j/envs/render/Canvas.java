package org.mbrl4j.envs.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * A white image whose drawing coordinates are those of Gymnasium's pygame surface before its final vertical
 * flip: origin at the bottom left, y up, units of native screen pixels. Shared by the renderers so that each
 * can transcribe Gymnasium's geometry directly.
 */
final class Canvas {

    /** Bodies (poles, rods, links) are drawn at least this many output pixels wide. */
    private static final double MIN_BODY_PIXELS = 1.5;

    private final BufferedImage image;
    private final Graphics2D g;
    private final double unitsPerPixel;

    Canvas(int width, int height, int nativeWidth, int nativeHeight) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.translate(0, height);
        g.scale((double) width / nativeWidth, -(double) height / nativeHeight);
        unitsPerPixel = Math.max((double) nativeWidth / width, (double) nativeHeight / height);
    }

    /** @return {@code size} native units, or more if that would be thinner than 1.5 output pixels */
    double atLeastVisible(double size) {
        return Math.max(size, MIN_BODY_PIXELS * unitsPerPixel);
    }

    /** @return a line width of one native unit, or one output pixel if that is wider */
    double hairline() {
        return Math.max(1.0, unitsPerPixel);
    }

    /** Fills the rectangle {@code [l, r] x [b, t]} rotated by {@code angle} (counter-clockwise) about the origin, then moved to {@code (ox, oy)}. */
    void fillRotatedRect(double l, double r, double b, double t, double angle, double ox, double oy, Color c) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double[][] corners = {{l, b}, {l, t}, {r, t}, {r, b}};
        Path2D.Double p = new Path2D.Double();
        for (int i = 0; i < corners.length; i++) {
            double x = corners[i][0] * cos - corners[i][1] * sin + ox;
            double y = corners[i][0] * sin + corners[i][1] * cos + oy;
            if (i == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        p.closePath();
        g.setColor(c);
        g.fill(p);
    }

    void fillPolygon(double[] xs, double[] ys, Color c) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        p.closePath();
        g.setColor(c);
        g.fill(p);
    }

    void fillCircle(double cx, double cy, double radius, Color c) {
        g.setColor(c);
        g.fill(new Ellipse2D.Double(cx - radius, cy - radius, 2 * radius, 2 * radius));
    }

    void line(double x1, double y1, double x2, double y2, double width, Color c) {
        g.setColor(c);
        g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    void polyline(double[] xs, double[] ys, double width, Color c) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        g.setColor(c);
        g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
        g.draw(p);
    }

    BufferedImage finish() {
        g.dispose();
        return image;
    }

    /** Checks the arguments common to every {@link StateRenderer#render} call. */
    static void checkArguments(double[] state, int dimension, int width, int height) {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null; expected " + dimension + " values");
        }
        if (state.length != dimension) {
            throw new IllegalArgumentException("state has " + state.length + " values: " + Arrays.toString(state)
                    + "; expected " + dimension);
        }
        for (int i = 0; i < state.length; i++) {
            if (!Double.isFinite(state[i])) {
                throw new IllegalArgumentException("state[" + i + "] must be finite: " + Arrays.toString(state));
            }
        }
        checkSize(width, height);
    }

    /** Checks an image size. */
    static void checkSize(int width, int height) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1: " + width);
        }
        if (height < 1) {
            throw new IllegalArgumentException("height must be >= 1: " + height);
        }
    }
}
