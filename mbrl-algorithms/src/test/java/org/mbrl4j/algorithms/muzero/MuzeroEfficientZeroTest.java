package org.mbrl4j.algorithms.muzero;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.planners.mcts.Expansion;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.LstmCell;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** EfficientZero's options: consistency loss, value prefix, off-policy correction, against hand values. */
class MuzeroEfficientZeroTest {

    private static final float[] OBS = {0.1f, -0.2f, 0.03f, 0.4f};

    /** cart-pole's sizes with all three options on and a horizon of 2, so that a short unroll resets. */
    private static MuzeroConfig efficientZero(int horizon) {
        return MuzeroConfig.cartPoleEfficientZero().toBuilder().lstmHorizon(horizon).build();
    }

    @Test
    void negativeCosineMatchesHandValues() {
        Var x = Var.constant(Nd4j.createFromArray(new double[][] {{1, 0}, {3, 4}, {0, 0}}));
        Var y = Var.constant(Nd4j.createFromArray(new double[][] {{1, 1}, {6, 8}, {1, 2}}));
        double[] loss = HostArrays.toDoubles(MuzeroNetwork.negativeCosine(x, y).value());
        // cos([1,0],[1,1]) = 1/sqrt(2); parallel rows: 1; a zero row (normalised by eps) gives 0
        assertArrayEquals(new double[] {-1 / Math.sqrt(2), -1, 0}, loss, 1e-12);
    }

    @Test
    void negativeCosineGradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] xs = new double[6];
        double[] ys = new double[6];
        for (int i = 0; i < 6; i++) {
            xs[i] = rng.nextDouble(-1, 1);
            ys[i] = rng.nextDouble(-1, 1);
        }
        INDArray xa = Nd4j.createFromArray(xs).reshape(2, 3);
        INDArray ya = Nd4j.createFromArray(ys).reshape(2, 3);
        double[] analytic;
        try (Tape tape = Tape.open()) {
            Var x = Var.input(xa.dup());
            Var loss = MuzeroNetwork.negativeCosine(x, Var.constant(ya)).mul(Var.constant(
                    Nd4j.createFromArray(0.7, -1.3))).sum();
            tape.backward(loss);
            analytic = HostArrays.toDoubles(x.grad());
        }
        double h = 1e-6;
        for (int i = 0; i < 6; i++) {
            double[] plus = xs.clone();
            double[] minus = xs.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (weighted(plus, ya) - weighted(minus, ya)) / (2 * h);
            assertEquals(numeric, analytic[i], 1e-7, "element " + i);
        }
    }

    private static double weighted(double[] xs, INDArray ya) {
        double[] l = HostArrays.toDoubles(MuzeroNetwork.negativeCosine(
                Var.constant(Nd4j.createFromArray(xs).reshape(2, 3)), Var.constant(ya)).value());
        return 0.7 * l[0] - 1.3 * l[1];
    }

    @Test
    void consistencyLossComparesThePredictedProjectionWithTheStoppedTargetProjection() {
        MuzeroNetwork net = new MuzeroNetwork(4, 2, efficientZero(5), new SplittableRandom(5));
        List<Parameter> params = net.parameters();
        float[] unrolled = {0.1f, 0.9f, 0.3f, 0.0f, 1.0f, 0.5f, 0.2f, 0.7f, 0.6f, 0.4f, 0.8f, 0.0f, 1.0f, 0.3f, 0.2f,
            0.5f};
        float[] obs = {0.1f, -0.2f, 0.03f, 0.4f, -0.3f, 0.5f, 0.2f, -0.1f};
        float[] loss;
        float[] inputGrad;
        try (Tape tape = Tape.open()) {
            Var s = Var.input(HostArrays.array(unrolled, 2, 8));
            Var l = net.consistencyLoss(s, Var.constant(HostArrays.array(obs, 2, 4)));
            loss = HostArrays.toFloats(l.value());
            tape.backward(l.sum());
            inputGrad = HostArrays.toFloats(s.grad());
        }
        for (float v : loss) {
            assertTrue(v >= -1 - 1e-6 && v <= 1 + 1e-6, "a negative cosine: " + v);
        }
        boolean projectionMoved = false;
        for (Parameter p : params) {
            double norm = p.grad().norm2Number().doubleValue();
            if (p.name().startsWith("representation")) {
                assertEquals(0.0, norm, "stop-gradient: nothing reaches " + p.name() + " through the target");
            } else if (p.name().startsWith("projection")) {
                projectionMoved |= norm > 0;
            }
            p.zeroGrad();
        }
        assertTrue(projectionMoved, "the online branch trains the projection and prediction MLPs");
        assertTrue(Arrays.stream(toDoubles(inputGrad)).anyMatch(g -> g != 0), "the unrolled state gets a gradient");

        // finite differences of the loss in the unrolled state (only in the online branch): the target is fixed
        double h = 1e-2;
        for (int i : new int[] {0, 5, 9, 14}) {
            float[] plus = unrolled.clone();
            float[] minus = unrolled.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (sum(consistency(net, plus, obs)) - sum(consistency(net, minus, obs))) / (2 * h);
            assertEquals(numeric, inputGrad[i], 2e-3 + 0.05 * Math.abs(numeric), "element " + i);
        }
        // and the loss is -cos(pred(proj(s)), proj(h(o))) computed by hand from the parts
        double[] byHand = new double[2];
        for (int b = 0; b < 2; b++) {
            float[] online = mlp(params, "projection.prediction", mlp(params, "projection.",
                    Arrays.copyOfRange(unrolled, 8 * b, 8 * b + 8)));
            Var rep = net.represent(Var.constant(HostArrays.array(Arrays.copyOfRange(obs, 4 * b, 4 * b + 4), 1, 4)));
            float[] target = mlp(params, "projection.", HostArrays.toFloats(rep.value()));
            byHand[b] = -dot(online, target) / Math.sqrt(dot(online, online) * dot(target, target));
        }
        assertArrayEquals(byHand, toDoubles(loss), 1e-5);
    }

    private static float[] consistency(MuzeroNetwork net, float[] unrolled, float[] obs) {
        return HostArrays.toFloats(net.consistencyLoss(Var.constant(HostArrays.array(unrolled, 2, 8)),
                Var.constant(HostArrays.array(obs, 2, 4))).value());
    }

    /** An ELU MLP of the parameters whose names start with the prefix (weights [in, out], then biases). */
    private static float[] mlp(List<Parameter> params, String prefix, float[] x) {
        List<Parameter> layers = params.stream().filter(p -> p.name().startsWith(prefix)
                && (prefix.equals("projection.prediction") || !p.name().startsWith("projection.prediction")))
                .toList();
        double[] h = toDoubles(x);
        for (int l = 0; l < layers.size(); l += 2) {
            double[][] w = layers.get(l).value().castTo(DataType.DOUBLE).toDoubleMatrix();
            double[] bias = HostArrays.toDoubles(layers.get(l + 1).value());
            double[] y = bias.clone();
            for (int i = 0; i < h.length; i++) {
                for (int j = 0; j < y.length; j++) {
                    y[j] += h[i] * w[i][j];
                }
            }
            if (l + 2 < layers.size()) {
                for (int j = 0; j < y.length; j++) {
                    y[j] = y[j] > 0 ? y[j] : Math.expm1(y[j]);
                }
            }
            h = y;
        }
        float[] out = new float[h.length];
        for (int i = 0; i < h.length; i++) {
            out[i] = (float) h[i];
        }
        return out;
    }

    @Test
    void valuePrefixTargetsSumTheRewardsSinceTheLastReset() {
        float[] rewards = {1, 2, 3, 4, 5, 6, 7};
        // from t = 1 with a reset every 3 steps: 2, 2+3, 2+3+4, then 5 (reset), 5+6
        assertArrayEquals(new double[] {0, 2, 5, 9, 5, 11},
                MuzeroTargets.valuePrefixes(rewards, 1, 5, 3), 1e-12);
        // EfficientZero's horizon 5 with K = 5: one running sum
        assertArrayEquals(new double[] {0, 1, 3, 6, 10, 15},
                MuzeroTargets.valuePrefixes(rewards, 0, 5, 5), 1e-12);
        // past the end of the game the rewards are 0, and a reset past the end gives 0
        assertArrayEquals(new double[] {0, 2, 5, 0, 0},
                MuzeroTargets.valuePrefixes(new float[] {1, 2, 3}, 1, 4, 2), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> MuzeroTargets.valuePrefixes(rewards, 7, 5, 5));
        assertThrows(IllegalArgumentException.class, () -> MuzeroTargets.valuePrefixes(rewards, 0, 5, 0));
    }

    @Test
    void searchEdgeRewardsAreDifferencesOfPrefixesExceptAfterAReset() {
        assertEquals(2.0, MuzeroTargets.prefixReward(5, 3, false), 1e-12);
        assertEquals(5.0, MuzeroTargets.prefixReward(5, 3, true), 1e-12);
        assertEquals(-1.5, MuzeroTargets.prefixReward(0.5, 2, false), 1e-12);

        int horizon = 2;
        MuzeroNetwork net = new MuzeroNetwork(4, 2, efficientZero(horizon), new SplittableRandom(7));
        int[] actions = {1, 0, 1, 1, 0};
        Expansion<float[]> node = net.initial(OBS);
        assertEquals(0, net.host().depth(node.state()));
        assertEquals(0f, net.host().prefix(node.state()));
        // the training unroll of the same path on the tape: the prefixes the search must reproduce
        double[] tapePrefixes = new double[actions.length + 1];
        Var s = net.represent(Var.constant(HostArrays.array(OBS, 1, 4)));
        LstmCell.State lstm = net.initialLstmState(1);
        for (int k = 1; k <= actions.length; k++) {
            MuzeroNetwork.PrefixStep step = net.nextWithPrefix(s, lstm, new int[] {actions[k - 1]});
            s = step.hidden();
            lstm = k % horizon == 0 ? net.initialLstmState(1) : step.lstm();
            tapePrefixes[k] = net.support().decodeLogits(HostArrays.toFloats(step.prefixLogits().value()), 0);
        }
        for (int k = 1; k <= actions.length; k++) {
            float parentPrefix = net.host().prefix(node.state());
            Expansion<float[]> child = net.searchModel().recurrent(node.state(), actions[k - 1]);
            float prefix = net.host().prefix(child.state());
            assertEquals(k, net.host().depth(child.state()));
            assertEquals(tapePrefixes[k], prefix, 1e-4, "prefix at depth " + k);
            // depths 0, 2, 4 are resets (the root included): the child's reward is its whole prefix
            double expected = (k - 1) % horizon == 0 ? prefix : prefix - parentPrefix;
            assertEquals(expected, child.reward(), 1e-6, "reward into depth " + k);
            float[][] hc = net.host().lstm(child.state());
            boolean zero = Arrays.equals(hc[0], new float[hc[0].length]) && Arrays.equals(hc[1], new float[hc[1].length]);
            assertEquals(k % horizon == 0, zero, "the LSTM restarts at depth " + k);
            node = child;
        }
        assertFalse(tapePrefixes[1] == tapePrefixes[2], "distinct prefixes make the test meaningful");
    }

    @Test
    void offPolicyHorizonShrinksWithTheAgeOfTheData() {
        // EfficientZero: clip(td_steps - age // auto_td_steps, 1, td_steps)
        assertEquals(5, MuzeroTargets.offPolicyTdSteps(5, 1, 3000));
        assertEquals(5, MuzeroTargets.offPolicyTdSteps(5, 2999, 3000));
        assertEquals(4, MuzeroTargets.offPolicyTdSteps(5, 3000, 3000));
        assertEquals(2, MuzeroTargets.offPolicyTdSteps(5, 9000, 3000));
        assertEquals(1, MuzeroTargets.offPolicyTdSteps(5, 12_000, 3000));
        assertEquals(1, MuzeroTargets.offPolicyTdSteps(5, 1_000_000, 3000));
        assertEquals(40, MuzeroTargets.offPolicyTdSteps(50, 30_000, 3000));
        assertThrows(IllegalArgumentException.class, () -> MuzeroTargets.offPolicyTdSteps(5, 0, 3000));

        // ages in the replay: positions from this one to the newest, across evictions and the ring's wrap
        GameReplay replay = new GameReplay(10, 0.0, 1.0);
        replay.add(MuzeroTest.game(4));            // slots 0..3
        replay.add(MuzeroTest.game(3));            // slots 4..6
        assertEquals(7, replay.age(0));
        assertEquals(4, replay.age(3));
        assertEquals(1, replay.age(6));
        replay.add(MuzeroTest.game(5));            // evicts the first game; slots 7, 8, 9, 0, 1
        assertEquals(8, replay.age(4));
        assertEquals(3, replay.age(9));
        assertEquals(1, replay.age(1));
        assertThrows(IllegalArgumentException.class, () -> replay.age(2));
    }

    @Test
    void aBatchUsesEachPositionsHorizonAndMasksConsistencyPastTheGamesEnd() {
        MuzeroConfig config = efficientZero(2).toBuilder().unrollSteps(3).reanalyseValues(false).build();
        MuzeroNetwork net = new MuzeroNetwork(1, 2, config, new SplittableRandom(1));
        GameHistory g = MuzeroTest.game(4);
        GameReplay.Sample[] samples = {new GameReplay.Sample(g, 0, 0, 1), new GameReplay.Sample(g, 0, 0, 1),
            new GameReplay.Sample(g, 2, 2, 1)};
        TrainingBatch batch = TrainingBatch.build(samples, new int[] {2, 5, 5}, config, net, 2, 1,
                new SplittableRandom(2), null);
        double gamma = config.discount();
        // rewards 1, stored values 0, terminated after 4 moves
        assertEquals(1 + gamma, batch.firstTargets[0], 1e-9);
        assertEquals(1 + gamma + gamma * gamma + gamma * gamma * gamma, batch.firstTargets[1], 1e-9);
        // position 2 of 4: o_3 and o_4 exist, o_5 does not
        assertArrayEquals(new float[] {1, 1, 0}, new float[] {batch.consistencyMasks[1][2],
            batch.consistencyMasks[2][2], batch.consistencyMasks[3][2]});
        assertEquals(1, batch.consistencyMasks[3][0]);
        assertEquals(3f, batch.targetObservations[1][2]);
        assertEquals(4f, batch.targetObservations[2][2]);
        // value-prefix targets with a reset every 2 steps: 1, 2, then 1 (reset); past the terminal end 0
        int bins = net.support().bins();
        double[] prefixes = new double[4];
        for (int k = 1; k <= 3; k++) {
            prefixes[k] = net.support().decodeProbs(Arrays.copyOfRange(batch.rewardTargets[k], 2 * bins, 3 * bins));
        }
        assertArrayEquals(new double[] {0, 1, 2, 0}, prefixes, 1e-4);
        assertEquals(1, batch.rewardMasks[3][2], "past a terminal state the prefix target counts");
    }

    @Test
    void configRejectsBadEfficientZeroValuesNamingTheField() {
        MuzeroConfig.Builder b = MuzeroConfig.cartPole().toBuilder();
        for (Object[] c : new Object[][] {
            {(Runnable) () -> b.consistencyWeight(-1).build(), "consistencyWeight must be finite and >= 0: -1.0"},
            {(Runnable) () -> b.consistencyWeight(2).lstmHorizon(0).build(), "lstmHorizon must be >= 1: 0"},
            {(Runnable) () -> b.lstmHorizon(5).autoTdSteps(-3).build(), "autoTdSteps must be >= 0: -3"},
            {(Runnable) () -> b.autoTdSteps(0).projectionSize(0).build(), "projectionSize must be >= 1: 0"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ((Runnable) c[0])::run);
            assertEquals(c[1], e.getMessage());
        }
        MuzeroConfig ez = MuzeroConfig.cartPoleEfficientZero();
        assertTrue(ez.usesConsistency() && ez.valuePrefix() && ez.usesOffPolicyCorrection());
        assertEquals(2.0, ez.consistencyWeight());
        assertEquals(5, ez.lstmHorizon());
        assertEquals(3000, ez.autoTdSteps());
        MuzeroConfig plain = MuzeroConfig.cartPole();
        assertFalse(plain.usesConsistency() || plain.valuePrefix() || plain.usesOffPolicyCorrection());
    }


    private static double[] toDoubles(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    private static double sum(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v;
        }
        return s;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
