package org.mbrl4j.tensor;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread policy of CPU tensor work: who splits products and element-wise loops, and how many threads
 * OpenBLAS and ND4J use. Nothing here runs unless the application asks: the library never changes a
 * process-wide setting on its own.
 *
 * <p><b>Unconfigured (the state of a fresh JVM).</b> {@link #threads()} is 0; every {@link Gemm} product and
 * {@link Activations} kernel runs on the calling thread, products as one {@code cblas_sgemm} on OpenBLAS's
 * thread pool as the process has it. No thread is started and no setting of OpenBLAS or ND4J is touched.
 *
 * <p><b>Configured</b> by {@link #configureDefaults()} or {@link #configure(int)}, with {@code T} threads:
 * <ul>
 *   <li>in the default mode ({@link #ownWorkers()}), OpenBLAS's thread count to 1: {@link Gemm} splits each
 *       large product into {@code T} row blocks computed at once on the caller and {@code T - 1} of mbrl4j's
 *       own daemon workers, which also split the element-wise kernels of {@link Activations}. On a 2-core machine
 *       this makes a CEM action of the PETS preset 15-25 % faster and a training epoch about 20 % faster
 *       than OpenBLAS's own threads, whose spinning workers hold the second core while the activations run
 *       (docs/performance.md, "Threads");</li>
 *   <li>with {@code -Dmbrl4j.threading=openblas}, OpenBLAS's thread count to {@code T} (the pool used by
 *       {@link Gemm} and by ND4J's own BLAS calls, through {@code blas_set_num_threads} and
 *       {@code Nd4j.factory().blas().setMaxThreads}), element-wise kernels run on the caller alone;</li>
 *   <li>ND4J's master threads ({@code Nd4j.getEnvironment().setMaxMasterThreads}) are set to {@code T}.</li>
 * </ul>
 * {@link #release()} stops mbrl4j's workers and puts OpenBLAS's and ND4J's thread counts back as they were
 * before the first configuration. {@code OMP_NUM_THREADS} (libnd4j's OpenMP pool) is read only when the
 * process starts and cannot be changed here: docs/performance.md gives the recommended launch settings.
 *
 * <p>The {@code mbrl4j} command line applies {@link #configureDefaults()} (one thread for the off-policy
 * learners); an application that wants the same speed calls it once at start-up.
 *
 * <p>The settings are process-wide, as OpenBLAS's are. Thread-safe.
 */
public final class CpuThreads {

    private static final Logger LOG = LoggerFactory.getLogger(CpuThreads.class);

    /** System property naming the thread count for {@link #configureDefaults()}. */
    public static final String PROPERTY = "mbrl4j.threads";
    /** Environment variable naming the thread count, used when the property is absent. */
    public static final String ENV = "MBRL4J_THREADS";
    /** System property choosing whose threads split the work: {@code mbrl4j} (default) or {@code openblas}. */
    public static final String THREADING_PROPERTY = "mbrl4j.threading";

    private static volatile int configured; // 0 while unconfigured
    private static volatile Boolean ownWorkers; // null until read from THREADING_PROPERTY
    /** OpenBLAS's and ND4J's thread counts before the first configuration; null when nothing was changed. */
    private static int[] saved;

    private CpuThreads() {
    }

    /**
     * Applies the default policy unless one is already in effect: {@link #defaultThreads()} threads in the
     * mode of {@link #ownWorkers()}. Later calls return at once. On a backend other than ND4J's CPU backend
     * (or with the direct OpenBLAS path off) only mbrl4j's element-wise split is configured.
     *
     * @return the thread count in effect
     * @throws IllegalArgumentException if {@code mbrl4j.threads} or {@code MBRL4J_THREADS} is set but is not
     *                                  a positive integer, or {@code mbrl4j.threading} has an unknown value
     */
    public static int configureDefaults() {
        int t = configured;
        if (t != 0) {
            return t;
        }
        synchronized (CpuThreads.class) {
            if (configured == 0) {
                apply(defaultThreads());
            }
            return configured;
        }
    }

    /**
     * Sets the thread count now, overriding the defaults and any earlier call.
     *
     * @param threads threads for products and ND4J (mbrl4j's workers plus the caller, or OpenBLAS's), at least 1
     * @throws IllegalArgumentException if {@code threads < 1} or {@code mbrl4j.threading} has an unknown value
     */
    public static synchronized void configure(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        apply(threads);
    }

    /**
     * Returns to the unconfigured state: stops mbrl4j's worker threads (after the work in flight), puts
     * OpenBLAS's and ND4J's thread counts back to their values before the first configuration, and runs all
     * later work on the calling thread until the next {@link #configure(int)} or {@link #configureDefaults()}.
     * Does nothing when unconfigured.
     */
    public static synchronized void release() {
        ParallelRanges.stopWorkers();
        int[] before = saved;
        saved = null;
        if (before != null) {
            OpenBlas.setThreads(before[0]);
            try {
                Nd4j.factory().blas().setMaxThreads(before[1]);
                Nd4j.getEnvironment().setMaxMasterThreads(before[2]);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("could not restore ND4J's thread counts: {}", e.toString());
            }
            // setMaxThreads above may also set OpenBLAS's pool: the saved OpenBLAS count wins.
            OpenBlas.setThreads(before[0]);
        }
        if (configured != 0) {
            LOG.debug("CPU tensor threads released");
        }
        configured = 0;
    }

    /**
     * @return the thread count set by {@link #configureDefaults()} or {@link #configure(int)}, or 0 while
     *         unconfigured (then all work runs on the calling thread)
     */
    public static int threads() {
        return configured;
    }

    /**
     * The default thread count from the system property, the environment variable or the core count.
     *
     * @return the count, at least 1
     * @throws IllegalArgumentException if the property or the variable is set but not a positive integer
     */
    public static int defaultThreads() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return parse("system property " + PROPERTY, prop);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return parse("environment variable " + ENV, env);
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    static int parse(String source, String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " must be a positive integer: '" + value + "'", e);
        }
        if (n < 1) {
            throw new IllegalArgumentException(source + " must be a positive integer: " + n);
        }
        return n;
    }

    /**
     * Whether a configured policy splits work over mbrl4j's own threads (the default) rather than OpenBLAS's:
     * system property {@value #THREADING_PROPERTY}, {@code mbrl4j} (default) or {@code openblas}. Read once.
     *
     * @return true in the default mode: products are split by rows and element-wise loops by ranges over
     *         mbrl4j's workers, each product block running on a one-thread OpenBLAS
     * @throws IllegalArgumentException if the property has another value
     */
    public static boolean ownWorkers() {
        Boolean own = ownWorkers;
        if (own == null) {
            own = parseMode(System.getProperty(THREADING_PROPERTY));
            ownWorkers = own;
        }
        return own;
    }

    static boolean parseMode(String value) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("mbrl4j")) {
            return true;
        }
        if (value.trim().equalsIgnoreCase("openblas")) {
            return false;
        }
        throw new IllegalArgumentException("system property " + THREADING_PROPERTY + " must be 'mbrl4j' or 'openblas': '"
                + value + "'");
    }

    private static void apply(int threads) {
        boolean own = ownWorkers(); // refuses a bad mode before anything is set
        if (OpenBlas.available()) {
            if (saved == null) {
                saved = currentSettings();
            }
            OpenBlas.setThreads(own ? 1 : threads);
            try {
                Nd4j.factory().blas().setMaxThreads(own ? 1 : threads);
                Nd4j.getEnvironment().setMaxMasterThreads(threads);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("could not set ND4J's thread counts to {}: {}", threads, e.toString());
            }
        }
        configured = threads;
        LOG.debug("CPU tensor threads: {} ({})", threads, own ? "mbrl4j workers" : "OpenBLAS threads");
    }

    /** OpenBLAS's, ND4J's BLAS and ND4J's master thread counts now. */
    private static int[] currentSettings() {
        int blas = OpenBlas.threads();
        int nd4jBlas = blas;
        int master = 1;
        try {
            nd4jBlas = Nd4j.factory().blas().getMaxThreads();
            master = Nd4j.getEnvironment().maxMasterThreads();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("could not read ND4J's thread counts: {}", e.toString());
        }
        return new int[] {blas, nd4jBlas, master};
    }

    /** The body of a loop over rows, called on a contiguous range {@code [from, to)}. */
    @FunctionalInterface
    public interface RowRange {
        /**
         * @param from the first row
         * @param to   one past the last row
         */
        void run(int from, int to);
    }

    /**
     * Runs a loop over {@code [0, n)} in contiguous chunks on mbrl4j's worker threads (the caller runs one),
     * as the library's element-wise kernels are split: one chunk (on the caller) while fewer than two threads
     * are configured, {@code n / grain < 2}, element-wise splitting is off, or the caller is itself a worker.
     * The chunks must write disjoint data; a body whose rows do not depend on each other gives the same
     * results for every split.
     *
     * @param n     rows, {@code >= 0}
     * @param grain the fewest rows worth a thread of their own, {@code >= 1}
     * @param body  the loop body
     * @throws IllegalArgumentException if {@code n < 0} or {@code grain < 1}
     */
    public static void forRows(int n, int grain, RowRange body) {
        if (n < 0 || grain < 1) {
            throw new IllegalArgumentException("forRows: n must be >= 0 and grain >= 1: n=" + n + ", grain=" + grain);
        }
        java.util.Objects.requireNonNull(body, "body");
        if (n == 0) {
            return;
        }
        if (ParallelRanges.splits(n, grain)) {
            ParallelRanges.run(n, grain, body::run);
        } else {
            body.run(0, n);
        }
    }
}
