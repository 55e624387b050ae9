package org.mbrl4j.algorithms.mbpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.algorithms.common.LoopConfig;
import org.mbrl4j.algorithms.common.OffPolicyRun;
import org.mbrl4j.algorithms.common.ResumeExactness;
import org.mbrl4j.core.TerminationFunction;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.models.dynamics.GaussianEnsembleConfig;
import org.mbrl4j.models.dynamics.TrainerConfig;
import org.mbrl4j.tensor.Activation;

class MbpoCheckpointTest {

    @TempDir
    Path dir;

    private static final Box ACTIONS = Box.of(new double[] {-2}, new double[] {2});

    /** Model trainings every 50 steps and a rollout length that grows from 1 to 3 over the run. */
    static MbpoConfig tiny() {
        MbpoConfig base = MbpoConfig.pendulumSmall();
        GaussianEnsembleConfig ens = new GaussianEnsembleConfig(3, 2, 2, 16, Activation.SILU, false, -10.0, 0.5,
                true, List.of());
        TrainerConfig tr = new TrainerConfig(1e-3, 5e-5, 32, 0.2, 4, 2, 0.01, true, Double.POSITIVE_INFINITY);
        return new MbpoConfig(base.sac().withHidden(16, 2).withUpdates(2, 64), ens, tr, 50, 50, 2,
                new RolloutSchedule(1, 4, 1, 3), 1, 0.5, 50, true);
    }

    private static Mbpo fresh() {
        return new Mbpo(3, ACTIONS, TerminationFunction.NEVER, tiny(), RandomStreams.of(9));
    }

    @Test
    void anMbpoRunResumedFromACheckpointEndsBitForBitAsTheStraightRun() throws IOException {
        Checkpoint end = ResumeExactness.assertResumesExactly(MbpoCheckpointTest::fresh,
                cp -> Mbpo.fromCheckpoint(cp, OffPolicyRun.LEARNER_PREFIX, TerminationFunction.NEVER),
                new LoopConfig(300, 60, 2, 1), 120, dir);
        assertTrue(end.longValue("trainings") >= 4, "the model was retrained after the resume");
        assertEquals(3, end.longValue("rolloutLength"));
    }

    @Test
    void saveAndLoadKeepTheWholeLearner() throws IOException {
        Mbpo mbpo = fresh();
        try (var env = ResumeExactness.shortPendulum(); var eval = ResumeExactness.shortPendulum()) {
            OffPolicyRun.start(env, eval, mbpo, new LoopConfig(100, 30, 0, 1), 1).runUntil(Long.MAX_VALUE, r -> { });
        }
        Path file = dir.resolve("mbpo.ckpt");
        mbpo.save(file);
        Mbpo loaded = Mbpo.load(file, TerminationFunction.NEVER);
        assertEquals(ResumeExactness.stateOf(mbpo), ResumeExactness.stateOf(loaded));
        assertTrue(loaded.modelBuffer().size() > 0);
    }
}
