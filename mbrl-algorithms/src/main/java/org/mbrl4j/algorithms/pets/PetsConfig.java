package org.mbrl4j.algorithms.pets;

import java.util.List;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.models.dynamics.GaussianEnsembleConfig;
import org.mbrl4j.models.dynamics.TrainerConfig;
import org.mbrl4j.models.dynamics.ValidationScore;
import org.mbrl4j.planners.CemConfig;
import org.mbrl4j.planners.DiscreteCemConfig;
import org.mbrl4j.planners.GradientMpcConfig;
import org.mbrl4j.planners.HybridConfig;
import org.mbrl4j.planners.OptimizerConfig;
import org.mbrl4j.planners.Propagation;

/**
 * Settings of a {@link Pets} run.
 *
 * @param envId the id of the task it was made for: {@link Pets} refuses an environment with another registry id
 *     ({@code Environment.registryId()}); the presets by id are in {@code Presets}
 * @param trials number of trials (episodes), the first one random, {@code >= 1}
 * @param trialLength maximum steps per trial, {@code >= 1}
 * @param model the ensemble
 * @param trainer the ensemble's training
 * @param optimizer the trajectory optimiser; a {@link GradientMpcConfig} or {@link HybridConfig} needs
 *     {@code propagation} {@link Propagation#EXPECTATION} (the only differentiable objective); a task with a
 *     {@code Discrete(n)} action space needs a {@link DiscreteCemConfig} with {@code numActions = n}, every
 *     other one a continuous optimiser ({@link Pets} checks this against the environment)
 * @param horizon planning horizon, {@code >= 1}
 * @param particles particles per action sequence, {@code >= 1}
 * @param propagation the particle propagation
 * @param replanEvery steps between plans, in {@code [1, horizon]}
 * @param trainEvery retrain every this many environment steps (and at every trial start); 0: only at trial
 *     starts
 */
public record PetsConfig(String envId, int trials, int trialLength, GaussianEnsembleConfig model,
        TrainerConfig trainer, OptimizerConfig optimizer, int horizon, int particles, Propagation propagation,
        int replanEvery, int trainEvery) {

    /** Validates every field; the message names the bad one. */
    public PetsConfig {
        if (envId == null || envId.isBlank()) {
            throw new IllegalArgumentException("envId must not be blank: " + envId);
        }
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be >= 1: " + trials);
        }
        if (trialLength < 1) {
            throw new IllegalArgumentException("trialLength must be >= 1: " + trialLength);
        }
        if ((long) trials * trialLength > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("trials x trialLength must fit the replay buffer (at most "
                    + Integer.MAX_VALUE + " transitions): " + trials + " x " + trialLength);
        }
        if (model == null || trainer == null || optimizer == null || propagation == null) {
            throw new IllegalArgumentException("model, trainer, optimizer and propagation must not be null");
        }
        if ((optimizer instanceof GradientMpcConfig || optimizer instanceof HybridConfig)
                && propagation != Propagation.EXPECTATION) {
            throw new IllegalArgumentException("propagation must be EXPECTATION for the gradient-based optimizer "
                    + optimizer.getClass().getSimpleName() + " (it needs a differentiable objective): " + propagation);
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1: " + horizon);
        }
        if (particles < 1) {
            throw new IllegalArgumentException("particles must be >= 1: " + particles);
        }
        if (replanEvery < 1 || replanEvery > horizon) {
            throw new IllegalArgumentException("replanEvery must be in [1, horizon=" + horizon + "]: " + replanEvery);
        }
        if (trainEvery < 0) {
            throw new IllegalArgumentException("trainEvery must be >= 0 (0: at trial starts only): " + trainEvery);
        }
    }

    /**
     * mbrl-lib's PETS on the continuous cart-pole ({@code mbrl/examples/conf/algorithm/pets.yaml},
     * {@code dynamics_model/gaussian_mlp_ensemble.yaml}, {@code overrides/pets_cartpole.yaml}): ensemble 7 x 4
     * hidden layers of 200 SiLU with 5 elites ({@link GaussianEnsembleConfig#petsCartpole()}), Adam lr 7.5e-4,
     * weight decay 3e-5, batch 256, no holdout, 25 epochs, patience 25 ({@link TrainerConfig#petsCartpole()}),
     * retraining every 50 steps ({@code freq_train_model}) and at each trial start; horizon 15, CEM 5
     * iterations, population 350, elite ratio 0.1, alpha 0.1 ({@link CemConfig#petsCartpole()}); 20 particles
     * with TS1 ({@code propagation_method: random_model}); 200-step trials, 25 trials ({@code num_steps 5000}).
     *
     * @return the config
     */
    public static PetsConfig cartpoleContinuous() {
        return new PetsConfig("CartPoleContinuous-v0", 25, 200, GaussianEnsembleConfig.petsCartpole(),
                TrainerConfig.petsCartpole(), CemConfig.petsCartpole(), 15, 20, Propagation.TS1, 1, 50);
    }

    /**
     * The cart-pole swing-up of the PETS paper (Chua et al. 2018, code {@code handful-of-trials},
     * {@code dmbrl/config/cartpole.py}): 5 members of 3 hidden layers of 500 swish units, planning horizon 25,
     * CEM population 400 with 40 elites (ratio 0.1), 5 iterations, alpha 0.1, 20 particles with TS-inf
     * ({@code TSinf}), 200-step trials, 15 trials, retraining once per trial. All 5 members plan; the
     * trainer is mbrl-lib's cart-pole one ({@link TrainerConfig#petsCartpole()}), not the paper's.
     *
     * @return the config
     */
    public static PetsConfig cartpoleSwingUp() {
        GaussianEnsembleConfig model = new GaussianEnsembleConfig(5, 5, 3, 500, Activation.SILU, false, -10.0, 0.5,
                false, List.of());
        return new PetsConfig("CartPoleSwingUp-v0", 15, 200, model, TrainerConfig.petsCartpole(),
                new CemConfig(5, 400, 0.1, 0.1, 1e-3), 25, 20, Propagation.TS_INF, 1, 0);
    }

    /**
     * CartPole-v1, Gymnasium's cart-pole with the {@code Discrete(2)} push (not a task of the PETS paper or of
     * mbrl-lib's presets, whose cart-pole is continuous): the ensemble, training, horizon, particles and
     * propagation of mbrl-lib's continuous cart-pole ({@link #cartpoleContinuous()}), planned by the
     * categorical CEM at the same budget (5 iterations of population 350, elite ratio 0.1, alpha 0.1,
     * {@link DiscreteCemConfig}'s warm start weight 0.3); 500-step trials (the registry's time limit, the
     * highest return is 500), 10 trials. This library's choices.
     *
     * @return the config
     */
    public static PetsConfig cartpole() {
        return new PetsConfig("CartPole-v1", 10, 500, GaussianEnsembleConfig.petsCartpole(),
                TrainerConfig.petsCartpole(), new DiscreteCemConfig(2, 5, 350, 0.1, 0.1, 0.3), 15, 20,
                Propagation.TS1, 1, 50);
    }

    /**
     * Acrobot-v1 ({@code Discrete(3)} torques; not a task of the PETS paper or of mbrl-lib's presets):
     * {@link #cartpole()} with three actions and 500-step trials (the registry's time limit). Every reward is
     * -1 until the tip reaches the goal height, so a plan scores differently only when it reaches the goal
     * within the 15-step horizon; from the hanging start it does not, and the planner then acts like a random
     * policy. This library's choices.
     *
     * @return the config
     */
    public static PetsConfig acrobot() {
        return new PetsConfig("Acrobot-v1", 10, 500, GaussianEnsembleConfig.petsCartpole(),
                TrainerConfig.petsCartpole(), new DiscreteCemConfig(3, 5, 350, 0.1, 0.1, 0.3), 15, 20,
                Propagation.TS1, 1, 50);
    }

    /**
     * Pendulum-v1 (not a task of the PETS paper or of mbrl-lib's presets): mbrl-lib's cart-pole ensemble and
     * training ({@link #cartpoleContinuous()}), a 25-step horizon (1.25 s, the swing-up needs to see past the
     * bottom), CEM with population 350, 20 particles with TS1, 200-step trials (the registry's time limit),
     * 10 trials. This library's choices.
     *
     * @return the config
     */
    public static PetsConfig pendulum() {
        return new PetsConfig("Pendulum-v1", 10, 200, GaussianEnsembleConfig.petsCartpole(),
                TrainerConfig.petsCartpole(), CemConfig.petsCartpole(), 25, 20, Propagation.TS1, 1, 50);
    }

    /**
     * A laptop budget of this config, the one behind the results in {@code docs/algorithms/pets.md}: an
     * ensemble of 4 members of 3 x 128 (all elites), trained for up to 150 epochs (patience 20) every 50 steps
     * with members scored by {@link ValidationScore#GAUSSIAN_NLL} on 20 % held-out transitions, CEM with 5 iterations of population 100
     * (elite ratio 0.1, alpha 0.1; for a {@link DiscreteCemConfig} the categorical CEM at that budget, its
     * number of actions and warm start kept), 5 particles with TS1; horizon, trials and trial length unchanged. About
     * 20x less planning work than the mbrl-lib preset. The training settings are what make it work: with 200
     * transitions and batch 256 an epoch is one Adam step, so the preset's 25 epochs leave the predicted
     * variances too wide to plan through with TS1; and with mbrl-lib's MSE score, patience can end training
     * (and roll every later training back) while only the variances still improve, which left the first
     * models of some seeds with standard deviations 25-100 times their errors; scored on the training rows
     * instead, the NLL shrinks the variances to the log-variance floor and the models are overconfident on the
     * states planning reaches (see pets.md).
     *
     * @return the reduced copy
     */
    public PetsConfig reduced() {
        return withModel(GaussianEnsembleConfig.petsCartpole().withEnsemble(4, 4).withHidden(3, 128),
                trainer.withEpochs(150, 20).withValidationRatio(0.2).withValidationScore(ValidationScore.GAUSSIAN_NLL), 50)
                .withOptimizer(optimizer instanceof DiscreteCemConfig d
                        ? new DiscreteCemConfig(d.numActions(), 5, 100, 0.1, 0.1, d.warmStartWeight())
                        : new CemConfig(5, 100, 0.1, 0.1, 1e-3))
                .withPlanning(horizon, 5, Propagation.TS1);
    }

    /**
     * @param n number of trials
     * @return a copy with that many trials
     */
    public PetsConfig withTrials(int n) {
        return new PetsConfig(envId, n, trialLength, model, trainer, optimizer, horizon, particles, propagation,
                replanEvery, trainEvery);
    }

    /**
     * The same settings for another task: a preset as the starting point for an environment that has none
     * (your own). {@link Pets} refuses a config whose id differs from its environment's registry id.
     *
     * @param id the environment's id (its {@code Environment.registryId()} if it has one)
     * @return a copy for that environment
     * @throws IllegalArgumentException if {@code id} is null or blank
     */
    public PetsConfig withEnvId(String id) {
        return new PetsConfig(id, trials, trialLength, model, trainer, optimizer, horizon, particles, propagation,
                replanEvery, trainEvery);
    }

    /**
     * @param steps maximum steps per trial (the environment's own time limit may end a trial earlier)
     * @return a copy with trials of at most that many steps
     * @throws IllegalArgumentException if {@code steps < 1} or {@code trials x steps} does not fit the buffer
     */
    public PetsConfig withTrialLength(int steps) {
        return new PetsConfig(envId, trials, steps, model, trainer, optimizer, horizon, particles, propagation,
                replanEvery, trainEvery);
    }

    /**
     * @param o the optimiser; a {@link GradientMpcConfig} or {@link HybridConfig} only on a config with
     *     {@link Propagation#EXPECTATION} (set it first with {@link #withPlanning}, or use
     *     {@link #withOptimizer(PetsOptimizer)})
     * @return a copy planning with {@code o}
     * @throws IllegalArgumentException if {@code o} is null, or gradient-based while the propagation is not
     *     {@code EXPECTATION}
     */
    public PetsConfig withOptimizer(OptimizerConfig o) {
        return new PetsConfig(envId, trials, trialLength, model, trainer, o, horizon, particles, propagation,
                replanEvery, trainEvery);
    }

    /**
     * A copy planning with {@code choice} at the budget of this config's CEM ({@link PetsOptimizer#configFor}:
     * about {@code iterations x populationSize} sequences scored per plan). {@link PetsOptimizer#GRADIENT} and
     * {@link PetsOptimizer#HYBRID} also switch the propagation to {@link Propagation#EXPECTATION} with one
     * particle (the differentiable objective; {@code ModelEnv} uses one particle for it in any case); the
     * other choices keep propagation and particles. Apply it after {@link #reduced()}, whose CEM it reads.
     * A config that plans discrete actions ({@link DiscreteCemConfig}, such as {@link #cartpole()}) takes
     * {@link PetsOptimizer#CEM} only, which keeps its categorical CEM: the other choices search continuous
     * actions.
     *
     * @param choice the optimiser
     * @return the copy
     * @throws IllegalArgumentException if {@code choice} is null; if this config plans with a
     *     {@link DiscreteCemConfig} and {@code choice} is not {@link PetsOptimizer#CEM}; or if this config's
     *     optimiser is not a {@link CemConfig} (every continuous preset and {@link #reduced()} plan with CEM;
     *     the budget is read from it)
     */
    public PetsConfig withOptimizer(PetsOptimizer choice) {
        if (choice == null) {
            throw new IllegalArgumentException("choice must be one of " + PetsOptimizer.choices() + ", not null");
        }
        if (optimizer instanceof DiscreteCemConfig) {
            if (choice != PetsOptimizer.CEM) {
                throw new IllegalArgumentException("choice must be " + PetsOptimizer.CEM.cliName()
                        + " for a config that plans discrete actions (" + envId + ", DiscreteCemConfig): "
                        + choice.cliName() + " searches continuous actions");
            }
            return this;
        }
        if (!(optimizer instanceof CemConfig cem)) {
            throw new IllegalArgumentException("optimizer must be a CemConfig to size " + choice
                    + " from its budget (every preset and reduced() plan with CEM): " + optimizer);
        }
        OptimizerConfig o = choice.configFor(cem);
        if (choice.needsGradients()) {
            return new PetsConfig(envId, trials, trialLength, model, trainer, o, horizon, 1, Propagation.EXPECTATION,
                    replanEvery, trainEvery);
        }
        return withOptimizer(o);
    }

    /**
     * @param h planning horizon
     * @param k particles
     * @param p propagation
     * @return a copy with those planning settings
     */
    public PetsConfig withPlanning(int h, int k, Propagation p) {
        return new PetsConfig(envId, trials, trialLength, model, trainer, optimizer, h, k, p, replanEvery,
                trainEvery);
    }

    /**
     * @param m the ensemble
     * @param t its training
     * @param every retraining period in steps (0: trial starts only)
     * @return a copy with that model and training
     */
    public PetsConfig withModel(GaussianEnsembleConfig m, TrainerConfig t, int every) {
        return new PetsConfig(envId, trials, trialLength, m, t, optimizer, horizon, particles, propagation,
                replanEvery, every);
    }

    /** @return a builder holding this config's values, for named changes ({@link Builder#build()} validates) */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Named changes to a {@link PetsConfig}: start from a preset's {@link #toBuilder()}, set what differs, then
     * {@link #build()}. Field meanings, units and valid ranges as on {@link PetsConfig}.
     */
    public static final class Builder {
        private String envId;
        private int trials;
        private int trialLength;
        private GaussianEnsembleConfig model;
        private TrainerConfig trainer;
        private OptimizerConfig optimizer;
        private int horizon;
        private int particles;
        private Propagation propagation;
        private int replanEvery;
        private int trainEvery;

        private Builder(PetsConfig c) {
            envId = c.envId;
            trials = c.trials;
            trialLength = c.trialLength;
            model = c.model;
            trainer = c.trainer;
            optimizer = c.optimizer;
            horizon = c.horizon;
            particles = c.particles;
            propagation = c.propagation;
            replanEvery = c.replanEvery;
            trainEvery = c.trainEvery;
        }

        /** @param value see {@link PetsConfig#envId()} @return this builder */
        public Builder envId(String value) {
            envId = value;
            return this;
        }

        /** @param value see {@link PetsConfig#trials()} @return this builder */
        public Builder trials(int value) {
            trials = value;
            return this;
        }

        /** @param value see {@link PetsConfig#trialLength()} @return this builder */
        public Builder trialLength(int value) {
            trialLength = value;
            return this;
        }

        /** @param value see {@link PetsConfig#model()} @return this builder */
        public Builder model(GaussianEnsembleConfig value) {
            model = value;
            return this;
        }

        /** @param value see {@link PetsConfig#trainer()} @return this builder */
        public Builder trainer(TrainerConfig value) {
            trainer = value;
            return this;
        }

        /** @param value see {@link PetsConfig#optimizer()} @return this builder */
        public Builder optimizer(OptimizerConfig value) {
            optimizer = value;
            return this;
        }

        /** @param value see {@link PetsConfig#horizon()} @return this builder */
        public Builder horizon(int value) {
            horizon = value;
            return this;
        }

        /** @param value see {@link PetsConfig#particles()} @return this builder */
        public Builder particles(int value) {
            particles = value;
            return this;
        }

        /** @param value see {@link PetsConfig#propagation()} @return this builder */
        public Builder propagation(Propagation value) {
            propagation = value;
            return this;
        }

        /** @param value see {@link PetsConfig#replanEvery()} @return this builder */
        public Builder replanEvery(int value) {
            replanEvery = value;
            return this;
        }

        /** @param value see {@link PetsConfig#trainEvery()} @return this builder */
        public Builder trainEvery(int value) {
            trainEvery = value;
            return this;
        }

        /**
         * @return the config
         * @throws IllegalArgumentException if a value is out of range (the message names the field)
         */
        public PetsConfig build() {
            return new PetsConfig(envId, trials, trialLength, model, trainer, optimizer, horizon, particles,
                    propagation, replanEvery, trainEvery);
        }
    }
}
