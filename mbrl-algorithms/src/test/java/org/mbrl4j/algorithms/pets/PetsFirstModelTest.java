package org.mbrl4j.algorithms.pets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.buffer.Batch;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.models.dynamics.GaussianEnsemble;
import org.mbrl4j.models.dynamics.ModelTrainer;
import org.mbrl4j.models.dynamics.Prediction;
import org.mbrl4j.models.dynamics.TrainingResult;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The first model of a PETS run at the reduced budget, trained on trial 0's random data (200 transitions from
 * about nine short episodes of CartPoleContinuous-v0), must predict variances near its errors. Seed 3 is the
 * seed on which the mean-squared-error score stopped the first training after 45 single-batch epochs with
 * every predicted standard deviation near 0.7 against one-step errors of 0.007-0.03: every TS1 particle then
 * left the task's bounds within a step or two, all action sequences scored alike, and the planner acted
 * blindly in every later trial (returns 25, 19, 18, 18).
 */
class PetsFirstModelTest {

    @Test
    void reducedBudgetFirstModelPredictsStandardDeviationsWithinTenTimesItsErrorsOnSeed3() {
        long seed = 3;
        EnvSpec spec = Envs.spec("CartPoleContinuous-v0");
        PetsConfig config = PetsConfig.cartpoleContinuous().reduced().withTrials(2);
        Pets pets = new Pets(config, spec.make(), spec.rewardFunction(), spec.terminationFunction(), seed);
        pets.runTrial(PetsListener.NONE);
        Batch data = pets.buffer().all();
        assertEquals(200, data.observations().size(0));

        // The model and trainer that Pets builds from this seed, trained as at the start of trial 1.
        RandomStreams streams = RandomStreams.of(seed);
        GaussianEnsemble model = new GaussianEnsemble(4, 1, config.model(), streams.child("model"));
        ModelTrainer trainer = new ModelTrainer(model, config.trainer(), streams.child("trainer"));
        TrainingResult result = trainer.train(data);

        double[] ratio = stdToErrorRatio(model, data);
        for (int j = 0; j < ratio.length; j++) {
            assertTrue(ratio[j] < 10, "predicted std / rmse per dimension " + Arrays.toString(ratio) + " after "
                    + result.epochs().size() + " epochs");
        }
    }

    /** Per observation dimension: the elites' mean predicted std over their RMSE on {@code data}. */
    static double[] stdToErrorRatio(GaussianEnsemble model, Batch data) {
        Prediction p = model.predict(data.observations(), data.actions());
        INDArray next = data.nextObservations();
        int n = (int) next.size(0);
        int o = (int) next.size(1);
        int[] elites = model.elites();
        double[] ratio = new double[o];
        for (int j = 0; j < o; j++) {
            double se = 0;
            double sd = 0;
            for (int m : elites) {
                for (int r = 0; r < n; r++) {
                    double err = p.mean().getDouble(m, r, j) - next.getDouble(r, j);
                    se += err * err;
                    sd += Math.sqrt(p.variance().getDouble(m, r, j));
                }
            }
            int count = n * elites.length;
            ratio[j] = (sd / count) / Math.sqrt(se / count);
        }
        return ratio;
    }
}
