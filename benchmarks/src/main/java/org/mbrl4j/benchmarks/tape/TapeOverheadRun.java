package org.mbrl4j.benchmarks.tape;

import java.util.Arrays;
import java.util.Locale;
import org.mbrl4j.benchmarks.kernels.MlpKernelBenchmark;

/**
 * The tape's cost over the hand-written layers on the same training step, measured in one JVM: the MLP
 * 10-200x4-8 SiLU Adam step at batch 256 of {@link MlpKernelBenchmark} through the tape
 * ({@code tapeAdamStepB256}) and through {@code mbrl-models}' layers ({@code layersAdamStepB256}), in
 * alternating blocks of steps (which one goes first alternates too), so that both see the same machine state;
 * the ratio of each pair of blocks, then the median over the pairs. Separate JMH runs of the two measure them
 * a minute apart, and on a shared 2-core machine their difference moves by more than the tape's cost.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     org.mbrl4j.benchmarks.tape.TapeOverheadRun [--steps N] [--pairs P] [--warmup-s S]
 * </pre>
 * Defaults: blocks of 500 steps, 24 pairs, 15 s of warm-up (both paths, alternately). Threads as the
 * command line sets them ({@code MBRL4J_THREADS}). Prints the median milliseconds per step of each path,
 * the median ratio tape / layers and its quartiles.
 */
public final class TapeOverheadRun {

    private TapeOverheadRun() {
    }

    /**
     * @param args {@code --steps N} (steps per block, default 500), {@code --pairs P} (default 24),
     *             {@code --warmup-s S} (default 15)
     * @throws Exception if the benchmark's setup fails
     */
    public static void main(String[] args) throws Exception {
        int steps = 500;
        int pairs = 24;
        double warmupS = 15;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--steps" -> steps = positive("--steps", value);
                case "--pairs" -> pairs = positive("--pairs", value);
                case "--warmup-s" -> warmupS = positive("--warmup-s", value);
                default -> {
                    System.err.println("unknown option " + args[i] + " (--steps N, --pairs P, --warmup-s S)");
                    System.exit(2);
                }
            }
            i++;
        }
        MlpKernelBenchmark b = new MlpKernelBenchmark();
        b.setUp();
        long end = System.nanoTime() + (long) (warmupS * 1e9);
        while (System.nanoTime() < end) {
            b.tapeAdamStepB256();
            b.layersAdamStepB256();
        }
        double[] tape = new double[pairs];
        double[] layers = new double[pairs];
        double[] ratio = new double[pairs];
        for (int r = 0; r < pairs; r++) {
            boolean tapeFirst = r % 2 == 0;
            double first = block(b, tapeFirst, steps);
            double second = block(b, !tapeFirst, steps);
            tape[r] = tapeFirst ? first : second;
            layers[r] = tapeFirst ? second : first;
            ratio[r] = tape[r] / layers[r];
        }
        Arrays.sort(tape);
        Arrays.sort(layers);
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "tape %.3f ms, layers %.3f ms per step (medians of %d blocks of %d steps); "
                + "tape / layers: median %.3f, quartiles %.3f-%.3f%n", tape[pairs / 2], layers[pairs / 2], pairs, steps,
                ratio[pairs / 2], ratio[pairs / 4], ratio[(3 * pairs) / 4]);
        System.exit(0); // the library's worker threads are daemons; ND4J's are not all
    }

    /** @return milliseconds per step over one block */
    private static double block(MlpKernelBenchmark b, boolean tape, int steps) {
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            if (tape) {
                b.tapeAdamStepB256();
            } else {
                b.layersAdamStepB256();
            }
        }
        return (System.nanoTime() - t0) / 1e6 / steps;
    }

    private static int positive(String option, String value) {
        try {
            int v = Integer.parseInt(value);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println(option + " must be a positive integer, got " + value);
        System.exit(2);
        return 0;
    }
}
