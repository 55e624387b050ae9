package org.mbrl4j.algorithms.steve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.algorithms.common.LoopConfig;
import org.mbrl4j.algorithms.common.OffPolicyRun;
import org.mbrl4j.algorithms.common.ResumeExactness;
import org.mbrl4j.algorithms.td3.Td3Config;
import org.mbrl4j.core.RewardFunction;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.io.CorruptCheckpointException;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.models.dynamics.GaussianEnsembleConfig;
import org.mbrl4j.models.dynamics.TrainerConfig;
import org.mbrl4j.tensor.Activation;

class SteveCheckpointTest {

    @TempDir
    Path dir;

    private static final Box ACTIONS = Box.of(new double[] {-2}, new double[] {2});

    /** Horizon 2, model trainings every 50 steps, the data-range check on. */
    private static SteveConfig tiny() {
        GaussianEnsembleConfig ens = new GaussianEnsembleConfig(3, 3, 2, 16, Activation.SILU, false, -10.0, 0.5,
                true, List.of());
        TrainerConfig tr = new TrainerConfig(1e-3, 5e-5, 32, 0.2, 4, 2, 0.01, true, Double.POSITIVE_INFINITY);
        Td3Config td3 = Td3Config.pendulumSmall().withHidden(16, 2).withUpdates(1, 64);
        return new SteveConfig(td3, ens, tr, 2, 50, 50).withRangeMargin(0.1);
    }

    @Test
    void aSteveRunResumedFromACheckpointEndsBitForBitAsTheStraightRun() throws IOException {
        Checkpoint end = ResumeExactness.assertResumesExactly(
                () -> new Steve(3, ACTIONS, TerminationFunction.NEVER, tiny(), RandomStreams.of(9)),
                cp -> Steve.fromCheckpoint(cp, OffPolicyRun.LEARNER_PREFIX, TerminationFunction.NEVER, null),
                new LoopConfig(300, 60, 2, 1), 120, dir);
        assertTrue(end.booleanValue("modelReady") && end.booleanValue("hasRange"));
    }

    @Test
    void aSteveWithTheKnownRewardResumesExactly() throws IOException {
        RewardFunction reward = Envs.spec("Pendulum-v1").rewardFunction();
        ResumeExactness.assertResumesExactly(
                () -> new Steve(3, ACTIONS, TerminationFunction.NEVER, reward, tiny(), RandomStreams.of(9)),
                cp -> Steve.fromCheckpoint(cp, OffPolicyRun.LEARNER_PREFIX, TerminationFunction.NEVER, reward),
                new LoopConfig(200, 60, 0, 1), 100, dir);
    }

    @Test
    void loadingWithoutTheRewardFunctionItWasSavedWithIsRefused() throws IOException {
        Steve steve = new Steve(3, ACTIONS, TerminationFunction.NEVER, Envs.spec("Pendulum-v1").rewardFunction(),
                tiny(), RandomStreams.of(9));
        Path file = dir.resolve("steve.ckpt");
        steve.save(file);
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
                () -> Steve.load(file, TerminationFunction.NEVER, null));
        assertTrue(e.getMessage().contains("known reward"), e.getMessage());
        Steve loaded = Steve.load(file, TerminationFunction.NEVER, Envs.spec("Pendulum-v1").rewardFunction());
        assertEquals(ResumeExactness.stateOf(steve), ResumeExactness.stateOf(loaded));
    }
}
