package org.mbrl4j.examples.programs.pointmass;

import java.util.List;
import org.mbrl4j.algorithms.common.LoopConfig;
import org.mbrl4j.algorithms.common.OffPolicyLoop;
import org.mbrl4j.algorithms.common.RunResult;
import org.mbrl4j.algorithms.mbpo.Mbpo;
import org.mbrl4j.algorithms.mbpo.MbpoConfig;
import org.mbrl4j.algorithms.pets.Pets;
import org.mbrl4j.algorithms.pets.PetsConfig;
import org.mbrl4j.algorithms.pets.PetsListener;
import org.mbrl4j.algorithms.pets.TrialReport;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Reset;
import org.mbrl4j.core.RewardFunction;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvOptions;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.wrappers.TimeLimit;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link PointMass} as a task: its batched reward and termination, its {@link EnvSpec}, and PETS and MBPO run
 * on it, as docs/custom-environments.md shows them.
 *
 * <pre>{@code java --add-modules jdk.incubator.vector -cp examples/target/mbrl4j.jar \
 *     org.mbrl4j.examples.programs.pointmass.PointMassTask [trials] [mbpoSteps]}</pre>
 */
public final class PointMassTask {

    private PointMassTask() {}

    /**
     * Steps the wrapped environment once, then runs PETS and MBPO on the task.
     *
     * @param args optional PETS trials (default 5) and MBPO environment steps (default 3000)
     */
    public static void main(String[] args) {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long mbpoSteps = args.length > 1 ? Long.parseLong(args[1]) : 3000;
        System.out.println("first step: " + firstStep());
        EnvSpec spec = spec();
        pets(spec, trials, 200);
        RunResult result = mbpo(spec, mbpoSteps);
        System.out.printf("MBPO final evaluation: %.1f%n", result.finalEvaluation().meanReturn());
    }

    /**
     * One step of the time-limited environment from a seeded reset.
     *
     * @return the step
     */
    public static Step firstStep() {
        // snippet:time-limit
        Environment env = new TimeLimit(new PointMass(), 200);
        Reset reset = env.reset(42);                         // observation [2]
        Step step = env.step(Nd4j.createFromArray(0.5f));    // force, in [-1, 1]
        // end-snippet
        return step;
    }

    // snippet:batched
    public static RewardFunction rewardFunction() {
        return (obs, act, next) -> {
            float[][] n = next.toFloatMatrix();
            float[][] a = act.toFloatMatrix();
            float[] r = new float[n.length];
            for (int i = 0; i < n.length; i++) {
                double u = Math.max(-1.0, Math.min(1.0, a[i][0]));   // clipped as step clips it
                r[i] = (float) PointMass.reward(n[i][0], n[i][1], u);
            }
            return Nd4j.createFromArray(r);                          // [B]
        };
    }

    public static TerminationFunction terminationFunction() {
        return (obs, act, next) -> {
            float[][] n = next.toFloatMatrix();
            float[] done = new float[n.length];
            for (int i = 0; i < n.length; i++) {
                done[i] = Math.abs(n[i][0]) > PointMass.LIMIT ? 1f : 0f;
            }
            return Nd4j.createFromArray(done);                       // [B]
        };
    }
    // end-snippet

    /**
     * The task's spec; makes (and closes) one state and one pixel environment from it.
     *
     * @return the spec
     */
    public static EnvSpec spec() {
        // snippet:spec
        EnvSpec spec = new EnvSpec(PointMass.ID, 200, PointMass::new,
                rewardFunction(), terminationFunction(), new PointMassRenderer(),
                "push a unit mass to the origin");
        Environment env = spec.make();                                   // TimeLimit(200) around a fresh PointMass
        Environment pixels = spec.make(EnvOptions.DEFAULT.withPixels(true).withSize(64, 64));
        // end-snippet
        env.close();
        pixels.close();
        return spec;
    }

    /**
     * @param spec the task's spec
     * @param trials number of trials, the first one random
     * @param trialLength steps per trial
     * @return one report per trial
     */
    public static List<TrialReport> pets(EnvSpec spec, int trials, int trialLength) {
        // snippet:pets
        PetsConfig config = PetsConfig.pendulum().reduced()      // a preset's model, trainer and planner, laptop-sized
                .withEnvId(PointMass.ID).withTrials(trials).withTrialLength(trialLength);
        Pets pets = new Pets(config, spec.make(), spec.rewardFunction(), spec.terminationFunction(), /* seed */ 0);
        for (TrialReport trial : pets.run(PetsListener.NONE)) {
            System.out.println(trial.trial() + " " + trial.episodeReturn());
        }
        // end-snippet
        return pets.reports();
    }

    /**
     * @param spec the task's spec
     * @param steps environment steps (the first 200 at random)
     * @return every episode's report and the final evaluation
     */
    public static RunResult mbpo(EnvSpec spec, long steps) {
        // snippet:mbpo
        Environment train = spec.make(), eval = spec.make();
        Mbpo mbpo = new Mbpo(2, train.actionSpace(), spec.terminationFunction(), MbpoConfig.pendulumSmall(),
                RandomStreams.of(0));
        LoopConfig loop = LoopConfig.of(steps).toBuilder().randomSteps(200).evalEveryEpisodes(1).build();
        RunResult result = OffPolicyLoop.run(train, eval, mbpo, loop, 0,
                report -> System.out.println(report));
        // end-snippet
        train.close();
        eval.close();
        return result;
    }
}
