package org.mbrl4j.algorithms.tdmpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.TwoHot;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TdmpcTest {

    private static final TdmpcConfig SMALL = TdmpcConfig.tiny().toBuilder().latentDim(16).mlpDim(32).encDim(32)
            .batchSize(8).numSamples(32).numPiTrajs(4).numElites(8).iterations(2).seedSteps(20).build();

    private static INDArray randomObs(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return HostArrays.array(v, n, d);
    }

    @Test
    void latentStatesAreSimplicialGroupsOfEightThatSumToOne() {
        TdmpcWorldModel m = new TdmpcWorldModel(3, 1, SMALL, RandomStreams.of(0));
        float[] z = HostArrays.toFloats(m.encode(Var.constant(randomObs(5, 3, 1))).value());
        Var zn = m.next(Var.constant(HostArrays.array(z, 5, 16)), Var.constant(randomObs(5, 1, 2)));
        for (float[] latent : new float[][] {z, HostArrays.toFloats(zn.value())}) {
            assertEquals(5 * 16, latent.length);
            for (int g = 0; g < latent.length / 8; g++) {
                double sum = 0;
                for (int i = 0; i < 8; i++) {
                    float v = latent[g * 8 + i];
                    assertTrue(v > 0 && v < 1, "entry " + v);
                    sum += v;
                }
                assertEquals(1.0, sum, 1e-5, "group " + g);
            }
        }
    }

    @Test
    void twoHotLossOfTdmpc2BinsMatchesHandValues() {
        TwoHot twoHot = TwoHot.tdmpc2();
        // symlog(e^0.05 - 1) = 0.05 lies a quarter of the way from bin 50 (0.0) to bin 51 (0.2)
        INDArray target = twoHot.encode(HostArrays.array(new double[] {Math.expm1(0.05)}, DataType.DOUBLE, 1));
        assertEquals(0.75, target.getDouble(0, 50), 1e-9);
        assertEquals(0.25, target.getDouble(0, 51), 1e-9);
        // uniform logits: the cross-entropy is log(101) whatever the target; gradient softmax - target
        try (Tape tape = Tape.open()) {
            Var logits = Var.input(Nd4j.zeros(DataType.DOUBLE, 1, 101));
            Var loss = twoHot.loss(logits, HostArrays.array(new double[] {Math.expm1(0.05)}, DataType.DOUBLE, 1));
            assertEquals(Math.log(101), loss.item(), 1e-12);
            tape.backward(loss.sum());
            assertEquals(1.0 / 101 - 0.75, logits.grad().getDouble(0, 50), 1e-12);
            assertEquals(1.0 / 101 - 0.25, logits.grad().getDouble(0, 51), 1e-12);
            assertEquals(1.0 / 101, logits.grad().getDouble(0, 7), 1e-12);
        }
    }

    @Test
    void tdTargetsAreRewardPlusDiscountedMinimumOfTwoTargetQs() {
        double[] y = Tdmpc.tdTargets(new double[] {1, -2, 0.5}, new double[] {0, 0, 1}, new double[] {10, 3, 7},
                new double[] {8, 4, 9}, 0.9);
        assertArrayEquals(new double[] {1 + 0.9 * 8, -2 + 0.9 * 3, 0.5}, y, 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> Tdmpc.tdTargets(new double[2], new double[2], new double[2], new double[3], 0.9));
    }

    @Test
    void discountHeuristicFollowsEpisodeLength() {
        TdmpcConfig c = TdmpcConfig.size5M();
        assertEquals(0.975, c.discount(200), 1e-12);   // frac 40: 39/40
        assertEquals(0.99, c.discount(500), 1e-12);    // frac 100
        assertEquals(0.995, c.discount(1000), 1e-12);  // 199/200 = 0.995, the upper clip
        assertEquals(0.995, c.discount(5000), 1e-12);  // clipped
        assertEquals(0.95, c.discount(10), 1e-12);     // frac 2: 0.5, clipped up
        assertEquals(1000, c.seedSteps(200));
        assertEquals(5000, c.seedSteps(1000));
        assertEquals(20, SMALL.seedSteps(1000));
    }

    @Test
    void presetsHoldTdmpc2Sizes() {
        TdmpcConfig one = TdmpcConfig.size1M();
        assertEquals(128, one.latentDim());
        assertEquals(384, one.mlpDim());
        assertEquals(256, one.encDim());
        assertEquals(2, one.numQ());
        TdmpcConfig five = TdmpcConfig.size5M();
        assertEquals(512, five.latentDim());
        assertEquals(512, five.mlpDim());
        assertEquals(5, five.numQ());
        assertEquals(512, five.numSamples());
        assertEquals(24, five.numPiTrajs());
        assertEquals(64, five.numElites());
    }

    @Test
    void badConfigValuesFailNamingTheField() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TdmpcConfig.size5M().toBuilder().latentDim(100).build());
        assertTrue(e.getMessage().contains("latentDim") && e.getMessage().contains("100"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TdmpcConfig.size5M().toBuilder().numElites(0).build());
        assertTrue(e.getMessage().startsWith("numElites"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TdmpcConfig.size5M().toBuilder().rho(0).build());
        assertTrue(e.getMessage().startsWith("rho"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TdmpcConfig.size5M().toBuilder().numQ(1).build());
        assertTrue(e.getMessage().startsWith("numQ"), e.getMessage());
    }

    @Test
    void runningScalePercentilesMatchHandValues() {
        double[] v = new double[21];
        for (int i = 0; i < v.length; i++) {
            v[i] = 20 - i; // 0..20 shuffled order does not matter
        }
        assertEquals(1.0, RunningScale.percentile(v, 5), 1e-12);   // position 1.0
        assertEquals(19.0, RunningScale.percentile(v, 95), 1e-12); // position 19.0
        assertEquals(0.5, RunningScale.percentile(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5), 1e-12);
        RunningScale s = new RunningScale(0.01);
        s.update(v);
        assertEquals(1 + 0.01 * (18 - 1), s.value(), 1e-12);
        s = new RunningScale(0.5);
        s.update(new double[] {0.1, 0.2, 0.3}); // range below 1: moves towards 1, stays 1
        assertEquals(1.0, s.value(), 1e-12);
    }

    /** A quadratic with its maximum at {@code target} in every step. */
    private static LatentMppi.Objective quadratic(double[] target, int horizon) {
        int a = target.length;
        return (actions, n) -> {
            double[] v = new double[n];
            for (int k = 0; k < n; k++) {
                for (int t = 0; t < horizon; t++) {
                    for (int j = 0; j < a; j++) {
                        double d = actions[(k * horizon + t) * a + j] - target[j];
                        v[k] -= d * d;
                    }
                }
            }
            return v;
        };
    }

    @Test
    void mppiWithPolicySamplesFindsTheMaximumOfAQuadratic() {
        TdmpcConfig c = TdmpcConfig.size5M();  // 512 samples, 64 elites, 6 iterations, temperature 0.5
        double[] target = {0.3, -0.6};
        int h = c.horizon();
        // the policy proposes the optimum itself: the plan must keep it
        float[] pi = new float[c.numPiTrajs() * h * 2];
        for (int i = 0; i < pi.length; i++) {
            pi[i] = (float) target[i % 2];
        }
        LatentMppi withPolicy = new LatentMppi(c, 2);
        double[] a = withPolicy.plan(pi, quadratic(target, h), true, true, new SplittableRandom(0));
        assertEquals(0.3, a[0], 0.05);
        assertEquals(-0.6, a[1], 0.05);
        // policy samples far from the optimum: the Gaussian samples still find it
        float[] bad = new float[pi.length];
        java.util.Arrays.fill(bad, 1f);
        LatentMppi fromSamples = new LatentMppi(c, 2);
        a = fromSamples.plan(bad, quadratic(target, h), true, true, new SplittableRandom(1));
        // the action is one elite's first step (drawn by weight), so it scatters around the mean
        assertEquals(0.3, a[0], 0.2);
        assertEquals(-0.6, a[1], 0.2);
        double[] mean = fromSamples.lastMean();
        assertEquals(h * 2, mean.length);
        for (int i = 0; i < mean.length; i++) {
            assertEquals(target[i % 2], mean[i], 0.05, "mean[" + i + "]");
        }
    }

    @Test
    void mppiRejectsPolicyTrajectoriesOfTheWrongLength() {
        LatentMppi p = new LatentMppi(TdmpcConfig.size5M(), 1);
        assertThrows(IllegalArgumentException.class,
                () -> p.plan(new float[5], (x, n) -> new double[n], true, true, new SplittableRandom(0)));
    }

    private static Parameter param(TdmpcWorldModel m, String name) {
        return m.modelParameters().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void predictedTerminationMasksLaterRewardsAndTheBootstrap() {
        TdmpcConfig c = SMALL.toBuilder().episodic(true).build();
        TdmpcWorldModel m = new TdmpcWorldModel(3, 1, c, RandomStreams.of(3));
        // give the reward and Q heads non-zero outputs
        param(m, "reward.layer2.bias").value().assign(HostArrays.array(ramp(c.numBins()), c.numBins()));
        for (int k = 0; k < c.numQ(); k++) {
            param(m, "q" + k + ".layer2.bias").value().assign(HostArrays.array(ramp(c.numBins()), c.numBins()));
        }
        LatentValue value = new LatentValue(m, 0.9);
        INDArray obs = randomObs(1, 3, 4);
        Var z = Var.constant(HostArrays.array(value.root(obs).latent(), 1, c.latentDim()));
        int h = c.horizon();
        float[] actions = new float[2 * h];
        java.util.Arrays.fill(actions, 0.5f);
        double r0;
        double q;
        try (Tape.NoGrad ignored = Tape.pause()) {
            Var at = Var.constant(HostArrays.array(new float[] {0.5f}, 1, 1));
            r0 = m.twoHot().mean(m.reward(z, at)).item();
            q = m.twoHot().mean(m.q(0, z, at, TdmpcWorldModel.QMode.ONLINE, null)).item();
        }
        assertTrue(Math.abs(r0) > 0.1 && Math.abs(q) > 0.1, "r0 " + r0 + ", q " + q);
        Parameter termBias = param(m, "termination.layer2.bias");
        termBias.value().assign(20);   // certain termination after the first step
        double[] g = value.values(value.root(obs), actions, 2, h, new SplittableRandom(5));
        assertEquals(r0, g[0], 1e-4);
        assertEquals(r0, g[1], 1e-4);
        termBias.value().assign(-20);  // never terminates: later rewards and the Q bootstrap count
        g = value.values(value.root(obs), actions, 2, h, new SplittableRandom(5));
        assertTrue(Math.abs(g[0] - r0) > 0.1, "g " + g[0] + " vs r0 " + r0);
    }

    @Test
    void thePlannersArrayPathComputesWhatTheTapeComputes() {
        TdmpcConfig c = SMALL.toBuilder().episodic(true).build();
        TdmpcWorldModel m = new TdmpcWorldModel(3, 2, c, RandomStreams.of(9));
        param(m, "reward.layer2.bias").value().assign(HostArrays.array(ramp(c.numBins()), c.numBins()));
        param(m, "reward.layer2.weight").value().assign(Nd4j.rand(new SplittableRandom(3).nextLong(),
                new long[] {c.mlpDim(), c.numBins()}).muli(0.3));
        for (int k = 0; k < c.numQ(); k++) {
            param(m, "q" + k + ".layer2.weight").value().assign(Nd4j.rand(k + 7L,
                    new long[] {c.mlpDim(), c.numBins()}).muli(0.3));
        }
        TdmpcWorldModel.Snapshot s = m.snapshot();
        int n = 5;
        INDArray obs = randomObs(n, 3, 4);
        INDArray act = randomObs(n, 2, 5).muli(0.5);
        float[] a = HostArrays.toFloats(act);
        try (Tape.NoGrad ignored = Tape.pause()) {
            Var z = m.encode(Var.constant(obs));
            float[] zh = s.encode(HostArrays.toFloats(obs), n);
            assertArrayEquals(HostArrays.toFloats(z.value()), zh, 1e-5f, "encode");
            Var at = Var.constant(act);
            assertArrayEquals(HostArrays.toFloats(m.next(z, at).value()), s.next(zh, a, n), 1e-5f, "next");
            assertClose(HostArrays.toFloats(m.twoHot().mean(m.reward(z, at)).value()), s.reward(zh, a, n), "reward");
            for (int k = 0; k < c.numQ(); k++) {
                assertClose(HostArrays.toFloats(m.twoHot().mean(m.q(k, z, at, TdmpcWorldModel.QMode.ONLINE, null))
                        .value()), s.q(k, zh, a, n), "q" + k);
            }
            assertArrayEquals(HostArrays.toFloats(m.termination(z).value()), s.terminationLogits(zh, n), 1e-5f,
                    "termination");
            TdmpcWorldModel.PolicySample pi = m.pi(z, new SplittableRandom(8));
            SplittableRandom r = new SplittableRandom(8);
            float[] eps = new float[n * 2];
            for (int i = 0; i < eps.length; i++) {
                eps[i] = (float) r.nextGaussian();
            }
            assertArrayEquals(HostArrays.toFloats(pi.action().value()), s.pi(zh, n, eps), 1e-5f, "pi sample");
            assertArrayEquals(HostArrays.toFloats(pi.mode().value()), s.pi(zh, n, null), 1e-5f, "pi mode");
        }
    }

    /** Equal up to float rounding: a relative error of at most 1e-5. */
    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * (1 + Math.abs(expected[i])), what + " at " + i);
        }
    }

    /** Logits that put most of the mass on high bins. */
    private static float[] ramp(int n) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = 0.1f * i;
        }
        return r;
    }

    @Test
    void terminatedTransitionsAreNotBootstrappedAndTheTerminationHeadTrains() {
        TdmpcConfig c = SMALL.toBuilder().episodic(true).build();
        Box act = Box.uniform(-2, 2, 1);
        Tdmpc agent = new Tdmpc(3, act, 10, c, RandomStreams.of(7));
        SplittableRandom r = new SplittableRandom(8);
        for (int ep = 0; ep < 6; ep++) {
            INDArray o2 = randomObs(1, 3, r.nextLong()).reshape(3);
            for (int t = 0; t < 10; t++) {
                INDArray o = o2;
                o2 = randomObs(1, 3, r.nextLong()).reshape(3);
                boolean end = t == 9;
                agent.observe(new Transition(o, HostArrays.array(new float[] {(float) r.nextDouble(-2, 2)}, 1), 1.0,
                        o2, end && ep % 2 == 0, end && ep % 2 == 1));
            }
        }
        assertTrue(agent.updates() > 0);
        Map<String, Double> metrics = agent.drainMetrics();
        assertTrue(metrics.containsKey("termination_loss"), metrics.toString());
        for (var e : metrics.entrySet()) {
            assertTrue(Double.isFinite(e.getValue()), e.toString());
        }
        INDArray a = agent.explore(randomObs(1, 3, 9).reshape(3));
        assertTrue(a.getDouble(0) >= -2 && a.getDouble(0) <= 2, a.toString());
    }

    @Test
    void afterTheSeedStepsEachStepRunsUpdatesPerStepUpdates() {
        Box act = Box.uniform(-1, 1, 1);
        Tdmpc agent = new Tdmpc(3, act, 50, SMALL.toBuilder().seedSteps(20).updatesPerStep(3).build(),
                RandomStreams.of(5));
        SplittableRandom r = new SplittableRandom(6);
        long[] updates = new long[25];
        INDArray o2 = randomObs(1, 3, r.nextLong()).reshape(3);
        for (int t = 0; t < updates.length; t++) {
            INDArray o = o2;
            o2 = randomObs(1, 3, r.nextLong()).reshape(3);
            agent.observe(new Transition(o, HostArrays.array(new float[] {(float) r.nextDouble(-1, 1)}, 1), 0.5, o2,
                    false, false));
            updates[t] = agent.updates();
        }
        assertEquals(0, updates[18], "no update before the seed steps");
        assertEquals(20, updates[19], "as many updates as seed steps at once");
        assertEquals(23, updates[20]);
        assertEquals(32, updates[23]);
        assertThrows(IllegalArgumentException.class, () -> SMALL.toBuilder().updatesPerStep(0).build());
    }

    @Test
    void updatesReduceTheWorldModelLossOnAFixedBatch() {
        Box act = Box.uniform(-1, 1, 1);
        Tdmpc agent = new Tdmpc(3, act, 50, SMALL.toBuilder().seedSteps(10_000).build(), RandomStreams.of(11));
        SplittableRandom r = new SplittableRandom(12);
        float[] s = {0.1f, -0.2f, 0.3f};
        for (int t = 0; t < 200; t++) {
            float u = (float) r.nextDouble(-1, 1);
            float[] s2 = {0.9f * s[0] + 0.1f * u, 0.9f * s[1] - 0.1f * u, s[2]};
            boolean trunc = t % 50 == 49;
            agent.observe(new Transition(HostArrays.array(s, 3), HostArrays.array(new float[] {u}, 1),
                    -(s[0] * s[0]), HostArrays.array(s2, 3), false, trunc));
            s = trunc ? new float[] {(float) r.nextGaussian(), (float) r.nextGaussian(), 0.3f} : s2;
        }
        var batch = agent.replayBuffer().sampleSequences(SMALL.batchSize(), SMALL.horizon(), new SplittableRandom(13));
        agent.update(batch);
        double first = agent.drainMetrics().get("total_loss");
        for (int i = 0; i < 60; i++) {
            agent.update(batch);
        }
        agent.drainMetrics();
        agent.update(batch);
        double last = agent.drainMetrics().get("total_loss");
        assertTrue(last < 0.7 * first, "total loss " + first + " -> " + last);
    }

    @Test
    void sameSeedGivesTheSameActions() {
        Box act = Box.uniform(-2, 2, 1);
        double[] first = null;
        for (int run = 0; run < 2; run++) {
            Tdmpc agent = new Tdmpc(3, act, 200, SMALL, RandomStreams.of(21));
            INDArray obs = randomObs(1, 3, 22).reshape(3);
            double[] a = {agent.act(obs, true, false).getDouble(0), agent.act(obs, false, false).getDouble(0),
                agent.act(obs, true, true).getDouble(0)};
            if (first == null) {
                first = a;
            } else {
                assertArrayEquals(first, a, 0.0);
            }
        }
    }
}
