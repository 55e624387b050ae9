package org.mbrl4j.algorithms.dreamer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.algorithms.common.LoopConfig;
import org.mbrl4j.algorithms.common.OffPolicyRun;
import org.mbrl4j.algorithms.common.ResumeExactness;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.io.Checkpoints;
import org.mbrl4j.core.io.CorruptCheckpointException;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

class DreamerCheckpointTest {

    @TempDir
    Path dir;

    /** A tiny learner that starts training early and updates every fourth step, so a run takes seconds. */
    private static DreamerConfig micro() {
        return DreamerConfig.tiny().toBuilder().batchSize(4).batchLength(8).horizon(3).imagineStarts(16)
                .trainStart(60).pretrainUpdates(2).trainRatio(8).bufferSize(1000).build();
    }

    private static Dreamer fresh(Environment env) {
        return new Dreamer(env.observationSpace(), env.actionSpace(), micro(), RandomStreams.of(9));
    }

    private static Dreamer freshPendulum() {
        try (Environment env = ResumeExactness.shortPendulum()) {
            return fresh(env);
        }
    }

    @Test
    void aRunSavedBetweenEpisodesAndResumedInAFreshLearnerEndsBitForBitAsTheStraightRun() throws IOException {
        ResumeExactness.assertResumesExactly(DreamerCheckpointTest::freshPendulum,
                cp -> Dreamer.fromCheckpoint(cp, OffPolicyRun.LEARNER_PREFIX),
                LoopConfig.of(200).toBuilder().randomSteps(30).evalEveryEpisodes(2).evalEpisodes(1).build(), 100, dir);
    }

    @Test
    void aLearnerWithDiscreteActionsSavedInsideAnEpisodeContinuesItExactly() throws IOException {
        try (Environment env = Envs.make("CartPole-v1"); Environment twin = Envs.make("CartPole-v1")) {
            Dreamer dreamer = fresh(env);
            INDArray obs = env.reset(3).observation();
            twin.reset(3);
            for (int i = 0; i < 70; i++) {
                obs = step(dreamer, env, obs, twin);
            }
            assertTrue(dreamer.updates() > 0, "updates before the save");
            Path file = dir.resolve("dreamer.ckpt");
            dreamer.save(file);
            Dreamer loaded = Dreamer.load(file);
            assertEquals(ResumeExactness.stateOf(dreamer), ResumeExactness.stateOf(loaded));
            // the same steps from the same observations: the same actions, updates and state
            INDArray twinObs = obs.dup();
            for (int i = 0; i < 30; i++) {
                INDArray a = dreamer.explore(obs);
                INDArray b = loaded.explore(twinObs);
                assertArrayEquals(HostArrays.toDoubles(a), HostArrays.toDoubles(b), "action " + i);
                Step s = env.step(a);
                Step t = twin.step(b);
                dreamer.observe(new Transition(obs, a, s.reward(), s.observation(), s.terminated(), s.truncated()));
                loaded.observe(new Transition(twinObs, b, t.reward(), t.observation(), t.terminated(),
                        t.truncated()));
                boolean end = s.terminated() || s.truncated();
                obs = end ? env.reset().observation() : s.observation();
                twinObs = end ? twin.reset().observation() : t.observation();
            }
            assertEquals(ResumeExactness.stateOf(dreamer), ResumeExactness.stateOf(loaded));
            assertEquals(dreamer.updates(), loaded.updates());
        }
    }

    /** One step of {@code dreamer} in {@code env}, with {@code twin} taking the same action. */
    private static INDArray step(Dreamer dreamer, Environment env, INDArray obs, Environment twin) {
        INDArray a = dreamer.explore(obs);
        Step s = env.step(a);
        twin.step(a);
        dreamer.observe(new Transition(obs, a, s.reward(), s.observation(), s.terminated(), s.truncated()));
        if (s.terminated() || s.truncated()) {
            twin.reset();
            return env.reset().observation();
        }
        return s.observation();
    }

    @Test
    void aLearnerOfAnotherConfigSpaceOrKindIsRefused() throws IOException {
        Path file = dir.resolve("dreamer.ckpt");
        freshPendulum().save(file);
        try (Environment env = ResumeExactness.shortPendulum()) {
            Dreamer wider = new Dreamer(env.observationSpace(), env.actionSpace(),
                    micro().toBuilder().units(48).build(), RandomStreams.of(9));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> wider.readState(Checkpoints.read(file), ""));
            assertTrue(e.getMessage().contains("another config") && e.getMessage().contains("units: 64 vs 48"),
                    e.getMessage());
            Dreamer stronger = new Dreamer(env.observationSpace(), Box.of(new double[] {-1}, new double[] {1}),
                    micro(), RandomStreams.of(9));
            e = assertThrows(IllegalArgumentException.class, () -> stronger.readState(Checkpoints.read(file), ""));
            assertTrue(e.getMessage().contains("has observations"), e.getMessage());
        }
        Path sac = dir.resolve("other.ckpt");
        Checkpoints.write(sac, org.mbrl4j.core.io.Checkpoint.builder().putString("kind", "planet").build());
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> Dreamer.load(sac));
        assertTrue(e.getMessage().contains("holds a planet; expected a dreamer"), e.getMessage());
    }
}
