package org.mbrl4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParallelRangesTest {

    private int before;

    @BeforeEach
    void threeThreads() {
        before = CpuThreads.threads();
        CpuThreads.configure(3);
    }

    @AfterEach
    void restore() {
        TensorTestSupport.restoreThreads(before);
    }

    @Test
    void everyIndexRunsExactlyOnce() {
        for (int n : new int[] {1, 2, 3, 7, 1000, 1001}) {
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            ParallelRanges.run(n, 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, hits.get(i), "n = " + n + ", index " + i);
            }
        }
    }

    @Test
    void aFailingChunkOnAWorkerReachesTheCaller() {
        IllegalStateException boom = new IllegalStateException("chunk failed");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ParallelRanges.run(900, 1,
                (from, to) -> {
                    if (from == 0) {
                        throw boom; // the first chunk runs on a worker (the caller runs the last)
                    }
                }));
        assertSame(boom, e);
        AtomicIntegerArray hits = new AtomicIntegerArray(900);
        ParallelRanges.run(900, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                hits.incrementAndGet(i);
            }
        });
        assertEquals(900, java.util.stream.IntStream.range(0, 900).map(hits::get).sum(), "the pool still works");
    }

    @Test
    void concurrentAndNestedCallersNeitherWaitForEachOtherNorLoseWork() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int n = 5000;
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            List<Thread> callers = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                Thread t = new Thread(() -> {
                    for (int rep = 0; rep < 200; rep++) {
                        ParallelRanges.run(n, 16, (from, to) -> {
                            // A nested call runs on the calling thread.
                            ParallelRanges.run(to - from, 1, (f, t2) -> {
                                for (int i = from + f; i < from + t2; i++) {
                                    hits.incrementAndGet(i);
                                }
                            });
                        });
                    }
                });
                callers.add(t);
                t.start();
            }
            for (Thread t : callers) {
                t.join();
            }
            for (int i = 0; i < n; i++) {
                assertEquals(600, hits.get(i), "index " + i);
            }
        });
    }
}
