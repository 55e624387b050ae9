package org.mbrl4j.models.dynamics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.RandomAgent;
import org.mbrl4j.core.buffer.Batch;
import org.mbrl4j.core.buffer.ReplayBuffer;
import org.mbrl4j.core.loop.Rollouts;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.envs.Envs;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ModelTrainerTest {

    private static Batch pendulum(int steps, long seed) {
        try (Environment env = Envs.make("Pendulum-v1")) {
            ReplayBuffer buf = ReplayBuffer.create(steps, env.observationSpace(), env.actionSpace());
            Rollouts.collectSteps(env, new RandomAgent(env.actionSpace(), new SplittableRandom(seed)), steps, seed, buf);
            return buf.all();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Synthetic 1-D data: next = obs + sin(3 obs)/2 + sigma(obs) * N(0, 1), sigma from 0.05 to 0.25. */
    static double sigma(double x) {
        return 0.05 + 0.1 * (x + 1);
    }

    static Batch heteroscedastic(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] obs = new float[n];
        float[] act = new float[n];
        float[] next = new float[n];
        for (int i = 0; i < n; i++) {
            double x = 2 * r.nextDouble() - 1;
            obs[i] = (float) x;
            act[i] = (float) (2 * r.nextDouble() - 1);
            next[i] = (float) (x + 0.5 * Math.sin(3 * x) + sigma(x) * r.nextGaussian());
        }
        INDArray o = Nd4j.create(obs, new long[] {n, 1}, DataType.FLOAT);
        return new Batch(o, Nd4j.create(act, new long[] {n, 1}, DataType.FLOAT), Nd4j.zeros(DataType.FLOAT, n),
                Nd4j.create(next, new long[] {n, 1}, DataType.FLOAT), Nd4j.zeros(DataType.BOOL, n),
                Nd4j.zeros(DataType.BOOL, n));
    }

    @Test
    void pendulumOneStepErrorIsBelowOnePercentOfTargetVariance() {
        Batch train = pendulum(5000, 1);
        Batch test = pendulum(1000, 2);
        // A smaller network and a larger learning rate than the PETS preset, to fit the test's time budget.
        GaussianEnsemble model = new GaussianEnsemble(3, 1,
                GaussianEnsembleConfig.petsCartpole().withEnsemble(3, 2).withHidden(3, 128), RandomStreams.of(3));
        TrainerConfig tc = TrainerConfig.petsCartpole().withOptimization(3e-3, 64).withValidationRatio(0.1)
                .withEpochs(30, 5);
        List<EpochReport> seen = new ArrayList<>();
        TrainingResult result = new ModelTrainer(model, tc, RandomStreams.of(4)).train(train, seen::add);
        assertEquals(result.epochs().size(), seen.size());
        assertTrue(result.epochs().get(result.epochs().size() - 1).trainLoss() < result.epochs().get(0).trainLoss());

        INDArray delta = test.nextObservations().sub(test.observations());
        Prediction p = model.predict(test.observations(), test.actions());
        double err = 0;
        double var = 0;
        StringBuilder perDim = new StringBuilder();
        for (int j = 0; j < 3; j++) {
            INDArray dj = delta.getColumn(j);
            double vj = dj.varNumber().doubleValue();
            double ej = 0;
            for (int m : model.elites()) {
                INDArray predDelta = p.mean().slice(m).getColumn(j).sub(test.observations().getColumn(j));
                ej += predDelta.squaredDistance(dj) / dj.length() / model.elites().length;
            }
            err += ej;
            var += vj;
            perDim.append(String.format(" dim %d: mse %.3g var %.3g;", j, ej, vj));
        }
        assertTrue(err < 0.01 * var, "one-step MSE " + err + " vs target variance " + var + ":" + perDim);
    }

    @Test
    void predictedStdMatchesHeteroscedasticNoise() {
        Batch data = heteroscedastic(4000, 5);
        GaussianEnsemble model = new GaussianEnsemble(1, 1,
                new GaussianEnsembleConfig(3, 3, 2, 64, Activation.SILU, false, -10, 0.5, false, List.of()),
                RandomStreams.of(6));
        TrainerConfig tc = TrainerConfig.petsCartpole().withOptimization(2e-3, 64).withValidationRatio(0.1)
                .withEpochs(60, 15);
        new ModelTrainer(model, tc, RandomStreams.of(7)).train(data);
        int k = 19;
        float[] xs = new float[k];
        for (int i = 0; i < k; i++) {
            xs[i] = -0.9f + 1.8f * i / (k - 1);
        }
        Prediction p = model.predict(Nd4j.create(xs, new long[] {k, 1}, DataType.FLOAT),
                Nd4j.zeros(DataType.FLOAT, k, 1));
        for (int i = 0; i < k; i++) {
            double v = 0;
            for (int m = 0; m < 3; m++) {
                v += p.variance().getDouble(m, i, 0) / 3;
            }
            double predicted = Math.sqrt(v);
            double truth = sigma(xs[i]);
            assertEquals(truth, predicted, 0.2 * truth, "std at x=" + xs[i]);
        }
    }

    @Test
    void earlyStoppingKeepsEachMembersBestWeightsAndPicksElites() {
        Batch data = heteroscedastic(400, 9);
        DeterministicEnsemble model = new DeterministicEnsemble(1, 1,
                new DeterministicEnsembleConfig(4, 2, 2, 32, Activation.RELU, false, List.of()), RandomStreams.of(1));
        // A learning rate far too high: scores jump around, patience ends training early.
        // No holdout: the scores are over all rows, so a second prepare() scores the same rows again.
        TrainerConfig tc = new TrainerConfig(0.05, 0, 16, 0.0, 200, 3, 0.01, true, Double.POSITIVE_INFINITY);
        ModelTrainer trainer = new ModelTrainer(model, tc, RandomStreams.of(2));
        TrainingResult r = trainer.train(data);
        assertTrue(r.stoppedEarly(), "expected patience to end training before 200 epochs");
        assertEquals(3, r.epochs().get(r.epochs().size() - 1).epochsSinceImprovement());
        // The restored weights reproduce the best scores.
        TrainingSet set = trainer.prepare(data);
        double[] now = trainer.evaluate(set);
        for (int m = 0; m < 4; m++) {
            assertEquals(r.bestValidationScores()[m], now[m], 1e-5 * now[m], "member " + m);
        }
        assertEquals(2, r.elites().length);
        for (int m = 0; m < 4; m++) {
            assertTrue(r.bestValidationScores()[r.elites()[1]] <= r.bestValidationScores()[m]
                    || m == r.elites()[0], "elites are the two best members");
        }
        assertArrayEquals(r.elites(), model.elites());
    }

    @Test
    void badDataIsRefused() {
        DeterministicEnsemble model = new DeterministicEnsemble(1, 1,
                new DeterministicEnsembleConfig(2, 1, 1, 8, Activation.RELU, true, List.of()), RandomStreams.of(1));
        ModelTrainer trainer = new ModelTrainer(model, TrainerConfig.petsCartpole(), RandomStreams.of(2));
        Batch ok = heteroscedastic(10, 1);
        Batch wrongAct = new Batch(ok.observations(), Nd4j.zeros(DataType.FLOAT, 10, 2), ok.rewards(),
                ok.nextObservations(), ok.terminated(), ok.truncated());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.train(wrongAct));
        assertTrue(e.getMessage().contains("data.actions"), e.getMessage());
        INDArray nanNext = ok.nextObservations().dup();
        nanNext.putScalar(3, 0, Float.POSITIVE_INFINITY);
        Batch bad = new Batch(ok.observations(), ok.actions(), ok.rewards(), nanNext, ok.terminated(), ok.truncated());
        e = assertThrows(IllegalArgumentException.class, () -> trainer.train(bad));
        assertTrue(e.getMessage().contains("data.nextObservations"), e.getMessage());
    }

    @Test
    void nllScoreIsTheMeanGaussianNegativeLogLikelihoodOfEveryMember() {
        Batch data = heteroscedastic(50, 4);
        GaussianEnsemble model = new GaussianEnsemble(1, 1, new GaussianEnsembleConfig(3, 3, 1, 16, Activation.SILU,
                false, -10.0, 0.5, false, List.of()), RandomStreams.of(5));
        TrainerConfig tc = TrainerConfig.petsCartpole().withValidationScore(ValidationScore.GAUSSIAN_NLL);
        ModelTrainer trainer = new ModelTrainer(model, tc, RandomStreams.of(6));
        trainer.train(data);
        double[] scores = trainer.evaluate(trainer.prepare(data));
        Prediction p = model.predict(data.observations(), data.actions());
        for (int m = 0; m < 3; m++) {
            double nll = 0;
            for (int r = 0; r < 50; r++) {
                double diff = p.mean().getDouble(m, r, 0) - data.nextObservations().getDouble(r, 0);
                double var = p.variance().getDouble(m, r, 0);
                nll += 0.5 * (diff * diff / var + Math.log(var)) / 50;
            }
            assertEquals(nll, scores[m], 1e-4 * Math.abs(nll) + 1e-5, "member " + m);
        }
        TrainerConfig mse = TrainerConfig.petsCartpole();
        assertEquals(ValidationScore.MEAN_SQUARED_ERROR, mse.validationScore());
        double[] mseScores = new ModelTrainer(model, mse, RandomStreams.of(6)).evaluate(trainer.prepare(data));
        for (int m = 0; m < 3; m++) {
            double se = 0;
            for (int r = 0; r < 50; r++) {
                double diff = p.mean().getDouble(m, r, 0) - data.nextObservations().getDouble(r, 0);
                se += diff * diff / 50;
            }
            assertEquals(se, mseScores[m], 1e-4 * se, "member " + m);
        }
    }

    @Test
    void nllScoreRefusesAModelWithoutVariances() {
        DeterministicEnsemble model = new DeterministicEnsemble(1, 1,
                new DeterministicEnsembleConfig(2, 1, 1, 8, Activation.RELU, false, List.of()), RandomStreams.of(1));
        TrainerConfig tc = TrainerConfig.petsCartpole().withValidationScore(ValidationScore.GAUSSIAN_NLL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelTrainer(model, tc, RandomStreams.of(2)));
        assertTrue(e.getMessage().contains("GAUSSIAN_NLL") && e.getMessage().contains("DeterministicEnsemble"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainerConfig.petsCartpole().withValidationScore(null));
        assertTrue(e.getMessage().contains("validationScore"), e.getMessage());
    }
    /**
     * The model keeps its weights from one {@code train} call to the next (PETS retrains it on a growing buffer),
     * so a row it was trained on must not be held out by a later call: its score would be optimistic, and that
     * first score is the bar every epoch of the new call must beat.
     */
    @Test
    void aRowOnceUsedForTrainingIsNeverHeldOutByALaterCall() {
        Batch all = heteroscedastic(400, 8);
        GaussianEnsemble model = new GaussianEnsemble(1, 1,
                new GaussianEnsembleConfig(2, 2, 1, 8, Activation.SILU, false, -10, 0.5, false, List.of()),
                RandomStreams.of(9));
        ModelTrainer trainer = new ModelTrainer(model, TrainerConfig.petsCartpole().withValidationRatio(0.2),
                RandomStreams.of(10));
        Set<Float> trainedOn = new HashSet<>();
        Set<Float> heldOut = new HashSet<>();
        for (int n = 100; n <= 400; n += 100) {
            Batch upToN = new Batch(all.observations().get(interval(0, n)),
                    all.actions().get(interval(0, n)),
                    all.rewards().get(interval(0, n)),
                    all.nextObservations().get(interval(0, n)),
                    all.terminated().get(interval(0, n)),
                    all.truncated().get(interval(0, n)));
            TrainingSet set = trainer.prepare(upToN);
            assertEquals(n, set.trainSize() + set.validationSize());
            assertTrue(set.validationSize() > 0.1 * n && set.validationSize() < 0.3 * n,
                    n + " rows, " + set.validationSize() + " held out");
            // The 1-D targets (next - obs) identify the rows: the normaliser changes the inputs between calls.
            for (int i = 0; i < set.nVal; i++) {
                float y = set.yVal[i];
                assertTrue(!trainedOn.contains(y), "with " + n + " rows a row trained on before is held out");
                heldOut.add(y);
            }
            for (int i = 0; i < set.nTrain; i++) {
                assertTrue(!heldOut.contains(set.yTrain[i]), "with " + n + " rows a row held out before is trained on");
                trainedOn.add(set.yTrain[i]);
            }
        }
    }
}
