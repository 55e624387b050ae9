package org.mbrl4j.benchmarks.envs;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Step;
import org.mbrl4j.envs.AbstractEnvironment;
import org.mbrl4j.envs.Envs;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Steps per CPU-second of the stepping thread, for each environment, through {@code Environment.step}
 * (from {@code Envs.make}) and through {@code AbstractEnvironment.stepInto}: the same loops as
 * {@link EnvStepBenchmark}, timed with the thread's CPU clock, which a machine shared with other jobs
 * disturbs far less than the wall clock. Best of five repetitions of {@code 100_000} steps (after a
 * warm-up). The CPU time of other threads (GC, JavaCPP's deallocator) is not counted.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.mbrl4j.benchmarks.envs.EnvStepCpuTime
 * </pre>
 */
public final class EnvStepCpuTime {

    private static final int STEPS = 100_000;

    private EnvStepCpuTime() {}

    /**
     * Prints a Markdown table row per environment.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.println("| id | step (INDArray) steps per CPU-s | stepInto steps per CPU-s |");
        System.out.println("|---|---|---|");
        for (String id : Envs.ids()) {
            Environment env = Envs.make(id);
            SplittableRandom rng = new SplittableRandom(0);
            INDArray[] actions = new INDArray[4096];
            float[][] raw = new float[actions.length][];
            for (int i = 0; i < actions.length; i++) {
                actions[i] = env.actionSpace().sample(rng);
                raw[i] = actions[i].castTo(DataType.FLOAT).reshape(-1).toFloatVector();
            }
            env.reset(0);
            double best = 0;
            for (int rep = 0; rep < 6; rep++) {
                long c0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < STEPS; i++) {
                    Step s = env.step(actions[i & 4095]);
                    if (s.done()) {
                        env.reset();
                    }
                }
                long c1 = mx.getCurrentThreadCpuTime();
                if (rep > 0) {
                    best = Math.max(best, STEPS / ((c1 - c0) / 1e9));
                }
            }
            AbstractEnvironment fast = (AbstractEnvironment) Envs.spec(id).makeUnwrapped();
            int limit = Envs.spec(id).maxEpisodeSteps();
            float[] obs = new float[fast.observationSpace().flatDim()];
            fast.resetInto(0, obs);
            double bestFast = 0;
            double sink = 0;
            int elapsed = 0;
            for (int rep = 0; rep < 6; rep++) {
                long c0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < 10 * STEPS; i++) {
                    sink += fast.stepInto(raw[i & 4095], obs);
                    if (fast.isTerminated() || ++elapsed >= limit) {
                        fast.resetInto(obs);
                        elapsed = 0;
                    }
                }
                long c1 = mx.getCurrentThreadCpuTime();
                if (rep > 0) {
                    bestFast = Math.max(bestFast, 10 * STEPS / ((c1 - c0) / 1e9));
                }
            }
            System.out.printf("| %s | %,.0f | %,.0f |%s%n", id, best, bestFast, Double.isNaN(sink) ? " NaN" : "");
        }
    }
}
