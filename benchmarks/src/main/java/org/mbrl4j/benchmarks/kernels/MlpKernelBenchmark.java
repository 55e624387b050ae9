package org.mbrl4j.benchmarks.kernels;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.Activations;
import org.mbrl4j.tensor.Broadcast;
import org.mbrl4j.tensor.CpuThreads;
import org.mbrl4j.tensor.Gemm;
import org.mbrl4j.models.nn.Adam;
import org.mbrl4j.models.nn.Gradients;
import org.mbrl4j.tensor.autodiff.Losses;
import org.mbrl4j.tensor.autodiff.Tape;
import org.mbrl4j.tensor.autodiff.Var;
import org.mbrl4j.tensor.nn.DenseStack;
import org.mbrl4j.models.nn.AdamConfig;
import org.mbrl4j.models.nn.Mlp;
import org.mbrl4j.models.nn.Sequential;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 10-200-200-200-200-8 SiLU MLP timed two ways against PyTorch (benchmarks/scripts/torch_kernels.py times
 * the same network): a BENCHMARK-ONLY composition written directly on mbrl4j's kernels ({@link Gemm},
 * {@link Activations}), and the library's own layers and optimiser ({@link Mlp}, {@link Adam}).
 * <ul>
 *   <li>{@code forwardB2500}: inference at batch 2500 (GEMM, then fused bias + SiLU in place).</li>
 *   <li>{@code forwardB2500BiasFirst}: the other order (bias rows, product with {@code beta = 1}, SiLU in
 *       place), which the library's {@code Linear} does not use.</li>
 *   <li>{@code layersForwardB2500}, {@code layersAdamStepB256}: the same forward ({@link Sequential#infer})
 *       and training step through {@link Mlp}'s {@link Sequential} and {@link Adam} (with its global-norm
 *       computation); {@code layersForwardKeepB2500}: the forward that keeps the pre-activations.</li>
 *   <li>{@code adamStepB256}: one training step at batch 256: forward keeping pre-activations, MSE loss
 *       gradient, backward (weight gradients {@code h^T g}, bias gradients as {@code 1^T g}, input
 *       gradients {@code g W^T} times SiLU'), and Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8) in plain Java
 *       over the parameter buffers.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MlpKernelBenchmark {

    private static final int[] DIMS = {10, 200, 200, 200, 200, 8};
    private static final int L = DIMS.length - 1;
    private static final Activation ACT = Activation.SILU;

    private final INDArray[] w = new INDArray[L];
    private final INDArray[] b = new INDArray[L];
    private final INDArray[] gw = new INDArray[L];
    private final INDArray[] gb = new INDArray[L];
    private final INDArray[] mw = new INDArray[L];
    private final INDArray[] vw = new INDArray[L];
    private final INDArray[] mb = new INDArray[L];
    private final INDArray[] vb = new INDArray[L];
    private Sequential layersInfer;
    private Sequential layersTrain;
    private Adam layersAdam;
    private DenseStack tapeNet;
    private Adam tapeAdam;
    private Var tapeX;
    private Var tapeY;
    private INDArray layersGrad;
    private Pass inference;
    private Pass training;
    private INDArray xInfer;
    private INDArray xTrain;
    private INDArray yTrain;
    private INDArray ones;
    private int step;

    /** Activations of one batch size: pre-activations z and outputs h per layer, gradients g. */
    private static final class Pass {
        final INDArray[] z = new INDArray[L];
        final INDArray[] h = new INDArray[L];
        final INDArray[] g = new INDArray[L];

        Pass(int batch) {
            for (int i = 0; i < L; i++) {
                z[i] = Nd4j.create(DataType.FLOAT, batch, DIMS[i + 1]);
                h[i] = Nd4j.create(DataType.FLOAT, batch, DIMS[i + 1]);
                g[i] = Nd4j.create(DataType.FLOAT, batch, DIMS[i + 1]);
            }
        }
    }

    /**
     * PyTorch-style initialisation (uniform +-1/sqrt(fan_in)) and random data from a fixed seed.
     *
     * @throws Exception if closing the generator fails
     */
    @Setup
    public void setUp() throws Exception {
        CpuThreads.configureDefaults(); // the command line's thread policy, which these numbers describe
        try (Random rng = RandomStreams.of(2029).nd4jRandom()) {
            for (int i = 0; i < L; i++) {
                double bound = 1 / Math.sqrt(DIMS[i]);
                w[i] = Nd4j.rand(Nd4j.create(DataType.FLOAT, DIMS[i], DIMS[i + 1]), -bound, bound, rng);
                b[i] = Nd4j.rand(Nd4j.create(DataType.FLOAT, DIMS[i + 1]), -bound, bound, rng);
                gw[i] = Nd4j.create(DataType.FLOAT, DIMS[i], DIMS[i + 1]);
                gb[i] = Nd4j.create(DataType.FLOAT, 1, DIMS[i + 1]);
                mw[i] = Nd4j.create(DataType.FLOAT, DIMS[i], DIMS[i + 1]);
                vw[i] = Nd4j.create(DataType.FLOAT, DIMS[i], DIMS[i + 1]);
                mb[i] = Nd4j.create(DataType.FLOAT, 1, DIMS[i + 1]);
                vb[i] = Nd4j.create(DataType.FLOAT, 1, DIMS[i + 1]);
            }
            xInfer = Nd4j.randn(0.0, 1.0, Nd4j.create(DataType.FLOAT, 2500, DIMS[0]), rng);
            xTrain = Nd4j.randn(0.0, 1.0, Nd4j.create(DataType.FLOAT, 256, DIMS[0]), rng);
            yTrain = Nd4j.randn(0.0, 1.0, Nd4j.create(DataType.FLOAT, 256, DIMS[L]), rng);
        }
        ones = Nd4j.ones(DataType.FLOAT, 1, 256);
        layersInfer = Mlp.builder(DIMS[0], DIMS[L]).hidden(DIMS[1], L - 1).activation(ACT)
                .build(new SplittableRandom(2029));
        layersTrain = Mlp.builder(DIMS[0], DIMS[L]).hidden(DIMS[1], L - 1).activation(ACT)
                .build(new SplittableRandom(2030));
        layersAdam = new Adam(layersTrain.parameters(), AdamConfig.adam(1e-3, 0));
        layersGrad = Nd4j.create(DataType.FLOAT, 256, DIMS[L]);
        tapeNet = DenseStack.builder("tape", DIMS[0], DIMS[L]).hidden(DIMS[1], L - 1).activation(ACT)
                .build(new SplittableRandom(2030));
        tapeAdam = new Adam(tapeNet.parameters(), AdamConfig.adam(1e-3, 0));
        tapeX = Var.constant(xTrain);
        tapeY = Var.constant(yTrain);
        inference = new Pass(2500);
        training = new Pass(256);
    }

    /** @return the network's output [2500, 8] */
    @Benchmark
    public INDArray forwardB2500() {
        INDArray in = xInfer;
        for (int i = 0; i < L; i++) {
            INDArray out = inference.h[i];
            Gemm.gemm(in, false, w[i], false, out, 1f, 0f);
            Activations.addBiasActivate(out, b[i], i < L - 1 ? ACT : Activation.IDENTITY);
            in = out;
        }
        return in;
    }

    /**
     * The forward of {@code mbrl-models}' layers: bias rows copied ({@link Broadcast#rows}), the product
     * accumulated onto them ({@code beta = 1}), then the activation in place.
     *
     * @return the network's output [2500, 8]
     */
    @Benchmark
    public INDArray forwardB2500BiasFirst() {
        INDArray in = xInfer;
        for (int i = 0; i < L; i++) {
            INDArray out = inference.h[i];
            Broadcast.rows(b[i].reshape(1, b[i].length()), null, out);
            Gemm.gemm(in, false, w[i], false, out, 1f, 1f);
            if (i < L - 1) {
                Activations.activate(out, ACT, out);
            }
            in = out;
        }
        return in;
    }

    /** @return the last layer's output after the step's forward pass [256, 8] */
    @Benchmark
    public INDArray adamStepB256() {
        Pass p = training;
        INDArray in = xTrain;
        for (int i = 0; i < L; i++) {
            Gemm.gemm(in, false, w[i], false, p.z[i], 1f, 0f);
            Activations.addBiasActivate(p.z[i], b[i], Activation.IDENTITY);
            if (i < L - 1) {
                Activations.activate(p.z[i], ACT, p.h[i]);
                in = p.h[i];
            } else {
                in = p.z[i];
            }
        }
        mseGradient(p.z[L - 1], yTrain, p.g[L - 1]);
        for (int i = L - 1; i >= 0; i--) {
            INDArray input = i == 0 ? xTrain : p.h[i - 1];
            Gemm.gemm(input, true, p.g[i], false, gw[i], 1f, 0f);
            Gemm.gemm(ones, false, p.g[i], false, gb[i], 1f, 0f);
            if (i > 0) {
                Gemm.gemm(p.g[i], false, w[i], true, p.g[i - 1], 1f, 0f);
                Activations.backward(p.z[i - 1], ACT, p.g[i - 1], p.g[i - 1]);
            }
        }
        step++;
        for (int i = 0; i < L; i++) {
            adam(w[i], gw[i], mw[i], vw[i], step);
            adam(b[i], gb[i], mb[i], vb[i], step);
        }
        return p.z[L - 1];
    }

    /**
     * The same network through the library's own layers ({@link Mlp}: {@code Linear} layers with the fused
     * bias + SiLU), for prediction: {@link Sequential#infer}, bias and SiLU in place, as PyTorch's forward
     * under {@code no_grad} keeps no pre-activations.
     *
     * @return the network's output [2500, 8]
     */
    @Benchmark
    public INDArray layersForwardB2500() {
        return layersInfer.infer(xInfer);
    }

    /**
     * {@link #layersForwardB2500} through {@link Sequential#forward}, which also keeps each layer's
     * pre-activation for a backward pass (one more array written per layer).
     *
     * @return the network's output [2500, 8]
     */
    @Benchmark
    public INDArray layersForwardKeepB2500() {
        return layersInfer.forward(xInfer);
    }

    /**
     * One training step through the library: {@link Sequential#forward}, the MSE gradient,
     * {@link Sequential#backward} (SiLU's backward from both sides of the forward pass) and {@link Adam#step}
     * (which also computes the global gradient norm).
     *
     * @return the network's output [256, 8]
     */
    @Benchmark
    public INDArray layersAdamStepB256() {
        INDArray out = layersTrain.forward(xTrain);
        mseGradient(out, yTrain, layersGrad);
        layersTrain.backward(layersGrad);
        layersAdam.step();
        return out;
    }

    /**
     * The same training step written as a differentiable program: {@link DenseStack} on the tape, the MSE
     * ({@link Losses#mseMean}, one op as PyTorch's {@code F.mse_loss}), {@code backward}, {@link Adam#step}, and
     * the gradients zeroed for the next step (the tape adds to them, as PyTorch does).
     *
     * @return the network's output [256, 8]
     */
    @Benchmark
    public INDArray tapeAdamStepB256() {
        Var out;
        try (Tape tape = Tape.open()) {
            out = tapeNet.forward(tapeX);
            tape.backward(Losses.mseMean(out, tapeY));
        }
        tapeAdam.step();
        Gradients.zero(tapeNet.parameters());
        return out.value();
    }

    /** {@code g = d mean((pred - y)^2) / d pred = 2 (pred - y) / n}. */
    private static void mseGradient(INDArray pred, INDArray y, INDArray g) {
        FloatBuffer pp = pred.data().asNioFloat();
        FloatBuffer yy = y.data().asNioFloat();
        FloatBuffer gg = g.data().asNioFloat();
        int n = (int) pred.length();
        float scale = 2f / n;
        for (int i = 0; i < n; i++) {
            gg.put(i, scale * (pp.get(i) - yy.get(i)));
        }
    }

    /** Adam (Kingma and Ba 2015) with bias correction, as torch.optim.Adam with default settings. */
    private static void adam(INDArray param, INDArray grad, INDArray m, INDArray v, int t) {
        final float lr = 1e-3f;
        final float b1 = 0.9f;
        final float b2 = 0.999f;
        final float eps = 1e-8f;
        float c1 = (float) (1 - Math.pow(b1, t));
        float c2 = (float) Math.sqrt(1 - Math.pow(b2, t));
        float stepSize = lr / c1;
        FloatBuffer p = param.data().asNioFloat();
        FloatBuffer g = grad.data().asNioFloat();
        FloatBuffer mm = m.data().asNioFloat();
        FloatBuffer vv = v.data().asNioFloat();
        int n = (int) param.length();
        for (int i = 0; i < n; i++) {
            float gi = g.get(i);
            float mi = b1 * mm.get(i) + (1 - b1) * gi;
            float vi = b2 * vv.get(i) + (1 - b2) * gi * gi;
            mm.put(i, mi);
            vv.put(i, vi);
            p.put(i, p.get(i) - stepSize * mi / ((float) Math.sqrt(vi) / c2 + eps));
        }
    }
}
