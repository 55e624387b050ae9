package org.mbrl4j.benchmarks.planners;

import java.util.Arrays;
import org.mbrl4j.algorithms.pets.PetsConfig;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.Activations;
import org.mbrl4j.tensor.Broadcast;
import org.mbrl4j.tensor.CpuThreads;
import org.mbrl4j.tensor.Gemm;
import org.mbrl4j.models.dynamics.GaussianEnsembleConfig;
import org.mbrl4j.planners.CemConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The kernel floor of one CEM action with {@link PetsConfig#cartpoleContinuous()}: the same products and
 * activations as {@link CemActionBenchmark} ({@code iterations x horizon} model steps, each a 5-layer pass of
 * the 5 elite members on {@code populationSize x particles / 5} rows per member, {@code [5, 1400, 5]} into
 * {@code 4 x 200} SiLU layers and an 8-wide output), and nothing else: no sampling, normalisation, rewards,
 * propagation or optimiser work. It prints the time of the products alone and of products plus the fused
 * bias + activation passes, so that a whole action's time can be set against what its arithmetic costs on
 * the machine (docs/benchmarks.md). Also the same for one forward of the whole ensemble {@code [7, 1000, 5]}
 * (the {@code PetsModelBench} forward case) and for the layers of one training epoch of that benchmark (40
 * batches of {@code [7, 256, 5]}: the forward products, the weight- and input-gradient products of the
 * backward pass, and with them the bias + SiLU passes and their backward; no loss, bias gradients or Adam).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*"
 * org.mbrl4j.benchmarks.planners.CemKernelFloor [repeats]}.
 */
public final class CemKernelFloor {

    private CemKernelFloor() {}

    /**
     * @param args optional number of timed repeats (default 5; 2 warm-up runs precede them)
     */
    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        CpuThreads.configureDefaults();
        PetsConfig cfg = PetsConfig.cartpoleContinuous();
        GaussianEnsembleConfig mc = cfg.model();
        CemConfig cem = (CemConfig) cfg.optimizer();
        int[] dims = CemActionBenchmark.layerSizes(mc);
        int members = mc.ensembleSize();
        int[] elites = new int[mc.numElites()];
        for (int i = 0; i < elites.length; i++) {
            elites[i] = i;
        }
        int steps = cem.iterations() * cfg.horizon();
        int rowsPerElite = cem.populationSize() * cfg.particles() / elites.length;
        Net net = new Net(dims, members);

        Pass action = new Pass(dims, elites.length, rowsPerElite);
        double actionFlops = steps * action.flops();
        report("CEM action kernels (" + steps + " steps of [" + elites.length + ", " + rowsPerElite + ", 5])",
                actionFlops, repeats, () -> {
                    for (int s = 0; s < steps; s++) {
                        action.run(net, elites, false);
                    }
                }, () -> {
                    for (int s = 0; s < steps; s++) {
                        action.run(net, elites, true);
                    }
                });
        Pass forward = new Pass(dims, members, 1000);
        int[] all = new int[members];
        for (int i = 0; i < members; i++) {
            all[i] = i;
        }
        int inner = 20;
        report("ensemble forward [7, 1000, 5] (x" + inner + ")", inner * forward.flops(), repeats, () -> {
            for (int s = 0; s < inner; s++) {
                forward.run(net, all, false);
            }
        }, () -> {
            for (int s = 0; s < inner; s++) {
                forward.run(net, all, true);
            }
        });
        reportEpoch(dims, net, members, repeats);
    }

    private static void reportEpoch(int[] dims, Net net, int members, int repeats) {
        int batches = 40;
        Pass pass = new Pass(dims, members, 256);
        INDArray[] gradOut = new INDArray[dims.length - 1];
        INDArray[] gradIn = new INDArray[dims.length - 1];
        INDArray[] gradW = new INDArray[dims.length - 1];
        for (int i = 0; i < gradOut.length; i++) {
            gradOut[i] = Nd4j.rand(DataType.FLOAT, members, 256, dims[i + 1]).subi(0.5);
            gradIn[i] = Nd4j.create(DataType.FLOAT, members, 256, dims[i]);
            gradW[i] = Nd4j.create(DataType.FLOAT, members, dims[i], dims[i + 1]);
        }
        int[] all = new int[members];
        for (int i = 0; i < members; i++) {
            all[i] = i;
        }
        // forward 2 r d_i d_o per layer; backward: dW = X^T G (all layers) and dX = G W^T (all but the first)
        double flops = 0;
        for (int i = 0; i + 1 < dims.length; i++) {
            flops += 2.0 * members * 256 * dims[i] * dims[i + 1] * (i == 0 ? 2 : 3);
        }
        double total = batches * flops;
        report("training epoch layers (" + batches + " batches of [" + members + ", 256, 5], forward + backward)",
                total, repeats, () -> {
                    for (int q = 0; q < batches; q++) {
                        pass.run(net, all, false);
                        backward(pass, net, gradOut, gradIn, gradW, false);
                    }
                }, () -> {
                    for (int q = 0; q < batches; q++) {
                        pass.run(net, all, true);
                        backward(pass, net, gradOut, gradIn, gradW, true);
                    }
                });
    }

    /** The gradient into the last layer is {@code gradOut[last]}; each earlier one comes from the layer above. */
    private static void backward(Pass pass, Net net, INDArray[] gradOut, INDArray[] gradIn, INDArray[] gradW,
            boolean activations) {
        int last = gradOut.length - 1;
        for (int i = last; i >= 0; i--) {
            INDArray g = gradOut[i];
            if (i < last) {
                if (activations) {
                    Activations.backward(pass.pre[i], Activation.SILU, gradIn[i + 1], g);
                } else {
                    g = gradIn[i + 1];
                }
            }
            INDArray x = i == 0 ? pass.input : (activations ? pass.post[i - 1] : pass.pre[i - 1]);
            Gemm.batchedGemm(x, true, g, false, gradW[i], 1f, 0f);
            if (i > 0) {
                Gemm.batchedGemm(g, false, net.w[i], true, gradIn[i], 1f, 0f);
            }
        }
    }

    private static void report(String what, double flops, int repeats, Runnable products, Runnable layers) {
        double[] p = time(products, repeats);
        double[] l = time(layers, repeats);
        System.out.printf("%s: %.1f GFLOP; products alone median %.1f ms (%.1f GFLOP/s, min %.1f); "
                + "products + bias + activations median %.1f ms (min %.1f)%n", what, flops / 1e9, p[repeats / 2],
                flops / p[repeats / 2] / 1e6, p[0], l[repeats / 2], l[0]);
    }

    private static double[] time(Runnable r, int repeats) {
        for (int i = 0; i < 2; i++) {
            r.run();
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    /** Weights {@code [E, d_i, d_{i+1}]} and biases {@code [E, 1, d_{i+1}]}, uniform in +-1/sqrt(d_i). */
    private static final class Net {
        final INDArray[] w;
        final INDArray[] b;

        Net(int[] dims, int members) {
            w = new INDArray[dims.length - 1];
            b = new INDArray[dims.length - 1];
            try (Random rng = RandomStreams.of(7).nd4jRandom()) {
                for (int i = 0; i < w.length; i++) {
                    double bound = 1 / Math.sqrt(dims[i]);
                    w[i] = Nd4j.rand(Nd4j.create(DataType.FLOAT, members, dims[i], dims[i + 1]), -bound, bound, rng);
                    b[i] = Nd4j.rand(Nd4j.create(DataType.FLOAT, members, 1, dims[i + 1]), -bound, bound, rng);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The buffers of one pass of {@code k} members on {@code rows} rows each. */
    private static final class Pass {
        final int[] dims;
        final INDArray input;
        final INDArray[] pre;
        final INDArray[] post;
        final INDArray[] bias;
        final long rows;

        Pass(int[] dims, int k, int rows) {
            this.dims = dims;
            this.rows = (long) k * rows;
            input = Nd4j.rand(DataType.FLOAT, k, rows, dims[0]).subi(0.5);
            pre = new INDArray[dims.length - 1];
            post = new INDArray[dims.length - 1];
            bias = new INDArray[dims.length - 1];
            for (int i = 0; i < pre.length; i++) {
                pre[i] = Nd4j.create(DataType.FLOAT, k, rows, dims[i + 1]);
                post[i] = Nd4j.create(DataType.FLOAT, k, rows, dims[i + 1]);
                bias[i] = Nd4j.create(DataType.FLOAT, k, 1, dims[i + 1]);
            }
        }

        double flops() {
            double f = 0;
            for (int i = 0; i + 1 < dims.length; i++) {
                f += 2.0 * rows * dims[i] * dims[i + 1];
            }
            return f;
        }

        /** The layers as {@code EnsembleLinear.forwardMembers} runs them: product, then bias + activation. */
        void run(Net net, int[] members, boolean activations) {
            INDArray in = input;
            for (int i = 0; i < pre.length; i++) {
                Gemm.batchedGemm(in, false, net.w[i], members, false, pre[i], 1f, 0f);
                boolean last = i == pre.length - 1;
                if (activations) {
                    Broadcast.rows(net.b[i], members, bias[i]); // the listed members' biases, as the layer
                    Activations.addBiasActivate(pre[i], bias[i], last ? Activation.IDENTITY : Activation.SILU,
                            last ? pre[i] : post[i]);
                }
                in = last || !activations ? pre[i] : post[i];
            }
        }
    }
}
