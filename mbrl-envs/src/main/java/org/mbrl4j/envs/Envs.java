package org.mbrl4j.envs;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mbrl4j.core.Environment;
import org.mbrl4j.envs.classic.Acrobot;
import org.mbrl4j.envs.classic.CartPole;
import org.mbrl4j.envs.classic.CartPoleContinuous;
import org.mbrl4j.envs.classic.CartPoleSwingUp;
import org.mbrl4j.envs.classic.MountainCar;
import org.mbrl4j.envs.classic.MountainCarContinuous;
import org.mbrl4j.envs.classic.Pendulum;
import org.mbrl4j.envs.render.AcrobotRenderer;
import org.mbrl4j.envs.render.CartPoleRenderer;
import org.mbrl4j.envs.render.MountainCarRenderer;
import org.mbrl4j.envs.render.PendulumRenderer;
import org.mbrl4j.envs.render.StateRenderer;
import org.mbrl4j.envs.wrappers.Wrapper;

/**
 * The environment registry, Gymnasium's {@code gymnasium.make} for the bundled environments:
 *
 * <pre>{@code
 * Environment env = Envs.make("CartPole-v1");   // TimeLimit(500) around CartPole
 * Reset first = env.reset(42);
 * Environment pixels = Envs.make("Pendulum-v1", EnvOptions.DEFAULT.withPixels(true).withActionRepeat(2));
 * Optional<BufferedImage> frame = Envs.renderFrame(pixels, 600, 400);   // for episode videos
 * }</pre>
 *
 * <p>Time limits are those of Gymnasium 1.x's registry: CartPole-v1 500, Pendulum-v1 200,
 * MountainCar-v0 200, MountainCarContinuous-v0 999, Acrobot-v1 500; the two continuous cart-pole tasks
 * of the model-based RL literature 200.
 *
 * <p>Renderers ({@link EnvSpec#renderer()}): Gymnasium's geometry for the five Gymnasium environments (the
 * mountain-car flag at each task's goal, 0.5 and 0.45); CartPoleContinuous-v0 shares CartPole-v1's
 * constants and picture; CartPoleSwingUp-v0 has the same pole (half-length 0.5 m) on an unbounded track, drawn
 * with the track at mid-height so that the hanging pole shows, over {@code x} in {@code [-2.4, 2.4]} m
 * (beyond that the cart leaves the picture; the reward has decayed far by then).
 */
public final class Envs {

    /**
     * Half the width of the world shown for CartPoleSwingUp-v0, m: CartPole-v1's view, which keeps the 1 m pole
     * large enough to see in 64 x 64 observations. Its track has no walls, so the view follows the cart
     * ({@link CartPoleRenderer#swingUpFollowing}); a fixed one would show no cart in about two thirds of the
     * frames of uniformly random play.
     */
    private static final double SWING_UP_VIEW_HALF_WIDTH = 2.4;

    private static final Map<String, EnvSpec> SPECS = new LinkedHashMap<>();

    static {
        register(new EnvSpec(CartPole.ID, 500, CartPole::new, CartPole.rewardFunction(),
                CartPole.terminationFunction(), new CartPoleRenderer(),
                "balance a pole on a cart pushed left or right (Gymnasium)"));
        register(new EnvSpec(Pendulum.ID, 200, Pendulum::new, Pendulum.rewardFunction(),
                Pendulum.terminationFunction(), new PendulumRenderer(),
                "swing up and hold a torque-limited pendulum (Gymnasium)"));
        register(new EnvSpec(MountainCar.ID, 200, MountainCar::new, MountainCar.rewardFunction(),
                MountainCar.terminationFunction(), new MountainCarRenderer(MountainCar.GOAL_POSITION),
                "drive an under-powered car up a hill, 3 actions (Gymnasium)"));
        register(new EnvSpec(MountainCarContinuous.ID, 999, MountainCarContinuous::new,
                MountainCarContinuous.rewardFunction(), MountainCarContinuous.terminationFunction(),
                new MountainCarRenderer(MountainCarContinuous.GOAL_POSITION),
                "drive an under-powered car up a hill, continuous force (Gymnasium)"));
        register(new EnvSpec(Acrobot.ID, 500, Acrobot::new, Acrobot.rewardFunction(),
                Acrobot.terminationFunction(), new AcrobotRenderer(),
                "swing the tip of a two-link pendulum above a line (Gymnasium)"));
        register(new EnvSpec(CartPoleContinuous.ID, 200, CartPoleContinuous::new,
                CartPoleContinuous.rewardFunction(), CartPoleContinuous.terminationFunction(),
                new CartPoleRenderer(), "balance a pole on a cart with a continuous force (mbrl-lib)"));
        register(new EnvSpec(CartPoleSwingUp.ID, 200, CartPoleSwingUp::new, CartPoleSwingUp.rewardFunction(),
                CartPoleSwingUp.terminationFunction(),
                CartPoleRenderer.swingUpFollowing(CartPoleSwingUp.POLE_LENGTH / 2, SWING_UP_VIEW_HALF_WIDTH),
                "swing a hanging pole up and balance it over a centred cart (PETS, DeepMind Control)"));
    }

    private Envs() {}

    private static void register(EnvSpec spec) {
        SPECS.put(spec.id(), spec);
    }

    /**
     * Creates an environment with its registry time limit; the same as {@code make(id, EnvOptions.DEFAULT)}.
     *
     * @param id a registry id, one of {@link #ids()}
     * @return a fresh environment: a {@link org.mbrl4j.envs.wrappers.TimeLimit} around the unwrapped one
     * @throws IllegalArgumentException if the id is unknown (the message lists the known ids)
     */
    public static Environment make(String id) {
        return make(id, EnvOptions.DEFAULT);
    }

    /**
     * Creates an environment wrapped as the options say. The wrappers, innermost first:
     * <ol>
     *   <li>the unwrapped environment ({@link EnvSpec#makeUnwrapped()});</li>
     *   <li>{@link org.mbrl4j.envs.render.PixelObservation}, if {@code pixels}: observations become
     *       {@code [C, H, W]} float32 images in {@code [0, 1]} drawn by {@link EnvSpec#renderer()}. It comes
     *       first because it reads the physical state, which only the unwrapped environment has;</li>
     *   <li>{@link org.mbrl4j.envs.wrappers.TimeLimit} of {@code maxEpisodeSteps} (default the registry's),
     *       always. Being inside the action repeat, it counts steps of the environment itself, not agent
     *       decisions, as Gymnasium's registry does and as PlaNet and Dreamer count their 1000-step episodes:
     *       with {@code actionRepeat = 4} a 200-step limit ends the episode after 50 agent steps. When the
     *       limit falls inside a repeated action, the action repeat stops there and returns
     *       {@code truncated = true};</li>
     *   <li>{@link org.mbrl4j.envs.wrappers.ActionRepeat}, if {@code actionRepeat > 1}: rewards summed over
     *       the repeated steps, stopping early when the episode ends;</li>
     *   <li>{@link org.mbrl4j.envs.wrappers.FrameStack}, if {@code frameStack > 1}, outermost so that it
     *       stacks the observations the agent sees, one per decision: shape {@code [k, C, H, W]} with pixels,
     *       {@code [k, obsDim]} without.</li>
     * </ol>
     * Action spaces are the unwrapped environment's; rewards and flags are the environment's, summed and cut
     * as above.
     *
     * @param id a registry id, one of {@link #ids()}
     * @param options the wrapping, such as {@link EnvOptions#DEFAULT}
     * @return a fresh environment, the outermost wrapper
     * @throws IllegalArgumentException if the id is unknown (the message lists the known ids)
     * @throws NullPointerException if {@code options} is null
     */
    public static Environment make(String id, EnvOptions options) {
        return spec(id).make(options);
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

    /**
     * Draws the current physical state of an environment made by the registry, whatever its wrappers, at
     * the renderer's native (Gymnasium) size, e.g. 600 x 400 for cart-pole. See
     * {@link #renderFrame(Environment, int, int)}.
     *
     * @param env an environment, wrapped or not
     * @return the picture, or empty if the environment is not one of the registry's
     * @throws NullPointerException if {@code env} is null
     */
    public static Optional<BufferedImage> renderFrame(Environment env) {
        return rendererOf(env).map(r -> r.render(unwrappedState(env), r.nativeWidth(), r.nativeHeight()));
    }

    /**
     * Draws the current physical state of an environment made by the registry, whatever its wrappers, for
     * episode videos. Follows {@link Wrapper#inner()} down to the unwrapped environment and draws its
     * {@link AbstractEnvironment#getState()} with the renderer of its id ({@link EnvSpec#renderer()}), so the
     * frame shows the state after the last reset or step. Reading the state changes nothing.
     *
     * @param env an environment, wrapped or not
     * @param width image width in pixels, {@code >= 1}
     * @param height image height in pixels, {@code >= 1}
     * @return a fresh RGB image of {@code width x height}, or empty if the unwrapped environment is not an
     *     {@link AbstractEnvironment} with a registered id
     * @throws IllegalArgumentException if a size is below 1
     * @throws NullPointerException if {@code env} is null
     */
    public static Optional<BufferedImage> renderFrame(Environment env, int width, int height) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1 pixel: " + width);
        }
        if (height < 1) {
            throw new IllegalArgumentException("height must be >= 1 pixel: " + height);
        }
        return rendererOf(env).map(r -> r.render(unwrappedState(env), width, height));
    }

    private static Environment unwrap(Environment env) {
        Environment e = Objects.requireNonNull(env, "env");
        return e instanceof Wrapper w ? w.unwrapped() : e;
    }

    private static Optional<StateRenderer> rendererOf(Environment env) {
        if (unwrap(env) instanceof AbstractEnvironment base && SPECS.containsKey(base.id())) {
            return Optional.of(SPECS.get(base.id()).renderer());
        }
        return Optional.empty();
    }

    private static double[] unwrappedState(Environment env) {
        return ((AbstractEnvironment) unwrap(env)).getState();
    }
}
