package org.mbrl4j.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mbrl4j.core.Environment;
import org.mbrl4j.envs.EnvOptions;
import org.mbrl4j.envs.EnvSpec;
import picocli.CommandLine.Option;

/**
 * {@code --pixels}, {@code --image-size} and {@code --action-repeat} of the latent-model commands ({@code dreamer},
 * {@code planet}): what the agent observes and how many environment steps one decision takes.
 */
final class LatentEnvOptions {

    /** Whether the agent observes rendered images instead of the state vector. */
    @Option(names = "--pixels", description = "Observe rendered RGB images (--image-size square) instead of the "
            + "state vector.")
    boolean pixels;

    /** Side of the square images, in pixels. */
    @Option(names = "--image-size", description = "Side of the square images with --pixels, a power of two >= 8. "
            + "Default: ${DEFAULT-VALUE}.", defaultValue = "64")
    int imageSize;

    /** Environment steps per decision; null for the preset's. */
    @Option(names = "--action-repeat", description = "Environment steps per decision. Default: the preset's.")
    Integer actionRepeat;

    /**
     * @throws IllegalArgumentException naming the option and the value
     */
    void validate() {
        if (imageSize < 8 || Integer.bitCount(imageSize) != 1) {
            throw new IllegalArgumentException("--image-size must be a power of two >= 8: " + imageSize);
        }
        if (actionRepeat != null && actionRepeat < 1) {
            throw new IllegalArgumentException("--action-repeat must be >= 1: " + actionRepeat);
        }
    }

    /**
     * @param spec         the environment
     * @param actionRepeat the action repeat in force (the option's or the preset's)
     * @return the environment as the agent sees it: wrapped for the action repeat and, with {@code --pixels},
     *         rendered to {@code [3, imageSize, imageSize]} images
     */
    Environment make(EnvSpec spec, int actionRepeat) {
        EnvOptions o = EnvOptions.DEFAULT.withActionRepeat(actionRepeat);
        if (pixels) {
            o = o.withPixels(true).withSize(imageSize, imageSize);
        }
        return spec.make(o);
    }

    /**
     * @param actionRepeat the action repeat in force
     * @return the settings that rebuild this environment on {@code --resume}: {@code pixels}, {@code imageSize}
     *         and {@code actionRepeat}
     */
    Map<String, String> settings(int actionRepeat) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("pixels", Boolean.toString(pixels));
        m.put("imageSize", Integer.toString(imageSize));
        m.put("actionRepeat", Integer.toString(actionRepeat));
        return m;
    }

    /**
     * Takes back the settings written by {@link #settings} into a run's checkpoint, replacing the options given.
     *
     * @param saved the run's checkpoint
     * @throws IllegalArgumentException if a setting is missing or not a number where one is expected
     */
    void restore(RunCheckpoint saved) {
        pixels = Boolean.parseBoolean(saved.setting("pixels"));
        imageSize = Integer.parseInt(saved.setting("imageSize"));
        actionRepeat = Integer.parseInt(saved.setting("actionRepeat"));
        validate();
    }

    /** @return the options for the run's {@code config.json}: {@code pixels}, and {@code imageSize} with pixels */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pixels", pixels);
        if (pixels) {
            m.put("imageSize", imageSize);
        }
        return m;
    }
}
