package org.mbrl4j.models.dynamics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.models.nn.GradCheck;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link EnsembleDynamics#meanPrediction}: the model's prediction path on the tape. */
class MeanPredictionTest {

    private static INDArray rand(long seed, long... shape) {
        return GradCheck.randn(new SplittableRandom(seed), shape).castTo(DataType.FLOAT);
    }

    /** Non-zero biases, a normaliser that is not the identity, elites out of order. */
    private static <T extends EnsembleDynamics> T prepared(T m) {
        long seed = 10;
        for (Parameter p : m.network().parameters()) {
            if (p.name().endsWith(".bias")) {
                p.value().assign(rand(seed++, p.value().shape()).muli(0.3));
            }
        }
        m.normalizer().update(rand(20, 60, m.observationSize() + m.actionSize()).muli(2).addi(0.7));
        m.setElites(new int[] {2, 0});
        return m;
    }

    private static GaussianEnsemble gaussian(boolean learnReward) {
        return prepared(new GaussianEnsemble(2, 1, new GaussianEnsembleConfig(3, 2, 2, 16, Activation.SILU, false,
                -10, 0.5, learnReward, List.of(1)), RandomStreams.of(4)));
    }

    /** The mean over the elites of {@code predictMembers}, {@code [N, D]}. */
    private static INDArray expected(EnsembleDynamics m, INDArray obs, INDArray act) {
        int[] elites = m.elites();
        int k = elites.length;
        INDArray so = Nd4j.stack(0, java.util.Collections.nCopies(k, obs).toArray(INDArray[]::new));
        INDArray sa = Nd4j.stack(0, java.util.Collections.nCopies(k, act).toArray(INDArray[]::new));
        return m.predictMembers(so, sa, elites).mean().mean(0);
    }

    private static void assertClose(INDArray want, INDArray got, double tol) {
        assertArrayEquals(want.shape(), got.shape());
        double err = want.castTo(DataType.DOUBLE).sub(got.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(err < tol, "max |difference| " + err);
    }

    @Test
    void equalsTheMeanOfTheElitesPredictionsForBothHeadsWithAndWithoutReward() {
        INDArray obs = rand(1, 6, 2);
        INDArray act = rand(2, 6, 1);
        for (EnsembleDynamics m : List.of(gaussian(false), gaussian(true),
                prepared(new DeterministicEnsemble(2, 1, new DeterministicEnsembleConfig(3, 2, 3, 12, Activation.TANH,
                        true, List.of(0)), RandomStreams.of(5))))) {
            Var y = m.meanPrediction(Var.constant(obs), Var.constant(act));
            assertArrayEquals(new long[] {6, m.outputSize()}, y.shape());
            assertClose(expected(m, obs, act), y.value(), 1e-5);
        }
    }

    @Test
    void actionAndObservationGradientsMatchCentralDifferencesOverATwoStepRollout() {
        GaussianEnsemble m = gaussian(true);
        INDArray obs = rand(3, 4, 2);
        INDArray act = rand(4, 2, 4, 1);
        INDArray weights = rand(5, 4, 3);
        INDArray before = m.network().parameters().get(0).grad().dup();
        Var s0 = Var.input(obs);
        Var a = Var.input(act);
        try (Tape tape = Tape.open()) {
            Var y1 = m.meanPrediction(s0, a.slice(0, 0, 1).reshape(4, 1));
            Var y2 = m.meanPrediction(y1.slice(1, 0, 2), a.slice(0, 1, 2).reshape(4, 1)); // the model twice per tape
            tape.backward(y2.mul(Var.constant(weights)).sum());
        }
        assertEquals(before, m.network().parameters().get(0).grad(), "the weights are constants of the program");
        double h = 1e-2;
        double maxErr = 0;
        double maxGrad = 0;
        for (int which = 0; which < 2; which++) {
            INDArray x = which == 0 ? obs : act;
            INDArray g = which == 0 ? s0.grad() : a.grad();
            for (int i = 0; i < x.length(); i++) {
                INDArray plus = x.dup();
                INDArray minus = x.dup();
                plus.putScalar(i, x.getDouble(i) + h);
                minus.putScalar(i, x.getDouble(i) - h);
                double fd = (twoSteps(m, which == 0 ? plus : obs, which == 0 ? act : plus, weights)
                        - twoSteps(m, which == 0 ? minus : obs, which == 0 ? act : minus, weights)) / (2 * h);
                maxErr = Math.max(maxErr, Math.abs(fd - g.getDouble(i)));
                maxGrad = Math.max(maxGrad, Math.abs(fd));
            }
        }
        assertTrue(maxGrad > 1e-2, "the output depends on the inputs");
        assertTrue(maxErr < 1e-2 * maxGrad + 1e-3, "max |fd - grad| " + maxErr + " (max |grad| " + maxGrad + ")");
    }

    /** The same two steps through {@code predictMembers}, weighted and summed, in float64. */
    private static double twoSteps(EnsembleDynamics m, INDArray obs, INDArray act, INDArray weights) {
        INDArray y1 = expected(m, obs, act.slice(0));
        INDArray s1 = y1.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)).dup();
        INDArray y2 = expected(m, s1, act.slice(1));
        return y2.castTo(DataType.DOUBLE).mul(weights.castTo(DataType.DOUBLE)).sumNumber().doubleValue();
    }

    @Test
    void wrongShapesTypesAndValuesAreRefusedWithTheArgumentsName() {
        GaussianEnsemble m = gaussian(false);
        Var obs = Var.constant(rand(1, 3, 2));
        Var act = Var.constant(rand(2, 3, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.meanPrediction(Var.constant(rand(1, 3, 3)), act));
        assertTrue(e.getMessage().startsWith("observations has shape [3, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.meanPrediction(obs, Var.constant(rand(2, 4, 1))));
        assertTrue(e.getMessage().startsWith("actions has shape [4, 1]; expected [3, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.meanPrediction(obs, Var.constant(act.value().castTo(DataType.DOUBLE))));
        assertTrue(e.getMessage().contains("expected FLOAT"), e.getMessage());
        INDArray bad = obs.value().dup();
        bad.putScalar(1, Float.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> m.meanPrediction(Var.constant(bad), act));
        assertTrue(e.getMessage().contains("NaN at flat index 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.meanPrediction(null, act));
    }
}
