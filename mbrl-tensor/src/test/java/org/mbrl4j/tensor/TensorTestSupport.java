package org.mbrl4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/** Shared helpers: seeded arrays and a relative comparison. */
final class TensorTestSupport {

    private TensorTestSupport() {
    }

    /** Standard normal float32 array in the given order, from the given generator. */
    static INDArray randn(Random rng, char order, long... shape) {
        return Nd4j.randn(0.0, 1.0, Nd4j.create(DataType.FLOAT, shape, order), rng);
    }

    /**
     * Asserts {@code max|actual - expected| <= tol * max(max|expected|, 1e-30)}: the relative error of the
     * whole array, which is how BLAS results with different summation orders agree.
     */
    static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        INDArray e = expected.castTo(DataType.DOUBLE).dup('c');
        INDArray a = actual.castTo(DataType.DOUBLE).dup('c');
        double scale = Math.max(e.amaxNumber().doubleValue(), 1e-30);
        double err = e.sub(a).amaxNumber().doubleValue();
        assertTrue(Double.isFinite(err) && err <= tol * scale,
                what + ": max abs error " + err + " > " + tol + " * " + scale);
    }

    /**
     * Puts the thread policy back as a test found it: {@code before} from {@link CpuThreads#threads()}, 0 for
     * unconfigured (then {@link CpuThreads#release()}).
     */
    static void restoreThreads(int before) {
        if (before == 0) {
            CpuThreads.release();
        } else {
            CpuThreads.configure(before);
        }
    }
}
