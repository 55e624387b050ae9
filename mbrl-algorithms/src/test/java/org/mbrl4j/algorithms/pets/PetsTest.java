package org.mbrl4j.algorithms.pets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
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
     * A budget that runs in about a minute on two cores. 150 epochs (patience 20) instead of the preset's 25:
     * with 25 single-batch epochs on 200 transitions the log-variances stay large and TS1's sampled rollouts
     * are too noisy to plan with in the first trials.
     */
    static PetsConfig small() {
        return PetsConfig.cartpoleContinuous().withTrials(3)
                .withModel(GaussianEnsembleConfig.petsCartpole().withEnsemble(4, 4).withHidden(3, 128),
                        TrainerConfig.petsCartpole().withEpochs(150, 20), 0)
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

    @Test
    void presetsAreTheCitedNumbers() {
        PetsConfig c = PetsConfig.cartpoleContinuous();
        assertEquals(7, c.model().ensembleSize());
        assertEquals(5, c.model().numElites());
        assertEquals(4, c.model().hiddenLayers());
        assertEquals(200, c.model().hiddenSize());
        assertEquals(15, c.horizon());
        assertEquals(20, c.particles());
        assertEquals(200, c.trialLength());
        CemConfig cem = (CemConfig) c.optimizer();
        assertEquals(5, cem.iterations());
        assertEquals(350, cem.populationSize());
        assertEquals(0.1, cem.eliteRatio());
        assertEquals(0.1, cem.alpha());
        assertEquals("CartPoleSwingUp-v0", PetsConfig.forEnv("CartPoleSwingUp-v0").envId());
        assertEquals("Pendulum-v1", PetsConfig.forEnv("Pendulum-v1").envId());
        assertThrows(IllegalArgumentException.class, () -> PetsConfig.forEnv("CartPole-v1"));
        assertThrows(IllegalArgumentException.class, () -> c.withTrials(0));
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> c.withTrials(21474837));
        org.junit.jupiter.api.Assertions.assertTrue(tooMany.getMessage().contains("21474837 x 200"), tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.withPlanning(5, 0, Propagation.TS1));
        assertThrows(IllegalArgumentException.class, () -> new Pets(c, Envs.make("CartPole-v1"),
                Envs.spec("CartPole-v1").rewardFunction(), Envs.spec("CartPole-v1").terminationFunction(), 0));
    }
}
