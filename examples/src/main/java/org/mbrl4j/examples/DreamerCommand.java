package org.mbrl4j.examples;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.algorithms.common.OffPolicyRun;
import org.mbrl4j.algorithms.dreamer.Dreamer;
import org.mbrl4j.algorithms.dreamer.DreamerConfig;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.models.latent.RssmConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mbrl4j dreamer}: Dreamer with DreamerV3's recipe (Hafner et al. 2023) on a continuous-action
 * environment, from the state vector or, with {@code --pixels}, from rendered images. {@code --preset small} is
 * {@link DreamerConfig#small()} ({@code --model-size tiny} the test preset, {@code pixels}
 * {@link DreamerConfig#pixels()}), {@code paper} DreamerV3's {@link DreamerConfig#dreamerV3()};
 * {@code --conv-depth} and {@code --latents} change the preset's {@link RssmConfig}. {@code --random-steps} is the
 * number of uniformly random steps, which is also when training starts ({@link DreamerConfig#trainStart()}).
 * Leaves the files of every off-policy command and the world model's open-loop prediction of one evaluation
 * episode ({@link VideoPrediction}, {@code --video-steps}); with {@code --checkpoint-every N} the run can be
 * continued exactly with {@code --resume DIR}, which takes {@code --pixels}, {@code --image-size} and
 * {@code --action-repeat} from the saved run.
 */
@Command(name = "dreamer", mixinStandardHelpOptions = true,
        description = "Dreamer (DreamerV3 recipe): an RSSM world model and an actor-critic trained in its "
                + "imagination; metrics, evaluation returns and a plot.")
final class DreamerCommand extends OffPolicyCommand {

    @Option(names = "--model-size", description = "World model and actor-critic size instead of the preset: tiny, "
            + "pixels (the CPU preset for 32x32 images), small or 12m.")
    String modelSize;

    @Mixin
    LatentEnvOptions envOptions;

    @Mixin
    VideoPrediction video;

    @Mixin
    LatentModelOptions modelOptions;

    @Mixin
    LatentTrainingOptions training;

    @Option(names = "--actor-gradient", description = "auto, dynamics or reinforce. Default: the preset's.")
    String actorGradient;

    @Override
    void validateOptions() {
        super.validateOptions();
        if (updatesPerStep != null) {
            throw new IllegalArgumentException("--updates-per-step is not used by dreamer (see --train-ratio): "
                    + updatesPerStep);
        }
        envOptions.validate();
        video.validate();
        modelOptions.validate();
        training.validate();
        config(); // checks every field, refusing bad values by name
    }

    private DreamerConfig config() {
        DreamerConfig base;
        if (modelSize == null) {
            base = preset() == Preset.PAPER ? DreamerConfig.dreamerV3() : DreamerConfig.small();
        } else {
            base = switch (modelSize.toLowerCase(Locale.ROOT)) {
                case "tiny" -> DreamerConfig.tiny();
                case "pixels" -> DreamerConfig.pixels();
                case "small" -> DreamerConfig.small();
                case "12m" -> DreamerConfig.dreamerV3();
                default -> throw new IllegalArgumentException("--model-size must be tiny, pixels, small or 12m: "
                        + modelSize);
            };
        }
        // a buffer larger than the run never fills; from pixels the preset's would not fit in the heap
        DreamerConfig.Builder b = base.toBuilder().trainStart(Math.max(1, randomSteps))
                .bufferSize(HeapCheck.capacity(base.bufferSize(), steps, base.batchLength()));
        if (envOptions.actionRepeat != null) {
            b.actionRepeat(envOptions.actionRepeat);
        }
        b.rssm(modelOptions.apply(base.rssm()));
        training.apply(b::trainRatio, b::pretrainUpdates);
        if (actorGradient != null) {
            try {
                b.actorGradient(DreamerConfig.ActorGradient.valueOf(actorGradient.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--actor-gradient must be auto, dynamics or reinforce: "
                        + actorGradient);
            }
        }
        return b.build();
    }

    @Override
    Environment makeEnv(EnvSpec spec) {
        return envOptions.make(spec, config().actionRepeat());
    }

    @Override
    Map<String, Object> extraOptions() {
        return envOptions.asMap();
    }

    @Override
    String name() {
        return "dreamer";
    }

    @Override
    Map<String, String> environmentSettings() {
        return envOptions.settings(config().actionRepeat());
    }

    @Override
    void restoreEnvironmentSettings(RunCheckpoint saved) {
        envOptions.restore(saved);
    }

    @Override
    OffPolicyLearner learnerFromCheckpoint(EnvSpec spec, Checkpoint checkpoint) {
        return Dreamer.fromCheckpoint(checkpoint, OffPolicyRun.LEARNER_PREFIX);
    }

    @Override
    OffPolicyLearner learner(EnvSpec spec, Environment env, RandomStreams streams) {
        DreamerConfig config = config();
        HeapCheck.replayBuffer(config.bufferSize(), env.observationSpace(), env.actionSpace(),
                Runtime.getRuntime().maxMemory());
        return new Dreamer(env.observationSpace(), env.actionSpace(), configured(config), streams);
    }

    /** The world model's open-loop prediction of one evaluation episode ({@link VideoPrediction}). */
    @Override
    void afterTraining(OffPolicyLearner learner, Environment evalEnv, Path out) throws Exception {
        video.write(((Dreamer) learner)::openLoop, learner.evaluationAgent(), evalEnv, out, options.seed);
    }
}
