package org.mbrl4j.envs;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * How {@link Envs#make(String, EnvOptions)} wraps an environment: pixel observations, action repeat, frame
 * stacking and the time limit. Immutable; start from {@link #DEFAULT} and change fields with the
 * {@code with...} methods, each of which checks its value:
 *
 * <pre>{@code
 * EnvOptions planet = EnvOptions.DEFAULT.withPixels(true).withSize(64, 64).withActionRepeat(4);
 * Environment env = Envs.make("CartPoleSwingUp-v0", planet);   // observations [3, 64, 64]
 * }</pre>
 *
 * <p>The wrapping order, innermost first, and what each field changes, are documented on
 * {@link Envs#make(String, EnvOptions)}.
 *
 * @param pixels observe {@code [C, H, W]} float32 images of the state in {@code [0, 1]} instead of the state
 *     vector ({@link org.mbrl4j.envs.render.PixelObservation} with the registry's renderer)
 * @param width image width in pixels, in {@code [1, }{@value #MAX_IMAGE_SIZE}{@code ]}; used only with
 *     {@code pixels}
 * @param height image height in pixels, in {@code [1, }{@value #MAX_IMAGE_SIZE}{@code ]}; used only with
 *     {@code pixels}
 * @param grayscale one luminance channel ({@code C = 1}) instead of RGB ({@code C = 3}); used only with
 *     {@code pixels}
 * @param actionRepeat inner steps per action, {@code >= 1}; 1 adds no wrapper
 * @param frameStack number of consecutive observations stacked along a new leading axis, {@code >= 1};
 *     1 adds no wrapper
 * @param maxEpisodeSteps the time limit in steps of the unrepeated environment, {@code >= 1}; empty for the
 *     registry's {@link EnvSpec#maxEpisodeSteps()}
 */
public record EnvOptions(boolean pixels, int width, int height, boolean grayscale, int actionRepeat,
        int frameStack, OptionalInt maxEpisodeSteps) {

    /** Default image width and height, pixels (PlaNet's and Dreamer's 64 x 64). */
    public static final int DEFAULT_IMAGE_SIZE = 64;

    /** Largest accepted image width or height, pixels. */
    public static final int MAX_IMAGE_SIZE = 4096;

    /**
     * State observations, no action repeat, no frame stack, the registry's time limit; images, if switched
     * on, 64 x 64 RGB. {@code Envs.make(id, DEFAULT)} is {@code Envs.make(id)}.
     */
    public static final EnvOptions DEFAULT = new EnvOptions(false, DEFAULT_IMAGE_SIZE, DEFAULT_IMAGE_SIZE, false,
            1, 1, OptionalInt.empty());

    /**
     * Checks every field.
     *
     * @throws IllegalArgumentException naming the field and the value, if a size is outside
     *     {@code [1, }{@value #MAX_IMAGE_SIZE}{@code ]}, {@code actionRepeat} or {@code frameStack} is below 1,
     *     or {@code maxEpisodeSteps} holds a value below 1
     * @throws NullPointerException if {@code maxEpisodeSteps} is null
     */
    public EnvOptions {
        checkSize("width", width);
        checkSize("height", height);
        if (actionRepeat < 1) {
            throw new IllegalArgumentException("actionRepeat must be >= 1 (1 = no repeat): " + actionRepeat);
        }
        if (frameStack < 1) {
            throw new IllegalArgumentException("frameStack must be >= 1 (1 = no stacking): " + frameStack);
        }
        Objects.requireNonNull(maxEpisodeSteps, "maxEpisodeSteps (OptionalInt.empty() for the registry's)");
        if (maxEpisodeSteps.isPresent() && maxEpisodeSteps.getAsInt() < 1) {
            throw new IllegalArgumentException("maxEpisodeSteps must be >= 1: " + maxEpisodeSteps.getAsInt());
        }
    }

    private static void checkSize(String name, int value) {
        if (value < 1 || value > MAX_IMAGE_SIZE) {
            throw new IllegalArgumentException(name + " must be in [1, " + MAX_IMAGE_SIZE + "] pixels: " + value);
        }
    }

    /**
     * @param value whether to observe images instead of state vectors
     * @return a copy with {@code pixels = value}
     */
    public EnvOptions withPixels(boolean value) {
        return new EnvOptions(value, width, height, grayscale, actionRepeat, frameStack, maxEpisodeSteps);
    }

    /**
     * @param newWidth image width in pixels, in {@code [1, }{@value #MAX_IMAGE_SIZE}{@code ]}
     * @param newHeight image height in pixels, in {@code [1, }{@value #MAX_IMAGE_SIZE}{@code ]}
     * @return a copy with that image size
     * @throws IllegalArgumentException if a size is out of range
     */
    public EnvOptions withSize(int newWidth, int newHeight) {
        return new EnvOptions(pixels, newWidth, newHeight, grayscale, actionRepeat, frameStack, maxEpisodeSteps);
    }

    /**
     * @param value one luminance channel instead of RGB
     * @return a copy with {@code grayscale = value}
     */
    public EnvOptions withGrayscale(boolean value) {
        return new EnvOptions(pixels, width, height, value, actionRepeat, frameStack, maxEpisodeSteps);
    }

    /**
     * @param value inner steps per action, {@code >= 1}
     * @return a copy with {@code actionRepeat = value}
     * @throws IllegalArgumentException if {@code value < 1}
     */
    public EnvOptions withActionRepeat(int value) {
        return new EnvOptions(pixels, width, height, grayscale, value, frameStack, maxEpisodeSteps);
    }

    /**
     * @param value number of observations stacked, {@code >= 1}
     * @return a copy with {@code frameStack = value}
     * @throws IllegalArgumentException if {@code value < 1}
     */
    public EnvOptions withFrameStack(int value) {
        return new EnvOptions(pixels, width, height, grayscale, actionRepeat, value, maxEpisodeSteps);
    }

    /**
     * @param value the time limit in steps of the unrepeated environment, {@code >= 1}
     * @return a copy with that time limit instead of the registry's
     * @throws IllegalArgumentException if {@code value < 1}
     */
    public EnvOptions withMaxEpisodeSteps(int value) {
        return new EnvOptions(pixels, width, height, grayscale, actionRepeat, frameStack, OptionalInt.of(value));
    }

    /** @return a copy that uses the registry's time limit */
    public EnvOptions withRegistryMaxEpisodeSteps() {
        return new EnvOptions(pixels, width, height, grayscale, actionRepeat, frameStack, OptionalInt.empty());
    }
}
