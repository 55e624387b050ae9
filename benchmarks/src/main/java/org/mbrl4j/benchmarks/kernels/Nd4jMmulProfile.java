package org.mbrl4j.benchmarks.kernels;

import java.util.Arrays;
import java.util.Locale;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.tensor.CpuThreads;
import org.mbrl4j.tensor.Gemm;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Timing splits that explain why {@code INDArray.mmul} is slow: the fixed cost of one ND4J op (a 1x1x1
 * product), allocation of the result, the same product under different thread settings, and the
 * bundled OpenBLAS called directly on the same buffers. Prints one line per measurement (median of
 * repeated timings). Run it as a plain program, for instance
 * {@code java -cp benchmarks/target/benchmarks.jar org.mbrl4j.benchmarks.kernels.Nd4jMmulProfile}
 * (optionally under {@code perf record -g}); it is not a JMH benchmark because it changes process-wide
 * thread settings between measurements, in a fixed order.
 */
public final class Nd4jMmulProfile {

    private Nd4jMmulProfile() {
    }

    /**
     * @param args optional: {@code M K N} of the product to profile (default: the three model shapes)
     * @throws Exception if closing the generator fails
     */
    public static void main(String[] args) throws Exception {
        long[][] shapes = args.length == 3
                ? new long[][] {{Long.parseLong(args[0]), Long.parseLong(args[1]), Long.parseLong(args[2])}}
                : new long[][] {{32, 200, 200}, {256, 200, 200}, {2500, 200, 200}};
        System.out.printf(Locale.ROOT, "backend %s, OMP_NUM_THREADS=%s, ND4J maxThreads=%d masterThreads=%d, "
                + "ND4J blas threads=%d, OpenBLAS threads=%d%n", Nd4j.getBackend().getClass().getSimpleName(),
                System.getenv("OMP_NUM_THREADS"), Nd4j.getEnvironment().maxThreads(),
                Nd4j.getEnvironment().maxMasterThreads(), Nd4j.factory().blas().getMaxThreads(),
                openblas.blas_get_num_threads());
        try (Random rng = RandomStreams.of(1).nd4jRandom()) {
            INDArray one = Nd4j.ones(DataType.FLOAT, 1, 1);
            INDArray oneOut = Nd4j.create(DataType.FLOAT, 1, 1);
            report("ND4J mmuli 1x1x1 (fixed cost of one op)", 2, time(() -> one.mmuli(one, oneOut), 2000));
            for (long[] s : shapes) {
                profileShape(rng, s[0], s[1], s[2]);
            }
        }
    }

    private static void profileShape(Random rng, long m, long k, long n) {
        INDArray a = Nd4j.randn(0.0, 1.0, Nd4j.create(DataType.FLOAT, m, k), rng);
        INDArray b = Nd4j.randn(0.0, 1.0, Nd4j.create(DataType.FLOAT, k, n), rng);
        INDArray c = Nd4j.create(DataType.FLOAT, m, n);
        double flop = 2.0 * m * n * k;
        int reps = (int) Math.max(20, Math.min(2000, 4e9 / flop));
        String shape = m + "x" + k + "x" + n;
        // Order matters: the default settings first, then each change on top of the previous one.
        report(shape + " ND4J mmuli, default threads", flop, time(() -> a.mmuli(b, c), reps));
        report(shape + " ND4J mmul (allocates), default threads", flop, time(() -> a.mmul(b), reps));
        report(shape + " ND4J mmuli f-order operands", flop, timeF(a, b, reps));
        int openBlasBefore = openblas.blas_get_num_threads();
        openblas.blas_set_num_threads(1);
        report(shape + " ND4J mmuli, OpenBLAS 1 thread", flop, time(() -> a.mmuli(b, c), reps));
        openblas.blas_set_num_threads(openBlasBefore);
        int master = Nd4j.getEnvironment().maxMasterThreads();
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        report(shape + " ND4J mmuli, ND4J master threads 1", flop, time(() -> a.mmuli(b, c), reps));
        Nd4j.getEnvironment().setMaxMasterThreads(master);
        FloatPointer pa = new FloatPointer(a.data().addressPointer());
        FloatPointer pb = new FloatPointer(b.data().addressPointer());
        FloatPointer pc = new FloatPointer(c.data().addressPointer());
        report(shape + " direct cblas_sgemm", flop, time(() -> openblas.cblas_sgemm(openblas.CblasRowMajor,
                openblas.CblasNoTrans, openblas.CblasNoTrans, (int) m, (int) n, (int) k, 1f, pa, (int) k, pb,
                (int) n, 0f, pc, (int) n), reps));
        CpuThreads.configureDefaults();
        report(shape + " mbrl4j Gemm.gemm", flop, time(() -> Gemm.gemm(a, false, b, false, c, 1f, 0f), reps));
        report(shape + " ND4J mmuli after CpuThreads.configureDefaults", flop, time(() -> a.mmuli(b, c), reps));
        // Interleaved rounds: on a shared machine the load changes between measurements, so the fair
        // comparison of Gemm with the direct call alternates them and takes the median of per-round ratios.
        Runnable direct = () -> openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans,
                openblas.CblasNoTrans, (int) m, (int) n, (int) k, 1f, pa, (int) k, pb, (int) n, 0f, pc, (int) n);
        Runnable gemm = () -> Gemm.gemm(a, false, b, false, c, 1f, 0f);
        int rounds = 15;
        double[] ratio = new double[rounds];
        double[] gemmNs = new double[rounds];
        double[] directNs = new double[rounds];
        for (int j = 0; j < rounds; j++) {
            directNs[j] = time(direct, Math.max(5, reps / 4))[3];
            gemmNs[j] = time(gemm, Math.max(5, reps / 4))[3];
            ratio[j] = directNs[j] / gemmNs[j];
        }
        Arrays.sort(ratio);
        Arrays.sort(gemmNs);
        Arrays.sort(directNs);
        System.out.printf(Locale.ROOT, "%-60s %10.1f GFLOP/s vs %.1f, median per-round Gemm/direct %.2f "
                + "(quartiles %.2f-%.2f)%n", shape + " interleaved Gemm vs direct", flop / gemmNs[rounds / 2],
                flop / directNs[rounds / 2], ratio[rounds / 2], ratio[rounds / 4], ratio[3 * rounds / 4]);
    }

    private static double[] timeF(INDArray a, INDArray b, int reps) {
        INDArray af = a.dup('f');
        INDArray bf = b.dup('f');
        INDArray cf = Nd4j.create(DataType.FLOAT, new long[] {a.size(0), b.size(1)}, 'f');
        return time(() -> af.mmuli(bf, cf), reps);
    }

    private static double[] time(Runnable r, int reps) {
        for (int i = 0; i < Math.max(5, reps / 5); i++) {
            r.run();
        }
        int rounds = 7;
        double[] perOp = new double[rounds];
        for (int j = 0; j < rounds; j++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                r.run();
            }
            perOp[j] = (System.nanoTime() - t0) / (double) reps;
        }
        Arrays.sort(perOp);
        return perOp;
    }

    private static void report(String what, double flop, double[] sortedNs) {
        double median = sortedNs[sortedNs.length / 2];
        System.out.printf(Locale.ROOT, "%-60s %10.1f us  %7.1f GFLOP/s  (min %.1f us, max %.1f us)%n", what,
                median / 1e3, flop / median, sortedNs[0] / 1e3, sortedNs[sortedNs.length - 1] / 1e3);
    }
}
