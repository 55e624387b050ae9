package org.mbrl4j.algorithms.dreamer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DreamerTest {

    private static Var scalars(double... v) {
        return Var.constant(Nd4j.createFromArray(v));
    }

    @Test
    void lambdaReturnsMatchHandValues() {
        // r1 = 1, r2 = 2; c1 = 1, c2 = 0.5; v0 = 0, v1 = 3, v2 = 4; gamma 0.9, lambda 0.5
        // R2 = v2 = 4; R1 = 2 + 0.9 * 0.5 * (0.5 * 4 + 0.5 * 4) = 3.8; R0 = 1 + 0.9 * (0.5 * 3 + 0.5 * 3.8) = 4.06
        List<Var> r = LambdaReturns.compute(List.of(scalars(1), scalars(2)), List.of(scalars(1), scalars(0.5)),
                List.of(scalars(0), scalars(3), scalars(4)), 0.9, 0.5);
        assertEquals(4.06, r.get(0).item(), 1e-12);
        assertEquals(3.8, r.get(1).item(), 1e-12);
        // lambda = 1: the discounted Monte-Carlo return bootstrapped at the end: 1 + 0.9 (2 + 0.45 * 4)
        assertEquals(1 + 0.9 * (2 + 0.45 * 4), LambdaReturns.compute(List.of(scalars(1), scalars(2)),
                List.of(scalars(1), scalars(0.5)), List.of(scalars(0), scalars(3), scalars(4)), 0.9, 1).get(0).item(),
                1e-12);
        // lambda = 0: one-step TD targets r + gamma c v'
        List<Var> td = LambdaReturns.compute(List.of(scalars(1), scalars(2)), List.of(scalars(1), scalars(0.5)),
                List.of(scalars(0), scalars(3), scalars(4)), 0.9, 0);
        assertEquals(1 + 0.9 * 3, td.get(0).item(), 1e-12);
        assertEquals(2 + 0.45 * 4, td.get(1).item(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> LambdaReturns.compute(List.of(scalars(1)),
                List.of(scalars(1)), List.of(scalars(0)), 0.9, 0.5));
    }

    @Test
    void returnScaleIsTheEmaOfThePercentileRangeFlooredAtOne() {
        double[] returns = new double[101];
        for (int i = 0; i <= 100; i++) {
            returns[i] = i; // 5th percentile 5, 95th 95
        }
        ReturnNormalizer first = new ReturnNormalizer(0.99, 1);
        first.update(returns);
        assertEquals(0.05, first.low(), 1e-12);
        assertEquals(0.95, first.high(), 1e-12);
        assertEquals(1.0, first.scale(), 0); // 0.9 < 1: never scaled up
        ReturnNormalizer fast = new ReturnNormalizer(0, 1);
        fast.update(returns);
        assertEquals(90, fast.scale(), 1e-12);
        ReturnNormalizer slow = new ReturnNormalizer(0.5, 1);
        slow.update(returns);
        slow.update(returns);
        assertEquals(90 * 0.75, slow.scale(), 1e-12);
        assertEquals(2.5, ReturnNormalizer.percentile(new double[] {1, 2, 3, 4}, 0.5), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> fast.update(new double[] {1, Double.NaN}));
    }

    @Test
    void thePixelPresetIsTinyWithLargerLatentsAndConvDepth() {
        DreamerConfig p = DreamerConfig.pixels();
        DreamerConfig t = DreamerConfig.tiny();
        assertEquals(16, p.rssm().stoch());
        assertEquals(16, p.rssm().classes());
        assertEquals(32, p.rssm().convDepth());
        assertEquals(2, p.actionRepeat());
        assertEquals(t.rssm().deter(), p.rssm().deter());
        assertEquals(t.units(), p.units());
        assertEquals(t.trainRatio(), p.trainRatio());
    }

    @Test
    void configRejectsBadFieldsByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DreamerConfig.tiny().toBuilder().lambda(1.5).build());
        assertEquals("lambda must be in [0, 1]: 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DreamerConfig.tiny().toBuilder().trainRatio(0).build());
        assertTrue(e.getMessage().startsWith("trainRatio"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DreamerConfig.tiny().toBuilder().actorMaxStd(0.05).build());
        assertTrue(e.getMessage().startsWith("actorMaxStd"), e.getMessage());
        assertEquals(15, DreamerConfig.dreamerV3().horizon());
        assertEquals(0.997, DreamerConfig.dreamerV3().discount());
        assertTrue(DreamerConfig.tiny().backpropThroughDynamics(false));
        assertFalse(DreamerConfig.tiny().backpropThroughDynamics(true));
    }

    /** A tiny learner whose updates run in a fraction of a second. */
    private static DreamerConfig quick(DreamerConfig.ActorGradient gradient) {
        return DreamerConfig.tiny().toBuilder().batchSize(4).batchLength(8).horizon(3).imagineStarts(0)
                .trainStart(1_000_000).actorGradient(gradient).build();
    }

    private static Dreamer filled(Environment env, DreamerConfig config, long seed, int steps) {
        Dreamer d = new Dreamer(env.observationSpace(), env.actionSpace(), config, RandomStreams.of(seed));
        INDArray obs = env.reset(seed).observation();
        for (int i = 0; i < steps; i++) {
            INDArray a = d.explore(obs);
            assertTrue(env.actionSpace().contains(a), "action " + a);
            Step s = env.step(a);
            d.observe(new Transition(obs, a, s.reward(), s.observation(), s.terminated(), s.truncated()));
            obs = s.terminated() || s.truncated() ? env.reset().observation() : s.observation();
        }
        return d;
    }

    private static float[] flat(List<Parameter> ps) {
        return HostArrays.toFloats(Nd4j.toFlattened(ps.stream().map(Parameter::value).toArray(INDArray[]::new)));
    }

    @ParameterizedTest
    @EnumSource(value = DreamerConfig.ActorGradient.class, names = {"DYNAMICS", "REINFORCE"})
    void anUpdateTrainsEveryPartAndReportsFiniteMetrics(DreamerConfig.ActorGradient gradient) {
        try (Environment env = Envs.make("Pendulum-v1")) {
            Dreamer d = filled(env, quick(gradient), 1, 40);
            float[] model = flat(d.model().parameters());
            float[] actor = flat(d.actor().parameters());
            float[] critic = flat(d.critic().parameters());
            float[] slow = flat(d.critic().slowParameters());
            d.update();
            d.update();
            assertFalse(java.util.Arrays.equals(model, flat(d.model().parameters())), "world model unchanged");
            assertFalse(java.util.Arrays.equals(actor, flat(d.actor().parameters())), "actor unchanged");
            assertFalse(java.util.Arrays.equals(critic, flat(d.critic().parameters())), "critic unchanged");
            assertFalse(java.util.Arrays.equals(slow, flat(d.critic().slowParameters())), "slow critic unchanged");
            Map<String, Double> m = d.drainMetrics();
            for (String k : List.of("model_loss", "reward_loss", "kl", "actor_loss", "critic_loss", "return_scale",
                    "actor_entropy")) {
                assertTrue(m.containsKey(k) && Double.isFinite(m.get(k)), k + " in " + m);
            }
            assertTrue(m.get("return_scale") >= 1);
            assertEquals(2, d.updates());
        }
    }

    @Test
    void sameSeedGivesTheSameWeightsAfterTraining() {
        float[][] w = new float[2][];
        for (int i = 0; i < 2; i++) {
            try (Environment env = Envs.make("Pendulum-v1")) {
                Dreamer d = filled(env, quick(DreamerConfig.ActorGradient.AUTO), 3, 30);
                d.update();
                w[i] = flat(d.actor().parameters());
            }
        }
        assertArrayEquals(w[0], w[1]);
    }

    @Test
    void discreteActionsLearnWithReinforce() {
        try (Environment env = Envs.make("CartPole-v1")) {
            Dreamer d = filled(env, quick(DreamerConfig.ActorGradient.AUTO), 2, 40);
            float[] actor = flat(d.actor().parameters());
            d.update();
            assertTrue(d.actor().discrete());
            assertFalse(java.util.Arrays.equals(actor, flat(d.actor().parameters())));
            INDArray a = d.evaluationAgent().act(env.reset(5).observation());
            assertTrue(env.actionSpace().contains(a), "action " + a);
        }
    }

    @Test
    void trainingStartsAtTrainStartAndFollowsTheTrainRatio() {
        try (Environment env = Envs.make("Pendulum-v1")) {
            // batch 4 x 8 = 32 replayed steps per update, ratio 16: one update per 2 environment steps
            DreamerConfig c = quick(DreamerConfig.ActorGradient.AUTO).toBuilder().trainStart(20).pretrainUpdates(3)
                    .trainRatio(16).build();
            Dreamer d = filled(env, c, 4, 19);
            assertEquals(0, d.updates());
            d = filled(env, c, 4, 30);
            // at step 20: 3 pretraining updates; then steps 20..30 give 11 x 0.5 = 5.5 credits
            assertEquals(3 + 5, d.updates());
        }
    }

    @Test
    void badObservationsAreRejected() {
        try (Environment env = Envs.make("Pendulum-v1")) {
            Dreamer d = new Dreamer(env.observationSpace(), env.actionSpace(), quick(DreamerConfig.ActorGradient.AUTO),
                    RandomStreams.of(1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> d.explore(Nd4j.zeros(DataType.FLOAT, 4)));
            assertTrue(e.getMessage().startsWith("observation must hold 3 values"), e.getMessage());
            INDArray nan = Nd4j.createFromArray(0f, Float.NaN, 0f);
            e = assertThrows(IllegalArgumentException.class, () -> d.explore(nan));
            assertTrue(e.getMessage().contains("observation"), e.getMessage());
        }
    }
}
