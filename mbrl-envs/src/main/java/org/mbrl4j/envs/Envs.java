package org.mbrl4j.envs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mbrl4j.core.Environment;
import org.mbrl4j.envs.classic.Acrobot;
import org.mbrl4j.envs.classic.CartPole;
import org.mbrl4j.envs.classic.CartPoleContinuous;
import org.mbrl4j.envs.classic.CartPoleSwingUp;
import org.mbrl4j.envs.classic.MountainCar;
import org.mbrl4j.envs.classic.MountainCarContinuous;
import org.mbrl4j.envs.classic.Pendulum;

/**
 * The environment registry, Gymnasium's {@code gymnasium.make} for the bundled environments:
 *
 * <pre>{@code
 * Environment env = Envs.make("CartPole-v1");   // TimeLimit(500) around CartPole
 * Reset first = env.reset(42);
 * }</pre>
 *
 * <p>Time limits are those of Gymnasium 1.x's registry: CartPole-v1 500, Pendulum-v1 200,
 * MountainCar-v0 200, MountainCarContinuous-v0 999, Acrobot-v1 500; the two continuous cart-pole tasks
 * of the model-based RL literature 200.
 */
public final class Envs {

    private static final Map<String, EnvSpec> SPECS = new LinkedHashMap<>();

    static {
        register(new EnvSpec(CartPole.ID, 500, CartPole::new, CartPole.rewardFunction(),
                CartPole.terminationFunction(), "balance a pole on a cart pushed left or right (Gymnasium)"));
        register(new EnvSpec(Pendulum.ID, 200, Pendulum::new, Pendulum.rewardFunction(),
                Pendulum.terminationFunction(), "swing up and hold a torque-limited pendulum (Gymnasium)"));
        register(new EnvSpec(MountainCar.ID, 200, MountainCar::new, MountainCar.rewardFunction(),
                MountainCar.terminationFunction(), "drive an under-powered car up a hill, 3 actions (Gymnasium)"));
        register(new EnvSpec(MountainCarContinuous.ID, 999, MountainCarContinuous::new,
                MountainCarContinuous.rewardFunction(), MountainCarContinuous.terminationFunction(),
                "drive an under-powered car up a hill, continuous force (Gymnasium)"));
        register(new EnvSpec(Acrobot.ID, 500, Acrobot::new, Acrobot.rewardFunction(),
                Acrobot.terminationFunction(), "swing the tip of a two-link pendulum above a line (Gymnasium)"));
        register(new EnvSpec(CartPoleContinuous.ID, 200, CartPoleContinuous::new,
                CartPoleContinuous.rewardFunction(), CartPoleContinuous.terminationFunction(),
                "balance a pole on a cart with a continuous force (mbrl-lib)"));
        register(new EnvSpec(CartPoleSwingUp.ID, 200, CartPoleSwingUp::new, CartPoleSwingUp.rewardFunction(),
                CartPoleSwingUp.terminationFunction(),
                "swing a hanging pole up and balance it over a centred cart (PETS, DeepMind Control)"));
    }

    private Envs() {}

    private static void register(EnvSpec spec) {
        SPECS.put(spec.id(), spec);
    }

    /**
     * Creates an environment with its registry time limit.
     *
     * @param id a registry id, one of {@link #ids()}
     * @return a fresh environment: a {@link org.mbrl4j.envs.wrappers.TimeLimit} around the unwrapped one
     * @throws IllegalArgumentException if the id is unknown (the message lists the known ids)
     */
    public static Environment make(String id) {
        return spec(id).make();
    }

    /** @return the registered ids, in registration order; unmodifiable */
    public static List<String> ids() {
        return List.copyOf(SPECS.keySet());
    }

    /**
     * @param id a registry id, one of {@link #ids()}
     * @return the specification of that environment
     * @throws IllegalArgumentException if the id is unknown (the message lists the known ids)
     */
    public static EnvSpec spec(String id) {
        EnvSpec spec = id == null ? null : SPECS.get(id);
        if (spec == null) {
            throw new IllegalArgumentException("unknown environment id: " + id + "; known ids: " + ids());
        }
        return spec;
    }
}
