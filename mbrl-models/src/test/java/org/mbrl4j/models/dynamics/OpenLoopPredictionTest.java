package org.mbrl4j.models.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

class OpenLoopPredictionTest {

    /**
     * Two identical members of {@code next = [x0 + a, 0.9 x1]} with a fixed variance per step (0 for a
     * deterministic model).
     */
    static final class LinearModel implements DynamicsModel {
        private final double variance;

        LinearModel(double variance) {
            this.variance = variance;
        }

        @Override public int ensembleSize() {
            return 2;
        }

        @Override public int observationSize() {
            return 2;
        }

        @Override public int actionSize() {
            return 1;
        }

        @Override public boolean learnsReward() {
            return false;
        }

        @Override public Prediction predict(INDArray observations, INDArray actions) {
            long b = observations.size(0);
            INDArray obs = Nd4j.create(DataType.FLOAT, 2, b, 2);
            INDArray act = Nd4j.create(DataType.FLOAT, 2, b, 1);
            for (int m = 0; m < 2; m++) {
                obs.slice(m).assign(observations);
                act.slice(m).assign(actions);
            }
            return predictPerMember(obs, act);
        }

        @Override public Prediction predictPerMember(INDArray observations, INDArray actions) {
            INDArray mean = observations.dup();
            long b = observations.size(1);
            for (int m = 0; m < observations.size(0); m++) {
                for (int r = 0; r < b; r++) {
                    mean.putScalar(new long[] {m, r, 0}, observations.getDouble(m, r, 0) + actions.getDouble(m, r, 0));
                    mean.putScalar(new long[] {m, r, 1}, 0.9 * observations.getDouble(m, r, 1));
                }
            }
            INDArray var = variance > 0 ? Nd4j.valueArrayOf(mean.shape(), variance, DataType.FLOAT) : null;
            return new Prediction(mean, var);
        }

        @Override public INDArray sample(INDArray observations, INDArray actions, Random rng) {
            throw new UnsupportedOperationException();
        }

        @Override public int[] elites() {
            return new int[] {0, 1};
        }

        @Override public void save(Path file) {
            throw new UnsupportedOperationException();
        }
    }

    /** A real episode of the linear dynamics without noise: x0 accumulates the actions, x1 decays. */
    static INDArray[] episode(int h) {
        float[] act = new float[h];
        float[] next = new float[h * 2];
        double x0 = 0.5;
        double x1 = 1.0;
        for (int t = 0; t < h; t++) {
            act[t] = (float) Math.sin(t);
            x0 += act[t];
            x1 *= 0.9;
            next[2 * t] = (float) x0;
            next[2 * t + 1] = (float) x1;
        }
        return new INDArray[] {Nd4j.createFromArray(0.5f, 1.0f), Nd4j.create(act, new long[] {h, 1}, DataType.FLOAT),
            Nd4j.create(next, new long[] {h, 2}, DataType.FLOAT)};
    }

    @Test
    void aDeterministicExactModelFollowsTheEpisodeWithAZeroBand() {
        INDArray[] ep = episode(10);
        OpenLoopPrediction p = OpenLoopPrediction.of(new LinearModel(0), ep[0], ep[1], ep[2], 5,
                new SplittableRandom(1));
        assertEquals(10, p.steps());
        for (int t = 0; t <= 10; t++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(p.real()[t][j], p.mean()[t][j], 1e-5, "step " + t + " dim " + j);
                assertEquals(0, p.std()[t][j], 1e-6);
            }
        }
        assertEquals(0.5, p.real()[0][0], 1e-7);
    }

    @Test
    void theBandGrowsAsARandomWalkOfThePredictedVarianceAndCoversTheRealEpisode() {
        double v = 0.01;
        INDArray[] ep = episode(16);
        OpenLoopPrediction p = OpenLoopPrediction.of(new LinearModel(v), ep[0], ep[1], ep[2], 4000,
                new SplittableRandom(2));
        // x0 adds independent noise every step: std sqrt(t v) after t steps.
        for (int t : new int[] {1, 4, 16}) {
            assertEquals(Math.sqrt(t * v), p.std()[t][0], 0.05 * Math.sqrt(t * v), "step " + t);
        }
        // x1 is damped: variance v (1 + 0.81 + ... ) after t steps.
        double var1 = 0;
        for (int k = 0; k < 16; k++) {
            var1 += v * Math.pow(0.81, k);
        }
        assertEquals(Math.sqrt(var1), p.std()[16][1], 0.05 * Math.sqrt(var1));
        // The means stay on the noiseless episode (the dynamics are linear), so everything is covered, and
        // the band is many times the errors of the means.
        assertEquals(1.0, p.coverage(2), 1e-12);
        for (double r : p.bandToErrorRatio(16)) {
            assertTrue(r > 5, "band / error " + r);
        }
    }

    @Test
    void anOverconfidentModelLeavesTheRealEpisodeOutsideItsBand() {
        INDArray[] ep = episode(12);
        INDArray shifted = ep[2].add(0.5);
        OpenLoopPrediction p = OpenLoopPrediction.of(new LinearModel(1e-6), ep[0], ep[1], shifted, 50,
                new SplittableRandom(3));
        assertTrue(p.coverage(2) < 0.1, "coverage " + p.coverage(2));
        for (double r : p.bandToErrorRatio(12)) {
            assertTrue(r < 0.1, "band / error " + r);
        }
    }

    @Test
    void fromSamplesTheBandIsTheirMeanAndPopulationStd() {
        double[][] real = {{0, 10}, {1, 11}};
        double[][][] samples = {{{1, 10}, {2, 14}}, {{3, 10}, {0, 10}}};
        OpenLoopPrediction p = OpenLoopPrediction.ofSamples(real, samples);
        assertEquals(2, p.particles());
        assertEquals(1, p.steps());
        assertEquals(2.0, p.mean()[0][0], 1e-12);
        assertEquals(1.0, p.std()[0][0], 1e-12);
        assertEquals(0.0, p.std()[0][1], 1e-12);
        assertEquals(1.0, p.mean()[1][0], 1e-12);
        assertEquals(12.0, p.mean()[1][1], 1e-12);
        assertEquals(2.0, p.std()[1][1], 1e-12);
        assertEquals(11.0, p.real()[1][1]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpenLoopPrediction.ofSamples(real, new double[][][] {{{1, 10}}}));
        assertTrue(e.getMessage().contains("samples must be [1][2][2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OpenLoopPrediction.ofSamples(real,
                new double[][][] {{{1, 10}, {Double.NaN, 0}}}));
        assertTrue(e.getMessage().contains("samples[0][1][0] is NaN"), e.getMessage());
    }

    @Test
    void badInputsAreRefusedWithTheirNames() {
        INDArray[] ep = episode(5);
        LinearModel model = new LinearModel(0.01);
        SplittableRandom rng = new SplittableRandom(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpenLoopPrediction.of(model, ep[0], ep[1], ep[2], 0, rng));
        assertTrue(e.getMessage().contains("particles"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> OpenLoopPrediction.of(model, ep[0], ep[1], ep[2].get(org.nd4j.linalg.indexing.NDArrayIndex
                        .interval(0, 4)), 5, rng));
        assertTrue(e.getMessage().contains("nextObservations"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> OpenLoopPrediction.of(model, Nd4j.createFromArray(1f, 2f, 3f), ep[1], ep[2], 5, rng));
        assertTrue(e.getMessage().contains("firstObservation"), e.getMessage());
        INDArray nan = ep[1].dup();
        nan.putScalar(2, 0, Float.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> OpenLoopPrediction.of(model, ep[0], nan, ep[2], 5, rng));
        assertTrue(e.getMessage().contains("actions"), e.getMessage());
        OpenLoopPrediction p = OpenLoopPrediction.of(model, ep[0], ep[1], ep[2], 5, rng);
        assertThrows(IllegalArgumentException.class, () -> p.coverage(0));
        assertThrows(IllegalArgumentException.class, () -> p.bandToErrorRatio(6));
    }
}
