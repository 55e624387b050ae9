package org.mbrl4j.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.mbrl4j.algorithms.common.OffPolicyLearner;
import org.mbrl4j.algorithms.common.OffPolicyRun;
import org.mbrl4j.algorithms.muzero.Muzero;
import org.mbrl4j.algorithms.muzero.MuzeroConfig;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mbrl4j muzero}: MuZero (Schrittwieser et al. 2020) on a discrete-action environment, with
 * muzero-general's cart-pole settings ({@link MuzeroConfig#cartPole()}), its one preset: {@code --preset paper},
 * the default; {@code --preset small} is refused. {@code --gumbel} searches with Gumbel MuZero's root search
 * instead of pUCT; {@code --simulations} sets the search budget; {@code --training-ratio} the gradient updates per
 * environment step; {@code --discount} the discount. {@code --efficientzero} switches on EfficientZero's three
 * options ({@link MuzeroConfig#cartPoleEfficientZero()}: temporal consistency, value prefix, off-policy
 * correction).
 * {@code --random-steps} uniform moves come first, and training starts after them. {@code --action-repeat k}
 * holds each move for {@code k} environment steps (rewards summed); the step counts then count moves.
 * {@code --checkpoint-every} and {@code --resume} save and continue the whole run ({@link Muzero#writeState}).
 * Leaves {@code last-episode.gif} beside the files of every off-policy command.
 */
@Command(name = "muzero", mixinStandardHelpOptions = true,
        description = "MuZero: a learned model searched by MCTS (pUCT or Gumbel) for discrete actions; metrics, "
                + "evaluation returns and a plot.")
final class MuzeroCommand extends OffPolicyCommand {

    @Option(names = "--gumbel", description = "Search with Gumbel MuZero's root search (sequential halving) "
            + "instead of pUCT.")
    boolean gumbel;

    @Option(names = "--efficientzero", description = "EfficientZero's options: the temporal consistency loss, the "
            + "value prefix LSTM and the off-policy correction of the value horizon (MuzeroConfig."
            + "cartPoleEfficientZero).")
    boolean efficientZero;

    @Option(names = "--simulations", description = "Search simulations per move. Default: the preset's (50).")
    Integer simulations;

    @Option(names = "--training-ratio", description = "Gradient updates per environment step. Default: the "
            + "preset's (1.5).")
    Double trainingRatio;

    @Option(names = "--discount", description = "Discount of the value targets and the search, in (0, 1]. Default: "
            + "the preset's (0.997).")
    Double discount;

    @Option(names = "--reanalyse-policy", description = "Share of the policy targets of each update replaced by a "
            + "fresh search with the latest network (MuZero Reanalyse), in [0, 1]. Default: ${DEFAULT-VALUE}.",
            defaultValue = "0")
    double reanalysePolicy;

    /** {@code --action-repeat}: a random policy that holds its moves explores Acrobot-v1 far better. */
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
        if (preset() != Preset.PAPER) {
            throw new IllegalArgumentException("--preset " + preset().name().toLowerCase(Locale.ROOT)
                    + " is not available for muzero: its one preset is muzero-general's cart-pole settings "
                    + "(--preset paper, the default); --gumbel, --simulations and --training-ratio make it cheaper");
        }
        if (gifWidth < 0) {
            throw new IllegalArgumentException("--gif-width must be >= 0: " + gifWidth);
        }
        if (updatesPerStep != null) {
            throw new IllegalArgumentException("--updates-per-step is not used by muzero (see --training-ratio): "
                    + updatesPerStep);
        }
        if (simulations != null && simulations < 1) {
            throw new IllegalArgumentException("--simulations must be >= 1: " + simulations);
        }
        if (trainingRatio != null && !(trainingRatio > 0 && Double.isFinite(trainingRatio))) {
            throw new IllegalArgumentException("--training-ratio must be finite and > 0: " + trainingRatio);
        }
        if (discount != null && !(discount > 0 && discount <= 1)) {
            throw new IllegalArgumentException("--discount must be in (0, 1]: " + discount);
        }
        if (!(reanalysePolicy >= 0 && reanalysePolicy <= 1)) {
            throw new IllegalArgumentException("--reanalyse-policy must be in [0, 1]: " + reanalysePolicy);
        }
    }

    /** @return {@link Preset#PAPER}: muzero-general's settings are MuZero's only preset */
    @Override
    Preset defaultPreset() {
        return Preset.PAPER;
    }

    @Override
    String name() {
        return "muzero";
    }

    @Override
    String defaultEnv() {
        return "CartPole-v1";
    }

    @Override
    void checkEnvironment(String envId, Environment env) {
        EnvChoices.requireDiscreteActions(name(), envId, env);
    }

    @Override
    Map<String, Object> extraOptions() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gif-width", gifWidth);
        return m;
    }

    @Override
    void afterTraining(OffPolicyLearner learner, Environment evalEnv, Path out) throws Exception {
        EpisodeGif.write(learner.evaluationAgent(), evalEnv, out, gifWidth, options.seed);
    }

    @Override
    OffPolicyLearner learnerFromCheckpoint(EnvSpec spec, Checkpoint checkpoint) {
        return Muzero.fromCheckpoint(checkpoint, OffPolicyRun.LEARNER_PREFIX);
    }

    @Override
    OffPolicyLearner learner(EnvSpec spec, Environment env, RandomStreams streams) {
        MuzeroConfig preset = efficientZero ? MuzeroConfig.cartPoleEfficientZero() : MuzeroConfig.cartPole();
        MuzeroConfig.Builder b = preset.toBuilder().gumbel(gumbel).startSteps(randomSteps)
                .reanalysePolicy(reanalysePolicy);
        if (simulations != null) {
            b.simulations(simulations);
        }
        if (trainingRatio != null) {
            b.trainingRatio(trainingRatio);
        }
        if (discount != null) {
            b.discount(discount);
        }
        MuzeroConfig config = configured(b.build());
        return new Muzero(env.observationSpace().flatDim(), env.actionSpace(), config, streams);
    }
}
