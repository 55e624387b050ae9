package org.mbrl4j.examples;

import java.util.Map;
import org.mbrl4j.core.Environment;
import org.mbrl4j.envs.EnvOptions;
import org.mbrl4j.envs.EnvSpec;
import picocli.CommandLine.Option;

/**
 * {@code --action-repeat k} of the commands that learn from state vectors ({@code tdmpc}, {@code muzero}): every
 * decision is held for {@code k} environment steps ({@link org.mbrl4j.envs.wrappers.ActionRepeat}, rewards summed),
 * and the command's step counts ({@code --steps}, {@code --random-steps}, the metrics) count decisions. The
 * setting is kept in checkpoints so that {@code --resume} rebuilds the same environment.
 */
final class ActionRepeatOption {

    /** The key of the setting in {@code config.json} and in checkpoints. */
    static final String KEY = "actionRepeat";

    @Option(names = "--action-repeat", description = "Environment steps per decision (rewards summed); --steps, "
            + "--random-steps and the metrics' step counts then count decisions. Default: ${DEFAULT-VALUE}.",
            defaultValue = "1")
    int repeat = 1;

    /** @throws IllegalArgumentException if the repeat is below 1 */
    void validate() {
        if (repeat < 1) {
            throw new IllegalArgumentException("--action-repeat must be >= 1: " + repeat);
        }
    }

    /**
     * @param spec the environment's registry entry
     * @return the environment, wrapped to repeat each action when {@code repeat > 1}
     */
    Environment make(EnvSpec spec) {
        return spec.make(EnvOptions.DEFAULT.withActionRepeat(repeat));
    }

    /**
     * @param spec the environment's registry entry
     * @return the longest episode in decisions: {@code ceil(maxEpisodeSteps / repeat)}
     */
    int decisionsPerEpisode(EnvSpec spec) {
        return (spec.maxEpisodeSteps() + repeat - 1) / repeat;
    }

    /** @return the setting for {@code config.json} */
    Map<String, Object> asMap() {
        return Map.of(KEY, repeat);
    }

    /** @return the setting for the checkpoint */
    Map<String, String> settings() {
        return Map.of(KEY, Integer.toString(repeat));
    }

    /**
     * Takes the setting back from a checkpoint (1 when the checkpoint has none).
     *
     * @param saved the checkpoint of the run to continue
     * @throws IllegalArgumentException if the saved value is not an integer {@code >= 1}
     */
    void restore(RunCheckpoint saved) {
        String value = saved.hasSetting(KEY) ? saved.setting(KEY) : "1";
        try {
            repeat = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the checkpoint's " + KEY + " must be an integer >= 1: " + value);
        }
        if (repeat < 1) {
            throw new IllegalArgumentException("the checkpoint's " + KEY + " must be >= 1: " + repeat);
        }
    }
}
