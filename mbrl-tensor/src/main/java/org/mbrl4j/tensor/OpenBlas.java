package org.mbrl4j.tensor;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that touches {@code org.bytedeco.openblas}: whether the bundled OpenBLAS can be called
 * directly, and the call itself.
 *
 * <p>Kept apart so that nothing else loads the OpenBLAS class: on the CUDA backend the OpenBLAS
 * natives may be absent, and loading {@code org.bytedeco.openblas.global.openblas} there would fail.
 * The check runs once, on first use, and never throws: a failure only switches the fast path off.
 */
final class OpenBlas {

    private static final Logger LOG = LoggerFactory.getLogger(OpenBlas.class);

    /** System property that switches the direct path off ({@code -Dmbrl4j.gemm.direct=false}). */
    static final String DIRECT_PROPERTY = "mbrl4j.gemm.direct";

    static final int ROW_MAJOR = 101;
    static final int COL_MAJOR = 102;
    static final int NO_TRANS = 111;
    static final int TRANS = 112;

    private OpenBlas() {
    }

    /** Lazy holder: the availability check runs on first use of the fast path, once. */
    private static final class Holder {
        static final String UNAVAILABLE_REASON = probe();
        static final boolean AVAILABLE = UNAVAILABLE_REASON == null;
    }

    /** @return true when direct OpenBLAS calls on ND4J buffers are possible in this JVM */
    static boolean available() {
        return Holder.AVAILABLE;
    }

    /** @return why the direct path is off, or {@code null} when it is on */
    static String unavailableReason() {
        return Holder.UNAVAILABLE_REASON;
    }

    private static String probe() {
        if (!Boolean.parseBoolean(System.getProperty(DIRECT_PROPERTY, "true"))) {
            return "switched off by -D" + DIRECT_PROPERTY + "=false";
        }
        String backend;
        try {
            backend = Nd4j.getBackend().getClass().getName();
        } catch (RuntimeException | LinkageError e) {
            return "no ND4J backend: " + e;
        }
        // Only the CPU backend keeps array data in host memory that OpenBLAS can read; the class is
        // matched by name so that mbrl-core does not depend on nd4j-native at compile time.
        if (!backend.startsWith("org.nd4j.linalg.cpu.")) {
            return "ND4J backend " + backend + " is not the CPU backend";
        }
        try {
            Class.forName("org.bytedeco.openblas.global.openblas", true, OpenBlas.class.getClassLoader());
            // One tiny product proves that the natives load and link.
            float[] one = {2f};
            float[] out = {0f};
            org.bytedeco.openblas.global.openblas.cblas_sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, 1, 1, 1, 1f, one, 1,
                    one, 1, 0f, out, 1);
            if (out[0] != 4f) {
                return "OpenBLAS self-check returned " + out[0] + " instead of 4.0";
            }
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            LOG.debug("OpenBLAS not callable directly, GEMM falls back to ND4J", e);
            return "OpenBLAS not loadable: " + e;
        }
        return null;
    }

    /**
     * A pointer to the first element of {@code arr} in host memory, or {@code null} when the array's buffer
     * does not expose one consistently (then the caller falls back to ND4J).
     */
    static FloatPointer pointer(INDArray arr) {
        if (arr.data().offset() != arr.offset()) {
            return null; // the buffer view and the array disagree on where the data starts: do not guess
        }
        Pointer p = arr.data().addressPointer();
        if (p == null || p.isNull()) {
            return null;
        }
        // addressPointer() of a view buffer already points at the view's first element.
        return new FloatPointer(p);
    }

    /** Host address of the array's first element, in bytes, for overlap checks. */
    static long address(FloatPointer p) {
        return p.address() + p.position() * (long) Float.BYTES;
    }

    static void sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, FloatPointer a,
            int lda, FloatPointer b, int ldb, float beta, FloatPointer c, int ldc) {
        org.bytedeco.openblas.global.openblas.cblas_sgemm(order, transA, transB, m, n, k, alpha, a, lda, b, ldb,
                beta, c, ldc);
    }

    /** Sets OpenBLAS's own thread count (the pool shared with ND4J's BLAS calls). */
    static void setThreads(int n) {
        org.bytedeco.openblas.global.openblas.blas_set_num_threads(n);
    }

    /** @return OpenBLAS's current thread count */
    static int threads() {
        return org.bytedeco.openblas.global.openblas.blas_get_num_threads();
    }
}
