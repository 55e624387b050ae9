package org.mbrl4j.examples;

import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.algorithms.common.OffPolicyRun;
import org.mbrl4j.algorithms.presets.Presets;
import org.mbrl4j.algorithms.sac.Sac;
import org.mbrl4j.algorithms.sac.SacConfig;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mbrl4j sac}: soft actor-critic (Haarnoja et al. 2018) on a continuous-action environment. */
@Command(name = "sac", mixinStandardHelpOptions = true,
        description = "Soft actor-critic with automatic entropy tuning; metrics, evaluation returns and a plot.")
final class SacCommand extends OffPolicyCommand {

    @Mixin
    Entropy entropy;

    @Override
    void validateOptions() {
        super.validateOptions();
        entropy.validate();
    }

    @Override
    String name() {
        return "sac";
    }

    @Override
    OffPolicyLearner learner(EnvSpec spec, Environment env, RandomStreams streams) {
        SacConfig config = preset() == Preset.PAPER ? SacConfig.paper() : Presets.sacSmall(spec.id());
        config = config.withUpdates(updates(config.updatesPerStep()), config.learningStarts());
        config = entropy.apply(config);
        return new Sac(env.observationSpace().flatDim(), env.actionSpace(), configured(config), streams);
    }

    @Override
    OffPolicyLearner learnerFromCheckpoint(EnvSpec spec, Checkpoint checkpoint) {
        return Sac.fromCheckpoint(checkpoint, OffPolicyRun.LEARNER_PREFIX);
    }
}
