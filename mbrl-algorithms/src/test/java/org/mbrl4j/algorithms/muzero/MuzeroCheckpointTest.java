package org.mbrl4j.algorithms.muzero;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mbrl4j.algorithms.common.LoopConfig;
import org.mbrl4j.algorithms.common.OffPolicyRun;
import org.mbrl4j.algorithms.common.ResumeExactness;
import org.mbrl4j.algorithms.tdmpc.Tdmpc;
import org.mbrl4j.algorithms.tdmpc.TdmpcConfig;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.io.Checkpoints;
import org.mbrl4j.core.io.CorruptCheckpointException;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.core.spaces.Discrete;
import org.mbrl4j.planners.mcts.SearchResult;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MuzeroCheckpointTest {

    @TempDir
    Path dir;

    private static final Discrete ACTIONS = Discrete.of(2);

    /**
     * Small networks, few simulations and a buffer of 120 positions (so games are evicted before the save), with
     * the temperature schedule over 160 updates so that it changes after the save (about 60 updates at step 150,
     * 135 at the end).
     */
    private static MuzeroConfig micro(boolean gumbel) {
        return MuzeroConfig.cartPole().toBuilder().gumbel(gumbel).encodingSize(4).hiddenSize(8).supportSize(5)
                .simulations(4).maxConsideredActions(2).unrollSteps(2).tdSteps(5).batchSize(8).bufferSize(120)
                .trainingRatio(0.5).startSteps(30).temperatureSteps(160).build();
    }

    private static Muzero fresh(boolean gumbel) {
        return new Muzero(4, ACTIONS, micro(gumbel), RandomStreams.of(9));
    }

    private static LoopConfig loop() {
        return LoopConfig.of(300).toBuilder().randomSteps(20).evalEveryEpisodes(3).evalEpisodes(1).build();
    }

    @ParameterizedTest(name = "gumbel = {0}")
    @ValueSource(booleans = {false, true})
    void aRunSavedBetweenEpisodesAndResumedInAFreshLearnerEndsBitForBitAsTheStraightRun(boolean gumbel)
            throws IOException {
        ResumeExactness.assertResumesExactly(ResumeExactness::shortCartPole, () -> fresh(gumbel),
                cp -> Muzero.fromCheckpoint(cp, OffPolicyRun.LEARNER_PREFIX), loop(), 150, dir);
    }

    /**
     * {@link #micro} with EfficientZero's three options: small heads, the LSTM reset every 2 steps (so within an
     * unroll of 2 and within the search), and a horizon that loses a step per 20 positions of age (so the 120-position
     * buffer holds positions of several horizons); and half the policy targets reanalysed.
     */
    private static MuzeroConfig microEfficientZero() {
        return micro(false).toBuilder().efficientZero().projectionHiddenSize(8).projectionSize(8)
                .predictionHiddenSize(4).lstmHiddenSize(8).lstmHorizon(2).autoTdSteps(20).reanalysePolicy(0.5)
                .build();
    }

    @Test
    void anEfficientZeroRunSavedAndResumedInAFreshLearnerEndsBitForBitAsTheStraightRun() throws IOException {
        ResumeExactness.assertResumesExactly(ResumeExactness::shortCartPole,
                () -> new Muzero(4, ACTIONS, microEfficientZero(), RandomStreams.of(9)),
                cp -> Muzero.fromCheckpoint(cp, OffPolicyRun.LEARNER_PREFIX), loop(), 150, dir);
        // the new parameters and their Adam moments are in the checkpoint
        Muzero ez = new Muzero(4, ACTIONS, microEfficientZero(), RandomStreams.of(9));
        Path file = dir.resolve("ez.ckpt");
        ez.save(file);
        var state = ResumeExactness.stateOf(Muzero.load(file));
        assertTrue(state.contains("network.valuePrefix.lstm.weight") && state.contains("network.projection.layer0.weight")
                && state.contains("network.projection.prediction.layer1.weight"), "the EfficientZero parameters");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fresh(false).readState(Checkpoints.read(file), ""));
        assertTrue(e.getMessage().contains("valuePrefix"), e.getMessage());
    }

    @Test
    void saveAndLoadKeepTheWholeLearnerAndTheSearchSeesTheLoadedWeights() throws IOException {
        Muzero muzero = fresh(false);
        try (Environment env = ResumeExactness.shortCartPole(); Environment eval = ResumeExactness.shortCartPole()) {
            OffPolicyRun.start(env, eval, muzero, loop().toBuilder().totalSteps(150).build(), 1)
                    .runUntil(Long.MAX_VALUE, r -> { });
        }
        assertTrue(muzero.updates() > 0 && muzero.storedGames() > 0);
        Path file = dir.resolve("muzero.ckpt");
        muzero.save(file);
        Muzero loaded = Muzero.load(file);
        assertEquals(ResumeExactness.stateOf(muzero), ResumeExactness.stateOf(loaded));
        assertEquals(muzero.updates(), loaded.updates());
        assertEquals(muzero.storedGames(), loaded.storedGames());
        // the search runs on the float[] copy of the weights: the loaded learner's must be the loaded weights
        INDArray obs = Nd4j.createFromArray(0.01f, -0.2f, 0.03f, 0.25f).castTo(DataType.FLOAT);
        SearchResult a = muzero.search(obs, true);
        SearchResult b = loaded.search(obs, true);
        assertArrayEquals(a.visitCounts(), b.visitCounts());
        assertEquals(a.rootValue(), b.rootValue());
        assertArrayEquals(a.policyTarget(), b.policyTarget());
    }

    @Test
    void aLearnerSavedBetweenASearchAndItsTransitionKeepsTheGameInPlay() throws IOException {
        Muzero muzero = fresh(false);
        try (Environment env = ResumeExactness.shortCartPole()) {
            INDArray obs = env.reset(3).observation();
            for (int t = 0; t < 5; t++) {
                INDArray action = muzero.explore(obs);
                var step = env.step(action);
                muzero.observe(new org.mbrl4j.core.Transition(obs, action, step.reward(), step.observation(),
                        step.terminated(), step.truncated()));
                obs = step.observation();
            }
            muzero.explore(obs);
        }
        Path file = dir.resolve("mid-game.ckpt");
        muzero.save(file);
        Muzero loaded = Muzero.load(file);
        assertEquals(ResumeExactness.stateOf(muzero), ResumeExactness.stateOf(loaded));
        assertTrue(ResumeExactness.stateOf(loaded).contains("pending.policy"));
        assertEquals(5, ResumeExactness.stateOf(loaded).ints("game.moves")[0]);
    }

    @Test
    void aCheckpointOfAnotherKindADamagedOneOrAnotherConfigIsRefused() throws IOException {
        Path tdmpc = dir.resolve("tdmpc.ckpt");
        new Tdmpc(3, Box.of(new double[] {-2}, new double[] {2}), 50, TdmpcConfig.tiny(), RandomStreams.of(1))
                .save(tdmpc);
        CorruptCheckpointException other = assertThrows(CorruptCheckpointException.class, () -> Muzero.load(tdmpc));
        assertTrue(other.getMessage().contains("holds a tdmpc; expected a muzero")
                && other.getMessage().contains(tdmpc.toString()), other.getMessage());

        Path file = dir.resolve("muzero.ckpt");
        fresh(false).save(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        Path damaged = dir.resolve("damaged.ckpt");
        Files.write(damaged, bytes);
        CorruptCheckpointException corrupt = assertThrows(CorruptCheckpointException.class,
                () -> Muzero.load(damaged));
        assertTrue(corrupt.getMessage().contains(damaged.toString()), corrupt.getMessage());

        Muzero more = new Muzero(4, ACTIONS, micro(false).toBuilder().simulations(6).build(), RandomStreams.of(9));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> more.readState(Checkpoints.read(file), ""));
        assertTrue(e.getMessage().contains("simulations: 4 vs 6"), e.getMessage());
        Muzero threeActions = new Muzero(4, Discrete.of(3), micro(false), RandomStreams.of(9));
        e = assertThrows(IllegalArgumentException.class, () -> threeActions.readState(Checkpoints.read(file), ""));
        assertTrue(e.getMessage().contains("Discrete"), e.getMessage());
    }

    @Test
    void aCheckpointWrittenBeforeEfficientZerosOptionsLoadsWithThemOff() throws Exception {
        // written by an earlier version (see README.md beside it); its config has no entry for the later fields
        Path old = Path.of(MuzeroCheckpointTest.class.getResource("muzero-before-efficientzero.ckpt").toURI());
        assertTrue(!Checkpoints.read(old).contains("config.consistencyWeight")
                && !Checkpoints.read(old).contains("config.reanalysePolicy"));
        Muzero loaded = Muzero.load(old);
        assertEquals(micro(false), loaded.config());
        ResumeExactness.assertSameState(ResumeExactness.stateOf(fresh(false)), ResumeExactness.stateOf(loaded));
    }
}
