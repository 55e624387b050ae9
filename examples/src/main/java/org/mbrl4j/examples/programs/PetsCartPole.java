package org.mbrl4j.examples.programs;

import java.util.List;
import org.mbrl4j.algorithms.pets.Pets;
import org.mbrl4j.algorithms.pets.PetsConfig;
import org.mbrl4j.algorithms.pets.PetsListener;
import org.mbrl4j.algorithms.pets.TrialReport;
import org.mbrl4j.core.Environment;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.tensor.CpuThreads;

/**
 * PETS (Chua et al. 2018) balancing {@code CartPoleContinuous-v0}: the first trial acts at random, every
 * later one plans with CEM through a probabilistic ensemble retrained on everything seen so far. At the
 * default five trials it takes about 5 minutes on 2 cores and usually reaches the maximum return 200 by
 * the third trial.
 *
 * <pre>{@code java --add-modules jdk.incubator.vector -cp examples/target/mbrl4j.jar \
 *     org.mbrl4j.examples.programs.PetsCartPole [trials] [seed]}</pre>
 */
public final class PetsCartPole {

    private PetsCartPole() {}

    /**
     * @param args optional number of trials (default 5, at least 1) and seed (default 0)
     */
    public static void main(String[] args) {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 0;
        List<TrialReport> reports = run(trials, 200, seed);
        System.out.printf("returns per trial: %s%n", reports.stream()
                .map(r -> String.format("%.0f", r.episodeReturn())).toList());
    }

    /**
     * @param trials number of trials, the first one random
     * @param trialLength maximum steps per trial (200, the task's time limit, for a real run)
     * @param seed the seed of everything in the run
     * @return one report per trial
     */
    public static List<TrialReport> run(int trials, int trialLength, long seed) {
        // snippet:pets
        CpuThreads.configureDefaults();  // opt in to mbrl4j's thread policy: one worker per core, OpenBLAS on one
        EnvSpec spec = Envs.spec("CartPoleContinuous-v0");
        // mbrl-lib's cart-pole preset at a laptop budget: 4 x (3 x 128) ensemble, CEM 5 x 100, 5 particles TS1
        PetsConfig config = PetsConfig.cartpoleContinuous().reduced()
                .withTrials(trials).withTrialLength(trialLength);
        try (Environment env = spec.make()) {
            Pets pets = new Pets(config, env, spec.rewardFunction(), spec.terminationFunction(), seed);
            return pets.run(new PetsListener() {
                @Override
                public void onTrial(TrialReport r) {
                    System.out.printf("trial %d (%s): return %.1f in %d steps, %.1f s%n", r.trial(),
                            r.random() ? "random" : "planned", r.episodeReturn(), r.steps(), r.seconds());
                }
            });
        }
        // end-snippet
    }
}
