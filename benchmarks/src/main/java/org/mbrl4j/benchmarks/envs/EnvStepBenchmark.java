package org.mbrl4j.benchmarks.envs;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Step;
import org.mbrl4j.envs.AbstractEnvironment;
import org.mbrl4j.envs.Envs;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Steps per second of each registered environment, with pre-drawn random actions and a reset whenever
 * an episode ends, as {@code benchmarks/python/gymnasium_step_rate.py} does for Gymnasium. One thread.
 *
 * <ul>
 *   <li>{@link #step()}: the {@code Environment} API from {@code Envs.make(id)}: {@code TimeLimit}
 *       wrapper, action checks, a fresh float32 INDArray observation and a {@code Step} per step.
 *   <li>{@link #stepInto()}: the allocation-free {@code AbstractEnvironment.stepInto} path on the
 *       unwrapped environment (same physics and checks, plain float arrays), with the time limit counted
 *       by the benchmark.
 * </ul>
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar EnvStep -f 1 -wi 2 -i 3 -w 1 -r 1
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class EnvStepBenchmark {

    /** The environment id. */
    @Param({"CartPole-v1", "Pendulum-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1",
        "CartPoleContinuous-v0", "CartPoleSwingUp-v0"})
    public String id;

    private Environment env;
    private INDArray[] actions;
    private int next;

    private AbstractEnvironment raw;
    private float[][] rawActions;
    private float[] observation;
    private int limit;
    private int elapsed;

    /** Creates the environment and 4096 random actions from its action space. */
    @Setup
    public void setUp() {
        env = Envs.make(id);
        SplittableRandom rng = new SplittableRandom(0);
        actions = new INDArray[4096];
        for (int i = 0; i < actions.length; i++) {
            actions[i] = env.actionSpace().sample(rng);
        }
        env.reset(0);

        raw = (AbstractEnvironment) Envs.spec(id).makeUnwrapped();
        limit = Envs.spec(id).maxEpisodeSteps();
        rawActions = new float[actions.length][];
        for (int i = 0; i < actions.length; i++) {
            rawActions[i] = actions[i].castTo(DataType.FLOAT).reshape(-1).toFloatVector();
        }
        observation = new float[raw.observationSpace().flatDim()];
        raw.resetInto(0, observation);
    }

    /**
     * One environment step, and a reset when the episode ends.
     *
     * @return the step, so that JMH keeps it alive
     */
    @Benchmark
    public Step step() {
        Step s = env.step(actions[next++ & (actions.length - 1)]);
        if (s.terminated() || s.truncated()) {
            env.reset();
        }
        return s;
    }

    /**
     * One allocation-free step, and a reset when the episode terminates or reaches the registry's limit.
     *
     * @return the reward, so that JMH keeps the work alive
     */
    @Benchmark
    public double stepInto() {
        double reward = raw.stepInto(rawActions[next++ & (rawActions.length - 1)], observation);
        if (raw.isTerminated() || ++elapsed >= limit) {
            raw.resetInto(observation);
            elapsed = 0;
        }
        return reward;
    }
}
