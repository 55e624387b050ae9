package org.mbrl4j.algorithms.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.mbrl4j.core.Agent;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.io.Checkpoints;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An off-policy learner driven by {@link OffPolicyLoop}: it picks exploratory actions, is shown every real
 * transition (it stores it and trains as its schedule says), and offers a deterministic agent for
 * evaluation. Its whole state can be written into a checkpoint and restored ({@link #writeState},
 * {@link #readState}), so that a run resumed from it continues exactly as it would have without the stop.
 */
public interface OffPolicyLearner {

    /**
     * @param observation the current observation, {@code [obsDim]}
     * @return an exploratory action in the environment's action space, {@code [actDim]}, fresh
     */
    INDArray explore(INDArray observation);

    /**
     * Stores a real transition and runs whatever training is due after it.
     *
     * @param transition the transition just taken
     */
    void observe(Transition transition);

    /** @return the deterministic (mean) policy as an agent; it follows later training */
    Agent evaluationAgent();

    /** @return averages of the training metrics since the last call (which resets them) */
    Map<String, Double> drainMetrics();

    /**
     * Adds the learner's whole state to a checkpoint: its kind and config, network weights, optimiser moments
     * and step counts, normalisers, replay data, the positions of its random generators and its counters.
     * Training metrics not yet drained are not part of it: write between episodes, after
     * {@link #drainMetrics()}, as {@link OffPolicyRun} does.
     *
     * @param builder the checkpoint being built
     * @param prefix  prefix of every entry name, e.g. {@code "learner."}; may be empty
     */
    void writeState(Checkpoint.Builder builder, String prefix);

    /**
     * Restores the state written by {@link #writeState} of a learner of the same kind, built with an equal
     * config for the same observation size and action space.
     *
     * @param checkpoint the checkpoint
     * @param prefix     the prefix given to {@link #writeState}
     * @throws IllegalArgumentException if the checkpoint holds another kind of learner, another config (every
     *     differing field named with both values) or another problem size, or an entry is missing or malformed
     *     (naming it); the learner may then be partly restored and should be discarded
     */
    void readState(Checkpoint checkpoint, String prefix);

    /**
     * Saves the whole learner ({@link #writeState} with no prefix) atomically: a crash during the write leaves an
     * earlier file at {@code file} loadable. Each learner's static {@code load} reads it back.
     *
     * @param file the checkpoint file
     * @throws IOException if it cannot be written
     * @throws UnsupportedOperationException if the learner has no checkpoint format
     */
    default void save(Path file) throws IOException {
        Checkpoint.Builder b = Checkpoint.builder();
        writeState(b, "");
        Checkpoints.write(file, b.build());
    }
}
