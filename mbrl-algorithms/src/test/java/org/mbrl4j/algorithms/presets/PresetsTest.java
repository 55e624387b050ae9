package org.mbrl4j.algorithms.presets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.algorithms.mbpo.MbpoConfig;
import org.mbrl4j.algorithms.pets.Pets;
import org.mbrl4j.algorithms.pets.PetsConfig;
import org.mbrl4j.algorithms.sac.SacConfig;
import org.mbrl4j.algorithms.steve.SteveConfig;
import org.mbrl4j.algorithms.td3.Td3Config;
import org.mbrl4j.core.Environment;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;

class PresetsTest {

    @Test
    void everyPetsPresetIsForItsOwnIdAndOthersAreRefusedWithTheChoices() {
        assertEquals(List.of("Acrobot-v1", "CartPole-v1", "CartPoleContinuous-v0", "CartPoleSwingUp-v0",
                "Pendulum-v1"), Presets.petsIds());
        assertEquals(PetsConfig.cartpole(), Presets.pets("CartPole-v1"));
        assertEquals(PetsConfig.acrobot(), Presets.pets("Acrobot-v1"));
        assertEquals(PetsConfig.cartpoleContinuous(), Presets.pets("CartPoleContinuous-v0"));
        assertEquals(PetsConfig.cartpoleSwingUp(), Presets.pets("CartPoleSwingUp-v0"));
        assertEquals(PetsConfig.pendulum(), Presets.pets("Pendulum-v1"));
        for (String id : Presets.petsIds()) {
            assertEquals(id, Presets.pets(id).envId());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Presets.pets("MountainCar-v0"));
        assertTrue(e.getMessage().contains("MountainCar-v0") && e.getMessage().contains("Pendulum-v1"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Presets.pets(null));
    }

    @Test
    void smallOffPolicyPresetsHaveASwingUpEntryAndThePendulumOnesElsewhere() {
        assertEquals(SacConfig.cartpoleSwingUpSmall(), Presets.sacSmall("CartPoleSwingUp-v0"));
        assertEquals(SacConfig.pendulumSmall(), Presets.sacSmall("MountainCarContinuous-v0"));
        assertEquals(Td3Config.cartpoleSwingUpSmall(), Presets.td3Small("CartPoleSwingUp-v0"));
        assertEquals(Td3Config.pendulumSmall(), Presets.td3Small("Pendulum-v1"));
        assertEquals(SteveConfig.cartpoleSwingUpSmall(), Presets.steveSmall("CartPoleSwingUp-v0"));
        assertEquals(SteveConfig.pendulumSmall(), Presets.steveSmall("Pendulum-v1"));
        assertEquals(MbpoConfig.pendulumSmall(), Presets.mbpoSmall("CartPoleSwingUp-v0"));
        assertThrows(NullPointerException.class, () -> Presets.sacSmall(null));
        assertThrows(NullPointerException.class, () -> Presets.mbpoSmall(null));
    }

    @Test
    void aPetsPresetForAnotherTaskFailsAtConstruction() {
        EnvSpec cartPole = Envs.spec("CartPoleContinuous-v0");
        try (Environment env = cartPole.make()) { // TimeLimit around the cart-pole: the wrapper reports its id
            assertEquals("CartPoleContinuous-v0", env.registryId().orElseThrow());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Pets(
                    Presets.pets("Pendulum-v1"), env, cartPole.rewardFunction(), cartPole.terminationFunction(), 0));
            assertTrue(e.getMessage().contains("Pendulum-v1") && e.getMessage().contains("CartPoleContinuous-v0"),
                    e.getMessage());
            // The same settings derived for this task are accepted.
            new Pets(Presets.pets("Pendulum-v1").withEnvId("CartPoleContinuous-v0").withTrials(1), env,
                    cartPole.rewardFunction(), cartPole.terminationFunction(), 0);
        }
    }
}
