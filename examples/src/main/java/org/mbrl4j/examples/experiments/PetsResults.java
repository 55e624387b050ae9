package org.mbrl4j.examples.experiments;

import org.mbrl4j.algorithms.pets.Pets;
import org.mbrl4j.algorithms.pets.PetsConfig;
import org.mbrl4j.algorithms.pets.PetsListener;
import org.mbrl4j.algorithms.pets.TrialReport;
import org.mbrl4j.algorithms.presets.Presets;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;

/**
 * Runs PETS and prints the return of every trial (the numbers of docs/algorithms/pets.md):
 * {@code java --add-modules jdk.incubator.vector -cp examples/target/mbrl4j.jar
 * org.mbrl4j.examples.experiments.PetsResults <envId> <trials> <preset|reduced> <seed>...}. {@code preset} is
 * {@link Presets#pets}; {@code reduced} is the budget that fits a shared 2-core machine: 4 members of
 * 3 x 128, 150 training epochs (patience 20) every 50 steps, CEM 5 x 100, horizon 15, 5 particles TS1.
 */
public final class PetsResults {

    private PetsResults() {}

    /**
     * @param args environment id, number of trials, {@code preset} or {@code reduced}, seeds
     */
    public static void main(String[] args) {
        String id = args.length > 0 ? args[0] : "CartPoleContinuous-v0";
        int trials = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        boolean reduced = args.length > 2 && args[2].equals("reduced");
        EnvSpec spec = Envs.spec(id);
        for (int i = 3; i < Math.max(4, args.length); i++) {
            long seed = args.length > i ? Long.parseLong(args[i]) : 0;
            PetsConfig cfg = Presets.pets(id).withTrials(trials);
            if (reduced) {
                cfg = cfg.reduced();
            }
            String variant = reduced ? "reduced" : "preset";
            Pets pets = new Pets(cfg, spec.make(), spec.rewardFunction(), spec.terminationFunction(), seed);
            pets.run(new PetsListener() {
                @Override
                public void onTrial(TrialReport r) {
                    System.out.printf("env=%s config=%s seed=%d trial=%d return=%.2f steps=%d seconds=%.1f%n", id,
                            variant, seed, r.trial(), r.episodeReturn(), r.steps(), r.seconds());
                    System.out.flush();
                }
            });
        }
    }
}
