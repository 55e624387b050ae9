package org.mbrl4j.algorithms.td3;

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
import org.mbrl4j.core.io.Checkpoints;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.spaces.Box;

class Td3CheckpointTest {

    @TempDir
    Path dir;

    private static final Box ACTIONS = Box.of(new double[] {-2}, new double[] {2});

    private static Td3Config tiny() {
        return Td3Config.pendulumSmall().withHidden(16, 2).withUpdates(1, 64);
    }

    @Test
    void aTd3RunResumedFromACheckpointEndsBitForBitAsTheStraightRun() throws IOException {
        ResumeExactness.assertResumesExactly(() -> new Td3(3, ACTIONS, tiny(), RandomStreams.of(9)),
                cp -> Td3.fromCheckpoint(cp, OffPolicyRun.LEARNER_PREFIX), new LoopConfig(300, 60, 2, 1), 120, dir);
    }

    @Test
    void aDdpgRunWithCorrelatedNoiseResumesExactly() throws IOException {
        Td3Config ddpg = tiny().asDdpg().withExploration(0.3, 0.8);
        ResumeExactness.assertResumesExactly(() -> new Td3(3, ACTIONS, ddpg, RandomStreams.of(9)),
                cp -> Td3.fromCheckpoint(cp, OffPolicyRun.LEARNER_PREFIX), new LoopConfig(250, 60, 0, 1), 100, dir);
    }

    @Test
    void saveAndLoadKeepTheWholeLearner() throws IOException {
        Td3 td3 = new Td3(3, ACTIONS, tiny(), RandomStreams.of(2));
        try (Environment env = ResumeExactness.shortPendulum(); Environment eval = ResumeExactness.shortPendulum()) {
            OffPolicyRun.start(env, eval, td3, new LoopConfig(100, 30, 0, 1), 1).runUntil(Long.MAX_VALUE, r -> { });
        }
        Path file = dir.resolve("td3.ckpt");
        td3.save(file);
        Td3 loaded = Td3.load(file);
        assertEquals(ResumeExactness.stateOf(td3), ResumeExactness.stateOf(loaded));
        assertTrue(loaded.updates() > 0);
    }

    @Test
    void aTd3CheckpointIsRefusedByADdpgLearnerNamingTheDifferences() throws IOException {
        Path file = dir.resolve("td3.ckpt");
        new Td3(3, ACTIONS, tiny(), RandomStreams.of(2)).save(file);
        Td3 ddpg = new Td3(3, ACTIONS, tiny().asDdpg(), RandomStreams.of(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ddpg.readState(Checkpoints.read(file), ""));
        assertTrue(e.getMessage().contains("critics: 2 vs 1"), e.getMessage());
    }
}
