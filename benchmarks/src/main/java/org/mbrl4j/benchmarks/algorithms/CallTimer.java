package org.mbrl4j.benchmarks.algorithms;

import java.util.Arrays;

/**
 * The timing loop of the algorithms' speed runs ({@link TdmpcStepRun}, {@link DreamerStepRun}): untimed calls for a
 * warm-up time (so that C2 has compiled the hot code), then rounds of timed calls.
 *
 * @param ms          milliseconds per call of each round, {@code [rounds]}
 * @param warmupCalls the number of untimed calls
 */
record CallTimer(double[] ms, int warmupCalls) {

    /**
     * @param call          one call of the measured work
     * @param warmupSeconds seconds of untimed calls first (at least one call)
     * @param rounds        timed rounds, {@code >= 1}
     * @param calls         calls per round, {@code >= 1}
     * @return the per-call times of each round
     */
    static CallTimer time(Runnable call, double warmupSeconds, int rounds, int calls) {
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        int warmupCalls = 0;
        do {
            call.run();
            warmupCalls++;
        } while (System.nanoTime() < warmupEnd);
        double[] ms = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int c = 0; c < calls; c++) {
                call.run();
            }
            ms[r] = (System.nanoTime() - t0) / 1e6 / calls;
        }
        return new CallTimer(ms, warmupCalls);
    }

    /** @return the median of the rounds' milliseconds per call (the upper one of an even count) */
    double median() {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
