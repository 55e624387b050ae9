package org.mbrl4j.benchmarks.kernels;

import java.util.concurrent.TimeUnit;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.tensor.Activation;
import org.mbrl4j.tensor.Activations;
import org.mbrl4j.tensor.CpuThreads;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.TanhDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Swish;
import org.nd4j.linalg.api.ops.impl.transforms.strict.SwishDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
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
 * Element-wise work of one hidden layer at batch 2500, width 200 (500,000 floats), mbrl4j's kernels vs
 * ND4J's native ops with preallocated outputs:
 * <ul>
 *   <li>{@code *Activate}: {@code out = f(x)};</li>
 *   <li>{@code *BiasActivate}: {@code z = f(z + bias)} in place (ND4J: {@code addiRowVector} then the op
 *       in place, two passes; mbrl4j: one fused pass);</li>
 *   <li>{@code *Backward}: {@code gradIn = gradOut * f'(z)} (ND4J: the derivative op, then {@code muli}).</li>
 *   <li>{@code mbrl4jBiasActivateKeep}: what a layer's forward pass runs: {@code z += bias} kept as the
 *       pre-activation and {@code out = f(z)}, one pass;</li>
 *   <li>{@code mbrl4jLayerBackward}: what a layer's backward pass runs: from the outputs
 *       ({@code 1 - y^2} for tanh) where the function allows it, otherwise from {@code z} (SiLU).</li>
 * </ul>
 * The {@code vector} parameter runs mbrl4j's kernels with and without the Vector API (without it SiLU
 * and tanh fall back to the same ND4J ops).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ActivationBenchmark {

    /** Which function. */
    @Param({"SILU", "TANH"})
    public String act;

    /** Whether mbrl4j's kernels may use the Vector API (read once per fork, before first use). */
    @Param({"true"})
    public String vector;

    private Activation activation;
    private INDArray x;
    private INDArray z;
    private INDArray bias;
    private INDArray out;
    private INDArray y;
    private INDArray gradOut;
    private INDArray gradIn;

    /**
     * Random inputs from a fixed seed.
     *
     * @throws Exception if closing the generator fails
     */
    @Setup
    public void setUp() throws Exception {
        CpuThreads.configureDefaults(); // the command line's thread policy, which these numbers describe
        System.setProperty(Activations.VECTOR_PROPERTY, vector);
        activation = Activation.valueOf(act);
        try (Random rng = RandomStreams.of(2028).child(act).nd4jRandom()) {
            x = Nd4j.randn(0.0, 2.0, Nd4j.create(DataType.FLOAT, 2500, 200), rng);
            bias = Nd4j.randn(0.0, 1.0, Nd4j.create(DataType.FLOAT, 200), rng);
            gradOut = Nd4j.randn(0.0, 1.0, Nd4j.create(DataType.FLOAT, 2500, 200), rng);
        }
        z = x.dup();
        out = Nd4j.create(DataType.FLOAT, 2500, 200);
        gradIn = Nd4j.create(DataType.FLOAT, 2500, 200);
        y = Nd4j.create(DataType.FLOAT, 2500, 200);
        Activations.activate(x, activation, y);
    }

    /** @return f(x) by mbrl4j */
    @Benchmark
    public INDArray mbrl4jActivate() {
        Activations.activate(x, activation, out);
        return out;
    }

    /** @return f(x) by ND4J's op */
    @Benchmark
    public INDArray nd4jActivate() {
        return Nd4j.exec(activation == Activation.SILU ? new Swish(x, out) : new Tanh(x, out));
    }

    /** @return f(z + bias) in place by mbrl4j, one pass */
    @Benchmark
    public INDArray mbrl4jBiasActivate() {
        Activations.addBiasActivate(z, bias, activation);
        return z;
    }

    /** @return f(z + bias) in place by ND4J, two passes */
    @Benchmark
    public INDArray nd4jBiasActivate() {
        z.addiRowVector(bias);
        return Nd4j.exec(activation == Activation.SILU ? new Swish(z, z) : new Tanh(z, z));
    }

    /** @return gradOut * f'(x) by mbrl4j */
    @Benchmark
    public INDArray mbrl4jBackward() {
        Activations.backward(x, activation, gradOut, gradIn);
        return gradIn;
    }

    /** @return f(z + bias) into out, z keeping z + bias, by mbrl4j (z grows by bias each call: harmless) */
    @Benchmark
    public INDArray mbrl4jBiasActivateKeep() {
        Activations.addBiasActivate(z, bias, activation, out);
        return out;
    }

    /** @return gradOut * f'(x) as a layer computes it (from the outputs when possible) */
    @Benchmark
    public INDArray mbrl4jLayerBackward() {
        Activations.layerBackward(x, y, activation, gradOut, gradIn);
        return gradIn;
    }

    /** @return gradOut * f'(x) by ND4J's derivative op and a multiply */
    @Benchmark
    public INDArray nd4jBackward() {
        Nd4j.exec(activation == Activation.SILU ? new SwishDerivative(x, gradIn) : new TanhDerivative(x, gradIn));
        return gradIn.muli(gradOut);
    }
}
