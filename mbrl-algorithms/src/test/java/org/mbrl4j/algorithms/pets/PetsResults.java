package org.mbrl4j.algorithms.pets;

import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.planners.OptimizerConfig;

/**
 * Runs full PETS presets and prints the return of every trial (the numbers of docs/algorithms/pets.md):
 * {@code java ... PetsResults <envId> <trials> <seed>...}.
 */
public final class PetsResults {

    private PetsResults() {}

    /**
     * @param args environment id, number of trials, seeds
     */
    public static void main(String[] args) {
        String id = args.length > 0 ? args[0] : "CartPoleContinuous-v0";
        int trials = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        EnvSpec spec = Envs.spec(id);
        for (int i = 2; i < Math.max(3, args.length); i++) {
            long seed = args.length > i ? Long.parseLong(args[i]) : 0;
            PetsConfig cfg = PetsConfig.forEnv(id).withTrials(trials);
            OptimizerConfig opt = cfg.optimizer();
            Pets pets = new Pets(cfg, spec.make(), spec.rewardFunction(), spec.terminationFunction(), seed);
            pets.run(new PetsListener() {
                @Override
                public void onTrial(TrialReport r) {
                    System.out.printf("env=%s optimizer=%s seed=%d trial=%d return=%.2f steps=%d seconds=%.1f%n", id,
                            opt.getClass().getSimpleName(), seed, r.trial(), r.episodeReturn(), r.steps(), r.seconds());
                    System.out.flush();
                }
            });
        }
    }
}
