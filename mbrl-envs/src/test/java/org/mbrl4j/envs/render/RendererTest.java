package org.mbrl4j.envs.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RendererTest {

    private static final List<StateRenderer> ALL = List.of(new CartPoleRenderer(), CartPoleRenderer.swingUp(0.6, 3.0),
            CartPoleRenderer.swingUpFollowing(0.5, 2.4), new PendulumRenderer(), new MountainCarRenderer(),
            new MountainCarRenderer(0.45), new AcrobotRenderer());

    private static double[] someState(StateRenderer r) {
        return r.stateDimension() == 2 ? new double[] {0.3, 0.1} : new double[] {0.3, 0.1, 0.2, -0.4};
    }

    @Test
    void everyRendererProducesTheRequestedSizeDeterministically() {
        for (StateRenderer r : ALL) {
            for (int[] size : new int[][] {{32, 32}, {64, 48}, {r.nativeWidth(), r.nativeHeight()}, {1, 1}}) {
                BufferedImage a = r.render(someState(r), size[0], size[1]);
                BufferedImage b = r.render(someState(r), size[0], size[1]);
                assertEquals(size[0], a.getWidth(), r.toString());
                assertEquals(size[1], a.getHeight(), r.toString());
                assertEquals(BufferedImage.TYPE_INT_RGB, a.getType());
                assertArrayEquals(pixels(a), pixels(b), r + " must draw the same state identically");
            }
        }
    }

    @Test
    void everyRendererDrawsSomethingAndChangesWithTheState() {
        for (StateRenderer r : ALL) {
            int[] p = pixels(r.render(someState(r), 64, 64));
            long nonWhite = java.util.Arrays.stream(p).filter(c -> (c & 0xFFFFFF) != 0xFFFFFF).count();
            assertTrue(nonWhite > 40, r + " drew only " + nonWhite + " pixels");
            double[] other = someState(r);
            other[0] += 0.5;
            assertFalse(java.util.Arrays.equals(p, pixels(r.render(other, 64, 64))), r + " ignored state[0]");
        }
    }

    @Test
    void cartMovesRightWhenXIncreases() {
        CartPoleRenderer r = new CartPoleRenderer();
        double[] left = centroid(r.render(new double[] {-1.0, 0, 0, 0}, 64, 64), RendererTest::isDark);
        double[] middle = centroid(r.render(new double[] {0.0, 0, 0, 0}, 64, 64), RendererTest::isDark);
        double[] right = centroid(r.render(new double[] {1.0, 0, 0, 0}, 64, 64), RendererTest::isDark);
        assertTrue(left[0] < middle[0] && middle[0] < right[0], left[0] + " " + middle[0] + " " + right[0]);
        // The pole is drawn where the cart is: x = 1 m is 1/4.8 of the width right of the centre.
        double[] pole = centroid(r.render(new double[] {1.0, 0, 0, 0}, 600, 400), near(CartPoleRenderer.POLE));
        assertEquals(300 + 600 / 4.8, pole[0], 1.0);
    }

    @Test
    void poleLeansRightForPositiveThetaAndHangsAtPi() {
        CartPoleRenderer r = new CartPoleRenderer();
        double[] upright = centroid(r.render(new double[] {0, 0, 0, 0}, 600, 400), near(CartPoleRenderer.POLE));
        double[] right = centroid(r.render(new double[] {0, 0, 0.3, 0}, 600, 400), near(CartPoleRenderer.POLE));
        double[] leftLean = centroid(r.render(new double[] {0, 0, -0.3, 0}, 600, 400), near(CartPoleRenderer.POLE));
        assertEquals(300, upright[0], 1.0);
        assertTrue(upright[1] < 400 - 100, "upright pole is above the track (image y grows downwards)");
        assertTrue(right[0] > 310 && leftLean[0] < 290, right[0] + " " + leftLean[0]);

        CartPoleRenderer swing = CartPoleRenderer.swingUp(0.5, 2.4);
        double[] hanging = centroid(swing.render(new double[] {0, 0, Math.PI, 0}, 600, 400),
                near(CartPoleRenderer.POLE));
        assertEquals(300, hanging[0], 1.0);
        assertTrue(hanging[1] > 200 + 30, "hanging pole is below the mid-height track: " + hanging[1]);
    }

    @Test
    void theFollowingViewKeepsTheCartCentredAndMovesTheTrackMarks() {
        CartPoleRenderer r = CartPoleRenderer.swingUpFollowing(0.5, 2.4);
        assertTrue(r.follows());
        IntPredicate red = near(CartPoleRenderer.CENTRE);
        double scale = 600 / 4.8;
        for (double x : new double[] {-1.5, 0.0, 0.7, 1.8}) {
            BufferedImage image = r.render(new double[] {x, 0, Math.PI, 0}, 600, 400);
            assertEquals(300, centroid(image, near(CartPoleRenderer.POLE))[0], 1.0, "hanging pole at x = " + x);
            // the red centre marks sit x metres left of the cart (the band is symmetric about x = 0)
            assertEquals(300 - x * scale, centroid(image, red)[0], 4.0, "centre marks at x = " + x);
        }
        // beyond the view's half-width (plus the band's half metre) no centre mark is left, the cart still shows
        BufferedImage far = r.render(new double[] {3.5, 0, Math.PI, 0}, 600, 400);
        assertEquals(0, count(far, red));
        assertEquals(300, centroid(far, near(CartPoleRenderer.POLE))[0], 1.0);
        // the metre posts show at 32 x 32: the frame of a cart 0.5 m off differs from a centred one's
        BufferedImage a = r.render(new double[] {0.0, 0, Math.PI, 0}, 32, 32);
        BufferedImage b = r.render(new double[] {0.5, 0, Math.PI, 0}, 32, 32);
        assertFalse(java.util.Arrays.equals(pixels(a), pixels(b)), "32 x 32 frames ignore the cart's position");
        assertFalse(new CartPoleRenderer().follows());
        // a cart so far out that a metre is below the doubles' resolution still draws (a bounded loop)
        assertEquals(32, r.render(new double[] {1e17, 0, 0, 0}, 32, 32).getWidth());
    }

    @Test
    void poleLengthIsAParameter() {
        double[] state = {0, 0, 0, 0};
        long shortPole = count(new CartPoleRenderer(0.25, 2.4, false).render(state, 600, 400),
                near(CartPoleRenderer.POLE));
        long longPole = count(new CartPoleRenderer(0.5, 2.4, false).render(state, 600, 400),
                near(CartPoleRenderer.POLE));
        // 10 px wide: 62.5 px against 125 px of visible pole (less the axle and the cart).
        assertTrue(longPole > 1.8 * shortPole, shortPole + " vs " + longPole);
    }

    @Test
    void pendulumUprightAtZeroCounterClockwiseForPositiveTheta() {
        PendulumRenderer r = new PendulumRenderer();
        IntPredicate rod = near(PendulumRenderer.ROD);
        double[] up = centroid(r.render(new double[] {0, 0}, 100, 100), rod);
        double[] down = centroid(r.render(new double[] {Math.PI, 0}, 100, 100), rod);
        double[] quarter = centroid(r.render(new double[] {Math.PI / 2, 0}, 100, 100), rod);
        assertEquals(50, up[0], 1.0);
        assertTrue(up[1] < 45 && down[1] > 55, up[1] + " " + down[1]);
        assertTrue(quarter[0] < 45, "theta = pi/2 points left: " + quarter[0]);
    }

    @Test
    void mountainCarWheelsFollowThePositionAndTheFlagTheGoal() {
        MountainCarRenderer r = new MountainCarRenderer();
        // Solid wheel pixels only: the anti-aliased edge of the black hill curve has greys of the wheels' colour.
        IntPredicate wheel = near(MountainCarRenderer.WHEEL);
        double[] a = solidCentroid(r.render(new double[] {-1.0, 0}, 600, 400), wheel);
        double[] b = solidCentroid(r.render(new double[] {-0.5, 0}, 600, 400), wheel);
        double[] c = solidCentroid(r.render(new double[] {0.3, 0}, 600, 400), wheel);
        assertTrue(a[0] < b[0] && b[0] < c[0], a[0] + " " + b[0] + " " + c[0]);
        assertEquals((-0.5 + 1.2) / 1.8 * 600, b[0], 8.0);
        assertTrue(b[1] > a[1] && b[1] > c[1], "the valley is lower (larger image y) than both slopes");
        double[] flag = centroid(r.render(new double[] {0, 0}, 600, 400), near(MountainCarRenderer.FLAG));
        double[] flag45 = centroid(new MountainCarRenderer(0.45).render(new double[] {0, 0}, 600, 400),
                near(MountainCarRenderer.FLAG));
        assertEquals((0.5 + 1.2) / 1.8 * 600 + 25 / 3.0, flag[0], 2.0);
        assertEquals(0.05 / 1.8 * 600, flag[0] - flag45[0], 1.0);
        assertEquals(0.55, MountainCarRenderer.height(0), 1e-15);
        assertEquals(Math.sin(1.5) * 0.45 + 0.55, MountainCarRenderer.height(0.5), 1e-15);
    }

    @Test
    void acrobotHangsDownAtZeroAndPointsUpAtPi() {
        AcrobotRenderer r = new AcrobotRenderer();
        IntPredicate link = near(AcrobotRenderer.LINK);
        double[] down = centroid(r.render(new double[] {0, 0, 0, 0}, 100, 100), link);
        double[] up = centroid(r.render(new double[] {Math.PI, 0, 0, 0}, 100, 100), link);
        double[] bent = centroid(r.render(new double[] {0, Math.PI / 2, 0, 0}, 100, 100), link);
        assertEquals(50, down[0], 1.0);
        assertTrue(down[1] > 60 && up[1] < 40, down[1] + " " + up[1]);
        assertTrue(bent[0] > 55, "theta2 = pi/2 swings the second link to the right: " + bent[0]);
    }

    @Test
    void rejectsBadStatesAndSizes() {
        for (StateRenderer r : ALL) {
            double[] good = someState(r);
            assertMessage(() -> r.render(new double[r.stateDimension() + 1], 8, 8), "state", "expected");
            assertMessage(() -> r.render(null, 8, 8), "state");
            double[] nan = good.clone();
            nan[1] = Double.NaN;
            assertMessage(() -> r.render(nan, 8, 8), "state[1]", "NaN");
            assertMessage(() -> r.render(good, 0, 8), "width", "0");
            assertMessage(() -> r.render(good, 8, -1), "height", "-1");
        }
        assertMessage(() -> new CartPoleRenderer(0, 2.4, false), "poleHalfLength", "0.0");
        assertMessage(() -> new CartPoleRenderer(Double.NaN, 2.4, false), "poleHalfLength", "NaN");
        assertMessage(() -> new CartPoleRenderer(0.5, -1, true), "xThreshold", "-1.0");
        assertMessage(() -> new MountainCarRenderer(0.7), "goalPosition", "0.7");
        assertMessage(() -> new MountainCarRenderer(Double.NaN), "goalPosition", "NaN");
    }

    static void assertMessage(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message \"" + e.getMessage() + "\" should contain " + p);
        }
    }

    static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    static boolean isDark(int rgb) {
        Color c = new Color(rgb);
        return c.getRed() + c.getGreen() + c.getBlue() < 3 * 60;
    }

    /** Pixels within a small distance of a colour, which leaves out the anti-aliased edges. */
    static IntPredicate near(Color target) {
        return rgb -> {
            Color c = new Color(rgb);
            return Math.abs(c.getRed() - target.getRed()) + Math.abs(c.getGreen() - target.getGreen())
                    + Math.abs(c.getBlue() - target.getBlue()) < 30;
        };
    }

    static long count(BufferedImage image, IntPredicate which) {
        return java.util.Arrays.stream(pixels(image)).filter(which).count();
    }

    /** Like {@link #centroid} over the pixels that match together with their four neighbours. */
    static double[] solidCentroid(BufferedImage image, IntPredicate which) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage solid = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                boolean all = which.test(image.getRGB(x, y)) && which.test(image.getRGB(x - 1, y))
                        && which.test(image.getRGB(x + 1, y)) && which.test(image.getRGB(x, y - 1))
                        && which.test(image.getRGB(x, y + 1));
                solid.setRGB(x, y, all ? 0xFFFFFF : 0);
            }
        }
        return centroid(solid, rgb -> (rgb & 0xFFFFFF) == 0xFFFFFF);
    }

    /** @return the mean (column, row) of the pixels that match, in image coordinates (row 0 at the top) */
    static double[] centroid(BufferedImage image, IntPredicate which) {
        int[] p = pixels(image);
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int i = 0; i < p.length; i++) {
            if (which.test(p[i])) {
                sx += i % image.getWidth();
                sy += i / image.getWidth();
                n++;
            }
        }
        assertTrue(n > 0, "no matching pixel");
        return new double[] {sx / n + 0.5, sy / n + 0.5};
    }
}
