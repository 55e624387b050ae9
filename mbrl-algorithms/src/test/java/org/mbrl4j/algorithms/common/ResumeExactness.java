package org.mbrl4j.algorithms.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.envs.wrappers.TimeLimit;

/**
 * The exact-resume check every off-policy learner passes: a run straight to the end and a run stopped between
 * episodes, saved, resumed in a fresh learner built from the checkpoint and run to the end, finish with the same
 * learner state bit for bit (weights, optimiser moments, buffers, generator positions, counters) and the same
 * episode reports and final evaluation.
 */
public final class ResumeExactness {

    private ResumeExactness() {
    }

    /** @return Pendulum-v1 cut to 50-step episodes, so a short run holds several episodes */
    public static Environment shortPendulum() {
        return new TimeLimit(Envs.make("Pendulum-v1"), 50);
    }

    /** @return CartPole-v1 cut to 50-step episodes, for learners with discrete actions */
    public static Environment shortCartPole() {
        return new TimeLimit(Envs.make("CartPole-v1"), 50);
    }

    /**
     * {@link #assertResumesExactly(Supplier, Supplier, Function, LoopConfig, long, Path)} on
     * {@link #shortPendulum()}.
     *
     * @param fresh       builds a fresh learner (the same config every call)
     * @param fromCheckpoint builds a learner from a run checkpoint's learner entries (its state not restored)
     * @param loop        the loop settings
     * @param stopAt      the step to stop at (the run stops at the first episode end at or after it)
     * @param dir         a folder for the checkpoint
     * @return the learner state at the end of the straight run, for further checks
     */
    public static Checkpoint assertResumesExactly(Supplier<OffPolicyLearner> fresh,
            Function<Checkpoint, OffPolicyLearner> fromCheckpoint, LoopConfig loop, long stopAt, Path dir)
            throws IOException {
        return assertResumesExactly(ResumeExactness::shortPendulum, fresh, fromCheckpoint, loop, stopAt, dir);
    }

    /**
     * @param envs        builds a fresh environment of the task (training and evaluation)
     * @param fresh       builds a fresh learner (the same config every call)
     * @param fromCheckpoint builds a learner from a run checkpoint's learner entries (its state not restored)
     * @param loop        the loop settings
     * @param stopAt      the step to stop at (the run stops at the first episode end at or after it)
     * @param dir         a folder for the checkpoint
     * @return the learner state at the end of the straight run, for further checks
     */
    public static Checkpoint assertResumesExactly(Supplier<Environment> envs, Supplier<OffPolicyLearner> fresh,
            Function<Checkpoint, OffPolicyLearner> fromCheckpoint, LoopConfig loop, long stopAt, Path dir)
            throws IOException {
        long seed = 5;
        List<EpisodeReport> straight = new ArrayList<>();
        OffPolicyLearner straightLearner = fresh.get();
        double straightFinal;
        try (Environment env = envs.get(); Environment eval = envs.get()) {
            OffPolicyRun run = OffPolicyRun.start(env, eval, straightLearner, loop, seed);
            straight.addAll(run.runUntil(Long.MAX_VALUE, r -> { }));
            straightFinal = run.finish().meanReturn();
        }

        List<EpisodeReport> split = new ArrayList<>();
        Path file = dir.resolve("run.ckpt");
        try (Environment env = envs.get(); Environment eval = envs.get()) {
            OffPolicyRun first = OffPolicyRun.start(env, eval, fresh.get(), loop, seed);
            split.addAll(first.runUntil(stopAt, r -> { }));
            assertTrue(first.betweenEpisodes() && first.steps() >= stopAt && !first.done(),
                    "the first half stops between episodes, before the end: step " + first.steps());
            first.save(file);
        }
        OffPolicyLearner resumedLearner;
        double splitFinal;
        try (Environment env = envs.get(); Environment eval = envs.get()) {
            Checkpoint cp = OffPolicyRun.read(file);
            resumedLearner = fromCheckpoint.apply(cp);
            OffPolicyRun second = OffPolicyRun.resume(file, cp, env, eval, resumedLearner);
            split.addAll(second.runUntil(Long.MAX_VALUE, r -> { }));
            splitFinal = second.finish().meanReturn();
        }

        assertEquals(straight.size(), split.size(), "episodes");
        for (int i = 0; i < straight.size(); i++) {
            assertEquals(straight.get(i), split.get(i), "episode " + i);
        }
        assertEquals(straightFinal, splitFinal, "final evaluation");
        Checkpoint a = stateOf(straightLearner);
        assertSameState(a, stateOf(resumedLearner));
        return a;
    }

    /**
     * Asserts that two learner states hold the same entries, in the same order, with the same bits; the message
     * names the first entry that differs.
     *
     * @param expected the first state
     * @param actual   the second state
     */
    public static void assertSameState(Checkpoint expected, Checkpoint actual) {
        for (String name : expected.names()) {
            assertTrue(actual.contains(name), name);
            assertEquals(expected.type(name), actual.type(name), name);
            Object x;
            Object y;
            switch (expected.type(name)) {
                case STRING -> { x = expected.string(name); y = actual.string(name); }
                case LONG -> { x = expected.longValue(name); y = actual.longValue(name); }
                case DOUBLE -> { x = expected.doubleValue(name); y = actual.doubleValue(name); }
                case BOOLEAN -> { x = expected.booleanValue(name); y = actual.booleanValue(name); }
                default -> {
                    x = java.util.Arrays.toString(expected.shape(name)) + " " + java.util.Arrays.toString(
                            expected.array(name).data().asBytes());
                    y = java.util.Arrays.toString(actual.shape(name)) + " " + java.util.Arrays.toString(
                            actual.array(name).data().asBytes());
                }
            }
            assertEquals(x, y, "entry " + name + " differs");
        }
        assertEquals(expected, actual, "the whole learner state");
    }

    /**
     * @param learner a learner
     * @return its whole state as a checkpoint
     */
    public static Checkpoint stateOf(OffPolicyLearner learner) {
        Checkpoint.Builder b = Checkpoint.builder();
        learner.writeState(b, "");
        return b.build();
    }
}
