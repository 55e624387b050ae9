package org.mbrl4j.algorithms.steve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.algorithms.presets.Presets;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.algorithms.td3.Td3Config;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.buffer.Batch;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.models.dynamics.GaussianEnsembleConfig;
import org.nd4j.linalg.api.buffer.DataType;

class SteveTest {

    private static Batch batch(int b, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] o = new double[b * 3];
        double[] n = new double[b * 3];
        double[] a = new double[b];
        double[] rew = new double[b];
        double[] term = new double[b];
        for (int i = 0; i < o.length; i++) {
            o[i] = r.nextDouble(-1, 1);
            n[i] = r.nextDouble(-1, 1);
        }
        for (int i = 0; i < b; i++) {
            a[i] = r.nextDouble(-2, 2);
            rew[i] = r.nextDouble(-3, 0);
            term[i] = i % 3 == 0 ? 1 : 0;
        }
        return new Batch(HostArrays.array(o, DataType.FLOAT, b, 3), HostArrays.array(a, DataType.FLOAT, b, 1),
                HostArrays.array(rew, DataType.FLOAT, b), HostArrays.array(n, DataType.FLOAT, b, 3),
                HostArrays.array(term, DataType.FLOAT, b), HostArrays.array(new double[b], DataType.FLOAT, b));
    }

    private static SteveConfig config(int horizon) {
        SteveConfig p = SteveConfig.pendulumSmall();
        GaussianEnsembleConfig small = new GaussianEnsembleConfig(3, 3, 1, 8, Activation.SILU, false, -10, 0.5,
                true, List.of());
        return new SteveConfig(p.td3().withHidden(8, 1), small, p.trainer(), horizon, p.trainModelEvery(),
                p.minRealSteps());
    }

    @Test
    void horizonZeroIsTheMeanCriticBootstrapAndUsesNoModel() {
        Steve steve = new Steve(3, Box.uniform(-2, 2, 1), TerminationFunction.NEVER, config(0), RandomStreams.of(4));
        Batch b = batch(6, 2);
        double[] y = steve.targets(b);
        double[][] q = steve.td3().targetValues(b.nextObservations(), false);
        for (int i = 0; i < 6; i++) {
            double d = b.terminated().getDouble(i);
            double expected = b.rewards().getDouble(i) + 0.98 * (1 - d) * (q[0][i] + q[1][i]) / 2;
            assertEquals(expected, y[i], 1e-5, "row " + i);
        }
        assertEquals(0.0, steve.drainMetrics().get("model_use"), 1e-12);
    }

    @Test
    void clippedQBootstrapsWithTheCriticsMinimum() {
        SteveConfig c = config(0);
        Td3Config t = c.td3();
        // No target-policy noise, so the smoothed action equals the plain one and the test can recompute it.
        Td3Config noNoise = new Td3Config(t.hiddenSize(), t.hiddenLayers(), t.gamma(), t.tau(), t.actorLr(),
                t.criticLr(), t.batchSize(), t.explorationNoise(), 0.0, 0.0, t.policyDelay(), t.critics(),
                t.updatesPerStep(), t.learningStarts(), t.replayCapacity());
        Steve steve = new Steve(3, Box.uniform(-2, 2, 1), TerminationFunction.NEVER,
                c.withTd3(noNoise).withClippedQ(true), RandomStreams.of(4));
        Batch b = batch(6, 2);
        double[] y = steve.targets(b);
        double[][] q = steve.td3().targetValues(b.nextObservations(), false);
        boolean differs = false;
        for (int i = 0; i < 6; i++) {
            double d = b.terminated().getDouble(i);
            double expected = b.rewards().getDouble(i) + 0.98 * (1 - d) * Math.min(q[0][i], q[1][i]);
            assertEquals(expected, y[i], 1e-5, "row " + i);
            differs |= d == 0 && q[0][i] != q[1][i];
        }
        assertTrue(differs, "the two critics must disagree somewhere for the test to mean anything");
        assertTrue(steve.targets(batch(4, 5)).length == 4);
    }

    @Test
    void expandedTargetsAreFiniteAndModelUseIsAShare() {
        Steve steve = new Steve(3, Box.uniform(-2, 2, 1), TerminationFunction.NEVER, config(3), RandomStreams.of(4));
        double[] y = steve.targets(batch(5, 3));
        for (double v : y) {
            assertTrue(Double.isFinite(v));
        }
        double use = steve.drainMetrics().get("model_use");
        assertTrue(use >= 0 && use <= 1, "model use " + use);
    }

    /**
     * With a range margin, expansions from states outside the real data's box are left out: after a model
     * trained on observations in [-0.1, 0.1], a batch whose next states sit at 5 gets the horizon-0 target
     * (the mean critic bootstrap) and a range cut of 1; without the check the expansions change the targets.
     */
    @Test
    void expansionsThatLeaveTheDataRangeAreLeftOut() {
        SteveConfig c = config(2);
        Steve checked = new Steve(3, Box.uniform(-2, 2, 1), TerminationFunction.NEVER, c.withRangeMargin(0.5),
                RandomStreams.of(4));
        Steve unchecked = new Steve(3, Box.uniform(-2, 2, 1), TerminationFunction.NEVER, c, RandomStreams.of(4));
        SplittableRandom r = new SplittableRandom(9);
        for (int t = 0; t < c.minRealSteps(); t++) {
            double[] o = {r.nextDouble(-0.1, 0.1), r.nextDouble(-0.1, 0.1), r.nextDouble(-0.1, 0.1)};
            double[] n = {r.nextDouble(-0.1, 0.1), r.nextDouble(-0.1, 0.1), r.nextDouble(-0.1, 0.1)};
            Transition tr = new Transition(HostArrays.array(o, DataType.FLOAT, 3),
                    HostArrays.array(new double[] {r.nextDouble(-2, 2)}, DataType.FLOAT, 1), -o[0] * o[0], 
                    HostArrays.array(n, DataType.FLOAT, 3), false, false);
            checked.observe(tr);
            unchecked.observe(tr);
        }
        checked.drainMetrics();
        unchecked.drainMetrics();
        Batch far = batch(6, 2);
        far.nextObservations().addi(5.0);
        double[] y = checked.targets(far);
        double[][] q = checked.td3().targetValues(far.nextObservations(), false);
        for (int i = 0; i < 6; i++) {
            double d = far.terminated().getDouble(i);
            double expected = far.rewards().getDouble(i) + 0.98 * (1 - d) * (q[0][i] + q[1][i]) / 2;
            assertEquals(expected, y[i], 1e-5, "row " + i);
        }
        Map<String, Double> m = checked.drainMetrics();
        assertEquals(1.0, m.get("range_cut"), 1e-12);
        assertEquals(0.0, m.get("model_use"), 1e-12);
        double[] free = unchecked.targets(far);
        assertTrue(unchecked.drainMetrics().get("model_use") > 0.01, "without the check the model is used");
        boolean differs = false;
        for (int i = 0; i < 6; i++) {
            differs |= Math.abs(free[i] - y[i]) > 1e-4;
        }
        assertTrue(differs, "the check must change some target");
        Batch near = batch(6, 2);
        near.nextObservations().muli(0.05);
        checked.targets(near);
        assertTrue(checked.drainMetrics().get("range_cut") < 1.0, "states inside the box keep some expansions");
    }

    @Test
    void configRejectsBadValues() {
        SteveConfig p = SteveConfig.pendulumSmall();
        assertThrows(IllegalArgumentException.class,
                () -> new SteveConfig(p.td3(), p.ensemble(), p.trainer(), -1, 200, 200));
        assertThrows(IllegalArgumentException.class, () -> new SteveConfig(p.td3(),
                p.ensemble().withTargets(false, List.of()), p.trainer(), 3, 200, 200));
        IllegalArgumentException margin = assertThrows(IllegalArgumentException.class,
                () -> p.withRangeMargin(-0.5));
        assertTrue(margin.getMessage().contains("rangeMargin") && margin.getMessage().contains("-0.5"));
        assertThrows(IllegalArgumentException.class, () -> p.withRangeMargin(Double.NaN));
        SteveConfig bigger = p.withEnsemble(p.ensemble().withHidden(4, 200));
        assertEquals(4, bigger.ensemble().hiddenLayers());
        assertEquals(200, bigger.ensemble().hiddenSize());
        assertEquals(p.withEnsemble(bigger.ensemble()), bigger);
        assertEquals(p, bigger.withEnsemble(p.ensemble()), "only the ensemble changes");
        assertThrows(IllegalArgumentException.class,
                () -> p.withEnsemble(p.ensemble().withTargets(false, List.of())), "STEVE needs the reward head");
        assertThrows(NullPointerException.class, () -> p.withEnsemble(null));
    }

    @Test
    void theSmallPresetOfEveryContinuousEnvironmentBuildsALearnerActingWithinItsBounds() {
        org.mbrl4j.algorithms.common.ContinuousEnvs.assertLearnersActWithinBounds((id, env) -> new Steve(
                env.observationSpace().flatDim(), env.actionSpace(), Envs.spec(id).terminationFunction(),
                Presets.steveSmall(id), RandomStreams.of(0)));
    }

    @Test
    void aKnownRewardEntersTheExpandedTargetsThroughTheModelShare() {
        double gamma = 0.98;
        double shift = 10.0;
        Batch b = batch(9, 7);
        // Same seeds, so the same untrained ensemble and critics; only the known reward differs by a constant.
        Steve low = new Steve(3, Box.uniform(-2, 2, 1), TerminationFunction.NEVER,
                (o, a, n) -> HostArrays.array(new double[(int) o.size(0)], DataType.FLOAT, o.size(0)), config(1),
                RandomStreams.of(4));
        Steve high = new Steve(3, Box.uniform(-2, 2, 1), TerminationFunction.NEVER, (o, a, n) -> {
            double[] r = new double[(int) o.size(0)];
            java.util.Arrays.fill(r, shift);
            return HostArrays.array(r, DataType.FLOAT, o.size(0));
        }, config(1), RandomStreams.of(4));
        double[] y0 = low.targets(b);
        double[] y1 = high.targets(b);
        boolean moved = false;
        for (int i = 0; i < 9; i++) {
            double diff = y1[i] - y0[i];
            if (b.terminated().getDouble(i) == 1) {
                assertEquals(0.0, diff, 1e-9, "a terminated row has no model steps: row " + i);
            } else {
                // The constant moves only the H = 1 candidate, by gamma * shift, and enters with its weight share.
                assertTrue(diff >= -1e-6 && diff <= gamma * shift + 1e-6, "row " + i + ": " + diff);
                moved |= diff > 1e-3;
            }
        }
        assertTrue(moved, "the known reward must reach the targets");
    }
}
