package org.mbrl4j.planners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.RewardFunction;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.models.dynamics.GaussianEnsemble;
import org.mbrl4j.models.dynamics.GaussianEnsembleConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Gradients of the expectation objective on the tape through a (random, untrained) Gaussian ensemble. */
class ModelGradientsTest {

    /** Smooth reward: {@code -(s'_0 - 0.5)^2 - 0.1 a^2 + 0.2 s_1}. */
    private static final RewardFunction REWARD = (s, a, n) -> {
        int rows = (int) s.size(0);
        float[] x = s.dup('c').data().asFloat();
        float[] u = a.dup('c').data().asFloat();
        float[] y = n.dup('c').data().asFloat();
        float[] r = new float[rows];
        for (int i = 0; i < rows; i++) {
            r[i] = (float) (-(y[i * 2] - 0.5) * (y[i * 2] - 0.5) - 0.1 * u[i] * u[i] + 0.2 * x[i * 2 + 1]);
        }
        return Nd4j.create(r, new long[] {rows}, DataType.FLOAT);
    };

    private static GaussianEnsemble model() {
        GaussianEnsembleConfig cfg = new GaussianEnsembleConfig(3, 2, 2, 16, Activation.SILU, false, -10, 0.5, false,
                List.of(1));
        GaussianEnsemble m = new GaussianEnsemble(2, 1, cfg, RandomStreams.of(4));
        // a normaliser that is not the identity, so that its scaling enters the chain rule
        m.normalizer().update(uniform(13, -1, 2, 50, 3));
        m.setElites(new int[] {2, 0});
        return m;
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        ModelEnv env = new ModelEnv(model(), REWARD, TerminationFunction.NEVER, Propagation.EXPECTATION, 1,
                RandomStreams.of(1));
        assertGradientMatchesFiniteDifferences(env);
    }

    @Test
    void gradientOfALearnedRewardWithTerminationsMatchesFiniteDifferences() {
        GaussianEnsembleConfig cfg = new GaussianEnsembleConfig(3, 2, 2, 16, Activation.SILU, false, -10, 0.5, true,
                List.of(1));
        GaussianEnsemble m = new GaussianEnsemble(2, 1, cfg, RandomStreams.of(5));
        m.normalizer().update(uniform(14, -1, 2, 50, 3));
        m.setElites(new int[] {1, 2});
        // ends a sequence once the first action is positive: a constant of the gradient, masking later rewards
        TerminationFunction positiveAction = (s, a, n) -> a.reshape(a.size(0)).gt(0).castTo(DataType.FLOAT);
        ModelEnv env = new ModelEnv(m, null, positiveAction, Propagation.EXPECTATION, 1, RandomStreams.of(1));
        assertGradientMatchesFiniteDifferences(env);
    }

    private static void assertGradientMatchesFiniteDifferences(ModelEnv env) {
        INDArray start = Nd4j.create(new float[] {0.3f, -0.2f}, new long[] {2}, DataType.FLOAT);
        ActionObjective obj = env.objective(start);
        assertTrue(obj instanceof DifferentiableObjective);
        DifferentiableObjective d = (DifferentiableObjective) obj;
        INDArray pop = Nd4j.create(new float[] {0.4f, -0.3f, 0.8f, -0.1f, -0.6f, 0.2f}, new long[] {2, 3, 1},
                DataType.FLOAT);
        DifferentiableObjective.ValueAndGradient vg = d.valueAndGradient(pop);
        assertArrayEquals(new long[] {2, 3, 1}, vg.gradient().shape());
        for (int k = 0; k < 2; k++) {
            assertEquals(env.evaluate(start, pop).getDouble(k), vg.values().getDouble(k), 1e-5,
                    "same value as ModelEnv.evaluate");
        }
        double h = 1e-2;
        double maxErr = 0;
        double maxGrad = 0;
        for (int k = 0; k < 2; k++) {
            for (int t = 0; t < 3; t++) {
                INDArray plus = pop.dup();
                INDArray minus = pop.dup();
                plus.putScalar(new int[] {k, t, 0}, pop.getDouble(k, t, 0) + h);
                minus.putScalar(new int[] {k, t, 0}, pop.getDouble(k, t, 0) - h);
                double fd = (d.evaluate(plus).getDouble(k) - d.evaluate(minus).getDouble(k)) / (2 * h);
                double g = vg.gradient().getDouble(k, t, 0);
                maxErr = Math.max(maxErr, Math.abs(fd - g));
                maxGrad = Math.max(maxGrad, Math.abs(fd));
            }
        }
        assertTrue(maxGrad > 1e-3, "the objective depends on the actions");
        assertTrue(maxErr < 2e-2 * maxGrad + 1e-3, "max |fd - grad| " + maxErr + " (max |grad| " + maxGrad + ")");
    }

    @Test
    void aPopulationOfTheWrongShapeIsRefused() {
        ModelEnv env = new ModelEnv(model(), REWARD, TerminationFunction.NEVER, Propagation.EXPECTATION, 1,
                RandomStreams.of(1));
        DifferentiableObjective d = (DifferentiableObjective) env.objective(
                Nd4j.create(new float[] {0.3f, -0.2f}, new long[] {2}, DataType.FLOAT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.valueAndGradient(Nd4j.zeros(DataType.FLOAT, 2, 3, 2)));
        assertTrue(e.getMessage().startsWith("population must be [P, H, 1]"), e.getMessage());
    }

    @Test
    void gradientMpcAndHybridImproveOnTheModel() {
        GaussianEnsemble m = model();
        ModelEnv env = new ModelEnv(m, REWARD, TerminationFunction.NEVER, Propagation.EXPECTATION, 1, RandomStreams.of(1));
        ActionObjective obj = env.objective(Nd4j.create(new float[] {0.3f, -0.2f}, new long[] {2}, DataType.FLOAT));
        ActionBounds b = ActionBounds.uniform(1, -1, 1);
        INDArray x0 = Nd4j.zeros(DataType.FLOAT, 5, 1);
        double start = obj.evaluate(x0.reshape(1, 5, 1)).getDouble(0);
        INDArray g = GradientMpcConfig.defaults().create(b, 5, RandomStreams.of(2)).optimize(obj, x0);
        INDArray hy = HybridConfig.defaults().create(b, 5, RandomStreams.of(3)).optimize(obj, x0);
        INDArray cem = CemConfig.defaults().create(b, 5, RandomStreams.of(3)).optimize(obj, x0);
        double vg = obj.evaluate(g.reshape(1, 5, 1)).getDouble(0);
        double vh = obj.evaluate(hy.reshape(1, 5, 1)).getDouble(0);
        double vc = obj.evaluate(cem.reshape(1, 5, 1)).getDouble(0);
        assertTrue(vg > start, "gradient MPC " + vg + " vs start " + start);
        assertTrue(vh >= vc - 1e-6, "hybrid " + vh + " never below its CEM stage " + vc);
    }

    /** Uniform float32 values in {@code [low, high)} of the given shape, drawn from {@code seed}. */
    private static INDArray uniform(long seed, double low, double high, long... shape) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        float[] values = new float[(int) java.util.Arrays.stream(shape).reduce(1, (x, y) -> x * y)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) rng.nextDouble(low, high);
        }
        return Nd4j.create(values, shape, DataType.FLOAT);
    }
}
