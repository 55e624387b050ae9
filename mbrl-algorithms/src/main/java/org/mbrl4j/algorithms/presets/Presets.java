package org.mbrl4j.algorithms.presets;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.mbrl4j.algorithms.mbpo.MbpoConfig;
import org.mbrl4j.algorithms.pets.PetsConfig;
import org.mbrl4j.algorithms.sac.SacConfig;
import org.mbrl4j.algorithms.steve.SteveConfig;
import org.mbrl4j.algorithms.td3.Td3Config;

/**
 * The configuration of each algorithm for each environment id: the one place that matches environment ids.
 * Every entry is a named preset of the algorithm's config class, whose javadoc cites its source:
 *
 * <table>
 *   <caption>Presets by environment id</caption>
 *   <tr><th>id</th><th>PETS ({@link #pets})</th><th>small SAC, TD3, STEVE, MBPO</th></tr>
 *   <tr><td>{@code Acrobot-v1}</td><td>{@link PetsConfig#acrobot()}: {@link PetsConfig#cartpole()} with three
 *       actions (this library's choice)</td><td>none (discrete actions)</td></tr>
 *   <tr><td>{@code CartPole-v1}</td><td>{@link PetsConfig#cartpole()}: mbrl-lib's cart-pole ensemble and
 *       training with the categorical CEM of discrete actions (this library's choice)</td><td>none (discrete
 *       actions)</td></tr>
 *   <tr><td>{@code CartPoleContinuous-v0}</td><td>{@link PetsConfig#cartpoleContinuous()}: mbrl-lib's
 *       {@code overrides/pets_cartpole.yaml}</td><td>the Pendulum-v1 ones</td></tr>
 *   <tr><td>{@code CartPoleSwingUp-v0}</td><td>{@link PetsConfig#cartpoleSwingUp()}: the PETS paper's
 *       {@code handful-of-trials/dmbrl/config/cartpole.py}</td><td>{@link SacConfig#cartpoleSwingUpSmall()},
 *       {@link Td3Config#cartpoleSwingUpSmall()}, {@link SteveConfig#cartpoleSwingUpSmall()} (tuned here);
 *       MBPO: the Pendulum-v1 one</td></tr>
 *   <tr><td>{@code Pendulum-v1}</td><td>{@link PetsConfig#pendulum()}: mbrl-lib's cart-pole ensemble
 *       and training with a longer horizon (this library's choice)</td><td>{@link SacConfig#pendulumSmall()},
 *       {@link Td3Config#pendulumSmall()}, {@link SteveConfig#pendulumSmall()},
 *       {@link MbpoConfig#pendulumSmall()} (tuned here)</td></tr>
 *   <tr><td>any other id</td><td>none: {@link #pets} refuses it</td><td>the Pendulum-v1 ones</td></tr>
 * </table>
 *
 * <p>The papers' settings, which do not depend on the environment here, are {@link SacConfig#paper()},
 * {@link Td3Config#paper()}, {@link SteveConfig#paper()} and {@link MbpoConfig#pendulum()}.
 */
public final class Presets {

    private static final String SWING_UP = "CartPoleSwingUp-v0";

    /** PETS presets by id, in the order {@link #petsIds()} lists them. */
    private static final Map<String, Supplier<PetsConfig>> PETS = Map.of(
            "Acrobot-v1", PetsConfig::acrobot,
            "CartPole-v1", PetsConfig::cartpole,
            "CartPoleContinuous-v0", PetsConfig::cartpoleContinuous,
            SWING_UP, PetsConfig::cartpoleSwingUp,
            "Pendulum-v1", PetsConfig::pendulum);

    private Presets() {
    }

    /**
     * @return the environment ids with a PETS preset, sorted
     */
    public static List<String> petsIds() {
        return PETS.keySet().stream().sorted().toList();
    }

    /**
     * @param envId an environment's registry id
     * @return the PETS preset for it (its {@link PetsConfig#envId()} is {@code envId})
     * @throws IllegalArgumentException if there is no PETS preset for the id, naming the ids that have one
     */
    public static PetsConfig pets(String envId) {
        Supplier<PetsConfig> preset = envId == null ? null : PETS.get(envId);
        if (preset == null) {
            throw new IllegalArgumentException("no PETS preset for env " + envId + "; presets: "
                    + String.join(", ", petsIds()));
        }
        return preset.get();
    }

    /**
     * @param envId an environment's registry id
     * @return the small SAC for it: {@link SacConfig#cartpoleSwingUpSmall()} for {@code CartPoleSwingUp-v0},
     *     {@link SacConfig#pendulumSmall()} for every other id
     * @throws NullPointerException if {@code envId} is null
     */
    public static SacConfig sacSmall(String envId) {
        return swingUp(envId) ? SacConfig.cartpoleSwingUpSmall() : SacConfig.pendulumSmall();
    }

    /**
     * @param envId an environment's registry id
     * @return the small TD3 for it: {@link Td3Config#cartpoleSwingUpSmall()} for {@code CartPoleSwingUp-v0},
     *     {@link Td3Config#pendulumSmall()} for every other id
     * @throws NullPointerException if {@code envId} is null
     */
    public static Td3Config td3Small(String envId) {
        return swingUp(envId) ? Td3Config.cartpoleSwingUpSmall() : Td3Config.pendulumSmall();
    }

    /**
     * @param envId an environment's registry id
     * @return the small STEVE for it: {@link SteveConfig#cartpoleSwingUpSmall()} for
     *     {@code CartPoleSwingUp-v0}, {@link SteveConfig#pendulumSmall()} for every other id
     * @throws NullPointerException if {@code envId} is null
     */
    public static SteveConfig steveSmall(String envId) {
        return swingUp(envId) ? SteveConfig.cartpoleSwingUpSmall() : SteveConfig.pendulumSmall();
    }

    /**
     * @param envId an environment's registry id
     * @return the small MBPO for it: {@link MbpoConfig#pendulumSmall()}, the only one so far, for every id
     * @throws NullPointerException if {@code envId} is null
     */
    public static MbpoConfig mbpoSmall(String envId) {
        Objects.requireNonNull(envId, "envId");
        return MbpoConfig.pendulumSmall();
    }

    private static boolean swingUp(String envId) {
        return SWING_UP.equals(Objects.requireNonNull(envId, "envId"));
    }
}
