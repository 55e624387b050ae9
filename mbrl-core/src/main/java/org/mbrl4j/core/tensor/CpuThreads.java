package org.mbrl4j.core.tensor;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread counts for CPU tensor work, set once for the process so that ND4J's own thread pool and
 * OpenBLAS's do not oversubscribe the cores.
 *
 * <p>{@link #configureDefaults()} runs automatically on the first {@link Gemm} call (and may be called
 * earlier by an application; it is idempotent). It uses {@code T} threads, where {@code T} is, in order of
 * precedence: the system property {@code mbrl4j.threads}, the environment variable {@code MBRL4J_THREADS},
 * or {@link Runtime#availableProcessors()}. It then sets
 * <ul>
 *   <li>OpenBLAS's thread count to {@code T} (the pool used by {@link Gemm} and by ND4J's own BLAS calls,
 *       through {@code blas_set_num_threads} and {@code Nd4j.factory().blas().setMaxThreads});</li>
 *   <li>ND4J's master threads ({@code Nd4j.getEnvironment().setMaxMasterThreads}) to {@code T}.</li>
 * </ul>
 * {@link #configure(int)} overrides this at any time. {@code OMP_NUM_THREADS} (libnd4j's OpenMP pool) is
 * read only when the process starts and cannot be changed here: docs/performance.md gives the recommended
 * launch settings ({@code OMP_NUM_THREADS} equal to the core count, {@code OMP_WAIT_POLICY=PASSIVE}).
 *
 * <p>Settings are process-wide; this class holds no other state. Thread-safe.
 */
public final class CpuThreads {

    private static final Logger LOG = LoggerFactory.getLogger(CpuThreads.class);

    /** System property naming the thread count. */
    public static final String PROPERTY = "mbrl4j.threads";
    /** Environment variable naming the thread count, used when the property is absent. */
    public static final String ENV = "MBRL4J_THREADS";

    private static volatile int configured; // 0 until the first configuration

    private CpuThreads() {
    }

    /**
     * Applies the default thread count once; later calls return at once. Does nothing on a backend other
     * than ND4J's CPU backend except recording the count.
     *
     * @return the thread count in effect
     * @throws IllegalArgumentException if {@code mbrl4j.threads} or {@code MBRL4J_THREADS} is set but is not
     *                                  a positive integer
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
     * @param threads threads for BLAS and ND4J, at least 1
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static synchronized void configure(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        apply(threads);
    }

    /**
     * @return the thread count set by {@link #configureDefaults()} or {@link #configure(int)}, or 0 when
     *         neither has run yet
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

    private static void apply(int threads) {
        if (OpenBlas.available()) {
            OpenBlas.setThreads(threads);
            try {
                Nd4j.factory().blas().setMaxThreads(threads);
                Nd4j.getEnvironment().setMaxMasterThreads(threads);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("could not set ND4J's thread counts to {}: {}", threads, e.toString());
            }
        }
        configured = threads;
        LOG.debug("CPU tensor threads: {}", threads);
    }
}
