package org.mbrl4j.examples;

import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.algorithms.presets.Presets;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Discrete;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;
import picocli.CommandLine;

/**
 * Which environments each run command accepts for {@code --env}: checked before a run writes anything, and
 * listed at the end of each command's {@code --help}.
 */
final class EnvChoices {

    /** The commands whose learners act in a bounded box of continuous actions. */
    private static final List<String> CONTINUOUS_ONLY = List.of("sac", "td3", "mbpo", "steve");

    private EnvChoices() {}

    /**
     * @param id the value of {@code --env}
     * @return its registry entry
     * @throws IllegalArgumentException naming {@code --env}, the value and the known ids
     */
    static EnvSpec spec(String id) {
        if (!Envs.ids().contains(id)) {
            throw new IllegalArgumentException("--env " + id + " is not a registered environment; known: "
                    + String.join(", ", Envs.ids()));
        }
        return Envs.spec(id);
    }

    /**
     * @param command the subcommand's name, for the message
     * @param id the value of {@code --env}
     * @param env an environment made from {@code id}
     * @throws IllegalArgumentException naming {@code --env}, the value, its action space and the environments
     *     with continuous actions, if {@code env}'s actions are not a bounded box
     */
    static void requireContinuousActions(String command, String id, Environment env) {
        if (!isContinuous(env)) {
            String kind = env.actionSpace() instanceof Box ? "unbounded actions" : "discrete actions";
            throw new IllegalArgumentException("--env " + id + " has " + kind + " (" + env.actionSpace() + "); "
                    + command + " needs bounded continuous ones: " + String.join(", ", continuousActionIds()));
        }
    }

    /**
     * @param command the subcommand's name, for the message
     * @param id the value of {@code --env}
     * @param env an environment made from {@code id}
     * @throws IllegalArgumentException naming {@code --env}, the value, its action space and the environments
     *     with discrete actions, if {@code env}'s actions are not {@link Discrete}
     */
    static void requireDiscreteActions(String command, String id, Environment env) {
        if (!(env.actionSpace() instanceof Discrete)) {
            throw new IllegalArgumentException("--env " + id + " has continuous actions (" + env.actionSpace()
                    + "); " + command + " needs discrete ones: " + String.join(", ", discreteActionIds()));
        }
    }

    /** @return the registered ids whose actions are {@link Discrete}, in registry order */
    static List<String> discreteActionIds() {
        List<String> ids = new ArrayList<>();
        for (String id : Envs.ids()) {
            try (Environment env = Envs.make(id)) {
                if (env.actionSpace() instanceof Discrete) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /** @return the registered ids whose actions are a bounded box, in registry order */
    static List<String> continuousActionIds() {
        List<String> ids = new ArrayList<>();
        for (String id : Envs.ids()) {
            try (Environment env = Envs.make(id)) {
                if (isContinuous(env)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /** @return the registered ids that have a PETS preset ({@link Presets#pets(String)}) */
    static List<String> petsIds() {
        List<String> ids = new ArrayList<>();
        for (String id : Envs.ids()) {
            if (Presets.petsIds().contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Ends each run command's help with the environments its {@code --env} accepts. */
    static void addHelp(CommandLine cli) {
        String continuous = String.join(", ", continuousActionIds());
        for (String name : CONTINUOUS_ONLY) {
            footer(cli, name, "Environments (continuous actions): " + continuous + ".");
        }
        footer(cli, "muzero", "Environments (discrete actions): " + String.join(", ", discreteActionIds()) + ".");
        footer(cli, "pets", "Environments (those with a PETS preset): " + String.join(", ", petsIds()) + ".");
        footer(cli, "random", "Environments: " + String.join(", ", Envs.ids()) + ".");
    }

    private static void footer(CommandLine cli, String command, String text) {
        cli.getSubcommands().get(command).getCommandSpec().usageMessage().footer("", text);
    }

    private static boolean isContinuous(Environment env) {
        return env.actionSpace() instanceof Box box && box.isBounded() && box.shape().length == 1;
    }
}
