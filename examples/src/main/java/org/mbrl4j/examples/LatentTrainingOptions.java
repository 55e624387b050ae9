package org.mbrl4j.examples;

import java.util.function.DoubleConsumer;
import java.util.function.IntConsumer;
import picocli.CommandLine.Option;

/**
 * {@code --train-ratio} and {@code --pretrain-updates} of the latent-model commands ({@code dreamer},
 * {@code planet}): how much the world model trains per environment step and at once when training starts,
 * changes to the preset's settings.
 */
final class LatentTrainingOptions {

    /** Replayed steps per environment step (batch size x batch length per update); null for the preset's. */
    @Option(names = "--train-ratio", description = "Replayed steps per environment step (one update replays batch "
            + "size x batch length steps). Default: the preset's.")
    Double trainRatio;

    /** Updates run at once when training starts; null for the preset's. */
    @Option(names = "--pretrain-updates", description = "Updates run at once when training starts. Default: the "
            + "preset's.")
    Integer pretrainUpdates;

    /**
     * @throws IllegalArgumentException naming the option and the value
     */
    void validate() {
        if (trainRatio != null && !(trainRatio > 0 && Double.isFinite(trainRatio))) {
            throw new IllegalArgumentException("--train-ratio must be > 0 and finite: " + trainRatio);
        }
        if (pretrainUpdates != null && pretrainUpdates < 0) {
            throw new IllegalArgumentException("--pretrain-updates must be >= 0: " + pretrainUpdates);
        }
    }

    /**
     * Passes the options given to a config builder.
     *
     * @param trainRatioSetter the builder's train-ratio setter, called when {@code --train-ratio} is given
     * @param pretrainSetter the builder's pretrain-updates setter, called when {@code --pretrain-updates} is given
     */
    void apply(DoubleConsumer trainRatioSetter, IntConsumer pretrainSetter) {
        if (trainRatio != null) {
            trainRatioSetter.accept(trainRatio);
        }
        if (pretrainUpdates != null) {
            pretrainSetter.accept(pretrainUpdates);
        }
    }
}
