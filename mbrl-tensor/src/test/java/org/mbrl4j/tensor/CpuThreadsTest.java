package org.mbrl4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class CpuThreadsTest {

    @Test
    void configureSetsOpenBlasAndNd4j() {
        int before = CpuThreads.configureDefaults();
        assertTrue(before >= 1);
        assertEquals(before, CpuThreads.configureDefaults(), "idempotent");
        try {
            CpuThreads.configure(1);
            assertEquals(1, CpuThreads.threads());
            assertEquals(1, OpenBlas.threads());
            assertEquals(1, Nd4j.factory().blas().getMaxThreads());
            CpuThreads.configure(2);
            // Default mode: mbrl4j's workers split the products, each block on a one-thread OpenBLAS.
            assertEquals(CpuThreads.ownWorkers() ? 1 : 2, OpenBlas.threads());
            assertEquals(2, Nd4j.getEnvironment().maxMasterThreads());
        } finally {
            CpuThreads.configure(before);
        }
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
    }
}
