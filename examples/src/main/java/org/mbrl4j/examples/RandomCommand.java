package org.mbrl4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.RandomAgent;
import org.mbrl4j.core.loop.EvaluationResult;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.tensor.CpuThreads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mbrl4j random}: a uniformly random agent on any registered environment. The baseline every
 * learning curve is read against, and the smoke test of the whole pipeline (environment, run loop,
 * metrics, plot). With {@code --action-repeat k} each random action is held for {@code k} environment steps
 * (rewards summed; the step counts count decisions), the baseline for learners run with the same repeat.
 */
@Command(name = "random", mixinStandardHelpOptions = true,
        description = "Run a uniformly random agent; writes metrics (CSV, JSON Lines) and a return plot (PNG).")
final class RandomCommand implements Callable<Integer> {

    @Mixin
    private RunOptions options;

    @Option(names = "--episodes", description = "Number of episodes. Default: ${DEFAULT-VALUE}.", defaultValue = "20")
    private int episodes;

    /** {@code --action-repeat}: a random policy that holds its moves (a baseline for learners that do). */
    @Mixin
    private ActionRepeatOption actionRepeat;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String envId = options.env("CartPole-v1");
        RunFolder folder;
        EnvSpec envSpec;
        try {
            if (episodes < 1) {
                throw new IllegalArgumentException("--episodes must be >= 1: " + episodes);
            }
            actionRepeat.validate();
            envSpec = EnvChoices.spec(envId);
            folder = options.folder("random");
            folder.create();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path out = folder.path();
        RandomStreams streams = RandomStreams.of(options.seed);
        CpuThreads.configureDefaults(); // the command line's thread policy, recorded in config.json
        try {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("episodes", episodes);
            settings.putAll(actionRepeat.asMap());
            RunConfig.write(out, "random", envId, options.seed, settings, null);
        } catch (IOException e) {
            folder.removeIfEmpty();
            throw e;
        }
        try (Environment env = actionRepeat.make(envSpec);
                EpisodeRecorder recorder = EpisodeRecorder.open(out, "random on " + envId
                        + " (seed " + options.seed + ")", episodes, "episodes")) {
            RandomAgent agent = new RandomAgent(env.actionSpace(), streams.child("agent").javaRandom());
            recorder.run(env, agent, episodes, streams.child("env").seed());
            EvaluationResult summary = recorder.summary();
            spec.commandLine().getOut().printf(
                    "random on %s: %d episodes, %d steps, return %.2f +- %.2f (min %.2f, max %.2f)%n"
                            + "wrote %s%n",
                    envId, episodes, recorder.totalSteps(), summary.meanReturn(), summary.stdReturn(),
                    summary.minReturn(), summary.maxReturn(), out.toAbsolutePath());
        } finally {
            folder.removeIfEmpty();
        }
        return 0;
    }
}
