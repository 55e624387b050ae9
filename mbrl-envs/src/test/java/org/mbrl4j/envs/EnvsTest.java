package org.mbrl4j.envs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Step;
import org.mbrl4j.envs.classic.CartPole;
import org.mbrl4j.envs.wrappers.TimeLimit;
import org.mbrl4j.envs.wrappers.Wrapper;

/** The registry: ids, specs, time limits and unknown ids. */
class EnvsTest {

    private static final Map<String, Integer> LIMITS = Map.of(
            "CartPole-v1", 500, "Pendulum-v1", 200, "MountainCar-v0", 200, "MountainCarContinuous-v0", 999,
            "Acrobot-v1", 500, "CartPoleContinuous-v0", 200, "CartPoleSwingUp-v0", 200);

    @Test
    void idsAreTheSevenEnvironments() {
        assertEquals(List.of("CartPole-v1", "Pendulum-v1", "MountainCar-v0", "MountainCarContinuous-v0",
                "Acrobot-v1", "CartPoleContinuous-v0", "CartPoleSwingUp-v0"), Envs.ids());
        assertThrows(UnsupportedOperationException.class, () -> Envs.ids().add("x"));
    }

    @Test
    void makeAppliesGymnasiumTimeLimits() {
        for (String id : Envs.ids()) {
            Environment env = Envs.make(id);
            TimeLimit limit = assertInstanceOf(TimeLimit.class, env, id);
            assertEquals(LIMITS.get(id), limit.maxEpisodeSteps(), id);
            assertEquals(LIMITS.get(id), Envs.spec(id).maxEpisodeSteps(), id);
            assertEquals(id, ((AbstractEnvironment) limit.unwrapped()).id());
            assertFalse(Envs.spec(id).description().isBlank());
            assertNotSame(Envs.spec(id).makeUnwrapped(), Envs.spec(id).makeUnwrapped());
        }
    }

    @Test
    void everyEnvironmentReportsItsRegistryIdThroughItsWrappers() {
        for (String id : Envs.ids()) {
            try (Environment env = Envs.make(id, EnvOptions.DEFAULT.withActionRepeat(2))) {
                assertInstanceOf(Wrapper.class, env);
                assertEquals(id, env.registryId().orElseThrow(), id);
            }
        }
        Environment plain = new Environment() {
            @Override
            public org.mbrl4j.core.spaces.Space observationSpace() {
                return null;
            }

            @Override
            public org.mbrl4j.core.spaces.Space actionSpace() {
                return null;
            }

            @Override
            public org.mbrl4j.core.Reset reset(long seed) {
                return null;
            }

            @Override
            public org.mbrl4j.core.Reset reset() {
                return null;
            }

            @Override
            public Step step(org.nd4j.linalg.api.ndarray.INDArray action) {
                return null;
            }
        };
        assertTrue(plain.registryId().isEmpty(), "an environment outside the registry has no id");
    }

    @Test
    void unknownIdListsTheKnownIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Envs.make("CartPole-v9"));
        assertTrue(e.getMessage().contains("CartPole-v9"), e.getMessage());
        for (String id : Envs.ids()) {
            assertTrue(e.getMessage().contains(id), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Envs.spec(null));
    }

    /** Pendulum never terminates: each episode is truncated by the 200-step limit, exactly at step 200. */
    @Test
    void pendulumIsTruncatedAtTwoHundredSteps() {
        Environment env = Envs.make("Pendulum-v1");
        SplittableRandom rng = new SplittableRandom(3);
        for (int episode = 0; episode < 2; episode++) {
            env.reset(episode);
            for (int t = 1; t <= 200; t++) {
                Step s = env.step(env.actionSpace().sample(rng));
                assertFalse(s.terminated());
                assertEquals(t == 200, s.truncated(), "step " + t);
            }
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> env.step(env.actionSpace().sample(rng)));
            assertTrue(e.getMessage().contains("ended at step 200"), e.getMessage());
        }
    }

    @Test
    void unwrappedFollowsTheChain() {
        CartPole base = new CartPole();
        TimeLimit inner = new TimeLimit(base, 10);
        Wrapper outer = new TimeLimit(inner, 5);
        assertEquals(inner, outer.inner());
        assertEquals(base, outer.unwrapped());
        assertEquals(base.actionSpace(), outer.actionSpace());
        assertEquals(base.observationSpace(), outer.observationSpace());
    }
}
