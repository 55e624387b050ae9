package org.mbrl4j.models.dynamics;

import java.util.Arrays;
import org.mbrl4j.core.io.Checkpoint;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-dimension standardisation {@code (x - mean) / std} with float64 statistics, as mbrl-lib's
 * {@code mbrl.util.math.Normalizer} with {@code normalize_double_precision: true}: the standard deviation
 * is the unbiased one ({@code torch.std}) and any below {@link #EPS} is replaced by 1, so constant
 * dimensions pass through centred but unscaled. Starts as the identity (mean 0, std 1).
 */
public final class Normalizer {

    /** mbrl-lib's floor on the standard deviation for float64 statistics. */
    public static final double EPS = 1e-12;

    private final double[] mean;
    private final double[] std;

    /**
     * @param size number of dimensions, {@code >= 1}
     * @throws IllegalArgumentException if size is below 1
     */
    public Normalizer(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1: " + size);
        }
        mean = new double[size];
        std = new double[size];
        Arrays.fill(std, 1.0);
    }

    /** @return the number of dimensions */
    public int size() {
        return mean.length;
    }

    /** @return a copy of the means */
    public double[] mean() {
        return mean.clone();
    }

    /** @return a copy of the standard deviations (after the floor) */
    public double[] std() {
        return std.clone();
    }

    /**
     * Replaces the statistics with those of {@code data}.
     *
     * @param data rows of samples, {@code [N, size]}, {@code N >= 2}, finite
     * @throws IllegalArgumentException on a wrong shape, fewer than 2 rows or non-finite values
     */
    public void update(INDArray data) {
        if (data == null || data.rank() != 2 || data.size(1) != mean.length || data.size(0) < 2) {
            throw new IllegalArgumentException("Normalizer.update: data must be [N >= 2, " + mean.length + "]: got "
                    + (data == null ? "null" : Arrays.toString(data.shape())));
        }
        double[] x = data.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        update(x, (int) data.size(0));
    }

    void update(double[] x, int rows) {
        int d = mean.length;
        double[] m = new double[d];
        double[] s = new double[d];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < d; j++) {
                double v = x[i * d + j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("Normalizer.update: data[" + i + ", " + j + "] is " + v
                            + "; expected finite values");
                }
                m[j] += v;
            }
        }
        for (int j = 0; j < d; j++) {
            m[j] /= rows;
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < d; j++) {
                double c = x[i * d + j] - m[j];
                s[j] += c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(s[j] / (rows - 1));
            mean[j] = m[j];
            std[j] = sd < EPS ? 1.0 : sd;
        }
    }

    /**
     * @param x values {@code [..., size]} (any rank >= 1, any floating type)
     * @return {@code (x - mean) / std} computed in float64, as a fresh FLOAT array of the same shape
     * @throws IllegalArgumentException if the last dimension is not {@code size}
     */
    public INDArray normalize(INDArray x) {
        if (x == null || x.rank() < 1 || x.size(x.rank() - 1) != mean.length) {
            throw new IllegalArgumentException("Normalizer.normalize: x must have last dimension " + mean.length
                    + ": got " + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        double[] v = x.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        float[] out = new float[v.length];
        int d = mean.length;
        for (int i = 0; i < v.length; i++) {
            int j = i % d;
            out[i] = (float) ((v[i] - mean[j]) / std[j]);
        }
        return org.nd4j.linalg.factory.Nd4j.create(out, x.shape(), DataType.FLOAT);
    }

    /** Normalises in place a row-major block of rows of width {@code size}, in float64. */
    void normalizeRows(double[] v, float[] out) {
        int d = mean.length;
        for (int i = 0; i < v.length; i++) {
            int j = i % d;
            out[i] = (float) ((v[i] - mean[j]) / std[j]);
        }
    }

    /**
     * @param builder the checkpoint being built
     * @param prefix  prefix of the entry names
     */
    public void writeTo(Checkpoint.Builder builder, String prefix) {
        builder.putDoubles(prefix + "mean", mean);
        builder.putDoubles(prefix + "std", std);
    }

    /**
     * @param checkpoint a checkpoint written by {@link #writeTo}
     * @param prefix     the prefix used then
     * @throws IllegalArgumentException if entries are missing, of another size, or the std is not positive
     */
    public void readFrom(Checkpoint checkpoint, String prefix) {
        double[] m = checkpoint.doubles(prefix + "mean");
        double[] s = checkpoint.doubles(prefix + "std");
        if (m.length != mean.length || s.length != std.length) {
            throw new IllegalArgumentException("normalizer entries have " + m.length + " and " + s.length
                    + " values; expected " + mean.length);
        }
        for (int j = 0; j < s.length; j++) {
            if (!(s[j] > 0) || !Double.isFinite(s[j]) || !Double.isFinite(m[j])) {
                throw new IllegalArgumentException("normalizer entry " + j + " has mean " + m[j] + " and std "
                        + s[j] + "; expected finite values and std > 0");
            }
        }
        System.arraycopy(m, 0, mean, 0, m.length);
        System.arraycopy(s, 0, std, 0, s.length);
    }
}
