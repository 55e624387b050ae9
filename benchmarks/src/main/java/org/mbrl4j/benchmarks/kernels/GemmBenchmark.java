package org.mbrl4j.benchmarks.kernels;

import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
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
 * float32 {@code C[M, N] = A[M, K] B[K, N]} three ways, on the same c-order arrays:
 * {@code nd4jMmuli} (ND4J's {@code INDArray.mmuli} into a preallocated result, default thread settings:
 * this fork never touches mbrl4j's thread configuration), {@code mbrl4jGemm} ({@link Gemm#gemm}, the
 * library's path) and {@code directSgemm} (OpenBLAS's {@code cblas_sgemm} called directly on the same
 * buffers: the ceiling for {@code mbrl4jGemm}). JMH runs each method and shape in its own JVM.
 * GFLOP/s = {@code 2 M N K / time}; {@link KernelReport} prints them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBenchmark {

    /** {@code MxKxN}. */
    @Param({"32x200x200", "256x200x200", "2500x200x200", "2048x2048x2048"})
    public String shape;

    private INDArray a;
    private INDArray b;
    private INDArray c;
    private FloatPointer pa;
    private FloatPointer pb;
    private FloatPointer pc;
    private int m;
    private int k;
    private int n;

    /**
     * Random operands from a fixed seed.
     *
     * @throws Exception if closing the generator fails
     */
    @Setup
    public void setUp() throws Exception {
        CpuThreads.configureDefaults(); // the command line's thread policy, which these numbers describe
        String[] p = shape.split("x");
        m = Integer.parseInt(p[0]);
        k = Integer.parseInt(p[1]);
        n = Integer.parseInt(p[2]);
        try (Random rng = RandomStreams.of(2026).child(shape).nd4jRandom()) {
            a = Nd4j.randn(0.0, 1.0, Nd4j.create(DataType.FLOAT, m, k), rng);
            b = Nd4j.randn(0.0, 1.0, Nd4j.create(DataType.FLOAT, k, n), rng);
        }
        c = Nd4j.create(DataType.FLOAT, m, n);
        pa = new FloatPointer(a.data().addressPointer());
        pb = new FloatPointer(b.data().addressPointer());
        pc = new FloatPointer(c.data().addressPointer());
    }

    /** @return C, via ND4J's own product */
    @Benchmark
    public INDArray nd4jMmuli() {
        return a.mmuli(b, c);
    }

    /** @return C, via mbrl4j's GEMM */
    @Benchmark
    public INDArray mbrl4jGemm() {
        Gemm.gemm(a, false, b, false, c, 1f, 0f);
        return c;
    }

    /** @return C, via a direct cblas_sgemm call */
    @Benchmark
    public INDArray directSgemm() {
        openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, m, n, k, 1f,
                pa, k, pb, n, 0f, pc, n);
        return c;
    }
}
