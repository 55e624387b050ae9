package org.mbrl4j.algorithms.tdmpc;

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
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.io.Checkpoints;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.spaces.Box;

class TdmpcCheckpointTest {

    @TempDir
    Path dir;

    private static final Box ACTIONS = Box.of(new double[] {-2}, new double[] {2});

    /** A very small model and planner, so that a few hundred steps with updates take seconds. */
    private static TdmpcConfig micro() {
        return TdmpcConfig.tiny().toBuilder().encDim(16).mlpDim(16).latentDim(8).simnormDim(4).batchSize(8)
                .horizon(3).bufferSize(2000).seedSteps(60).numSamples(24).numPiTrajs(4).numElites(6)
                .iterations(2).build();
    }

    private static Tdmpc fresh() {
        return new Tdmpc(3, ACTIONS, 50, micro(), RandomStreams.of(9));
    }

    @Test
    void aRunSavedBetweenEpisodesAndResumedInAFreshLearnerEndsBitForBitAsTheStraightRun() throws IOException {
        ResumeExactness.assertResumesExactly(TdmpcCheckpointTest::fresh,
                cp -> Tdmpc.fromCheckpoint(cp, OffPolicyRun.LEARNER_PREFIX),
                LoopConfig.of(200).toBuilder().randomSteps(0).evalEveryEpisodes(2).evalEpisodes(1).build(), 100, dir);
    }

    @Test
    void saveAndLoadKeepTheWholeLearner() throws IOException {
        Tdmpc tdmpc = fresh();
        try (Environment env = ResumeExactness.shortPendulum(); Environment eval = ResumeExactness.shortPendulum()) {
            OffPolicyRun.start(env, eval, tdmpc, LoopConfig.of(100).toBuilder().randomSteps(0).evalEveryEpisodes(0)
                    .evalEpisodes(1).build(), 1).runUntil(Long.MAX_VALUE, r -> { });
        }
        assertTrue(tdmpc.updates() > 0);
        Path file = dir.resolve("tdmpc.ckpt");
        tdmpc.save(file);
        Tdmpc loaded = Tdmpc.load(file);
        assertEquals(ResumeExactness.stateOf(tdmpc), ResumeExactness.stateOf(loaded));
        assertEquals(tdmpc.updates(), loaded.updates());
        assertEquals(tdmpc.qScale(), loaded.qScale());
    }

    @Test
    void aLearnerWithAnotherConfigOrEpisodeLengthIsRefused() throws IOException {
        Path file = dir.resolve("tdmpc.ckpt");
        fresh().save(file);
        Tdmpc wider = new Tdmpc(3, ACTIONS, 50, micro().toBuilder().mlpDim(24).build(), RandomStreams.of(9));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> wider.readState(Checkpoints.read(file), ""));
        assertTrue(e.getMessage().contains("mlpDim: 16 vs 24"), e.getMessage());
        Tdmpc longer = new Tdmpc(3, ACTIONS, 200, micro(), RandomStreams.of(9));
        e = assertThrows(IllegalArgumentException.class, () -> longer.readState(Checkpoints.read(file), ""));
        assertTrue(e.getMessage().contains("episode length 50"), e.getMessage());
    }

    @Test
    void aCheckpointWrittenBeforeUpdatesPerStepExistedLoadsWithOneUpdatePerStep() throws IOException {
        Tdmpc tdmpc = fresh();
        Path file = dir.resolve("tdmpc.ckpt");
        tdmpc.save(file);
        Checkpoint full = Checkpoints.read(file);
        assertTrue(full.contains("config.updatesPerStep"), full.names().toString());
        Path oldFile = dir.resolve("old.ckpt");
        Checkpoints.write(oldFile, full.without("config.updatesPerStep"));
        Tdmpc old = Tdmpc.load(oldFile);
        assertEquals(1, old.config().updatesPerStep());
        assertEquals(tdmpc.config(), old.config());
        ResumeExactness.assertSameState(ResumeExactness.stateOf(tdmpc), ResumeExactness.stateOf(old));
    }
}
