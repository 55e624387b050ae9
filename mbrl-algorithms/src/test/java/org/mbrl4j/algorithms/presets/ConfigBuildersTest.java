package org.mbrl4j.algorithms.presets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.algorithms.common.LoopConfig;
import org.mbrl4j.algorithms.mbpo.MbpoConfig;
import org.mbrl4j.algorithms.pets.PetsConfig;
import org.mbrl4j.algorithms.sac.SacConfig;
import org.mbrl4j.algorithms.steve.SteveConfig;
import org.mbrl4j.algorithms.td3.Td3Config;
import org.mbrl4j.models.dynamics.DeterministicEnsembleConfig;
import org.mbrl4j.models.dynamics.GaussianEnsembleConfig;
import org.mbrl4j.models.dynamics.TrainerConfig;

/**
 * Every config's builder copies a preset exactly, changes only the field it is told to, and validates in
 * {@code build()} with the field's name in the message.
 */
class ConfigBuildersTest {

    @Test
    void aBuilderCopiesItsPresetExactly() {
        List<Object> presets = List.of(SacConfig.paper(), Td3Config.ddpg(), MbpoConfig.pendulum(),
                SteveConfig.paper(), PetsConfig.pendulum(), GaussianEnsembleConfig.petsCartpole(),
                TrainerConfig.petsCartpole(), DeterministicEnsembleConfig.petsCartpole(), LoopConfig.of(100));
        List<Object> copies = List.of(SacConfig.paper().toBuilder().build(), Td3Config.ddpg().toBuilder().build(),
                MbpoConfig.pendulum().toBuilder().build(), SteveConfig.paper().toBuilder().build(),
                PetsConfig.pendulum().toBuilder().build(), GaussianEnsembleConfig.petsCartpole().toBuilder().build(),
                TrainerConfig.petsCartpole().toBuilder().build(),
                DeterministicEnsembleConfig.petsCartpole().toBuilder().build(), LoopConfig.of(100).toBuilder().build());
        assertEquals(presets, copies);
    }

    @Test
    void aSetterChangesOnlyItsField() {
        SacConfig base = SacConfig.pendulumSmall();
        SacConfig changed = base.toBuilder().batchSize(64).gamma(0.9).build();
        assertEquals(64, changed.batchSize());
        assertEquals(0.9, changed.gamma());
        assertNotEquals(base, changed);
        assertEquals(base, changed.toBuilder().batchSize(base.batchSize()).gamma(base.gamma()).build());
        PetsConfig pets = PetsConfig.pendulum().toBuilder().trials(3).build();
        assertEquals(3, pets.trials());
        assertEquals(PetsConfig.pendulum().horizon(), pets.horizon());
        LoopConfig loop = LoopConfig.of(5000).toBuilder().randomSteps(0).build();
        assertEquals(new LoopConfig(5000, 0, 5, 5), loop);
    }

    @Test
    void buildRefusesABadValueNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SacConfig.paper().toBuilder().gamma(1.5).build());
        assertTrue(e.getMessage().contains("gamma") && e.getMessage().contains("1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Td3Config.paper().toBuilder().batchSize(0).build());
        assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TrainerConfig.petsCartpole().toBuilder().learningRate(Double.NaN).build());
        assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LoopConfig.of(0));
        assertTrue(e.getMessage().contains("totalSteps"), e.getMessage());
    }
}
