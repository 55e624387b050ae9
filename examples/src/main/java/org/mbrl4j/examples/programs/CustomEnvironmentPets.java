package org.mbrl4j.examples.programs;

import java.util.SplittableRandom;
import org.mbrl4j.algorithms.pets.Pets;
import org.mbrl4j.algorithms.pets.PetsConfig;
import org.mbrl4j.algorithms.pets.PetsListener;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Reset;
import org.mbrl4j.core.RewardFunction;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Space;
import org.mbrl4j.envs.wrappers.TimeLimit;
import org.mbrl4j.planners.CemConfig;
import org.mbrl4j.planners.Propagation;
import org.mbrl4j.tensor.CpuThreads;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Your own task under PETS: a point mass on a line, pushed by a force in [-1, 1], rewarded for staying
 * near the origin. PETS needs the environment and, for planning through the learned model, the same reward
 * and termination as batched functions over {@code [B, ...]} tensors.
 *
 * <pre>{@code java --add-modules jdk.incubator.vector -cp examples/target/mbrl4j.jar \
 *     org.mbrl4j.examples.programs.CustomEnvironmentPets [trials] [seed]}</pre>
 */
public final class CustomEnvironmentPets {

    private CustomEnvironmentPets() {}

    // snippet:custom-env
    /** Observation [position, velocity]; starts at rest 1-2 units from the origin; never terminates. */
    static final class PointMass implements Environment {
        static final double DT = 0.1;
        private SplittableRandom rng = new SplittableRandom(0);
        private double x;
        private double v;

        @Override public Space observationSpace() { return Box.uniform(-10, 10, 2); }
        @Override public Space actionSpace() { return Box.uniform(-1, 1, 1); }
        @Override public Reset reset(long seed) { rng = new SplittableRandom(seed); return reset(); }

        @Override public Reset reset() {
            x = (rng.nextBoolean() ? 1 : -1) * rng.nextDouble(1, 2);
            v = 0;
            return Reset.of(Nd4j.createFromArray((float) x, (float) v));
        }

        @Override public Step step(INDArray action) {
            double force = Math.max(-1, Math.min(1, action.getDouble(0)));
            v += force * DT;
            x += v * DT;
            return Step.of(Nd4j.createFromArray((float) x, (float) v), reward(x, force), false, false);
        }

        static double reward(double x, double force) { return -x * x - 0.01 * force * force; }
    }

    /** The same reward over a batch: {@code next [B, 2]}, {@code action [B, 1]} -> {@code [B]}. */
    static final RewardFunction REWARD = (obs, action, next) -> {
        INDArray x = next.getColumn(0).reshape(next.size(0));
        INDArray force = action.getColumn(0).reshape(action.size(0));
        return x.mul(x).addi(force.mul(force).muli(0.01)).negi();
    };
    // end-snippet

    /**
     * @param args optional number of trials (default 5) and seed (default 0)
     */
    public static void main(String[] args) {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 0;
        System.out.printf("returns per trial: %s%n", run(trials, 50, seed).reports().stream()
                .map(r -> String.format("%.1f", r.episodeReturn())).toList());
    }

    /**
     * @param trials number of trials, the first one random
     * @param trialLength steps per trial (50, 5 s, for a real run)
     * @param seed the seed of everything in the run
     * @return the run, with its trial reports and replay buffer
     */
    public static Pets run(int trials, int trialLength, long seed) {
        CpuThreads.configureDefaults(); // mbrl4j's thread policy (docs/performance.md#threads)
        // The cart-pole preset's laptop budget for the model; a smaller CEM (5 x 50) for a 1-D task, horizon
        // 10 (1 s), 5 particles with TS1, retraining at trial starts only.
        PetsConfig base = PetsConfig.cartpoleContinuous().reduced();
        PetsConfig config = base.withEnvId("PointMass")
                .withTrials(trials).withTrialLength(trialLength)
                .withOptimizer(new CemConfig(5, 50, 0.1, 0.1, 1e-3))
                .withPlanning(10, 5, Propagation.TS1)
                .withModel(base.model(), base.trainer(), 0);
        try (Environment env = new TimeLimit(new PointMass(), trialLength)) {
            Pets pets = new Pets(config, env, REWARD, TerminationFunction.NEVER, seed);
            pets.run(PetsListener.NONE);
            return pets;
        }
    }
}
