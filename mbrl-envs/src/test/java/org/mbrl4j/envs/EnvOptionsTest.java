package org.mbrl4j.envs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Reset;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.envs.classic.CartPoleSwingUp;
import org.mbrl4j.envs.classic.Pendulum;
import org.mbrl4j.envs.render.PixelObservation;
import org.mbrl4j.envs.wrappers.ActionRepeat;
import org.mbrl4j.envs.wrappers.FrameStack;
import org.mbrl4j.envs.wrappers.TimeLimit;
import org.mbrl4j.envs.wrappers.Wrapper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Envs#make(String, EnvOptions)}: shapes, wrapping order, action repeat, time limits, validation. */
class EnvOptionsTest {

    private static INDArray torque(double u) {
        return Nd4j.create(new float[] {(float) u}, new long[] {1}, DataType.FLOAT);
    }

    @Test
    void wrappersAreNestedInTheDocumentedOrder() {
        EnvOptions all = EnvOptions.DEFAULT.withPixels(true).withActionRepeat(2).withFrameStack(3)
                .withMaxEpisodeSteps(7);
        Environment env = Envs.make(Pendulum.ID, all);
        FrameStack stack = assertInstanceOf(FrameStack.class, env);
        ActionRepeat repeat = assertInstanceOf(ActionRepeat.class, stack.inner());
        TimeLimit limit = assertInstanceOf(TimeLimit.class, repeat.inner());
        PixelObservation pixels = assertInstanceOf(PixelObservation.class, limit.inner());
        assertInstanceOf(Pendulum.class, pixels.inner());
        assertInstanceOf(Pendulum.class, stack.unwrapped());
        assertEquals(3, stack.k());
        assertEquals(2, repeat.repeat());
        assertEquals(7, limit.maxEpisodeSteps());
        assertEquals(Envs.spec(Pendulum.ID).renderer(), pixels.renderer());

        // Defaults add no repeat, no stack and no pixels: only the registry's TimeLimit.
        TimeLimit plain = assertInstanceOf(TimeLimit.class, Envs.make(Pendulum.ID, EnvOptions.DEFAULT));
        assertInstanceOf(Pendulum.class, plain.inner());
        assertEquals(200, plain.maxEpisodeSteps());
    }

    @Test
    void observationShapesAreChwAndStackedKChw() {
        Environment rgb = Envs.make(CartPoleSwingUp.ID, EnvOptions.DEFAULT.withPixels(true));
        assertShape(rgb, 3, 64, 64);

        Environment grey = Envs.make(CartPoleSwingUp.ID,
                EnvOptions.DEFAULT.withPixels(true).withGrayscale(true).withSize(48, 32));
        assertShape(grey, 1, 32, 48);

        Environment stacked = Envs.make(CartPoleSwingUp.ID,
                EnvOptions.DEFAULT.withPixels(true).withSize(40, 30).withFrameStack(4).withActionRepeat(2));
        assertShape(stacked, 4, 3, 30, 40);

        Environment states = Envs.make(CartPoleSwingUp.ID, EnvOptions.DEFAULT.withFrameStack(3));
        assertShape(states, 3, 5);

        // Without pixels the image fields are ignored.
        assertShape(Envs.make(CartPoleSwingUp.ID, EnvOptions.DEFAULT.withGrayscale(true).withSize(8, 8)), 5);
    }

    private static void assertShape(Environment env, long... shape) {
        Box space = assertInstanceOf(Box.class, env.observationSpace());
        assertArrayEquals(shape, space.shape());
        Reset r = env.reset(3);
        assertArrayEquals(shape, r.observation().shape());
        assertTrue(space.contains(r.observation()));
        Step s = env.step(torque(0.5));
        assertArrayEquals(shape, s.observation().shape());
        assertTrue(space.contains(s.observation()));
    }

    @Test
    void stackedPixelFramesShiftByOneDecision() {
        Environment env = Envs.make(CartPoleSwingUp.ID,
                EnvOptions.DEFAULT.withPixels(true).withSize(32, 32).withFrameStack(2).withActionRepeat(3));
        INDArray first = env.reset(5).observation();
        // At reset the stack holds two copies of the first picture.
        assertEquals(first.slice(0), first.slice(1));
        INDArray next = env.step(torque(1.0)).observation();
        assertEquals(first.slice(1), next.slice(0), "the newest frame becomes the older one");
        assertFalse(next.slice(0).equals(next.slice(1)), "three repeated pushes move the cart or pole");
    }

    @Test
    void actionRepeatSumsTheRewardsOfTheInnerSteps() {
        Environment repeated = Envs.make(Pendulum.ID, EnvOptions.DEFAULT.withActionRepeat(3));
        Environment single = Envs.make(Pendulum.ID);
        repeated.reset(11);
        single.reset(11);
        SplittableRandom rng = new SplittableRandom(2);
        for (int t = 0; t < 5; t++) {
            INDArray a = repeated.actionSpace().sample(rng);
            Step r = repeated.step(a);
            double sum = 0.0;
            Step last = null;
            for (int i = 0; i < 3; i++) {
                last = single.step(a);
                sum += last.reward();
            }
            assertEquals(sum, r.reward(), 0.0, "step " + t);
            assertTrue(r.reward() < 3 * -1e-6, "Pendulum rewards are negative: " + r.reward());
            assertEquals(last.observation(), r.observation());
            assertEquals(3, r.info().get(ActionRepeat.REPEATS_KEY));
        }
    }

    /** The time limit counts steps of the environment, inside the action repeat. */
    @Test
    void timeLimitCountsUnrepeatedStepsAndCutsARepeatShort() {
        Environment env = Envs.make(Pendulum.ID, EnvOptions.DEFAULT.withActionRepeat(4).withMaxEpisodeSteps(10));
        env.reset(1);
        Step s1 = env.step(torque(0));
        Step s2 = env.step(torque(0));
        Step s3 = env.step(torque(0));
        assertFalse(s1.done() || s2.done());
        assertTrue(s3.truncated(), "steps 9 and 10 of the environment end the episode on the third decision");
        assertFalse(s3.terminated());
        assertEquals(2, s3.info().get(ActionRepeat.REPEATS_KEY));
        assertThrows(IllegalStateException.class, () -> env.step(torque(0)));

        // The registry's 200-step limit with a repeat of 4: exactly 50 decisions.
        Environment registry = Envs.make(Pendulum.ID, EnvOptions.DEFAULT.withActionRepeat(4).withFrameStack(2));
        registry.reset(2);
        for (int t = 1; t <= 50; t++) {
            Step s = registry.step(torque(0.3));
            assertEquals(t == 50, s.truncated(), "decision " + t);
        }
    }

    @Test
    void maxEpisodeStepsOverridesTheRegistryAndCanBeRestored() {
        EnvOptions five = EnvOptions.DEFAULT.withMaxEpisodeSteps(5);
        assertEquals(OptionalInt.of(5), five.maxEpisodeSteps());
        Environment env = Envs.make(Pendulum.ID, five);
        env.reset(0);
        for (int t = 1; t <= 5; t++) {
            assertEquals(t == 5, env.step(torque(0)).truncated(), "step " + t);
        }
        assertEquals(EnvOptions.DEFAULT, five.withRegistryMaxEpisodeSteps());
        assertEquals(200, assertInstanceOf(TimeLimit.class,
                Envs.make(Pendulum.ID, five.withRegistryMaxEpisodeSteps())).maxEpisodeSteps());
    }

    @Test
    void invalidOptionsNameTheFieldAndTheValue() {
        assertRejected("width", "0", () -> EnvOptions.DEFAULT.withSize(0, 64));
        assertRejected("height", "-3", () -> EnvOptions.DEFAULT.withSize(64, -3));
        assertRejected("width", "5000", () -> EnvOptions.DEFAULT.withSize(5000, 64));
        assertRejected("actionRepeat", "0", () -> EnvOptions.DEFAULT.withActionRepeat(0));
        assertRejected("frameStack", "-1", () -> EnvOptions.DEFAULT.withFrameStack(-1));
        assertRejected("maxEpisodeSteps", "0", () -> EnvOptions.DEFAULT.withMaxEpisodeSteps(0));
        assertRejected("maxEpisodeSteps", "-7",
                () -> new EnvOptions(false, 64, 64, false, 1, 1, OptionalInt.of(-7)));
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> new EnvOptions(false, 64, 64, false, 1, 1, null));
        assertTrue(npe.getMessage().contains("maxEpisodeSteps"), npe.getMessage());
        assertThrows(NullPointerException.class, () -> Envs.make(Pendulum.ID, null));
        assertThrows(IllegalArgumentException.class, () -> Envs.make("Pendulum-v0", EnvOptions.DEFAULT));
    }

    private static void assertRejected(String field, String value, Supplier<EnvOptions> options) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, options::get);
        assertTrue(e.getMessage().startsWith(field + " must be"), e.getMessage());
        assertTrue(e.getMessage().endsWith(": " + value), e.getMessage());
    }

    @Test
    void defaultsAreDocumented() {
        EnvOptions d = EnvOptions.DEFAULT;
        assertFalse(d.pixels());
        assertFalse(d.grayscale());
        assertEquals(64, d.width());
        assertEquals(64, d.height());
        assertEquals(1, d.actionRepeat());
        assertEquals(1, d.frameStack());
        assertTrue(d.maxEpisodeSteps().isEmpty());
        EnvOptions changed = d.withPixels(true).withGrayscale(true).withSize(84, 96).withActionRepeat(2)
                .withFrameStack(3).withMaxEpisodeSteps(9);
        assertEquals(new EnvOptions(true, 84, 96, true, 2, 3, OptionalInt.of(9)), changed);
    }

    /** make(id) and make(id, DEFAULT) build the same chain and run the same episode on the same seed. */
    @Test
    void makeWithoutOptionsIsMakeWithDefault() {
        for (String id : Envs.ids()) {
            Environment a = Envs.make(id);
            Environment b = Envs.make(id, EnvOptions.DEFAULT);
            assertEquals(a.getClass(), b.getClass(), id);
            assertEquals(((Wrapper) a).inner().getClass(), ((Wrapper) b).inner().getClass(), id);
            assertEquals(((TimeLimit) a).maxEpisodeSteps(), ((TimeLimit) b).maxEpisodeSteps(), id);
            assertEquals(a.reset(17).observation(), b.reset(17).observation(), id);
            SplittableRandom ra = new SplittableRandom(4);
            SplittableRandom rb = new SplittableRandom(4);
            for (int t = 0; t < 30; t++) {
                Step sa = a.step(a.actionSpace().sample(ra));
                Step sb = b.step(b.actionSpace().sample(rb));
                assertEquals(sa.observation(), sb.observation(), id + " step " + t);
                assertEquals(sa.reward(), sb.reward(), 0.0, id + " step " + t);
                assertEquals(sa.terminated(), sb.terminated(), id);
                assertEquals(sa.truncated(), sb.truncated(), id);
                if (sa.done()) {
                    break;
                }
            }
        }
    }
}
