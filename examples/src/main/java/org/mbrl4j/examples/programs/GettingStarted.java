package org.mbrl4j.examples.programs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.mbrl4j.core.Agent;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.RandomAgent;
import org.mbrl4j.core.Reset;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.buffer.Batch;
import org.mbrl4j.core.buffer.ReplayBuffer;
import org.mbrl4j.core.loop.RolloutSummary;
import org.mbrl4j.core.loop.Rollouts;
import org.mbrl4j.core.metrics.MetricsLogger;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.Envs;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The snippets of docs/getting-started.md ("Use the library"): an environment's reset and step, the seeded
 * random streams, and a run loop that fills a replay buffer, samples a batch and logs a metric.
 *
 * <pre>{@code java --add-modules jdk.incubator.vector -cp examples/target/mbrl4j.jar \
 *     org.mbrl4j.examples.programs.GettingStarted [RUN_DIR]}</pre>
 */
public final class GettingStarted {

    private GettingStarted() {}

    /**
     * Steps CartPole-v1 once, then collects 10 random episodes, samples a batch and logs the mean return.
     *
     * @param args optional folder for the metrics (default {@code runs/getting-started})
     * @throws IOException if the metrics cannot be written
     */
    public static void main(String[] args) throws IOException {
        Batch batch = run(Path.of(args.length > 0 ? args[0] : "runs/getting-started"));
        System.out.printf("sampled %d transitions%n", batch.size());
    }

    /**
     * @param runDir the folder that receives {@code metrics.csv} and {@code metrics.jsonl}
     * @return the batch of 256 transitions sampled from the random episodes
     * @throws IOException if the metrics cannot be written
     */
    public static Batch run(Path runDir) throws IOException {
        // snippet:environments
        Environment env = Envs.make("CartPole-v1");      // Gymnasium's registry time limit (500) applied
        Reset reset = env.reset(7);                      // seeds the environment's own generator
        INDArray obs = reset.observation();              // float32 [4]: x, x', θ, θ'
        Step step = env.step(Nd4j.scalar(1L));           // Discrete(2): push right
        if (step.terminated()) { /* task over: no bootstrap */ }
        if (step.truncated())  { /* time limit: bootstrap from step.observation() */ }
        // end-snippet
        System.out.printf("first observation %s, reward %.1f%n", obs, step.reward());

        // snippet:randomness
        RandomStreams root = RandomStreams.of(42);
        SplittableRandom agentRng = root.child("agent").javaRandom();
        org.nd4j.linalg.api.rng.Random member3 = root.child("ensemble").child(3).nd4jRandom();
        // end-snippet
        Agent agent = new RandomAgent(env.actionSpace(), agentRng);
        SplittableRandom rng = root.child("replay").javaRandom();

        try (env) {
            // snippet:run-loops
            ReplayBuffer buffer = ReplayBuffer.create(100_000, env.observationSpace(), env.actionSpace());
            RolloutSummary summary = Rollouts.collectEpisodes(env, agent, 10, 0L, buffer);
            Batch batch = buffer.sample(256, rng);          // [256, obsDim], [256, actDim], [256] ...

            try (MetricsLogger log = MetricsLogger.toDirectory(runDir, "metrics")) {
                log.log(Map.of("step", 1000, "return", summary.meanReturn()));
            }
            // end-snippet
            return batch;
        }
    }
}
