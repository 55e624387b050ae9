package org.mbrl4j.algorithms.planet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.Envs;
import org.nd4j.linalg.api.ndarray.INDArray;

class PlanetTest {

    private static PlanetConfig quick() {
        return PlanetConfig.small().toBuilder().batchSize(4).batchLength(8).trainStart(30).pretrainUpdates(2)
                .trainRatio(16).horizon(4).iterations(2).candidates(20).elites(4).build();
    }

    private static float[] run(long seed) {
        try (Environment env = Envs.make("Pendulum-v1")) {
            Planet p = new Planet(env.observationSpace(), env.actionSpace(), quick(), RandomStreams.of(seed));
            INDArray obs = env.reset(seed).observation();
            float[] actions = new float[40];
            for (int i = 0; i < 40; i++) {
                INDArray a = p.explore(obs);
                assertTrue(env.actionSpace().contains(a), "action " + a);
                actions[i] = a.getFloat(0);
                Step s = env.step(a);
                p.observe(new Transition(obs, a, s.reward(), s.observation(), s.terminated(), s.truncated()));
                obs = s.observation();
            }
            // 2 pretraining updates at step 30, then 11 steps at 0.5 updates each
            assertEquals(2 + 5, p.updates());
            Map<String, Double> m = p.drainMetrics();
            assertTrue(Double.isFinite(m.get("model_loss")) && Double.isFinite(m.get("kl")), m.toString());
            INDArray e = p.evaluationAgent().act(obs);
            assertTrue(env.actionSpace().contains(e));
            return actions;
        }
    }

    @Test
    void plansBoundedActionsTrainsItsModelAndRepeatsWithTheSeed() {
        float[] a = run(3);
        assertArrayEquals(a, run(3));
        double spread = 0;
        for (float v : a) {
            spread = Math.max(spread, Math.abs(v));
        }
        assertTrue(spread > 0, "actions all zero");
    }

    @Test
    void configRejectsBadFieldsByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlanetConfig.small().toBuilder().elites(101).build());
        assertEquals("elites must be in [1, candidates=100]: 101", e.getMessage());
        assertEquals(12, PlanetConfig.paper().horizon());
        assertEquals(1000, PlanetConfig.paper().candidates());
        assertEquals(0, PlanetConfig.paper().rssm().classes());
    }
}
