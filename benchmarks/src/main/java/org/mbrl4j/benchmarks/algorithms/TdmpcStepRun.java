package org.mbrl4j.benchmarks.algorithms;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mbrl4j.algorithms.tdmpc.Tdmpc;
import org.mbrl4j.algorithms.tdmpc.TdmpcConfig;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.tensor.CpuThreads;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * TD-MPC2's two hot paths on Pendulum-v1's sizes (observation 3, action 1, 200-step episodes): one training
 * update ({@link Tdmpc#update()} on {@code batchSize} windows of {@code horizon} steps from a buffer of random
 * transitions) and one planning step ({@link Tdmpc#act} in training mode), the same model and planner as
 * {@code benchmarks/python/torch_tdmpc.py --case update|act --size tiny|small|1m}.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     org.mbrl4j.benchmarks.algorithms.TdmpcStepRun --case update|act [--size tiny|small|1m] [--rounds 5]
 *     [--calls 20] [--warmup-s 15]
 * </pre>
 * Prints the median milliseconds per call over {@code --rounds} rounds of {@code --calls} calls, after untimed
 * calls for {@code --warmup-s} seconds (the tape's code needs about that long to be compiled by C2).
 */
public final class TdmpcStepRun {

    private TdmpcStepRun() {
    }

    /**
     * @param args see the class comment
     */
    public static void main(String[] args) {
        CpuThreads.configureDefaults(); // the command line's thread policy, which these numbers describe
        String kind = null;
        String size = "tiny";
        int rounds = 5;
        int calls = 20;
        double warmupSeconds = 15;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--case": kind = args[++i]; break;
                case "--size": size = args[++i]; break;
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                case "--calls": calls = Integer.parseInt(args[++i]); break;
                case "--warmup-s": warmupSeconds = Double.parseDouble(args[++i]); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!"update".equals(kind) && !"act".equals(kind)) {
            throw new IllegalArgumentException("--case must be update or act: " + kind);
        }
        TdmpcConfig base = switch (size) {
            case "tiny" -> TdmpcConfig.tiny();
            case "small" -> TdmpcConfig.small();
            case "1m" -> TdmpcConfig.size1M();
            default -> throw new IllegalArgumentException("--size must be tiny, small or 1m: " + size);
        };
        // no updates from observe: the buffer is filled directly
        Tdmpc tdmpc = new Tdmpc(3, Box.of(new double[] {-2}, new double[] {2}), 200,
                base.toBuilder().seedSteps(1_000_000).bufferSize(10_000).build(), RandomStreams.of(0));
        SplittableRandom data = new SplittableRandom(1);
        float[] obs = {1, 0, 0};
        for (int t = 0; t < 2000; t++) {
            float[] next = {(float) data.nextGaussian(), (float) data.nextGaussian(), (float) data.nextGaussian()};
            boolean end = t % 200 == 199;
            tdmpc.replayBuffer().add(new Transition(Nd4j.createFromArray(obs),
                    Nd4j.createFromArray((float) data.nextDouble(-2, 2)), -10 * data.nextDouble(),
                    Nd4j.createFromArray(next), false, end));
            obs = next;
        }
        var one = Nd4j.createFromArray(0.5f, -0.5f, 0.1f).castTo(DataType.FLOAT);
        Runnable call = kind.equals("update") ? tdmpc::update : () -> tdmpc.act(one, false, false);
        CallTimer t = CallTimer.time(call, warmupSeconds, rounds, calls);
        System.out.printf(Locale.ROOT, "tdmpc %s %s: median %.3f ms per call over %d rounds of %d calls %s "
                + "(after %d warm-up calls)%n", kind, size, t.median(), rounds, calls, Arrays.toString(t.ms()),
                t.warmupCalls());
    }
}
