package org.mbrl4j.algorithms.pets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mbrl4j.algorithms.presets.Presets;
import org.mbrl4j.core.RandomAgent;
import org.mbrl4j.core.loop.Evaluation;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.models.dynamics.GaussianEnsembleConfig;
import org.mbrl4j.models.dynamics.TrainerConfig;
import org.mbrl4j.planners.CemConfig;
import org.mbrl4j.planners.Propagation;

class PetsTest {

    /**
     * A budget that runs in about a minute on two cores. 150 epochs (patience 20) instead of the preset's 25,
     * scored as the reduced budget scores (the Gaussian NLL on a 20 % holdout): scored by the means' MSE alone,
     * training can stop while the log-variances are still large, and TS1's sampled rollouts are then too noisy
     * to plan with in the first trials (docs/algorithms/pets.md).
     */
    static PetsConfig small() {
        return PetsConfig.cartpoleContinuous().withTrials(3)
                .withModel(GaussianEnsembleConfig.petsCartpole().withEnsemble(4, 4).withHidden(3, 128),
                        TrainerConfig.petsCartpole().withEpochs(150, 20).withValidationRatio(0.2)
                                .withValidationScore(org.mbrl4j.models.dynamics.ValidationScore.GAUSSIAN_NLL), 0)
                .withOptimizer(new CemConfig(4, 80, 0.1, 0.1, 1e-3))
                .withPlanning(12, 4, Propagation.TS1);
    }

    @Test
    void smallPetsBeatsARandomAgentOnCartPoleContinuous() {
        EnvSpec spec = Envs.spec("CartPoleContinuous-v0");
        double random = Evaluation.evaluate(spec.make(),
                new RandomAgent(spec.make().actionSpace(), new SplittableRandom(1)), 10, 1).meanReturn();
        Pets pets = new Pets(small(), spec.make(), spec.rewardFunction(), spec.terminationFunction(), 0);
        int[] trained = {0};
        List<TrialReport> trials = pets.run(new PetsListener() {
            @Override
            public void onModelTrained(long steps, org.mbrl4j.models.dynamics.TrainingResult r) {
                trained[0]++;
            }
        });
        assertEquals(3, trials.size());
        assertTrue(trials.get(0).random() && !trials.get(1).random());
        assertEquals(2, trained[0], "one training per planned trial");
        double[] returns = trials.stream().mapToDouble(TrialReport::episodeReturn).toArray();
        double best = Math.max(returns[1], returns[2]);
        assertTrue(best >= Math.max(3 * random, 100), "PETS returns per trial " + java.util.Arrays.toString(returns)
                + " vs random " + random);
    }

    /**
     * The learning profile's PETS test: the reduced budget on three seeds, four trials each; a planned trial
     * must balance for at least 150 of 200 steps (a random policy lasts about 20, a broken model or planner
     * rarely 50).
     */
    @Tag("learning")
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0, 1, 2})
    void reducedPetsBalancesTheCartPoleOnEverySeed(long seed) {
        EnvSpec spec = Envs.spec("CartPoleContinuous-v0");
        Pets pets = new Pets(PetsConfig.cartpoleContinuous().reduced().withTrials(4), spec.make(),
                spec.rewardFunction(), spec.terminationFunction(), seed);
        double[] returns = pets.run(PetsListener.NONE).stream().mapToDouble(TrialReport::episodeReturn).toArray();
        double best = Math.max(returns[1], Math.max(returns[2], returns[3]));
        assertTrue(best >= 150, "seed " + seed + ": returns per trial " + java.util.Arrays.toString(returns));
    }

    @Test
    void everyPresetRunsItsRandomTrialAndTheReducedBudgetPlansWithLessWork() {
        for (String id : List.of("CartPoleContinuous-v0", "CartPoleSwingUp-v0", "Pendulum-v1")) {
            PetsConfig preset = Presets.pets(id);
            assertEquals(id, preset.envId());
            PetsConfig reduced = preset.reduced();
            assertEquals(preset.horizon(), reduced.horizon(), id);
            assertEquals(preset.trialLength(), reduced.trialLength(), id);
            long presetWork = (long) PetsOptimizer.sequencesPerPlan(preset.optimizer()) * preset.particles();
            long reducedWork = (long) PetsOptimizer.sequencesPerPlan(reduced.optimizer()) * reduced.particles();
            assertTrue(10 * reducedWork <= presetWork, id + ": " + reducedWork + " vs " + presetWork);
            EnvSpec spec = Envs.spec(id);
            Pets pets = new Pets(preset, spec.make(), spec.rewardFunction(), spec.terminationFunction(), 0);
            TrialReport first = pets.runTrial(PetsListener.NONE);
            assertTrue(first.random() && first.steps() == preset.trialLength() && first.trainings() == 0, id);
            assertEquals(preset.trialLength(), pets.buffer().size(), id);
        }
        PetsConfig c = PetsConfig.cartpoleContinuous();
        assertThrows(IllegalArgumentException.class, () -> Presets.pets("MountainCar-v0"));
        assertThrows(IllegalArgumentException.class, () -> c.withTrials(0));
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> c.withTrials(21474837));
        assertTrue(tooMany.getMessage().contains("21474837 x 200"), tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.withPlanning(5, 0, Propagation.TS1));
        assertThrows(IllegalArgumentException.class, () -> new Pets(c, Envs.make("CartPole-v1"),
                Envs.spec("CartPole-v1").rewardFunction(), Envs.spec("CartPole-v1").terminationFunction(), 0));
    }
}
