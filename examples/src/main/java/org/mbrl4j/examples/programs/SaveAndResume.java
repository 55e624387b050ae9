package org.mbrl4j.examples.programs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.algorithms.common.EpisodeReport;
import org.mbrl4j.algorithms.common.LoopConfig;
import org.mbrl4j.algorithms.common.OffPolicyRun;
import org.mbrl4j.algorithms.sac.Sac;
import org.mbrl4j.algorithms.sac.SacConfig;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.tensor.CpuThreads;

/**
 * A SAC run on {@code Pendulum-v1} saved half-way and continued from the checkpoint, as a program that is
 * stopped and started again would: the second half starts from a fresh learner built from the checkpoint and
 * ends exactly where the uninterrupted run would have.
 *
 * <pre>{@code java --add-modules jdk.incubator.vector -cp examples/target/mbrl4j.jar \
 *     org.mbrl4j.examples.programs.SaveAndResume [steps] [folder]}</pre>
 */
public final class SaveAndResume {

    private SaveAndResume() {}

    /**
     * @param args optional number of environment steps (default 2000) and folder of the checkpoint (default
     *     {@code runs/save-and-resume})
     * @throws IOException if the checkpoint cannot be written or read
     */
    public static void main(String[] args) throws IOException {
        long steps = args.length > 0 ? Long.parseLong(args[0]) : 2000;
        Path folder = Path.of(args.length > 1 ? args[1] : "runs/save-and-resume");
        List<EpisodeReport> episodes = run(steps, folder);
        System.out.printf("%d episodes; last return %.1f%n", episodes.size(),
                episodes.get(episodes.size() - 1).episodeReturn());
    }

    /**
     * @param steps environment steps of the whole run
     * @param folder where to keep the checkpoint
     * @return the reports of every training episode, before and after the restart
     * @throws IOException if the checkpoint cannot be written or read
     */
    public static List<EpisodeReport> run(long steps, Path folder) throws IOException {
        CpuThreads.configure(1);
        List<EpisodeReport> episodes = new ArrayList<>();
        // snippet:save-and-resume
        EnvSpec spec = Envs.spec("Pendulum-v1");
        Path file = folder.resolve("sac.ckpt");
        try (Environment env = spec.make(); Environment evalEnv = spec.make()) {
            Sac sac = new Sac(env.observationSpace().flatDim(), env.actionSpace(), SacConfig.pendulumSmall(),
                    RandomStreams.of(7).child("learner"));
            LoopConfig loop = LoopConfig.of(steps).toBuilder().randomSteps(200).build();
            OffPolicyRun run = OffPolicyRun.start(env, evalEnv, sac, loop, 7);
            run.runUntil(steps / 2, episodes::add); // whole episodes, up to the first end at or after steps / 2
            run.save(file);                          // atomic: a crash here leaves the previous file loadable
        }
        // Later, in this or another process: a learner with the saved config, then the saved state.
        try (Environment env = spec.make(); Environment evalEnv = spec.make()) {
            Checkpoint saved = OffPolicyRun.read(file);
            Sac sac = Sac.fromCheckpoint(saved, OffPolicyRun.LEARNER_PREFIX);
            OffPolicyRun run = OffPolicyRun.resume(file, saved, env, evalEnv, sac);
            run.runUntil(Long.MAX_VALUE, episodes::add);
            System.out.printf("final evaluation: %.1f%n", run.finish().meanReturn());
        }
        // end-snippet
        return episodes;
    }
}
