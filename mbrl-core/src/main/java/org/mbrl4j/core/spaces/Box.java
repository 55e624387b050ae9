package org.mbrl4j.core.spaces;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A box in {@code R^n} with per-element bounds, Gymnasium's {@code Box} with dtype float32. Bounds may be
 * infinite. Elements are float32 arrays of {@link #shape()}.
 */
public final class Box implements Space {

    private final double[] low;
    private final double[] high;
    private final long[] shape;

    private Box(double[] low, double[] high, long[] shape) {
        this.low = low;
        this.high = high;
        this.shape = shape;
    }

    /**
     * A one-dimensional box.
     *
     * @param low lower bounds, one per element ({@code Double.NEGATIVE_INFINITY} allowed)
     * @param high upper bounds, same length ({@code Double.POSITIVE_INFINITY} allowed)
     * @return the box of shape {@code [low.length]}
     * @throws IllegalArgumentException if the lengths differ, are 0, a bound is NaN or {@code low > high}
     */
    public static Box of(double[] low, double[] high) {
        return of(low, high, low.length);
    }

    /**
     * A box of any shape, bounds given flattened in row-major order.
     *
     * @param low lower bounds, {@code prod(shape)} values
     * @param high upper bounds, {@code prod(shape)} values
     * @param shape the shape of one element, each dimension {@code >= 1}
     * @return the box
     * @throws IllegalArgumentException on mismatched lengths, NaN bounds or {@code low > high}
     */
    public static Box of(double[] low, double[] high, long... shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("shape dimensions must be >= 1: " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (shape.length == 0 || low.length != n || high.length != n) {
            throw new IllegalArgumentException("low and high must have prod(shape) = " + n + " values: low has "
                    + low.length + ", high has " + high.length + ", shape " + Arrays.toString(shape));
        }
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(low[i]) || Double.isNaN(high[i]) || low[i] > high[i]) {
                throw new IllegalArgumentException("bounds must satisfy low <= high without NaN: low[" + i + "]="
                        + low[i] + ", high[" + i + "]=" + high[i]);
            }
        }
        return new Box(low.clone(), high.clone(), shape.clone());
    }

    /**
     * A box with the same bounds on every element.
     *
     * @param low the lower bound
     * @param high the upper bound
     * @param shape the element shape
     * @return the box
     */
    public static Box uniform(double low, double high, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        double[] lo = new double[(int) n];
        double[] hi = new double[(int) n];
        Arrays.fill(lo, low);
        Arrays.fill(hi, high);
        return of(lo, hi, shape);
    }

    /** @return the lower bounds, flattened row-major; a fresh copy */
    public double[] low() {
        return low.clone();
    }

    /** @return the upper bounds, flattened row-major; a fresh copy */
    public double[] high() {
        return high.clone();
    }

    /**
     * @param i flat index
     * @return the lower bound of element {@code i}
     */
    public double low(int i) {
        return low[i];
    }

    /**
     * @param i flat index
     * @return the upper bound of element {@code i}
     */
    public double high(int i) {
        return high[i];
    }

    /** @return whether every bound is finite */
    public boolean isBounded() {
        for (int i = 0; i < low.length; i++) {
            if (Double.isInfinite(low[i]) || Double.isInfinite(high[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public DataType dtype() {
        return DataType.FLOAT;
    }

    @Override
    public int flatDim() {
        return low.length;
    }

    @Override
    public boolean contains(INDArray x) {
        if (x == null || !Arrays.equals(x.shape(), shape)) {
            return false;
        }
        // Compared in float32, as Gymnasium compares a float32 array with float32 bounds.
        for (int i = 0; i < low.length; i++) {
            float v = x.getFloat(i);
            if (Float.isNaN(v) || v < (float) low[i] || v > (float) high[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public INDArray sample(RandomGenerator rng) {
        float[] out = new float[low.length];
        for (int i = 0; i < out.length; i++) {
            boolean lowFinite = Double.isFinite(low[i]);
            boolean highFinite = Double.isFinite(high[i]);
            double v;
            if (lowFinite && highFinite) {
                v = low[i] + (high[i] - low[i]) * rng.nextDouble();
            } else if (lowFinite) {
                v = low[i] + rng.nextExponential();
            } else if (highFinite) {
                v = high[i] - rng.nextExponential();
            } else {
                v = rng.nextGaussian();
            }
            out[i] = (float) Math.min(Math.max(v, low[i]), high[i]);
        }
        return Nd4j.create(out, shape, DataType.FLOAT);
    }

    @Override
    public void validate(String argument, INDArray x) {
        if (x == null) {
            throw new IllegalArgumentException(argument + " must not be null; expected " + this);
        }
        if (!Arrays.equals(x.shape(), shape)) {
            throw new IllegalArgumentException(argument + " has shape " + Arrays.toString(x.shape())
                    + "; expected " + Arrays.toString(shape) + " for " + this);
        }
        if (!x.dataType().isFPType()) {
            throw new IllegalArgumentException(argument + " has data type " + x.dataType()
                    + "; expected a floating-point array for " + this);
        }
        for (int i = 0; i < low.length; i++) {
            double v = x.getDouble(i);
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException(argument + " contains NaN at index " + i + ": " + x
                        + "; expected a value in " + this);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && Arrays.equals(low, b.low) && Arrays.equals(high, b.high)
                && Arrays.equals(shape, b.shape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(low) + Arrays.hashCode(high)) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        if (low.length <= 8) {
            return "Box(low=" + formatBounds(low) + ", high=" + formatBounds(high) + ", shape="
                    + Arrays.toString(shape) + ", float32)";
        }
        return "Box(shape=" + Arrays.toString(shape) + ", float32)";
    }

    /** Bounds printed at float32 precision, the precision they are compared in ({@code 4.8}, not {@code 4.800000190734863}). */
    private static String formatBounds(double[] bounds) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < bounds.length; i++) {
            sb.append(i == 0 ? "" : ", ").append((float) bounds[i]);
        }
        return sb.append(']').toString();
    }
}
