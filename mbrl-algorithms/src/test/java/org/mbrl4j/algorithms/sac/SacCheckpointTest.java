package org.mbrl4j.algorithms.sac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.algorithms.common.LoopConfig;
import org.mbrl4j.algorithms.common.OffPolicyRun;
import org.mbrl4j.algorithms.common.ResumeExactness;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.io.CorruptCheckpointException;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.spaces.Box;

class SacCheckpointTest {

    @TempDir
    Path dir;

    private static final Box ACTIONS = Box.of(new double[] {-2}, new double[] {2});

    private static SacConfig tiny() {
        return SacConfig.pendulumSmall().withHidden(16, 2).withUpdates(1, 64);
    }

    private static Sac fresh() {
        return new Sac(3, ACTIONS, tiny(), RandomStreams.of(9));
    }

    @Test
    void aRunSavedBetweenEpisodesAndResumedInAFreshLearnerEndsBitForBitAsTheStraightRun() throws IOException {
        ResumeExactness.assertResumesExactly(SacCheckpointTest::fresh,
                cp -> Sac.fromCheckpoint(cp, OffPolicyRun.LEARNER_PREFIX), new LoopConfig(300, 60, 2, 1), 120, dir);
    }

    @Test
    void saveAndLoadKeepTheWholeLearner() throws IOException {
        Sac sac = fresh();
        try (Environment env = ResumeExactness.shortPendulum(); Environment eval = ResumeExactness.shortPendulum()) {
            OffPolicyRun.start(env, eval, sac, new LoopConfig(100, 30, 0, 1), 1).runUntil(Long.MAX_VALUE, r -> { });
        }
        Path file = dir.resolve("sac.ckpt");
        sac.save(file);
        Sac loaded = Sac.load(file);
        assertEquals(ResumeExactness.stateOf(sac), ResumeExactness.stateOf(loaded));
        assertEquals(sac.updates(), loaded.updates());
        assertTrue(sac.updates() > 0);
    }

    @Test
    void aLearnerWithAnotherConfigIsRefusedNamingTheDifference() throws IOException {
        Path file = dir.resolve("sac.ckpt");
        fresh().save(file);
        Sac other = new Sac(3, ACTIONS, tiny().withHidden(32, 2), RandomStreams.of(9));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> other.readState(org.mbrl4j.core.io.Checkpoints.read(file), ""));
        assertTrue(e.getMessage().contains("hiddenSize: 16 vs 32"), e.getMessage());
    }

    @Test
    void damagedMissingAndForeignFilesAreRefusedNamingThePath() throws IOException {
        Path file = dir.resolve("sac.ckpt");
        fresh().save(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Path damaged = dir.resolve("damaged.ckpt");
        Files.write(damaged, bytes);
        CorruptCheckpointException c = assertThrows(CorruptCheckpointException.class, () -> Sac.load(damaged));
        assertTrue(c.getMessage().contains(damaged.toString()), c.getMessage());
        assertThrows(NoSuchFileException.class, () -> Sac.load(dir.resolve("missing.ckpt")));
        Path td3 = dir.resolve("td3.ckpt");
        new org.mbrl4j.algorithms.td3.Td3(3, ACTIONS, org.mbrl4j.algorithms.td3.Td3Config.pendulumSmall()
                .withHidden(8, 1), RandomStreams.of(1)).save(td3);
        CorruptCheckpointException foreign = assertThrows(CorruptCheckpointException.class, () -> Sac.load(td3));
        assertTrue(foreign.getMessage().contains("mbrl4j.Td3") && foreign.getMessage().contains(td3.toString()),
                foreign.getMessage());
    }
}
