package org.mbrl4j.tensor;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Splits a loop over {@code [0, n)} into contiguous chunks run on {@link CpuThreads#threads()} threads: the
 * caller runs the last chunk, mbrl4j's own daemon workers the others. While {@link CpuThreads} is
 * unconfigured (0 threads) every loop runs on the caller and no worker exists; the workers start at the
 * first split after a configuration and stop at {@link CpuThreads#release()}. Used for element-wise kernels
 * ({@link Activations}) and, in the default threading mode, for the row blocks of products ({@link Gemm}).
 * Element-wise results do not depend on the split; products are the same for a given thread count.
 *
 * <p>The workers spin for {@link #SPIN_NANOS} after each chunk before they park, and the caller spins
 * while it waits for them. On a 2-vCPU virtual machine a parked worker can take hundreds of microseconds
 * to wake (a halted virtual CPU), more than a whole chunk of work, so that a split through an executor
 * service gains nothing in whole model passes (docs/performance.md). Small loops stay on the caller.
 * Both spin with {@link Thread#onSpinWait} for the first {@link #YIELD_AFTER_NANOS} and with
 * {@link Thread#yield} after that: when other processes hold the cores, the thread that waits then gives
 * its core to the one it waits for (or to the caller it would otherwise hold up) instead of spinning
 * through a whole time slice of the scheduler.
 *
 * <p>One caller at a time uses the workers; a second thread that calls while they are busy (or a chunk that
 * calls back in) runs its whole loop itself, so concurrent use is safe and never waits for another caller.
 */
final class ParallelRanges {

    /** The body of a loop, run on {@code [from, to)}. */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /**
     * System property: split element-wise loops across threads ({@code true} or {@code false}); when absent,
     * they are split exactly when {@link CpuThreads#ownWorkers()} is on (the default).
     */
    static final String PROPERTY = "mbrl4j.elementwise.parallel";
    /** Whether element-wise loops are split; tests switch it directly. */
    static volatile boolean enabled = elementwiseDefault();
    /** Whether products are split over the workers (OpenBLAS then runs on one thread); tests switch it. */
    static volatile boolean products = ownWorkersOrFalse();

    /**
     * How long an idle worker spins before it parks, in nanoseconds: {@code -Dmbrl4j.spin.micros} (default
     * 2000, 0 parks at once). Long enough to span the serial work between the layers of a model step.
     */
    static final long SPIN_NANOS = 1000L * Math.max(0L, Long.getLong("mbrl4j.spin.micros", 2000L));
    /**
     * How long a waiting thread (an idle worker or the caller waiting for its workers) spins on
     * {@link Thread#onSpinWait} before it spins on {@link Thread#yield}, in nanoseconds (50 us). On idle
     * cores the waits of a split are shorter than this; on shared ones the thread waited for may be queued
     * behind the waiting thread, which then yields its core to it.
     */
    static final long YIELD_AFTER_NANOS = 50_000L;

    private static volatile Pool pool;

    /** One turn of a waiting loop that has waited {@code spunNanos} so far (see {@link #YIELD_AFTER_NANOS}). */
    private static void spin(long spunNanos) {
        if (spunNanos < YIELD_AFTER_NANOS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    private ParallelRanges() {
    }

    /**
     * @param n     loop length
     * @param grain the smallest chunk worth a thread of its own
     * @return whether {@link #run} would use more than one thread; callers run the loop directly otherwise
     *         (a loop called through a lambda measured up to 4x slower on JDK 17 once C2 recompiled it)
     */
    static boolean splits(int n, int grain) {
        return enabled && Math.min(CpuThreads.threads(), n / Math.max(1, grain)) > 1;
    }

    /**
     * @param units      the pieces a product can be split into (row tiles, or members of a batched product)
     * @param grainUnits the fewest pieces worth a thread of their own
     * @return whether {@link #run} should split the product (the default threading mode)
     */
    static boolean splitsProduct(int units, int grainUnits) {
        return products && Math.min(CpuThreads.threads(), units / Math.max(1, grainUnits)) > 1;
    }

    /**
     * @param n     loop length
     * @param grain the smallest chunk worth a thread of its own
     * @param body  the loop body, called once per chunk, possibly on another thread
     */
    static void run(int n, int grain, Range body) {
        int threads = Math.min(CpuThreads.threads(), n / Math.max(1, grain));
        if (threads <= 1 || Thread.currentThread() instanceof WorkerThread) { // a chunk's own loop stays on it
            body.run(0, n);
            return;
        }
        pool(threads - 1).run(n, threads, body);
    }

    private static boolean elementwiseDefault() {
        String v = System.getProperty(PROPERTY);
        return v == null || v.isBlank() ? ownWorkersOrFalse() : Boolean.parseBoolean(v.trim());
    }

    /** A bad mode is reported by {@link CpuThreads#configure(int)}, without which nothing is split. */
    private static boolean ownWorkersOrFalse() {
        try {
            return CpuThreads.ownWorkers();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Pool pool(int workers) {
        Pool p = pool;
        if (p != null && p.workers.length >= workers) {
            return p;
        }
        Pool old;
        synchronized (ParallelRanges.class) {
            p = pool;
            if (p != null && p.workers.length >= workers) {
                return p;
            }
            old = p;
            p = new Pool(workers);
            pool = p;
        }
        // Closed outside the lock: close waits for the old pool's caller, whose chunks may call in here.
        if (old != null) {
            old.close();
        }
        return p;
    }

    /** Stops the workers after the loop in flight; the next split starts new ones. */
    static void stopWorkers() {
        Pool p;
        synchronized (ParallelRanges.class) {
            p = pool;
            pool = null;
        }
        if (p != null) {
            p.close();
        }
    }

    /** @return the number of live worker threads (for tests) */
    static int liveWorkers() {
        Pool p = pool;
        int live = 0;
        if (p != null) {
            for (Worker w : p.workers) {
                live += w.thread.isAlive() ? 1 : 0;
            }
        }
        return live;
    }

    /** The caller plus {@code workers.length} spinning daemon threads. */
    private static final class Pool {
        final Worker[] workers;
        private final ReentrantLock lock = new ReentrantLock();
        private boolean closed; // guarded by lock

        Pool(int size) {
            workers = new Worker[size];
            for (int i = 0; i < size; i++) {
                workers[i] = new Worker();
                Thread t = new WorkerThread(workers[i], "mbrl4j-worker-" + (i + 1));
                t.setDaemon(true);
                workers[i].thread = t;
                t.start();
            }
        }

        void run(int n, int threads, Range body) {
            if (lock.isHeldByCurrentThread() || !lock.tryLock()) {
                body.run(0, n); // the workers are busy with another caller (or with this one)
                return;
            }
            try {
                if (closed) {
                    body.run(0, n);
                    return;
                }
                // Workers take the first chunks, the caller the last: with floor boundaries the last chunk is the
                // largest, and the caller starts at once while a worker starts a little later.
                for (int t = 0; t < threads - 1; t++) {
                    workers[t].start(body, (int) ((long) n * t / threads), (int) ((long) n * (t + 1) / threads));
                }
                Throwable failure = null;
                try {
                    body.run((int) ((long) n * (threads - 1) / threads), n);
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
                for (int t = 1; t < threads; t++) {
                    Throwable f = workers[t - 1].await();
                    failure = failure == null ? f : failure;
                }
                if (failure instanceof RuntimeException r) {
                    throw r;
                } else if (failure instanceof Error err) {
                    throw err;
                } else if (failure != null) {
                    throw new IllegalStateException("mbrl4j worker failed", failure);
                }
            } finally {
                lock.unlock();
            }
        }

        /** Waits for the caller in flight, then stops every worker; later calls run on their caller. */
        void close() {
            lock.lock();
            try {
                closed = true;
                for (Worker w : workers) {
                    w.stop();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** The thread of a worker, so that a loop called from a chunk runs on it at once. */
    private static final class WorkerThread extends Thread {
        WorkerThread(Runnable worker, String name) {
            super(worker, name);
        }
    }

    /** One worker: waits for a new generation number, runs its chunk, sets {@code done}. */
    private static final class Worker implements Runnable {
        Thread thread;
        private volatile long generation;
        private volatile boolean done = true;
        private volatile boolean parked;
        private volatile boolean stopped;
        // Written by the caller before the volatile write of generation, read by the worker after reading it.
        private Range body;
        private int from;
        private int to;
        private Throwable failure;

        void start(Range task, int lo, int hi) {
            body = task;
            from = lo;
            to = hi;
            failure = null;
            done = false;
            generation++; // only the caller holding the pool's lock writes it
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        void stop() {
            stopped = true;
            LockSupport.unpark(thread);
        }

        Throwable await() {
            long spinStart = System.nanoTime();
            while (!done) {
                spin(System.nanoTime() - spinStart);
            }
            body = null;
            return failure;
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long spinStart = System.nanoTime();
                while (generation == seen) {
                    if (stopped) {
                        return;
                    }
                    long spun = System.nanoTime() - spinStart;
                    if (spun < SPIN_NANOS) {
                        spin(spun);
                        continue;
                    }
                    parked = true; // then re-check: a caller that misses this flag has already published
                    if (generation == seen) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    spinStart = System.nanoTime();
                }
                seen = generation;
                try {
                    body.run(from, to);
                } catch (Throwable e) {
                    failure = e;
                }
                done = true;
            }
        }
    }
}
