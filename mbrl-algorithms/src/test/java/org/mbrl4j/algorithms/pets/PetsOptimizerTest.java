package org.mbrl4j.algorithms.pets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.models.dynamics.GaussianEnsembleConfig;
import org.mbrl4j.models.dynamics.TrainerConfig;
import org.mbrl4j.planners.ActionBounds;
import org.mbrl4j.planners.CemConfig;
import org.mbrl4j.planners.GradientMpcConfig;
import org.mbrl4j.planners.HybridConfig;
import org.mbrl4j.planners.ICemConfig;
import org.mbrl4j.planners.MppiConfig;
import org.mbrl4j.planners.OptimizerConfig;
import org.mbrl4j.planners.Propagation;
import org.mbrl4j.planners.RandomShootingConfig;

class PetsOptimizerTest {

    private static final Map<PetsOptimizer, Class<? extends OptimizerConfig>> TYPES = Map.of(
            PetsOptimizer.CEM, CemConfig.class, PetsOptimizer.ICEM, ICemConfig.class,
            PetsOptimizer.MPPI, MppiConfig.class, PetsOptimizer.RANDOM_SHOOTING, RandomShootingConfig.class,
            PetsOptimizer.GRADIENT, GradientMpcConfig.class, PetsOptimizer.HYBRID, HybridConfig.class);

    @Test
    void everyChoiceGivesItsTypeAtTheCemBudgetAndOnlyGradientOnesSwitchPropagation() {
        for (PetsConfig base : new PetsConfig[] {PetsConfig.cartpoleContinuous(), PetsConfig.cartpoleContinuous()
                .reduced(), PetsConfig.cartpoleSwingUp()}) {
            CemConfig cem = (CemConfig) base.optimizer();
            long budget = (long) cem.iterations() * cem.populationSize();
            for (PetsOptimizer choice : PetsOptimizer.values()) {
                PetsConfig c = base.withOptimizer(choice);
                String what = choice + " on " + base.envId() + " budget " + budget;
                assertInstanceOf(TYPES.get(choice), c.optimizer(), what);
                long sequences = PetsOptimizer.sequencesPerPlan(c.optimizer());
                // Within 5 % above the budget (rounding up to whole generations or restarts), never far below.
                assertTrue(sequences >= budget * 0.99 && sequences <= budget * 1.05, what + ": " + sequences);
                if (choice.needsGradients()) {
                    assertEquals(Propagation.EXPECTATION, c.propagation(), what);
                    assertEquals(1, c.particles(), what);
                } else {
                    assertEquals(base.propagation(), c.propagation(), what);
                    assertEquals(base.particles(), c.particles(), what);
                }
                assertEquals(base.horizon(), c.horizon(), what);
                assertEquals(base.model(), c.model(), what);
                assertEquals(base.trials(), c.trials(), what);
                // Each config builds its optimiser for the task's bounds.
                assertTrue(c.optimizer().create(ActionBounds.of(new double[] {-1}, new double[] {1}),
                        c.horizon(), RandomStreams.of(0)) != null, what);
            }
        }
    }

    @Test
    void mappingKeepsTheCitedSettingsAndSplitsTheBudget() {
        CemConfig ref = new CemConfig(5, 100, 0.1, 0.1, 1e-3);
        assertSame(ref, PetsOptimizer.CEM.configFor(ref));

        ICemConfig icem = (ICemConfig) PetsOptimizer.ICEM.configFor(ref);
        ICemConfig pinneri = ICemConfig.defaults();
        assertEquals(pinneri.iterations(), icem.iterations());
        assertEquals(pinneri.populationDecay(), icem.populationDecay());
        assertEquals(pinneri.noiseBeta(), icem.noiseBeta());
        assertEquals(pinneri.keepEliteFraction(), icem.keepEliteFraction());
        // 500 sequences over 3 generations decaying by 1.25: 205 + 164 + 132 = 501; 204 gives 499.
        assertEquals(205, icem.populationSize());
        assertEquals(501, PetsOptimizer.sequencesPerPlan(icem));

        MppiConfig mppi = (MppiConfig) PetsOptimizer.MPPI.configFor(ref);
        assertEquals(new MppiConfig(5, 100, MppiConfig.defaults().gamma(), MppiConfig.defaults().sigma(),
                MppiConfig.defaults().beta()), mppi);

        assertEquals(new RandomShootingConfig(500), PetsOptimizer.RANDOM_SHOOTING.configFor(ref));

        GradientMpcConfig g = (GradientMpcConfig) PetsOptimizer.GRADIENT.configFor(ref);
        assertEquals(GradientMpcConfig.defaults().iterations(), g.iterations());
        assertEquals(17, g.restarts(), "ceil(500 / 30)");
        assertEquals(GradientMpcConfig.defaults().learningRate(), g.learningRate());

        HybridConfig h = (HybridConfig) PetsOptimizer.HYBRID.configFor(ref);
        assertEquals(HybridConfig.defaults().gradient(), h.gradient());
        assertEquals(new CemConfig(5, 92, 0.1, 0.1, 1e-3), h.cem(), "(500 - 10 x 4) / 5 per generation");
        assertEquals(500, PetsOptimizer.sequencesPerPlan(h));

        // A budget smaller than gradient MPC's 30 steps: fewer steps, one restart.
        GradientMpcConfig tiny = (GradientMpcConfig) PetsOptimizer.GRADIENT.configFor(new CemConfig(2, 4, 0.5, 0, 0));
        assertEquals(8, tiny.iterations());
        assertEquals(1, tiny.restarts());
    }

    @Test
    void parseAcceptsCommandLineNamesAndRejectsOthersWithTheChoices() {
        assertEquals(PetsOptimizer.MPPI, PetsOptimizer.parse("mppi"));
        assertEquals(PetsOptimizer.RANDOM_SHOOTING, PetsOptimizer.parse("Random-Shooting"));
        assertEquals(PetsOptimizer.ICEM, PetsOptimizer.parse(" ICEM "));
        for (PetsOptimizer o : PetsOptimizer.values()) {
            assertEquals(o, PetsOptimizer.parse(o.cliName()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PetsOptimizer.parse("adam"));
        assertTrue(e.getMessage().contains("adam") && e.getMessage().contains("random-shooting"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PetsOptimizer.parse(null));
    }

    @Test
    void invalidCombinationsThrowNamingTheArgument() {
        PetsConfig base = PetsConfig.cartpoleContinuous().reduced();
        IllegalArgumentException nullChoice = assertThrows(IllegalArgumentException.class,
                () -> base.withOptimizer((PetsOptimizer) null));
        assertTrue(nullChoice.getMessage().contains("choice"), nullChoice.getMessage());

        // The budget is read from a CEM: an MPPI config cannot be re-sized.
        PetsConfig mppi = base.withOptimizer(PetsOptimizer.MPPI);
        IllegalArgumentException notCem = assertThrows(IllegalArgumentException.class,
                () -> mppi.withOptimizer(PetsOptimizer.ICEM));
        assertTrue(notCem.getMessage().contains("optimizer must be a CemConfig")
                && notCem.getMessage().contains("MppiConfig"), notCem.getMessage());

        // Gradient-based optimisers without the differentiable propagation.
        IllegalArgumentException ts1 = assertThrows(IllegalArgumentException.class,
                () -> base.withOptimizer(GradientMpcConfig.defaults()));
        assertTrue(ts1.getMessage().contains("propagation must be EXPECTATION") && ts1.getMessage().contains("TS1"),
                ts1.getMessage());
        PetsConfig gradient = base.withOptimizer(PetsOptimizer.GRADIENT);
        assertThrows(IllegalArgumentException.class,
                () -> gradient.withPlanning(gradient.horizon(), 5, Propagation.TS_INF));
        assertThrows(IllegalArgumentException.class, () -> PetsOptimizer.HYBRID.configFor(null));
        assertThrows(IllegalArgumentException.class, () -> PetsOptimizer.sequencesPerPlan(null));
        // reduced() puts CEM back, so it may follow a gradient choice.
        assertInstanceOf(CemConfig.class, gradient.reduced().optimizer());
    }

    /**
     * Every choice plans a short PETS trial end to end (the gradient ones through the expectation objective's
     * gradients): a tiny ensemble, 20-step trials, a CEM budget of 2 x 20 sequences.
     */
    @Test
    void everyChoicePlansAShortPetsTrial() {
        EnvSpec spec = Envs.spec("CartPoleContinuous-v0");
        PetsConfig tiny = new PetsConfig("CartPoleContinuous-v0", 2, 20,
                GaussianEnsembleConfig.petsCartpole().withEnsemble(2, 2).withHidden(2, 32),
                TrainerConfig.petsCartpole().withEpochs(5, 5), new CemConfig(2, 20, 0.1, 0.1, 1e-3), 5, 2,
                Propagation.TS1, 1, 0);
        for (PetsOptimizer choice : PetsOptimizer.values()) {
            PetsConfig c = tiny.withOptimizer(choice);
            List<TrialReport> trials = new Pets(c, spec.make(), spec.rewardFunction(), spec.terminationFunction(), 3)
                    .run(PetsListener.NONE);
            assertEquals(2, trials.size(), choice.toString());
            TrialReport planned = trials.get(1);
            assertTrue(!planned.random() && planned.steps() >= 1 && planned.trainings() == 1, choice + ": " + planned);
            // CartPoleContinuous pays 1 per step, 0 on the terminating one (a trial shorter than 20 steps).
            int paid = planned.steps() < c.trialLength() ? planned.steps() - 1 : planned.steps();
            assertEquals(paid, planned.episodeReturn(), 1e-6, choice + ": " + planned);
        }
    }
}
