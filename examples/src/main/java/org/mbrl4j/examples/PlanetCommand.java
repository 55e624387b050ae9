package org.mbrl4j.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.algorithms.planet.Planet;
import org.mbrl4j.algorithms.planet.PlanetConfig;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvOptions;
import org.mbrl4j.envs.EnvSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mbrl4j planet}: PlaNet (Hafner et al. 2019), CEM planning over an RSSM's prior, on a continuous-action
 * environment from the state vector or, with {@code --pixels}, from rendered images. {@code --preset small} is
 * {@link PlanetConfig#small()}, {@code paper} {@link PlanetConfig#paper()}. {@code --random-steps} is the number
 * of uniformly random steps, which is also when training starts.
 */
@Command(name = "planet", mixinStandardHelpOptions = true,
        description = "PlaNet: an RSSM world model and CEM planning in its latent space; metrics, evaluation "
                + "returns and a plot.")
final class PlanetCommand extends OffPolicyCommand {

    @Option(names = "--pixels", description = "Observe rendered RGB images (--image-size square) instead of the "
            + "state vector.")
    boolean pixels;

    @Option(names = "--image-size", description = "Side of the square images with --pixels, a power of two >= 8. "
            + "Default: ${DEFAULT-VALUE}.", defaultValue = "64")
    int imageSize;

    @Option(names = "--action-repeat", description = "Environment steps per decision. Default: the preset's.")
    Integer actionRepeat;

    @Option(names = "--candidates", description = "CEM candidates per iteration. Default: the preset's.")
    Integer candidates;

    @Option(names = "--iterations", description = "CEM iterations per action. Default: the preset's.")
    Integer iterations;

    @Option(names = "--pretrain-updates", description = "Updates run at once when training starts. Default: the "
            + "preset's.")
    Integer pretrainUpdates;

    @Override
    void validateOptions() {
        super.validateOptions();
        if (updatesPerStep != null) {
            throw new IllegalArgumentException("--updates-per-step is not used by planet: " + updatesPerStep);
        }
        if (imageSize < 8 || Integer.bitCount(imageSize) != 1) {
            throw new IllegalArgumentException("--image-size must be a power of two >= 8: " + imageSize);
        }
        if (actionRepeat != null && actionRepeat < 1) {
            throw new IllegalArgumentException("--action-repeat must be >= 1: " + actionRepeat);
        }
        if (candidates != null && candidates < 2) {
            throw new IllegalArgumentException("--candidates must be >= 2: " + candidates);
        }
        if (iterations != null && iterations < 1) {
            throw new IllegalArgumentException("--iterations must be >= 1: " + iterations);
        }
        if (pretrainUpdates != null && pretrainUpdates < 0) {
            throw new IllegalArgumentException("--pretrain-updates must be >= 0: " + pretrainUpdates);
        }
        config();
    }

    private PlanetConfig config() {
        PlanetConfig base = preset == Preset.PAPER ? PlanetConfig.paper() : PlanetConfig.small();
        PlanetConfig.Builder b = base.toBuilder().trainStart(Math.max(1, randomSteps));
        if (actionRepeat != null) {
            b.actionRepeat(actionRepeat);
        }
        if (candidates != null) {
            b.candidates(candidates).elites(Math.max(1, Math.min(base.elites(), candidates / 10)));
        }
        if (iterations != null) {
            b.iterations(iterations);
        }
        if (pretrainUpdates != null) {
            b.pretrainUpdates(pretrainUpdates);
        }
        return b.build();
    }

    @Override
    Environment makeEnv(EnvSpec spec) {
        EnvOptions o = EnvOptions.DEFAULT.withActionRepeat(config().actionRepeat());
        if (pixels) {
            o = o.withPixels(true).withSize(imageSize, imageSize);
        }
        return spec.make(o);
    }

    @Override
    Map<String, Object> extraOptions() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pixels", pixels);
        if (pixels) {
            m.put("imageSize", imageSize);
        }
        return m;
    }

    @Override
    String name() {
        return "planet";
    }

    @Override
    boolean checkpointable() {
        return false;
    }

    @Override
    OffPolicyLearner learnerFromCheckpoint(EnvSpec spec, Checkpoint checkpoint) {
        throw new IllegalArgumentException("planet does not save its learner, so no run of it can be resumed");
    }

    @Override
    OffPolicyLearner learner(EnvSpec spec, Environment env, RandomStreams streams) {
        return new Planet(env.observationSpace(), env.actionSpace(), configured(config()), streams);
    }
}
