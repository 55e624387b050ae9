package org.mbrl4j.examples;

import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.algorithms.common.OffPolicyRun;
import org.mbrl4j.algorithms.presets.Presets;
import org.mbrl4j.algorithms.td3.Td3;
import org.mbrl4j.algorithms.td3.Td3Config;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mbrl4j td3}: TD3 (Fujimoto et al. 2018), or DDPG with {@code --ddpg}. */
@Command(name = "td3", mixinStandardHelpOptions = true,
        description = "TD3 (or DDPG with --ddpg); metrics, evaluation returns and a plot.")
final class Td3Command extends OffPolicyCommand {

    @Option(names = "--ddpg", description = "DDPG on the preset's networks: one critic, no target smoothing, no delayed updates.")
    boolean ddpg;

    @Mixin
    Exploration exploration;

    @Override
    void validateOptions() {
        super.validateOptions();
        exploration.validate();
    }

    @Override
    String name() {
        return ddpg ? "ddpg" : "td3";
    }

    @Override
    OffPolicyLearner learner(EnvSpec spec, Environment env, RandomStreams streams) {
        Td3Config config = preset() == Preset.PAPER ? Td3Config.paper() : Presets.td3Small(spec.id());
        if (ddpg) {
            config = config.asDdpg();
        }
        config = config.withUpdates(updates(config.updatesPerStep()), config.learningStarts());
        config = exploration.apply(config);
        return new Td3(env.observationSpace().flatDim(), env.actionSpace(), configured(config), streams);
    }

    @Override
    OffPolicyLearner learnerFromCheckpoint(EnvSpec spec, Checkpoint checkpoint) {
        return Td3.fromCheckpoint(checkpoint, OffPolicyRun.LEARNER_PREFIX);
    }
}
