package org.mbrl4j.envs.render;

import java.awt.image.BufferedImage;
import java.util.Objects;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Reset;
import org.mbrl4j.core.SimulatedEnvironment;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Space;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Observes a simulated environment through pictures of its physical state: every observation is a
 * {@code [C, H, W]} float32 image with values in {@code [0, 1]}, {@code C = 3} (RGB) or {@code C = 1} (grey,
 * luminance {@code 0.299 R + 0.587 G + 0.114 B}). The inner environment's own observation is dropped; its
 * rewards, flags and info pass through unchanged, and so does its action space.
 *
 * <p>Pictures are drawn by a {@link StateRenderer} from {@link SimulatedEnvironment#getState()} after every
 * reset and step, so the same state always gives bitwise the same observation. {@link #render()} draws the
 * current state at the renderer's native size for videos.
 */
public final class PixelObservation implements Environment {

    private final SimulatedEnvironment inner;
    private final StateRenderer renderer;
    private final int width;
    private final int height;
    private final boolean grayscale;
    private final Box observationSpace;

    /**
     * @param env the simulated environment to observe; its state layout must be the renderer's
     * @param renderer draws the state
     * @param width observation width in pixels, {@code >= 1} (e.g. 64)
     * @param height observation height in pixels, {@code >= 1} (e.g. 64)
     * @param grayscale one luminance channel instead of three colour channels
     * @throws IllegalArgumentException if a size is below 1
     */
    public PixelObservation(SimulatedEnvironment env, StateRenderer renderer, int width, int height,
            boolean grayscale) {
        this.inner = Objects.requireNonNull(env, "env");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        Canvas.checkSize(width, height);
        this.width = width;
        this.height = height;
        this.grayscale = grayscale;
        this.observationSpace = Box.uniform(0.0, 1.0, channels(), height, width);
    }

    /** @return the wrapped environment */
    public SimulatedEnvironment inner() {
        return inner;
    }

    /** @return the renderer that draws the observations */
    public StateRenderer renderer() {
        return renderer;
    }

    /** @return the number of channels: 1 for grey, 3 for RGB */
    public int channels() {
        return grayscale ? 1 : 3;
    }

    /** @return {@code Box(0, 1, [C, H, W])} */
    @Override
    public Space observationSpace() {
        return observationSpace;
    }

    @Override
    public Space actionSpace() {
        return inner.actionSpace();
    }

    /** @return the picture of the initial state, shape {@code [C, H, W]}, and the inner info */
    @Override
    public Reset reset(long seed) {
        Reset r = inner.reset(seed);
        return new Reset(observe(), r.info());
    }

    /** @return the picture of the initial state, shape {@code [C, H, W]}, and the inner info */
    @Override
    public Reset reset() {
        Reset r = inner.reset();
        return new Reset(observe(), r.info());
    }

    /** @return the inner step with its observation replaced by the picture of the new state */
    @Override
    public Step step(INDArray action) {
        Step s = inner.step(action);
        return new Step(observe(), s.reward(), s.terminated(), s.truncated(), s.info());
    }

    /**
     * @return the picture of the inner environment's current state, shape {@code [C, H, W]}, a fresh float32
     *     array in {@code [0, 1]}
     */
    public INDArray observe() {
        BufferedImage image = renderer.render(inner.getState(), width, height);
        return Nd4j.create(toChw(image, grayscale), new long[] {channels(), height, width}, DataType.FLOAT);
    }

    /**
     * Draws the current state at the renderer's native (Gymnasium) size, e.g. 600 x 400 for cart-pole, for
     * episode videos.
     *
     * @return a fresh RGB image
     */
    public BufferedImage render() {
        return render(renderer.nativeWidth(), renderer.nativeHeight());
    }

    /**
     * Draws the current state at any size.
     *
     * @param displayWidth width in pixels, {@code >= 1}
     * @param displayHeight height in pixels, {@code >= 1}
     * @return a fresh RGB image
     * @throws IllegalArgumentException if a size is below 1
     */
    public BufferedImage render(int displayWidth, int displayHeight) {
        return renderer.render(inner.getState(), displayWidth, displayHeight);
    }

    /**
     * Converts an image into channel-first floats in {@code [0, 1]}, in one pass over its packed RGB values.
     *
     * @param image any image (its alpha is ignored)
     * @param grayscale one luminance channel ({@code 0.299 R + 0.587 G + 0.114 B}) instead of R, G, B
     * @return {@code C * H * W} floats, row-major over {@code [C, H, W]}; a fresh array
     */
    public static float[] toChw(BufferedImage image, boolean grayscale) {
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        float[] out = new float[(grayscale ? 1 : 3) * plane];
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            int r = (p >>> 16) & 0xFF;
            int g = (p >>> 8) & 0xFF;
            int b = p & 0xFF;
            if (grayscale) {
                // The weights sum to slightly more than 1 in float32; keep white inside the box.
                out[i] = Math.min(1f, (0.299f * r + 0.587f * g + 0.114f * b) / 255f);
            } else {
                out[i] = r / 255f;
                out[plane + i] = g / 255f;
                out[2 * plane + i] = b / 255f;
            }
        }
        return out;
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return "PixelObservation(" + channels() + "x" + height + "x" + width + ", " + renderer + ", " + inner + ")";
    }
}
