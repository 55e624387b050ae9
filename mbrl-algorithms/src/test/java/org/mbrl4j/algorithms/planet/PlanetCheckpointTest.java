package org.mbrl4j.algorithms.planet;

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
import org.mbrl4j.algorithms.dreamer.Dreamer;
import org.mbrl4j.algorithms.dreamer.DreamerConfig;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.io.Checkpoints;
import org.mbrl4j.core.io.CorruptCheckpointException;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

class PlanetCheckpointTest {

    @TempDir
    Path dir;

    /** A small model and planner that start training early, so a run takes seconds. */
    private static PlanetConfig micro() {
        return PlanetConfig.small().toBuilder().batchSize(4).batchLength(8).trainStart(60).pretrainUpdates(2)
                .trainRatio(8).horizon(4).iterations(2).candidates(20).elites(4).bufferSize(1000).build();
    }

    private static Planet fresh() {
        try (Environment env = ResumeExactness.shortPendulum()) {
            return new Planet(env.observationSpace(), env.actionSpace(), micro(), RandomStreams.of(9));
        }
    }

    @Test
    void aRunSavedBetweenEpisodesAndResumedInAFreshLearnerEndsBitForBitAsTheStraightRun() throws IOException {
        ResumeExactness.assertResumesExactly(PlanetCheckpointTest::fresh,
                cp -> Planet.fromCheckpoint(cp, OffPolicyRun.LEARNER_PREFIX),
                LoopConfig.of(200).toBuilder().randomSteps(30).evalEveryEpisodes(2).evalEpisodes(1).build(), 100, dir);
    }

    @Test
    void aLearnerSavedInsideAnEpisodeContinuesItExactly() throws IOException {
        try (Environment env = ResumeExactness.shortPendulum(); Environment twin = ResumeExactness.shortPendulum()) {
            Planet planet = fresh();
            INDArray obs = env.reset(3).observation();
            twin.reset(3);
            for (int i = 0; i < 70; i++) {
                INDArray a = planet.explore(obs);
                Step s = env.step(a);
                twin.step(a);
                planet.observe(new Transition(obs, a, s.reward(), s.observation(), s.terminated(), s.truncated()));
                if (s.terminated() || s.truncated()) {
                    twin.reset();
                    obs = env.reset().observation();
                } else {
                    obs = s.observation();
                }
            }
            assertTrue(planet.updates() > 0, "updates before the save");
            Path file = dir.resolve("planet.ckpt");
            planet.save(file);
            Planet loaded = Planet.load(file);
            assertEquals(ResumeExactness.stateOf(planet), ResumeExactness.stateOf(loaded));
            INDArray twinObs = obs.dup();
            for (int i = 0; i < 20; i++) {
                INDArray a = planet.explore(obs);
                INDArray b = loaded.explore(twinObs);
                assertArrayEquals(HostArrays.toDoubles(a), HostArrays.toDoubles(b), "action " + i);
                Step s = env.step(a);
                Step t = twin.step(b);
                planet.observe(new Transition(obs, a, s.reward(), s.observation(), s.terminated(), s.truncated()));
                loaded.observe(new Transition(twinObs, b, t.reward(), t.observation(), t.terminated(),
                        t.truncated()));
                boolean end = s.terminated() || s.truncated();
                obs = end ? env.reset().observation() : s.observation();
                twinObs = end ? twin.reset().observation() : t.observation();
            }
            assertEquals(ResumeExactness.stateOf(planet), ResumeExactness.stateOf(loaded));
        }
    }

    @Test
    void aLearnerOfAnotherConfigOrKindIsRefused() throws IOException {
        Path file = dir.resolve("planet.ckpt");
        fresh().save(file);
        try (Environment env = ResumeExactness.shortPendulum()) {
            Planet wider = new Planet(env.observationSpace(), env.actionSpace(),
                    micro().toBuilder().candidates(30).build(), RandomStreams.of(9));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> wider.readState(Checkpoints.read(file), ""));
            assertTrue(e.getMessage().contains("another config") && e.getMessage().contains("candidates: 20 vs 30"),
                    e.getMessage());
            Path dreamerFile = dir.resolve("dreamer.ckpt");
            new Dreamer(env.observationSpace(), env.actionSpace(), DreamerConfig.tiny(), RandomStreams.of(1))
                    .save(dreamerFile);
            CorruptCheckpointException c = assertThrows(CorruptCheckpointException.class,
                    () -> Planet.load(dreamerFile));
            assertTrue(c.getMessage().contains("holds a dreamer; expected a planet"), c.getMessage());
        }
    }
}
