package org.mbrl4j.benchmarks.tape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mbrl4j.models.nn.Gradients;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.CpuThreads;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.ConvOps;
import org.mbrl4j.tensor.autodiff.Losses;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.Initializers;
import org.mbrl4j.tensor.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Forward and backward passes of a convolutional autoencoder on the tape, the same model as
 * {@code benchmarks/python/torch_tape_bench.py --case conv}: encoder {@code Conv2d k4 s2 p1} 3 -> 32 -> 64 -> 128
 * -> 256 with SiLU after each, decoder {@code ConvTranspose2d k4 s2 p1} 256 -> 128 -> 64 -> 32 -> 3 with SiLU after
 * each but the last, MSE against the input; 1024 frames of 3 x 64 x 64 in chunks, no optimiser step.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     org.mbrl4j.benchmarks.tape.ConvAutoencoderRun [--chunk 256] [--rounds 3]
 * </pre>
 * Prints the median milliseconds per 1024 frames over the timed rounds, after one warm-up round, and the median
 * CPU time of the process (all threads, native ones included), which a loaded machine distorts less.
 */
public final class ConvAutoencoderRun {

    private static final int[] CHANNELS = {3, 32, 64, 128, 256};

    private final List<Parameter> encoder = new ArrayList<>();
    private final List<Parameter> decoder = new ArrayList<>();

    ConvAutoencoderRun(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < 4; i++) {
            INDArray w = Nd4j.zeros(DataType.FLOAT, CHANNELS[i + 1], CHANNELS[i], 4, 4);
            Initializers.torchDefault().initialize(w, CHANNELS[i] * 16L, CHANNELS[i + 1] * 16L, rng);
            encoder.add(new Parameter("enc" + i + ".weight", w));
            encoder.add(new Parameter("enc" + i + ".bias", Nd4j.zeros(DataType.FLOAT, CHANNELS[i + 1])));
        }
        for (int i = 0; i < 4; i++) {
            int in = CHANNELS[4 - i];
            int out = CHANNELS[3 - i];
            INDArray w = Nd4j.zeros(DataType.FLOAT, in, out, 4, 4);
            Initializers.torchDefault().initialize(w, out * 16L, in * 16L, rng);
            decoder.add(new Parameter("dec" + i + ".weight", w));
            decoder.add(new Parameter("dec" + i + ".bias", Nd4j.zeros(DataType.FLOAT, out)));
        }
    }

    List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(encoder);
        all.addAll(decoder);
        return all;
    }

    double pass(INDArray frames, int chunk) {
        long n = frames.size(0);
        double total = 0;
        for (long from = 0; from < n; from += chunk) {
            INDArray x = frames.get(NDArrayIndex.interval(from, from + chunk)).dup();
            try (Tape tape = Tape.open()) {
                Var h = Var.constant(x);
                for (int i = 0; i < 4; i++) {
                    h = ConvOps.conv2d(h, Var.of(encoder.get(2 * i)), Var.of(encoder.get(2 * i + 1)), 2, 1)
                            .act(Activation.SILU);
                }
                for (int i = 0; i < 4; i++) {
                    h = ConvOps.convTranspose2d(h, Var.of(decoder.get(2 * i)), Var.of(decoder.get(2 * i + 1)), 2, 1);
                    if (i < 3) {
                        h = h.act(Activation.SILU);
                    }
                }
                Var loss = Losses.mse(h, Var.constant(x)).mean().mul((double) chunk / n);
                total += loss.item();
                tape.backward(loss);
            }
        }
        return total;
    }

    /**
     * @param args {@code --chunk C} (frames per pass, divides 1024; default 256) and {@code --rounds R}
     */
    public static void main(String[] args) {
        CpuThreads.configureDefaults(); // the command line's thread policy, which these numbers describe
        CpuThreads.configureDefaults(); // the command line's thread policy, which these numbers describe
        int chunk = 256;
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--chunk": chunk = Integer.parseInt(args[++i]); break;
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (chunk <= 0 || 1024 % chunk != 0) {
            throw new IllegalArgumentException("--chunk must divide 1024: " + chunk);
        }
        ConvAutoencoderRun run = new ConvAutoencoderRun(0);
        SplittableRandom data = new SplittableRandom(1);
        float[] pixels = new float[1024 * 3 * 64 * 64];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) data.nextDouble();
        }
        INDArray frames = HostArrays.array(pixels, 1024, 3, 64, 64);
        long params = 0;
        for (Parameter p : run.parameters()) {
            params += p.value().length();
        }
        System.out.printf(Locale.ROOT, "conv autoencoder: %d parameters, chunk %d%n", params, chunk);
        run.pass(frames, chunk);
        Gradients.zero(run.parameters());
        double[] ms = new double[rounds];
        double[] cpu = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            double c0 = ProcessCpu.millis();
            run.pass(frames, chunk);
            ms[r] = (System.nanoTime() - t0) / 1e6;
            cpu[r] = ProcessCpu.millis() - c0;
            Gradients.zero(run.parameters());
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double[] cpuSorted = cpu.clone();
        Arrays.sort(cpuSorted);
        System.out.printf(Locale.ROOT, "conv 1024 frames: median %.0f ms (rounds %s); CPU time, all threads: median %.0f ms%n",
                sorted[rounds / 2], Arrays.toString(ms), cpuSorted[rounds / 2]);
    }
}
