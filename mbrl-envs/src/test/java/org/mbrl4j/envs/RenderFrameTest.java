package org.mbrl4j.envs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.SimulatedEnvironment;
import org.mbrl4j.envs.classic.CartPole;
import org.mbrl4j.envs.fixtures.Counter;
import org.mbrl4j.envs.render.PixelObservation;
import org.mbrl4j.envs.render.StateRenderer;
import org.mbrl4j.envs.wrappers.TimeLimit;
import org.mbrl4j.envs.wrappers.Wrapper;

/** The registry's renderers and {@link Envs#renderFrame}. */
class RenderFrameTest {

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void everyRendererReadsItsEnvironmentsState() {
        for (String id : Envs.ids()) {
            EnvSpec spec = Envs.spec(id);
            SimulatedEnvironment env = spec.makeUnwrapped();
            env.reset(1);
            assertEquals(env.getState().length, spec.renderer().stateDimension(), id);
        }
    }

    /** For every id, through every wrapper: a frame of the requested size that follows the state. */
    @Test
    void renderFrameWorksForEveryIdAndChangesAfterSteps() {
        EnvOptions wrapped = EnvOptions.DEFAULT.withPixels(true).withSize(16, 16).withActionRepeat(2)
                .withFrameStack(2);
        for (String id : Envs.ids()) {
            for (EnvOptions options : new EnvOptions[] {EnvOptions.DEFAULT, wrapped}) {
                Environment env = Envs.make(id, options);
                StateRenderer renderer = Envs.spec(id).renderer();
                SimulatedEnvironment base = (SimulatedEnvironment) ((Wrapper) env).unwrapped();
                env.reset(8);
                BufferedImage before = Envs.renderFrame(env, 120, 80).orElseThrow();
                assertEquals(120, before.getWidth(), id);
                assertEquals(80, before.getHeight(), id);
                assertArrayEquals(pixels(renderer.render(base.getState(), 120, 80)), pixels(before), id);

                BufferedImage nativeSize = Envs.renderFrame(env).orElseThrow();
                assertEquals(renderer.nativeWidth(), nativeSize.getWidth(), id);
                assertEquals(renderer.nativeHeight(), nativeSize.getHeight(), id);

                // Slow starts (a car at rest in a valley) need a few steps before a pixel moves.
                SplittableRandom rng = new SplittableRandom(5);
                int steps = 0;
                boolean changed = false;
                while (!changed && steps < 10) {
                    env.step(env.actionSpace().sample(rng));
                    steps++;
                    changed = !Arrays.equals(pixels(before), pixels(Envs.renderFrame(env, 120, 80).orElseThrow()));
                }
                assertTrue(changed, id + " " + options + ": the frame did not change in " + steps + " steps");
                assertArrayEquals(pixels(renderer.render(base.getState(), 120, 80)),
                        pixels(Envs.renderFrame(env, 120, 80).orElseThrow()), id);
            }
        }
    }

    @Test
    void renderFrameOfAPixelEnvironmentIsItsRender() {
        Environment env = Envs.make(CartPole.ID, EnvOptions.DEFAULT.withPixels(true));
        env.reset(3);
        PixelObservation pixels = (PixelObservation) ((Wrapper) env).inner();
        assertArrayEquals(pixels(pixels.render()), pixels(Envs.renderFrame(env).orElseThrow()));
        // An unwrapped registry environment works too.
        assertTrue(Envs.renderFrame(pixels.inner(), 10, 10).isPresent());
    }

    @Test
    void environmentsOutsideTheRegistryHaveNoFrame() {
        assertTrue(Envs.renderFrame(new TimeLimit(new Counter(3.0, 5), 5), 64, 64).isEmpty());
        assertTrue(Envs.renderFrame(new Counter(3.0, 5)).isEmpty());
    }

    @Test
    void badArgumentsAreRejected() {
        Environment env = Envs.make(CartPole.ID);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Envs.renderFrame(env, 0, 64));
        assertTrue(e.getMessage().contains("width") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Envs.renderFrame(env, 64, -2));
        assertTrue(e.getMessage().contains("height") && e.getMessage().contains("-2"), e.getMessage());
        assertThrows(NullPointerException.class, () -> Envs.renderFrame(null, 64, 64));
        assertFalse(Envs.renderFrame(env, 64, 64).isEmpty(), "renders before any reset (the zero state)");
    }
}
