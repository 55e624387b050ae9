package org.mbrl4j.core.spaces;

import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code n} integer choices {@code start, ..., start + n - 1}, Gymnasium's {@code Discrete}. Elements are
 * scalars (rank 0) holding the index; a one-element array of any numeric type holding an integral value
 * is accepted too.
 */
public final class Discrete implements Space {

    private final int n;
    private final int start;

    private Discrete(int n, int start) {
        this.n = n;
        this.start = start;
    }

    /**
     * @param n number of choices, {@code >= 1}
     * @return the space {@code {0, ..., n-1}}
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static Discrete of(int n) {
        return of(n, 0);
    }

    /**
     * @param n number of choices, {@code >= 1}
     * @param start the smallest index
     * @return the space {@code {start, ..., start+n-1}}
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static Discrete of(int n, int start) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1: " + n);
        }
        return new Discrete(n, start);
    }

    /** @return the number of choices */
    public int n() {
        return n;
    }

    /** @return the smallest index */
    public int start() {
        return start;
    }

    @Override
    public long[] shape() {
        return new long[0];
    }

    @Override
    public DataType dtype() {
        return DataType.INT64;
    }

    @Override
    public int flatDim() {
        return 1;
    }

    @Override
    public boolean contains(INDArray x) {
        if (x == null || x.length() != 1 || x.rank() > 1) {
            return false;
        }
        double v = x.getDouble(0);
        return v == Math.rint(v) && v >= start && v < start + (long) n;
    }

    @Override
    public INDArray sample(RandomGenerator rng) {
        return Nd4j.scalar(DataType.INT64, start + rng.nextInt(n));
    }

    /**
     * Reads the index held by a validated element.
     *
     * @param argument name for the message
     * @param x a scalar or one-element array
     * @return the index
     * @throws IllegalArgumentException if {@code x} is not an element of this space
     */
    public int index(String argument, INDArray x) {
        validate(argument, x);
        return (int) x.getDouble(0);
    }

    @Override
    public void validate(String argument, INDArray x) {
        if (x == null) {
            throw new IllegalArgumentException(argument + " must not be null; expected an index in " + this);
        }
        if (x.length() != 1 || x.rank() > 1) {
            throw new IllegalArgumentException(argument + " has shape " + java.util.Arrays.toString(x.shape())
                    + "; expected a scalar index in " + this);
        }
        if (!contains(x)) {
            throw new IllegalArgumentException(argument + " is " + x.getDouble(0)
                    + "; expected an integer index in " + this);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Discrete d && d.n == n && d.start == start;
    }

    @Override
    public int hashCode() {
        return 31 * n + start;
    }

    @Override
    public String toString() {
        return start == 0 ? "Discrete(" + n + ")" : "Discrete(" + n + ", start=" + start + ")";
    }
}
