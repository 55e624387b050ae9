package org.mbrl4j.examples;

import java.nio.file.Path;
import java.util.Locale;
import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.algorithms.common.OffPolicyRun;
import org.mbrl4j.algorithms.tdmpc.Tdmpc;
import org.mbrl4j.algorithms.tdmpc.TdmpcConfig;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mbrl4j tdmpc}: TD-MPC2 (Hansen, Su and Wang 2024) on a continuous-action environment. {@code --preset
 * small} is {@link TdmpcConfig#small()}, {@code paper} TD-MPC2's 5M default; {@code --model-size} picks
 * {@link TdmpcConfig#tiny()}, {@link TdmpcConfig#small()} or TD-MPC2's 1M or 5M model instead.
 * {@code --random-steps} is TD-MPC2's seed steps: that many uniform actions, then as many updates at once, then
 * {@code --updates-per-step} (default 1) per step. {@code --action-repeat k} repeats each decision {@code k}
 * environment steps (TD-MPC2's DMControl setting is 2); the step counts and the episode length of the discount
 * heuristic then count decisions; {@code --discount} fixes the discount instead of the heuristic. Leaves
 * {@code last-episode.gif}, one evaluation episode after training, beside the files of every off-policy command.
 */
@Command(name = "tdmpc", mixinStandardHelpOptions = true,
        description = "TD-MPC2: a latent world model with MPPI planning, a policy prior and a Q ensemble; metrics, "
                + "evaluation returns and a plot.")
final class TdmpcCommand extends OffPolicyCommand {

    @Option(names = "--model-size", description = "TD-MPC2 model size instead of the preset: tiny, small, 1m or 5m.")
    String modelSize;

    @Option(names = "--episodic", description = "Learn a termination head and stop imagined rollouts at predicted "
            + "terminations (tasks that end on failure, such as CartPoleContinuous-v0).")
    boolean episodic;

    @Option(names = "--samples", description = "MPPI samples per iteration. Default: the preset's.")
    Integer samples;

    @Option(names = "--discount", description = "A fixed discount in (0, 1] instead of TD-MPC2's heuristic from the "
            + "episode length (both of its clips set to this value). Default: the heuristic.")
    Double discount;

    /** {@code --action-repeat} (TD-MPC2 uses 2 on DMControl); the discount's episode length counts decisions. */
    @Mixin
    ActionRepeatOption actionRepeat;

    @Override
    ActionRepeatOption actionRepeat() {
        return actionRepeat;
    }

    @Option(names = "--gif-width", description = "Width of the GIF of one evaluation episode after training, in "
            + "pixels (0: no GIF). Default: ${DEFAULT-VALUE}.", defaultValue = "300")
    int gifWidth;

    @Override
    void validateOptions() {
        super.validateOptions();
        if (gifWidth < 0) {
            throw new IllegalArgumentException("--gif-width must be >= 0: " + gifWidth);
        }
        if (modelSize != null) {
            baseConfig();
        }
        if (samples != null && samples < 1) {
            throw new IllegalArgumentException("--samples must be >= 1: " + samples);
        }
        if (discount != null && !(discount > 0 && discount <= 1)) {
            throw new IllegalArgumentException("--discount must be in (0, 1]: " + discount);
        }
    }

    private TdmpcConfig baseConfig() {
        if (modelSize == null) {
            return preset() == Preset.PAPER ? TdmpcConfig.size5M() : TdmpcConfig.small();
        }
        return switch (modelSize.toLowerCase(Locale.ROOT)) {
            case "tiny" -> TdmpcConfig.tiny();
            case "small" -> TdmpcConfig.small();
            case "1m" -> TdmpcConfig.size1M();
            case "5m" -> TdmpcConfig.size5M();
            default -> throw new IllegalArgumentException("--model-size must be tiny, small, 1m or 5m: " + modelSize);
        };
    }

    /** Renders one evaluation episode (the planner without exploration noise) into {@code last-episode.gif}. */
    @Override
    void afterTraining(OffPolicyLearner learner, Environment evalEnv, Path out) throws Exception {
        EpisodeGif.write(learner.evaluationAgent(), evalEnv, out, gifWidth, options.seed);
    }

    @Override
    String name() {
        return "tdmpc";
    }

    @Override
    OffPolicyLearner learnerFromCheckpoint(EnvSpec spec, Checkpoint checkpoint) {
        return Tdmpc.fromCheckpoint(checkpoint, OffPolicyRun.LEARNER_PREFIX);
    }

    @Override
    OffPolicyLearner learner(EnvSpec spec, Environment env, RandomStreams streams) {
        TdmpcConfig base = baseConfig();
        TdmpcConfig.Builder b = base.toBuilder().episodic(episodic).seedSteps(randomSteps)
                .updatesPerStep(updates(base.updatesPerStep()));
        if (discount != null) {
            b.discountMin(discount).discountMax(discount);
        }
        if (samples != null) {
            int pi = Math.min(base.numPiTrajs(), samples - 1);
            b.numSamples(samples).numPiTrajs(pi).numElites(Math.min(base.numElites(), samples));
        }
        return new Tdmpc(env.observationSpace().flatDim(), env.actionSpace(), actionRepeat.decisionsPerEpisode(spec),
                configured(b.build()), streams);
    }
}
