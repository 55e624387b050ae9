package org.mbrl4j.envs.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbrl4j.envs.render.RendererTest.assertMessage;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.Reset;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.envs.fixtures.SlidingCart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PixelObservationTest {

    @Test
    void observationsAreChannelFirstFloatImagesInTheUnitBox() {
        PixelObservation rgb = new PixelObservation(new SlidingCart(), new CartPoleRenderer(), 64, 48, false);
        assertEquals(Box.uniform(0, 1, 3, 48, 64), rgb.observationSpace());
        assertEquals(new SlidingCart().actionSpace(), rgb.actionSpace());
        Reset r = rgb.reset(0);
        INDArray obs = r.observation();
        assertArrayEquals(new long[] {3, 48, 64}, obs.shape());
        assertEquals(DataType.FLOAT, obs.dataType());
        assertTrue(rgb.observationSpace().contains(obs));
        assertEquals(1, r.info().get("reset"), "inner info passes through");
        // Top-left corner is background: white in every channel.
        for (int ch = 0; ch < 3; ch++) {
            assertEquals(1f, obs.getFloat(ch, 0, 0));
        }
        assertTrue(obs.minNumber().floatValue() == 0f, "the cart is black");
    }

    @Test
    void greyIsTheLuminanceOfTheRgbObservation() {
        PixelObservation rgb = new PixelObservation(new SlidingCart(), new CartPoleRenderer(), 32, 32, false);
        PixelObservation grey = new PixelObservation(new SlidingCart(), new CartPoleRenderer(), 32, 32, true);
        assertEquals(Box.uniform(0, 1, 1, 32, 32), grey.observationSpace());
        assertEquals(1, grey.channels());
        float[] c = rgb.reset(0).observation().reshape(3 * 32 * 32).toFloatVector();
        INDArray g = grey.reset(0).observation();
        assertArrayEquals(new long[] {1, 32, 32}, g.shape());
        float[] y = g.reshape(32 * 32).toFloatVector();
        boolean sawColour = false;
        for (int i = 0; i < y.length; i++) {
            float r = c[i];
            float gr = c[1024 + i];
            float b = c[2048 + i];
            assertEquals(Math.min(1.0, 0.299 * r + 0.587 * gr + 0.114 * b), y[i], 1e-6);
            sawColour |= r != gr || gr != b;
        }
        assertTrue(sawColour, "the RGB picture has coloured (pole) pixels");
        assertTrue(grey.observationSpace().contains(g), "white must stay <= 1 in grey");
    }

    @Test
    void sameStateGivesBitwiseTheSamePixelsAndMovingChangesThem() {
        PixelObservation env = new PixelObservation(new SlidingCart(), new CartPoleRenderer(), 64, 64, false);
        INDArray a = env.reset(1).observation();
        INDArray b = env.reset(2).observation();
        assertArrayEquals(flat(a), flat(b));
        Step s = env.step(Nd4j.createFromArray(1f));
        assertNotEquals(a, s.observation());
        assertEquals(1.0, s.reward());
        assertEquals(0.5, (double) s.info().get("x"), 1e-12);
        // The cart moved right: the dark pixels' mean column grows.
        assertTrue(darkColumn(s.observation()) > darkColumn(a) + 2, darkColumn(a) + " -> "
                + darkColumn(s.observation()));
        env.inner().setState(new double[] {0, 0, 0.1, 0});
        assertArrayEquals(flat(a), flat(env.observe()), "back to the reset state");
    }

    @Test
    void renderDrawsTheCurrentStateAtTheDisplaySize() {
        PixelObservation env = new PixelObservation(new SlidingCart(), new CartPoleRenderer(), 32, 32, true);
        env.reset(0);
        BufferedImage frame = env.render();
        assertEquals(600, frame.getWidth());
        assertEquals(400, frame.getHeight());
        BufferedImage expected = new CartPoleRenderer().render(env.inner().getState(), 600, 400);
        assertArrayEquals(RendererTest.pixels(expected), RendererTest.pixels(frame));
        assertEquals(256, env.render(256, 128).getWidth());
    }

    @Test
    void toChwLaysOutChannelsThenRowsThenColumns() {
        BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xFF0000);
        image.setRGB(1, 0, 0x00FF00);
        image.setRGB(0, 1, 0x0000FF);
        image.setRGB(1, 1, 0x336699);
        float[] rgb = PixelObservation.toChw(image, false);
        assertArrayEquals(new float[] {1, 0, 0, 0x33 / 255f, 0, 1, 0, 0x66 / 255f, 0, 0, 1, 0x99 / 255f}, rgb);
        float[] grey = PixelObservation.toChw(image, true);
        assertEquals(0.299f, grey[0], 1e-6);
        assertEquals(0.587f, grey[1], 1e-6);
        assertEquals(0.114f, grey[2], 1e-6);
    }

    @Test
    void rejectsBadSizesAndMismatchedRenderers() {
        assertMessage(() -> new PixelObservation(new SlidingCart(), new CartPoleRenderer(), 0, 32, false), "width", "0");
        assertMessage(() -> new PixelObservation(new SlidingCart(), new CartPoleRenderer(), 32, -4, false), "height",
                "-4");
        PixelObservation wrong = new PixelObservation(new SlidingCart(), new PendulumRenderer(), 32, 32, false);
        assertMessage(() -> wrong.reset(0), "state has 4 values", "expected 2");
    }

    private static float[] flat(INDArray a) {
        return a.reshape(a.length()).toFloatVector();
    }

    private static double darkColumn(INDArray obs) {
        long h = obs.size(1);
        long w = obs.size(2);
        double sum = 0;
        int n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (obs.getFloat(0, y, x) < 0.2f && obs.getFloat(1, y, x) < 0.2f) {
                    sum += x;
                    n++;
                }
            }
        }
        return sum / n;
    }
}
