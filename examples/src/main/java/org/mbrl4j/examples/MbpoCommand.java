package org.mbrl4j.examples;

import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.algorithms.common.OffPolicyRun;
import org.mbrl4j.algorithms.mbpo.Mbpo;
import org.mbrl4j.algorithms.mbpo.MbpoConfig;
import org.mbrl4j.algorithms.sac.SacConfig;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mbrl4j mbpo}: model-based policy optimisation (Janner et al. 2019) on SAC. */
@Command(name = "mbpo", mixinStandardHelpOptions = true,
        description = "MBPO: SAC trained on short model rollouts branched from real states; metrics and a plot.")
final class MbpoCommand extends OffPolicyCommand {

    @Mixin
    Entropy entropy;

    @Override
    void validateOptions() {
        super.validateOptions();
        entropy.validate();
    }

    @Override
    String name() {
        return "mbpo";
    }

    @Override
    OffPolicyLearner learner(EnvSpec spec, Environment env, RandomStreams streams) {
        MbpoConfig config = preset() == Preset.PAPER ? MbpoConfig.pendulum() : MbpoConfig.pendulumSmall();
        SacConfig sac = config.sac();
        config = config.withSac(entropy.apply(sac.withUpdates(updates(sac.updatesPerStep()), sac.learningStarts())));
        return new Mbpo(env.observationSpace().flatDim(), env.actionSpace(), spec.terminationFunction(),
                configured(config), streams);
    }

    @Override
    OffPolicyLearner learnerFromCheckpoint(EnvSpec spec, Checkpoint checkpoint) {
        return Mbpo.fromCheckpoint(checkpoint, OffPolicyRun.LEARNER_PREFIX, spec.terminationFunction());
    }
}
