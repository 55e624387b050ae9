package org.mbrl4j.examples;

import java.nio.file.Path;
import java.util.Map;
import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.algorithms.common.OffPolicyRun;
import org.mbrl4j.algorithms.planet.Planet;
import org.mbrl4j.algorithms.planet.PlanetConfig;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.models.latent.RssmConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mbrl4j planet}: PlaNet (Hafner et al. 2019), CEM planning over an RSSM's prior, on a continuous-action
 * environment from the state vector or, with {@code --pixels}, from rendered images. {@code --preset small} is
 * {@link PlanetConfig#small()}, {@code paper} {@link PlanetConfig#paper()}; {@code --conv-depth} and
 * {@code --latents} change the preset's {@link RssmConfig}, {@code --train-ratio} and {@code --pretrain-updates}
 * its training schedule. {@code --random-steps} is the number of uniformly random steps, which is also when
 * training starts. Leaves the files of every off-policy command and the world model's open-loop prediction of one
 * evaluation episode ({@link VideoPrediction}, {@code --video-steps}); with {@code --checkpoint-every N} the run
 * can be continued exactly with {@code --resume DIR}, which takes {@code --pixels}, {@code --image-size} and
 * {@code --action-repeat} from the saved run.
 */
@Command(name = "planet", mixinStandardHelpOptions = true,
        description = "PlaNet: an RSSM world model and CEM planning in its latent space; metrics, evaluation "
                + "returns and a plot.")
final class PlanetCommand extends OffPolicyCommand {

    @Mixin
    LatentEnvOptions envOptions;

    @Mixin
    VideoPrediction video;

    @Mixin
    LatentModelOptions modelOptions;

    @Option(names = "--candidates", description = "CEM candidates per iteration. Default: the preset's.")
    Integer candidates;

    @Option(names = "--iterations", description = "CEM iterations per action. Default: the preset's.")
    Integer iterations;

    @Mixin
    LatentTrainingOptions training;

    @Override
    void validateOptions() {
        super.validateOptions();
        if (updatesPerStep != null) {
            throw new IllegalArgumentException("--updates-per-step is not used by planet: " + updatesPerStep);
        }
        envOptions.validate();
        video.validate();
        modelOptions.validate();
        training.validate();
        if (candidates != null && candidates < 2) {
            throw new IllegalArgumentException("--candidates must be >= 2: " + candidates);
        }
        if (iterations != null && iterations < 1) {
            throw new IllegalArgumentException("--iterations must be >= 1: " + iterations);
        }
        config();
    }

    private PlanetConfig config() {
        PlanetConfig base = preset() == Preset.PAPER ? PlanetConfig.paper() : PlanetConfig.small();
        // a buffer larger than the run never fills; from pixels the preset's would not fit in the heap
        PlanetConfig.Builder b = base.toBuilder().trainStart(Math.max(1, randomSteps))
                .bufferSize(HeapCheck.capacity(base.bufferSize(), steps, base.batchLength()));
        if (envOptions.actionRepeat != null) {
            b.actionRepeat(envOptions.actionRepeat);
        }
        b.rssm(modelOptions.apply(base.rssm()));
        if (candidates != null) {
            b.candidates(candidates).elites(Math.max(1, Math.min(base.elites(), candidates / 10)));
        }
        if (iterations != null) {
            b.iterations(iterations);
        }
        training.apply(b::trainRatio, b::pretrainUpdates);
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
        return "planet";
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
        return Planet.fromCheckpoint(checkpoint, OffPolicyRun.LEARNER_PREFIX);
    }

    @Override
    OffPolicyLearner learner(EnvSpec spec, Environment env, RandomStreams streams) {
        PlanetConfig config = config();
        HeapCheck.replayBuffer(config.bufferSize(), env.observationSpace(), env.actionSpace(),
                Runtime.getRuntime().maxMemory());
        return new Planet(env.observationSpace(), env.actionSpace(), configured(config), streams);
    }

    /** The world model's open-loop prediction of one evaluation episode ({@link VideoPrediction}). */
    @Override
    void afterTraining(OffPolicyLearner learner, Environment evalEnv, Path out) throws Exception {
        video.write(((Planet) learner)::openLoop, learner.evaluationAgent(), evalEnv, out, options.seed);
    }
}
