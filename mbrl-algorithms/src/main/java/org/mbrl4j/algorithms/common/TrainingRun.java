package org.mbrl4j.algorithms.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.mbrl4j.core.Agent;

/**
 * One shape for every algorithm's training: a run on an environment, driven to its end by {@link #run} or in
 * pieces by {@link #runUntil}, reporting every finished episode through the same {@link EpisodeCallback} and
 * {@link EpisodeReport}, exposing the {@link Agent} to evaluate, and saved whole between episodes.
 *
 * <p>The off-policy learners (SAC, TD3/DDPG, MBPO, STEVE, TD-MPC2, Dreamer, PlaNet, MuZero) run as an
 * {@link OffPolicyRun}: {@code OffPolicyRun.start(env, evalEnv, learner, loop, seed)}, where the learner is
 * built from the problem's spaces, its config and a seeded {@code RandomStreams}. PETS is itself a run:
 * {@code new Pets(config, env, reward, termination, seed)} (planning needs the task's reward and termination),
 * whose episodes are its trials. Code written against this interface drives either:
 *
 * <pre>{@code
 * TrainingRun run = ...;
 * run.runUntil(10_000, report -> System.out.println(report.episodeReturn()));
 * run.save(folder.resolve("run.ckpt"));
 * run.run(EpisodeCallback.NONE);              // to the end of the budget
 * Agent policy = run.agent();
 * }</pre>
 */
public interface TrainingRun {

    /**
     * Runs whole episodes until the first episode end at or after {@code stepLimit} environment steps, or
     * until the run's budget is spent.
     *
     * @param stepLimit the step count to reach; {@code Long.MAX_VALUE} for the whole run
     * @param callback  told at the end of every training episode
     * @return the reports of the episodes finished by this call, in order
     * @throws NullPointerException if {@code callback} is null
     */
    List<EpisodeReport> runUntil(long stepLimit, EpisodeCallback callback);

    /**
     * Runs to the end of the budget.
     *
     * @param callback told at the end of every training episode
     * @return the reports of the episodes finished by this call, in order
     * @throws NullPointerException if {@code callback} is null
     */
    default List<EpisodeReport> run(EpisodeCallback callback) {
        return runUntil(Long.MAX_VALUE, callback);
    }

    /** @return whether the budget is spent */
    boolean done();

    /** @return environment steps taken so far */
    long steps();

    /** @return training episodes finished so far */
    int episodes();

    /**
     * @return the policy to evaluate: the learner's deterministic policy, or PETS' planning agent on its current
     *         model (reset it before an episode of your own)
     */
    Agent agent();

    /**
     * Writes the whole run atomically (a crash during the write leaves an earlier file at {@code file}
     * loadable); each implementation names the call that resumes it.
     *
     * @param file the checkpoint file
     * @throws IllegalStateException if the run stands inside an episode
     * @throws IOException           if the file cannot be written
     */
    void save(Path file) throws IOException;
}
