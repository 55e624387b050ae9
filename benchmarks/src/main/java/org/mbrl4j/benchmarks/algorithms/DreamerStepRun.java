package org.mbrl4j.benchmarks.algorithms;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mbrl4j.algorithms.dreamer.Dreamer;
import org.mbrl4j.algorithms.dreamer.DreamerConfig;
import org.mbrl4j.core.Transition;
import org.mbrl4j.core.buffer.SequenceBatch;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.core.spaces.Box;
import org.mbrl4j.tensor.CpuThreads;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One Dreamer training update ({@link Dreamer#update(SequenceBatch)}: world model, imagination, actor, critic and
 * the slow critic's EMA) with {@link DreamerConfig#small()} on one fixed batch of 16 windows of 64 transitions,
 * the same model and update as {@code benchmarks/python/torch_dreamer.py --case vector|conv}:
 * <ul>
 *   <li>{@code vector}: Pendulum-v1's sizes, observation 3 and action 1 (the MLP encoder and decoder);</li>
 *   <li>{@code conv}: {@code [3, S, S]} images in {@code [0, 1]} ({@code S = --image-size}, default 32) and action 1,
 *       as {@code mbrl4j dreamer --pixels --image-size S} builds it (the same preset; the conv encoder and decoder
 *       of depth 16 with {@code log2(S) - 2} stride-2 stages down to 4x4). The default is 32 rather than the
 *       command's 64 because a 64x64 update takes tens of seconds per call on one thread.</li>
 * </ul>
 * The replay is filled once with random transitions (episodes of 200 steps) and the batch is drawn from it once.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     org.mbrl4j.benchmarks.algorithms.DreamerStepRun --case vector|conv [--image-size 32] [--rounds 5]
 *     [--calls 5] [--warmup-s 20] [--check]
 * </pre>
 * With {@code --check}, runs one update from the initial weights and prints its losses instead of timing (the
 * same line as {@code torch_dreamer.py --check}). Prints the number of trainable parameters (world model, actor and critic; the slow critic is not trained) and
 * the median milliseconds per call over {@code --rounds} rounds of {@code --calls} calls, after untimed calls for
 * {@code --warmup-s} seconds (at least one).
 */
public final class DreamerStepRun {

    private DreamerStepRun() {
    }

    /**
     * @param args see the class comment
     */
    public static void main(String[] args) {
        CpuThreads.configureDefaults(); // the command line's thread policy, which these numbers describe
        String kind = null;
        int rounds = 5;
        int calls = 5;
        double warmupSeconds = 20;
        int imageSize = 32;
        boolean check = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--case": kind = args[++i]; break;
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                case "--calls": calls = Integer.parseInt(args[++i]); break;
                case "--warmup-s": warmupSeconds = Double.parseDouble(args[++i]); break;
                case "--image-size": imageSize = Integer.parseInt(args[++i]); break;
                case "--check": check = true; break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!"vector".equals(kind) && !"conv".equals(kind)) {
            throw new IllegalArgumentException("--case must be vector or conv: " + kind);
        }
        boolean conv = kind.equals("conv");
        long[] obsShape = conv ? new long[] {3, imageSize, imageSize} : new long[] {3};
        int obsSize = (int) Arrays.stream(obsShape).reduce(1, (a, b) -> a * b);
        Box obsSpace = conv ? Box.uniform(0, 1, obsShape) : Box.uniform(-8, 8, obsShape);
        int stored = conv ? 400 : 2000;
        // the small preset; only the replay's capacity changes (the model and the update are the preset's)
        DreamerConfig config = DreamerConfig.small().toBuilder().bufferSize(stored).trainStart(1_000_000).build();
        Dreamer dreamer = new Dreamer(obsSpace, Box.of(new double[] {-2}, new double[] {2}), config,
                RandomStreams.of(0));
        SplittableRandom data = new SplittableRandom(1);
        INDArray obs = observation(data, conv, obsShape, obsSize);
        for (int t = 0; t < stored; t++) {
            INDArray next = observation(data, conv, obsShape, obsSize);
            boolean end = t % 200 == 199;
            dreamer.replayBuffer().add(new Transition(obs, Nd4j.createFromArray((float) data.nextDouble(-2, 2)),
                    -10 * data.nextDouble(), next, false, end));
            obs = next;
        }
        SequenceBatch batch = dreamer.replayBuffer().sampleSequences(config.batchSize(), config.batchLength(),
                new SplittableRandom(2));
        long params = count(dreamer.model().parameters()) + count(dreamer.actor().parameters())
                + count(dreamer.critic().parameters());
        String name = conv ? "conv " + imageSize + "x" + imageSize : "vector";
        Runnable call = () -> dreamer.update(batch);
        if (check) {
            call.run();
            StringBuilder line = new StringBuilder("dreamer update " + name + ": " + params
                    + " trainable parameters; first update:");
            new java.util.TreeMap<>(dreamer.drainMetrics()).forEach((k, v) ->
                    line.append(String.format(Locale.ROOT, " %s %.4f", k, v)));
            System.out.println(line);
            return;
        }
        CallTimer t = CallTimer.time(call, warmupSeconds, rounds, calls);
        System.out.printf(Locale.ROOT, "dreamer update %s: %d trainable parameters; median %.3f ms per call over %d "
                + "rounds of %d calls %s (after %d warm-up calls); the tape's array pool holds %.0f MB%n", name,
                params, t.median(), rounds, calls, Arrays.toString(t.ms()), t.warmupCalls(),
                org.mbrl4j.tensor.autodiff.Tape.pooledBytes() / 1e6);
    }

    private static INDArray observation(SplittableRandom data, boolean conv, long[] shape, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = conv ? (float) data.nextDouble() : (float) data.nextGaussian();
        }
        return Nd4j.createFromArray(v).reshape(shape);
    }

    private static long count(List<Parameter> ps) {
        return ps.stream().mapToLong(Parameter::size).sum();
    }
}
