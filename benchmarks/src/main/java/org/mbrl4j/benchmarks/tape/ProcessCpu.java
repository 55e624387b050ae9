package org.mbrl4j.benchmarks.tape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CPU time of this process, all threads (native OpenMP threads included), from {@code /proc/self/stat}. */
final class ProcessCpu {

    /** Linux's USER_HZ, the unit of utime and stime in /proc (100 on every common kernel). */
    private static final double TICK_MS = 10.0;

    private ProcessCpu() {
    }

    /** @return user + system CPU milliseconds so far (10 ms resolution), or NaN where /proc is missing */
    static double millis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // fields after the ")" that closes the command name: state is field 3; utime 14, stime 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
