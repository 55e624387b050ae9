package org.mbrl4j.benchmarks.kernels;

import java.util.concurrent.TimeUnit;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.tensor.CpuThreads;
import org.mbrl4j.tensor.Gemm;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ensemble products {@code [E, B, 200] x [E, 200, 200]}: ND4J's batched {@code Nd4j.matmul} into a
 * preallocated result vs {@link Gemm#batchedGemm}. Shapes are the dominant hidden layers of PETS (the
 * {@code bmm} shapes of {@code benchmarks/scripts/torch_kernels.py}): training 7 x 256 and 5 x 32, planning
 * 5 x 1400.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BatchedGemmBenchmark {

    /** {@code ExBxIxO}. */
    @Param({"7x256x200x200", "5x32x200x200", "5x1400x200x200"})
    public String shape;

    private INDArray a;
    private INDArray b;
    private INDArray c;

    /**
     * Random operands from a fixed seed.
     *
     * @throws Exception if closing the generator fails
     */
    @Setup
    public void setUp() throws Exception {
        CpuThreads.configureDefaults(); // the command line's thread policy, which these numbers describe
        String[] p = shape.split("x");
        long e = Long.parseLong(p[0]);
        long rows = Long.parseLong(p[1]);
        long in = Long.parseLong(p[2]);
        long out = Long.parseLong(p[3]);
        try (Random rng = RandomStreams.of(2027).child(shape).nd4jRandom()) {
            a = Nd4j.randn(0.0, 1.0, Nd4j.create(DataType.FLOAT, e, rows, in), rng);
            b = Nd4j.randn(0.0, 1.0, Nd4j.create(DataType.FLOAT, e, in, out), rng);
        }
        c = Nd4j.create(DataType.FLOAT, e, rows, out);
    }

    /** @return C, via ND4J's batched matmul */
    @Benchmark
    public INDArray nd4jMatmul() {
        return Nd4j.matmul(a, b, c);
    }

    /** @return C, via mbrl4j's batched GEMM */
    @Benchmark
    public INDArray mbrl4jBatchedGemm() {
        Gemm.batchedGemm(a, false, b, false, c, 1f, 0f);
        return c;
    }
}
