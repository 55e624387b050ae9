package org.mbrl4j.algorithms.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.algorithms.pets.Pets;
import org.mbrl4j.algorithms.pets.PetsConfig;
import org.mbrl4j.algorithms.pets.PetsListener;
import org.mbrl4j.algorithms.pets.TrialReport;
import org.mbrl4j.algorithms.sac.Sac;
import org.mbrl4j.algorithms.sac.SacConfig;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.models.dynamics.GaussianEnsembleConfig;
import org.mbrl4j.models.dynamics.TrainerConfig;
import org.mbrl4j.planners.Propagation;
import org.nd4j.linalg.api.ndarray.INDArray;

/** PETS and an off-policy learner driven by the same code through {@link TrainingRun}. */
class TrainingRunTest {

    @TempDir
    Path dir;

    /** What any caller of the interface does: run in two pieces, save in between, evaluate the agent. */
    private List<EpisodeReport> drive(TrainingRun run, long firstPiece, Environment probe) throws IOException {
        List<EpisodeReport> seen = new ArrayList<>();
        List<EpisodeReport> first = run.runUntil(firstPiece, seen::add);
        assertFalse(first.isEmpty());
        assertTrue(run.steps() >= firstPiece, "stops at the first episode end at or after the limit");
        assertEquals(first.get(first.size() - 1).envSteps(), run.steps());
        Path file = dir.resolve("run-" + seen.size() + ".ckpt");
        run.save(file);
        assertTrue(Files.size(file) > 0);
        List<EpisodeReport> rest = run.run(seen::add);
        assertTrue(run.done());
        assertEquals(first.size() + rest.size(), seen.size(), "every report reaches the callback once");
        assertEquals(seen.size(), run.episodes());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i, seen.get(i).episode());
            assertTrue(seen.get(i).length() > 0);
            assertTrue(Double.isFinite(seen.get(i).episodeReturn()));
        }
        INDArray obs = probe.reset(5).observation();
        run.agent().reset();
        INDArray action = run.agent().act(obs);
        assertTrue(probe.actionSpace().contains(action), "the agent acts in the action space: " + action);
        assertTrue(run.run(seen::add).isEmpty(), "a finished run runs nothing more");
        return seen;
    }

    @Test
    void petsReportsItsTrialsAsEpisodesThroughTheSameInterface() throws IOException {
        EnvSpec spec = Envs.spec("CartPoleContinuous-v0");
        PetsConfig config = PetsConfig.cartpoleContinuous().withTrials(3).withTrialLength(30)
                .withModel(GaussianEnsembleConfig.petsCartpole().withEnsemble(3, 2).withHidden(2, 16),
                        TrainerConfig.petsCartpole().withEpochs(3, 2), 0)
                .withPlanning(5, 4, Propagation.TS1);
        List<EpisodeReport> reports;
        try (Environment env = spec.make(); Environment probe = spec.make()) {
            reports = drive(new Pets(config, env, spec.rewardFunction(), spec.terminationFunction(), 3), 1, probe);
        }
        assertEquals(3, reports.size(), "one report per trial");
        assertEquals(1.0, reports.get(0).metrics().get("random"));
        assertFalse(reports.get(0).terminated(), "the random trial spans episodes");
        assertEquals(0.0, reports.get(1).metrics().get("random"));
        assertEquals(1.0, reports.get(1).metrics().get("model_trainings"));
        assertTrue(reports.get(1).metrics().containsKey("model_validation_score"));
        assertFalse(reports.get(2).evalReturn().isPresent());

        List<TrialReport> trials; // the same seed through the PETS-specific entry gives the same trials
        try (Environment env = spec.make()) {
            trials = new Pets(config, env, spec.rewardFunction(), spec.terminationFunction(), 3)
                    .run(PetsListener.NONE);
        }
        for (int i = 0; i < trials.size(); i++) {
            assertEquals(trials.get(i).episodeReturn(), reports.get(i).episodeReturn(), "trial " + i);
            assertEquals(trials.get(i).steps(), reports.get(i).length(), "trial " + i);
            assertEquals(trials.get(i).totalEnvSteps(), reports.get(i).envSteps(), "trial " + i);
        }
    }

    @Test
    void anOffPolicyRunIsDrivenByTheSameCode() throws IOException {
        EnvSpec spec = Envs.spec("Pendulum-v1");
        try (Environment env = spec.make(); Environment evalEnv = spec.make(); Environment probe = spec.make()) {
            Sac sac = new Sac(env.observationSpace().flatDim(), env.actionSpace(),
                    SacConfig.pendulumSmall().withHidden(16, 2).withUpdates(1, 32), RandomStreams.of(2));
            LoopConfig loop = LoopConfig.of(600).toBuilder().randomSteps(100).evalEveryEpisodes(2).evalEpisodes(1)
                    .build();
            List<EpisodeReport> reports = drive(OffPolicyRun.start(env, evalEnv, sac, loop, 2), 200, probe);
            assertEquals(3, reports.size(), "three 200-step episodes");
            assertTrue(reports.get(1).evalReturn().isPresent());
            assertNotNull(reports.get(2).metrics());
        }
    }
}
