package org.mbrl4j.examples.programs;

import org.mbrl4j.core.Environment;
import org.mbrl4j.core.RandomAgent;
import org.mbrl4j.core.Reset;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.loop.Evaluation;
import org.mbrl4j.core.loop.EvaluationResult;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.Envs;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The README's first snippet: make an environment, reset it with a seed, take a step, and evaluate a
 * random policy over seeded episodes.
 *
 * <pre>{@code java --add-modules jdk.incubator.vector -cp examples/target/mbrl4j.jar \
 *     org.mbrl4j.examples.programs.FirstSteps}</pre>
 */
public final class FirstSteps {

    private FirstSteps() {}

    /**
     * Prints the first step's reward and flags, then the random policy's mean return and its spread.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        // snippet:first-steps
        RandomStreams seeds = RandomStreams.of(42);
        try (Environment env = Envs.make("Pendulum-v1")) {           // TimeLimit(200) around Pendulum
            Reset reset = env.reset(42);                              // observation [3]: cos θ, sin θ, θ'
            Step step = env.step(Nd4j.createFromArray(1.5f));         // torque in N·m, clipped to [-2, 2]
            System.out.println(step.reward() + " " + step.terminated() + " " + step.truncated());

            RandomAgent agent = new RandomAgent(env.actionSpace(), seeds.child("agent").javaRandom());
            EvaluationResult result = Evaluation.evaluate(env, agent, 10, seeds.child("eval").seed());
            System.out.printf("random policy: %.1f +- %.1f%n", result.meanReturn(), result.stdReturn());
        }
        // end-snippet
    }
}
