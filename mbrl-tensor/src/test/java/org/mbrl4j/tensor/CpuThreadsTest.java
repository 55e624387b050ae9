package org.mbrl4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.random.RandomStreams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The thread policy in both settings of the direct OpenBLAS path: with it (the CPU backend) a configuration
 * sets OpenBLAS's and ND4J's thread counts and {@link CpuThreads#release()} restores them; without it
 * ({@code -Dmbrl4j.gemm.direct=false}, the path of every other backend) OpenBLAS is never touched. In both,
 * nothing changes and no thread starts until the application asks.
 */
class CpuThreadsTest {

    private int before;
    private int nd4jBlasBefore;

    @BeforeEach
    void unconfigured() {
        before = CpuThreads.threads();
        CpuThreads.release();
        nd4jBlasBefore = Nd4j.factory().blas().getMaxThreads();
    }

    @AfterEach
    void restore() {
        TensorTestSupport.restoreThreads(before);
    }

    private static List<Thread> workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("mbrl4j-worker-")).collect(Collectors.toList());
    }

    /** Large enough that a configured policy would split both the product and the activation. */
    private static void largeWork() throws Exception {
        try (Random rng = RandomStreams.of(3).nd4jRandom()) {
            INDArray a = TensorTestSupport.randn(rng, 'c', 1024, 256);
            INDArray b = TensorTestSupport.randn(rng, 'c', 256, 256);
            INDArray c = Nd4j.create(DataType.FLOAT, 1024, 256);
            Gemm.gemm(a, false, b, false, c, 1f, 0f);
            Activations.activate(c, Activation.SILU, c);
        }
    }

    @Test
    void theLibraryChangesNothingAndStartsNoThreadUntilAsked() throws Exception {
        int openBlasBefore = Gemm.directPathAvailable() ? OpenBlas.threads() : -1;
        largeWork();
        assertEquals(0, CpuThreads.threads(), "still unconfigured after products and activations");
        assertEquals(0, ParallelRanges.liveWorkers());
        assertTrue(workerThreads().isEmpty(), "no mbrl4j worker thread: " + workerThreads());
        assertEquals(nd4jBlasBefore, Nd4j.factory().blas().getMaxThreads(), "ND4J's BLAS threads untouched");
        if (Gemm.directPathAvailable()) {
            assertEquals(openBlasBefore, OpenBlas.threads(), "OpenBLAS's threads untouched");
        }
    }

    @Test
    void configureSetsOpenBlasAndNd4jOnTheDirectPathOnly() {
        CpuThreads.configure(1);
        assertEquals(1, CpuThreads.threads());
        assertEquals(1, CpuThreads.configureDefaults(), "configureDefaults keeps a configuration in effect");
        CpuThreads.configure(2);
        assertEquals(2, CpuThreads.threads());
        if (Gemm.directPathAvailable()) {
            // Default mode: mbrl4j's workers split the products, each block on a one-thread OpenBLAS.
            assertEquals(CpuThreads.ownWorkers() ? 1 : 2, OpenBlas.threads());
            assertEquals(CpuThreads.ownWorkers() ? 1 : 2, Nd4j.factory().blas().getMaxThreads());
            assertEquals(2, Nd4j.getEnvironment().maxMasterThreads());
        } else {
            assertEquals(nd4jBlasBefore, Nd4j.factory().blas().getMaxThreads(),
                    "without the direct path OpenBLAS is not mbrl4j's to set");
        }
    }

    @Test
    void releaseStopsTheWorkersAndRestoresTheSettings() throws Exception {
        int openBlasBefore = Gemm.directPathAvailable() ? OpenBlas.threads() : -1;
        int masterBefore = Nd4j.getEnvironment().maxMasterThreads();
        CpuThreads.configure(3);
        largeWork();
        List<Thread> workers = workerThreads();
        assertEquals(2, ParallelRanges.liveWorkers(), "3 threads: the caller and two workers");
        assertFalse(workers.isEmpty());
        for (Thread t : workers) {
            assertTrue(t.isDaemon(), t.getName() + " is a daemon thread");
        }
        CpuThreads.release();
        for (Thread t : workers) {
            t.join(10_000);
            assertFalse(t.isAlive(), t.getName() + " stopped");
        }
        assertEquals(0, CpuThreads.threads());
        assertEquals(nd4jBlasBefore, Nd4j.factory().blas().getMaxThreads());
        assertEquals(masterBefore, Nd4j.getEnvironment().maxMasterThreads());
        if (Gemm.directPathAvailable()) {
            assertEquals(openBlasBefore, OpenBlas.threads());
        }
        largeWork(); // runs on the caller again
        assertTrue(workerThreads().isEmpty(), "no worker after release: " + workerThreads());
        CpuThreads.release(); // a second release does nothing
        assertEquals(0, CpuThreads.threads());
    }

    @Test
    void propertyOverridesTheCoreCount() {
        String old = System.getProperty(CpuThreads.PROPERTY);
        try {
            System.setProperty(CpuThreads.PROPERTY, "3");
            assertEquals(3, CpuThreads.defaultThreads());
            System.setProperty(CpuThreads.PROPERTY, "zero");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, CpuThreads::defaultThreads);
            assertTrue(e.getMessage().contains("mbrl4j.threads") && e.getMessage().contains("zero"), e.getMessage());
            System.setProperty(CpuThreads.PROPERTY, "-2");
            assertThrows(IllegalArgumentException.class, CpuThreads::defaultThreads);
        } finally {
            if (old == null) {
                System.clearProperty(CpuThreads.PROPERTY);
            } else {
                System.setProperty(CpuThreads.PROPERTY, old);
            }
        }
    }

    @Test
    void threadingModeIsMbrl4jUnlessOpenBlasIsAsked() {
        assertTrue(CpuThreads.parseMode(null));
        assertTrue(CpuThreads.parseMode(" MBRL4J "));
        assertEquals(false, CpuThreads.parseMode("openblas"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuThreads.parseMode("omp"));
        assertTrue(e.getMessage().contains(CpuThreads.THREADING_PROPERTY) && e.getMessage().contains("'omp'"),
                e.getMessage());
    }

    @Test
    void configureRejectsZero() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuThreads.configure(0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        assertEquals(0, CpuThreads.threads(), "a refused configuration changes nothing");
    }
}
