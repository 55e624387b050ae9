package org.mbrl4j.examples.programs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.algorithms.common.EpisodeReport;
import org.mbrl4j.algorithms.common.LoopConfig;
import org.mbrl4j.algorithms.common.OffPolicyRun;
import org.mbrl4j.algorithms.common.TrainingRun;
import org.mbrl4j.algorithms.pets.Pets;
import org.mbrl4j.algorithms.pets.PetsConfig;
import org.mbrl4j.algorithms.sac.Sac;
import org.mbrl4j.algorithms.sac.SacConfig;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.loop.Evaluation;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.tensor.CpuThreads;

/**
 * PETS on the continuous cart-pole and SAC on {@code Pendulum-v1} trained by one method written against
 * {@link TrainingRun}: the shape every algorithm of the library takes (run to a step count, save, run to the
 * end, evaluate the agent), whatever it does inside.
 *
 * <pre>{@code java --add-modules jdk.incubator.vector -cp examples/target/mbrl4j.jar \
 *     org.mbrl4j.examples.programs.TrainingRuns [trials] [trial-length] [steps] [folder]}</pre>
 */
public final class TrainingRuns {

    private TrainingRuns() {}

    /**
     * @param args optional PETS trials (default 3) and their length (default 200), SAC steps (default 2000) and
     *     folder of the checkpoints (default {@code runs/training-runs})
     * @throws IOException if a checkpoint cannot be written
     */
    public static void main(String[] args) throws IOException {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int trialLength = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        long steps = args.length > 2 ? Long.parseLong(args[2]) : 2000;
        Path folder = Path.of(args.length > 3 ? args[3] : "runs/training-runs");
        run(trials, trialLength, steps, folder);
    }

    /**
     * @param trials      PETS trials (the first one random)
     * @param trialLength steps per PETS trial
     * @param steps       SAC environment steps
     * @param folder      where to keep the checkpoints
     * @return the episode reports of PETS, then of SAC
     * @throws IOException if a checkpoint cannot be written
     */
    public static List<List<EpisodeReport>> run(int trials, int trialLength, long steps, Path folder)
            throws IOException {
        CpuThreads.configure(1);
        List<List<EpisodeReport>> all = new ArrayList<>();
        // snippet:training-runs
        EnvSpec cartPole = Envs.spec("CartPoleContinuous-v0");
        try (Environment env = cartPole.make(); Environment evalEnv = cartPole.make()) {
            PetsConfig config = PetsConfig.cartpoleContinuous().reduced().withTrials(trials).withTrialLength(trialLength);
            Pets pets = new Pets(config, env, cartPole.rewardFunction(), cartPole.terminationFunction(), 1);
            all.add(train(pets, trialLength, evalEnv, folder.resolve("pets.ckpt"))); // the random trial first
        }
        EnvSpec pendulum = Envs.spec("Pendulum-v1");
        try (Environment env = pendulum.make(); Environment evalEnv = pendulum.make()) {
            Sac sac = new Sac(env.observationSpace().flatDim(), env.actionSpace(), SacConfig.pendulumSmall(),
                    RandomStreams.of(1).child("learner"));
            OffPolicyRun run = OffPolicyRun.start(env, evalEnv, sac, LoopConfig.of(steps), 1);
            all.add(train(run, steps / 2, evalEnv, folder.resolve("sac.ckpt")));
        }
        // end-snippet
        return all;
    }

    // snippet:train
    /** Any algorithm: the first steps, a checkpoint, the rest, then five evaluation episodes of its agent. */
    static List<EpisodeReport> train(TrainingRun run, long firstSteps, Environment evalEnv, Path checkpoint)
            throws IOException {
        List<EpisodeReport> episodes = new ArrayList<>();
        run.runUntil(firstSteps, episodes::add);  // whole episodes (PETS: trials) up to firstSteps
        run.save(checkpoint);                     // the whole run, resumable in another process
        run.run(report -> {
            episodes.add(report);
            System.out.printf("episode %d, step %d: return %.1f%n", report.episode(), report.envSteps(),
                    report.episodeReturn());
        });
        double eval = Evaluation.evaluate(evalEnv, run.agent(), 5, 1000).meanReturn();
        System.out.printf("%d episodes, %d steps; evaluation %.1f%n", run.episodes(), run.steps(), eval);
        return episodes;
    }
    // end-snippet
}
