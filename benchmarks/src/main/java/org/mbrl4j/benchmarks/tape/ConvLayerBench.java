package org.mbrl4j.benchmarks.tape;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mbrl4j.tensor.CpuThreads;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.ConvOps;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Forward + backward (input, weight and bias gradients) of each layer of the conv autoencoder of
 * {@link ConvAutoencoderRun} (k4 s2 p1; 3-32-64-128-256 convolutions, then transposed convolutions back), float32,
 * on the im2col + GEMM path and on oneDNN (plain layouts, oneDNN-chosen layouts, and the default per-layer choice), in alternating rounds in one
 * process. The paths are switched with the system properties {@code mbrl4j.onednn} and
 * {@code mbrl4j.onednn.layout}, read at every call.
 *
 * <pre>
 * OMP_NUM_THREADS=2 java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     org.mbrl4j.benchmarks.tape.ConvLayerBench [--batch 64] [--rounds 5]
 * </pre>
 * Prints the median milliseconds per layer and path, and their sums (one autoencoder pass of the batch).
 */
public final class ConvLayerBench {

    private static final int[] CHANNELS = {3, 32, 64, 128, 256};
    private static final String[] PATHS = {"im2col", "onednn-plain", "onednn-any", "onednn-auto"};

    private ConvLayerBench() {
    }

    private record Layer(String name, boolean transposed, INDArray x, INDArray w, INDArray b, INDArray grad) {
    }

    /** @param args {@code --batch B} (default 64) and {@code --rounds R} (default 5) */
    public static void main(String[] args) {
        CpuThreads.configureDefaults(); // the command line's thread policy, which these numbers describe
        CpuThreads.configureDefaults(); // the command line's thread policy, which these numbers describe
        int batch = 64;
        int rounds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--batch": batch = Integer.parseInt(args[++i]); break;
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        SplittableRandom rng = new SplittableRandom(3);
        Layer[] layers = new Layer[8];
        for (int i = 0; i < 4; i++) {
            int size = 64 >> i;
            layers[i] = layer("conv " + CHANNELS[i] + "->" + CHANNELS[i + 1] + " " + size + "x" + size, false, rng,
                    new long[] {batch, CHANNELS[i], size, size}, new long[] {CHANNELS[i + 1], CHANNELS[i], 4, 4},
                    CHANNELS[i + 1], new long[] {batch, CHANNELS[i + 1], size / 2, size / 2});
        }
        for (int i = 0; i < 4; i++) {
            int in = CHANNELS[4 - i];
            int out = CHANNELS[3 - i];
            int size = 4 << i;
            layers[4 + i] = layer("deconv " + in + "->" + out + " " + size + "x" + size, true, rng,
                    new long[] {batch, in, size, size}, new long[] {in, out, 4, 4}, out,
                    new long[] {batch, out, 2 * size, 2 * size});
        }
        double[][][] ms = new double[PATHS.length][layers.length][rounds];
        double[][] cpu = new double[PATHS.length][layers.length];
        for (int r = -1; r < rounds; r++) {
            for (int p = 0; p < PATHS.length; p++) {
                select(PATHS[p]);
                for (int l = 0; l < layers.length; l++) {
                    long t0 = System.nanoTime();
                    double c0 = ProcessCpu.millis();
                    step(layers[l]);
                    double t = (System.nanoTime() - t0) / 1e6;
                    if (r >= 0) {
                        ms[p][l][r] = t;
                        cpu[p][l] += (ProcessCpu.millis() - c0) / rounds;
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "batch %d, %d rounds, median ms per forward+backward%n", batch, rounds);
        System.out.printf(Locale.ROOT, "%-26s", "layer");
        for (String p : PATHS) {
            System.out.printf(Locale.ROOT, "%14s", p);
        }
        System.out.println();
        double[] sums = new double[PATHS.length];
        for (int l = 0; l < layers.length; l++) {
            System.out.printf(Locale.ROOT, "%-26s", layers[l].name());
            for (int p = 0; p < PATHS.length; p++) {
                double m = median(ms[p][l]);
                sums[p] += m;
                System.out.printf(Locale.ROOT, "%14.2f", m);
            }
            System.out.println();
        }
        System.out.printf(Locale.ROOT, "%-26s", "sum (one pass)");
        for (double s : sums) {
            System.out.printf(Locale.ROOT, "%14.2f", s);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%nmean CPU ms per forward+backward (process, all threads; 10 ms ticks)%n");
        double[] cpuSums = new double[PATHS.length];
        for (int l = 0; l < layers.length; l++) {
            System.out.printf(Locale.ROOT, "%-26s", layers[l].name());
            for (int p = 0; p < PATHS.length; p++) {
                cpuSums[p] += cpu[p][l];
                System.out.printf(Locale.ROOT, "%14.1f", cpu[p][l]);
            }
            System.out.println();
        }
        System.out.printf(Locale.ROOT, "%-26s", "sum (one pass)");
        for (double s : cpuSums) {
            System.out.printf(Locale.ROOT, "%14.1f", s);
        }
        System.out.println();
    }

    private static Layer layer(String name, boolean transposed, SplittableRandom rng, long[] x, long[] w, long b,
            long[] y) {
        return new Layer(name, transposed, random(rng, 1, x), random(rng, 0.05, w), random(rng, 0.05, b),
                random(rng, 1, y));
    }

    private static void select(String path) {
        System.setProperty("mbrl4j.onednn", String.valueOf(!path.equals("im2col")));
        System.setProperty("mbrl4j.onednn.layout", path.startsWith("onednn-") ? path.substring(7) : "auto");
    }

    private static void step(Layer l) {
        // x needs a gradient too, as inside a network (all but the first layer)
        Var x = Var.input(l.x());
        Var w = Var.input(l.w());
        Var b = Var.input(l.b());
        try (Tape tape = Tape.open()) {
            Var y = l.transposed() ? ConvOps.convTranspose2d(x, w, b, 2, 1) : ConvOps.conv2d(x, w, b, 2, 1);
            tape.backward(y, l.grad());
        }
    }

    private static INDArray random(SplittableRandom rng, double scale, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (scale * (2 * rng.nextDouble() - 1));
        }
        return HostArrays.array(v, shape);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
