package org.mbrl4j.algorithms.pets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.io.CorruptCheckpointException;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.models.dynamics.GaussianEnsembleConfig;
import org.mbrl4j.models.dynamics.TrainerConfig;
import org.mbrl4j.planners.CemConfig;
import org.mbrl4j.planners.ICemConfig;
import org.mbrl4j.planners.OptimizerConfig;
import org.mbrl4j.planners.Propagation;

class PetsCheckpointTest {

    @TempDir
    Path dir;

    private static final EnvSpec SPEC = Envs.spec("CartPoleContinuous-v0");

    /** Four 40-step trials, retraining every 15 steps inside a trial as well. */
    private static PetsConfig tiny(OptimizerConfig optimizer) {
        return PetsConfig.cartpoleContinuous().withTrials(4).withTrialLength(40)
                .withModel(GaussianEnsembleConfig.petsCartpole().withEnsemble(3, 2).withHidden(2, 16),
                        TrainerConfig.petsCartpole().withEpochs(3, 2), 15)
                .withOptimizer(optimizer)
                .withPlanning(5, 4, Propagation.TS1);
    }

    private static Pets fresh(PetsConfig config) {
        return new Pets(config, SPEC.make(), SPEC.rewardFunction(), SPEC.terminationFunction(), 3);
    }

    private void assertResumesExactly(PetsConfig config) throws IOException {
        Pets straight = fresh(config);
        List<TrialReport> all = straight.run(PetsListener.NONE);

        Pets first = fresh(config);
        first.runTrial(PetsListener.NONE);
        first.runTrial(PetsListener.NONE);
        Path file = dir.resolve("pets.ckpt");
        first.save(file);
        Pets resumed = Pets.resume(file, SPEC.make(), SPEC.rewardFunction(), SPEC.terminationFunction());
        assertEquals(2, resumed.reports().size());
        List<TrialReport> split = resumed.run(PetsListener.NONE);

        assertEquals(all.size(), split.size());
        for (int i = 0; i < all.size(); i++) {
            TrialReport a = all.get(i);
            TrialReport b = split.get(i);
            assertEquals(a.episodeReturn(), b.episodeReturn(), "trial " + i + " return");
            assertEquals(a.steps(), b.steps(), "trial " + i);
            assertEquals(a.totalEnvSteps(), b.totalEnvSteps(), "trial " + i);
            assertEquals(a.trainings(), b.trainings(), "trial " + i);
        }
        assertNull(split.get(1).lastTraining(), "reports from before the save come back without their training");
        Checkpoint x = straight.toCheckpoint();
        Checkpoint y = resumed.toCheckpoint();
        for (String name : x.names()) {
            if (!name.equals("reports.seconds")) {
                assertTrue(equalEntries(x, y, name), "entry " + name + " differs");
            }
        }
    }

    private static boolean equalEntries(Checkpoint x, Checkpoint y, String name) {
        if (x.type(name) != y.type(name)) {
            return false;
        }
        return switch (x.type(name)) {
            case FLOAT_ARRAY -> java.util.Arrays.equals(x.floats(name), y.floats(name));
            case DOUBLE_ARRAY -> java.util.Arrays.equals(x.doubles(name), y.doubles(name));
            case INT_ARRAY -> java.util.Arrays.equals(x.ints(name), y.ints(name));
            case LONG_ARRAY -> java.util.Arrays.equals(x.longs(name), y.longs(name));
            case STRING -> x.string(name).equals(y.string(name));
            case LONG -> x.longValue(name) == y.longValue(name);
            case DOUBLE -> Double.compare(x.doubleValue(name), y.doubleValue(name)) == 0;
            case BOOLEAN -> x.booleanValue(name) == y.booleanValue(name);
        };
    }

    @Test
    void aCemRunSavedAfterTwoTrialsAndResumedEndsBitForBitAsTheStraightRun() throws IOException {
        assertResumesExactly(tiny(new CemConfig(2, 20, 0.2, 0.1, 1e-3)));
    }

    @Test
    void anICemRunResumesExactly() throws IOException {
        assertResumesExactly(tiny(ICemConfig.defaults().withBudget(2, 20)));
    }

    @Test
    void badFilesAreRefusedNamingThePath() throws IOException {
        assertThrows(NoSuchFileException.class,
                () -> Pets.resume(dir.resolve("none.ckpt"), SPEC.make(), SPEC.rewardFunction(),
                        SPEC.terminationFunction()));
        Pets pets = fresh(tiny(new CemConfig(2, 20, 0.2, 0.1, 1e-3)));
        Path file = dir.resolve("pets.ckpt");
        pets.save(file);
        Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 100));
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
                () -> Pets.resume(file, SPEC.make(), SPEC.rewardFunction(), SPEC.terminationFunction()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void anEnvironmentWithOtherSpacesIsRefused() throws IOException {
        Pets pets = fresh(tiny(new CemConfig(2, 20, 0.2, 0.1, 1e-3)));
        Path file = dir.resolve("pets.ckpt");
        pets.save(file);
        EnvSpec pendulum = Envs.spec("Pendulum-v1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pets.resume(file, pendulum.make(), pendulum.rewardFunction(), pendulum.terminationFunction()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}
