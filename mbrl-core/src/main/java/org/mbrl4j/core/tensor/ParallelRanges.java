package org.mbrl4j.core.tensor;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits an element-wise loop over {@code [0, n)} into contiguous chunks run on {@link CpuThreads#threads()}
 * threads: the caller runs the first chunk, daemon workers the others. Element-wise results do not depend
 * on the split, so a run is bitwise the same on 1 or many threads. Small loops stay on the caller: waking a
 * worker costs about 10-20 microseconds.
 *
 * <p>Off unless {@code -Dmbrl4j.elementwise.parallel=true}: on the 2-core development machine the split
 * halved some isolated kernels but gave nothing in whole ensemble forward and training passes, where the
 * second core is busy with OpenBLAS's threads around every product (docs/performance.md).
 */
final class ParallelRanges {

    /** The body of a loop, run on {@code [from, to)}. */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /** System property: split element-wise loops across threads ({@code -Dmbrl4j.elementwise.parallel=true}). */
    static final String PROPERTY = "mbrl4j.elementwise.parallel";
    /** Read once from {@link #PROPERTY}; tests switch it directly. */
    static volatile boolean enabled = Boolean.parseBoolean(System.getProperty(PROPERTY, "false"));

    private static volatile ExecutorService pool;
    private static int poolSize;

    private ParallelRanges() {
    }

    /**
     * @param n     loop length
     * @param grain the smallest chunk worth a thread of its own
     * @return whether {@link #run} would use more than one thread; callers run the loop directly otherwise
     *         (a loop called through a lambda measured up to 4x slower on JDK 17 once C2 recompiled it)
     */
    static boolean splits(int n, int grain) {
        return enabled && Math.min(CpuThreads.configureDefaults(), n / Math.max(1, grain)) > 1;
    }

    /**
     * @param n     loop length
     * @param grain the smallest chunk worth a thread of its own
     * @param body  the loop body
     */
    static void run(int n, int grain, Range body) {
        int threads = enabled ? Math.min(CpuThreads.configureDefaults(), n / Math.max(1, grain)) : 1;
        if (threads <= 1) {
            body.run(0, n);
            return;
        }
        ExecutorService workers = workers(threads - 1);
        Future<?>[] futures = new Future<?>[threads - 1];
        for (int t = 1; t < threads; t++) {
            int from = (int) ((long) n * t / threads);
            int to = (int) ((long) n * (t + 1) / threads);
            futures[t - 1] = workers.submit(() -> body.run(from, to));
        }
        Throwable failure = null;
        try {
            body.run(0, (int) ((long) n / threads));
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? e : failure;
            }
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        } else if (failure instanceof Error err) {
            throw err;
        } else if (failure != null) {
            throw new IllegalStateException("element-wise worker failed", failure);
        }
    }

    private static synchronized ExecutorService workers(int size) {
        if (pool == null || poolSize < size) {
            if (pool != null) {
                pool.shutdown();
            }
            pool = Executors.newFixedThreadPool(size, r -> {
                Thread t = new Thread(r, "mbrl4j-elementwise");
                t.setDaemon(true);
                return t;
            });
            poolSize = size;
        }
        return pool;
    }
}
