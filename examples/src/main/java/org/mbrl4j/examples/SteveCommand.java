package org.mbrl4j.examples;

import java.util.Map;
import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.algorithms.common.OffPolicyRun;
import org.mbrl4j.algorithms.presets.Presets;
import org.mbrl4j.algorithms.steve.Steve;
import org.mbrl4j.algorithms.steve.SteveConfig;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mbrl4j steve}: stochastic ensemble value expansion (Buckman et al. 2018) on TD3. */
@Command(name = "steve", mixinStandardHelpOptions = true,
        description = "STEVE: TD3 with inverse-variance weighted model-based value targets; metrics and a plot.")
final class SteveCommand extends OffPolicyCommand {

    @Option(names = "--horizon", description = "Model rollout horizon H of the candidate targets (0: plain TD3). "
            + "Default: the preset's (3).")
    Integer horizon;

    @Option(names = "--clipped-q", description = "Bootstrap every candidate target with TD3's clipped double-Q "
            + "target (minimum of the critics at the smoothed target action) instead of treating the critics as "
            + "a Q ensemble.")
    boolean clippedQ;

    @Mixin
    Exploration exploration;

    @Option(names = "--known-reward", description = "Rewards along the model rollouts from the environment's "
            + "reward function (as PETS plans with) instead of the ensemble's learned reward heads.")
    boolean knownReward;

    @Option(names = "--range-margin", paramLabel = "M", description = "Leave out a horizon for a sample once an "
            + "imagined state leaves the box of the real observations widened by M times its width on each side "
            + "(0 = the box itself). Default: no check (the paper).")
    Double rangeMargin;

    @Option(names = "--model-layers", paramLabel = "L", description = "Hidden layers of each dynamics member. "
            + "Default: the preset's (3 in SMALL, 4 in PAPER).")
    Integer modelLayers;

    @Option(names = "--model-hidden", paramLabel = "N", description = "Units per hidden layer of each dynamics "
            + "member. Default: the preset's (64 in SMALL, 200 in PAPER).")
    Integer modelHidden;

    @Override
    void validateOptions() {
        super.validateOptions();
        if (modelLayers != null && modelLayers < 1) {
            throw new IllegalArgumentException("--model-layers must be >= 1: " + modelLayers);
        }
        if (modelHidden != null && modelHidden < 1) {
            throw new IllegalArgumentException("--model-hidden must be >= 1: " + modelHidden);
        }
        if (horizon != null && horizon < 0) {
            throw new IllegalArgumentException("--horizon must be >= 0: " + horizon);
        }
        if (rangeMargin != null && (rangeMargin.isNaN() || rangeMargin < 0)) {
            throw new IllegalArgumentException("--range-margin must be >= 0: " + rangeMargin);
        }
        exploration.validate();
    }

    @Override
    String name() {
        return "steve";
    }

    @Override
    OffPolicyLearner learner(EnvSpec spec, Environment env, RandomStreams streams) {
        SteveConfig config = preset() == Preset.PAPER ? SteveConfig.paper() : Presets.steveSmall(spec.id());
        if (horizon != null) {
            config = config.withHorizon(horizon);
        }
        if (clippedQ) {
            config = config.withClippedQ(true);
        }
        if (rangeMargin != null) {
            config = config.withRangeMargin(rangeMargin);
        }
        if (modelLayers != null || modelHidden != null) {
            config = config.withEnsemble(config.ensemble().withHidden(
                    modelLayers != null ? modelLayers : config.ensemble().hiddenLayers(),
                    modelHidden != null ? modelHidden : config.ensemble().hiddenSize()));
        }
        config = config.withTd3(exploration.apply(config.td3().withUpdates(updates(config.td3().updatesPerStep()),
                config.td3().learningStarts())));
        return new Steve(env.observationSpace().flatDim(), env.actionSpace(), spec.terminationFunction(),
                knownReward ? spec.rewardFunction() : null, configured(config), streams);
    }

    @Override
    Map<String, Object> extraOptions() {
        return Map.of("known_reward", knownReward);
    }

    @Override
    OffPolicyLearner learnerFromCheckpoint(EnvSpec spec, Checkpoint checkpoint) {
        return Steve.fromCheckpoint(checkpoint, OffPolicyRun.LEARNER_PREFIX, spec.terminationFunction(),
                checkpoint.booleanValue(OffPolicyRun.LEARNER_PREFIX + "knownReward") ? spec.rewardFunction() : null);
    }
}
