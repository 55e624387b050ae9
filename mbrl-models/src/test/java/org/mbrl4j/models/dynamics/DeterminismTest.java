package org.mbrl4j.models.dynamics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.buffer.Batch;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.nn.Parameter;

/**
 * Same seeds, same weights, bit for bit, with the Vector API kernels on like every other test (their
 * transcendentals are built from IEEE-exact operations, so the JIT's state cannot change a bit).
 */
class DeterminismTest {

    private static List<float[]> trainedWeights(long seed) {
        Batch data = ModelTrainerTest.heteroscedastic(600, 8);
        GaussianEnsemble model = new GaussianEnsemble(1, 1,
                new GaussianEnsembleConfig(3, 2, 2, 32, Activation.SILU, true, -10, 0.5, false, List.of()),
                RandomStreams.of(seed));
        new ModelTrainer(model, TrainerConfig.petsCartpole().withOptimization(1e-3, 32).withValidationRatio(0.2)
                .withEpochs(3, 0), RandomStreams.of(seed + 1)).train(data);
        List<float[]> w = new ArrayList<>();
        for (Parameter p : model.trainableParameters()) {
            w.add(p.value().data().asFloat());
        }
        w.add(new float[] {model.elites()[0], model.elites()[1]});
        return w;
    }

    @Test
    void sameSeedGivesBitwiseIdenticalWeights() {
        List<float[]> a = trainedWeights(11);
        List<float[]> b = trainedWeights(11);
        List<float[]> c = trainedWeights(12);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "array " + i);
        }
        assertFalse(java.util.Arrays.equals(a.get(0), c.get(0)));
    }

}
