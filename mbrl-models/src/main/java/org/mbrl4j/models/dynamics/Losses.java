package org.mbrl4j.models.dynamics;

import java.util.Arrays;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training losses of the ensembles with their gradients, computed in float64 whatever the input type
 * (gradients are returned in the input's type).
 */
public final class Losses {

    /** Weight of the log-variance bound penalty, mbrl-lib's {@code 0.01}. */
    public static final double BOUND_PENALTY = 0.01;

    private Losses() {
    }

    /**
     * A loss value with its gradients.
     *
     * @param loss          the scalar loss
     * @param gradOutput    gradient with respect to the network output, its shape and type
     * @param gradMinLogvar gradient with respect to the lower log-variance bound {@code [1, D]} (null for MSE)
     * @param gradMaxLogvar gradient with respect to the upper bound {@code [1, D]} (null for MSE)
     */
    public record Result(double loss, INDArray gradOutput, INDArray gradMinLogvar, INDArray gradMaxLogvar) {
    }

    /**
     * mbrl-lib's {@code GaussianMLP._nll_loss}: with the raw head {@code out = [mu, rawLogvar]},
     * {@code l = maxLogvar - softplus(maxLogvar - rawLogvar)}, {@code logvar = minLogvar + softplus(l - minLogvar)},
     * {@code loss = sum_e mean_{b,d}((mu - y)^2 exp(-logvar) + logvar) + 0.01 (sum maxLogvar - sum minLogvar)}.
     *
     * @param out       network output {@code [E, B, 2D]}: means then raw log-variances
     * @param target    {@code [E, B, D]}
     * @param minLogvar {@code [1, D]}
     * @param maxLogvar {@code [1, D]}
     * @return the loss and its gradients with respect to {@code out} and both bounds
     * @throws IllegalArgumentException if the shapes do not match
     */
    public static Result gaussianNll(INDArray out, INDArray target, INDArray minLogvar, INDArray maxLogvar) {
        int[] ebd = check(out, target, 2);
        int e = ebd[0];
        int b = ebd[1];
        int d = ebd[2];
        if (minLogvar.length() != d || maxLogvar.length() != d) {
            throw new IllegalArgumentException("logvar bounds must have " + d + " values: got "
                    + Arrays.toString(minLogvar.shape()) + " and " + Arrays.toString(maxLogvar.shape()));
        }
        double[] o = doubles(out);
        double[] y = doubles(target);
        double[] lo = doubles(minLogvar);
        double[] hi = doubles(maxLogvar);
        double[] g = new double[o.length];
        double[] gLo = new double[d];
        double[] gHi = new double[d];
        double inv = 1.0 / ((double) b * d);
        double loss = 0;
        for (int m = 0; m < e; m++) {
            for (int r = 0; r < b; r++) {
                int row = (m * b + r) * 2 * d;
                int trow = (m * b + r) * d;
                for (int j = 0; j < d; j++) {
                    double mu = o[row + j];
                    double raw = o[row + d + j];
                    double a = hi[j] - raw;
                    double l1 = hi[j] - softplus(a);
                    double c = l1 - lo[j];
                    double lv = lo[j] + softplus(c);
                    double diff = mu - y[trow + j];
                    double w = Math.exp(-lv);
                    loss += (diff * diff * w + lv) * inv;
                    double dLv = (1.0 - diff * diff * w) * inv;
                    g[row + j] = 2.0 * diff * w * inv;
                    double sc = sigmoid(c);
                    double sa = sigmoid(a);
                    double dL1 = dLv * sc;
                    gLo[j] += dLv * (1.0 - sc);
                    g[row + d + j] = dL1 * sa;
                    gHi[j] += dL1 * (1.0 - sa);
                }
            }
        }
        for (int j = 0; j < d; j++) {
            loss += BOUND_PENALTY * (hi[j] - lo[j]);
            gHi[j] += BOUND_PENALTY;
            gLo[j] -= BOUND_PENALTY;
        }
        return new Result(loss, array(g, out.shape(), out.dataType()),
                array(gLo, minLogvar.shape(), minLogvar.dataType()),
                array(gHi, maxLogvar.shape(), maxLogvar.dataType()));
    }

    /**
     * mbrl-lib's {@code GaussianMLP._mse_loss} for deterministic ensembles: the squared error summed over
     * batch, dimensions and members.
     *
     * @param out    network output {@code [E, B, D]}
     * @param target {@code [E, B, D]}
     * @return the loss and its gradient with respect to {@code out}
     * @throws IllegalArgumentException if the shapes do not match
     */
    public static Result mse(INDArray out, INDArray target) {
        check(out, target, 1);
        double[] o = doubles(out);
        double[] y = doubles(target);
        double[] g = new double[o.length];
        double loss = 0;
        for (int i = 0; i < o.length; i++) {
            double diff = o[i] - y[i];
            loss += diff * diff;
            g[i] = 2.0 * diff;
        }
        return new Result(loss, array(g, out.shape(), out.dataType()), null, null);
    }

    /**
     * The soft clamp of mbrl-lib's {@code GaussianMLP._default_forward} for one value.
     *
     * @param raw the raw log-variance
     * @param lo  the lower bound
     * @param hi  the upper bound
     * @return {@code lo + softplus(hi - softplus(hi - raw) - lo)}
     */
    public static double boundLogvar(double raw, double lo, double hi) {
        double l1 = hi - softplus(hi - raw);
        return lo + softplus(l1 - lo);
    }

    static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
    }

    private static int[] check(INDArray out, INDArray target, int heads) {
        if (out == null || target == null || out.rank() != 3 || target.rank() != 3) {
            throw new IllegalArgumentException("out and target must be rank 3 [E, B, D]: got "
                    + (out == null ? "null" : Arrays.toString(out.shape())) + " and "
                    + (target == null ? "null" : Arrays.toString(target.shape())));
        }
        long d = target.size(2);
        if (out.size(0) != target.size(0) || out.size(1) != target.size(1) || out.size(2) != heads * d) {
            throw new IllegalArgumentException("out has shape " + Arrays.toString(out.shape()) + "; expected ["
                    + target.size(0) + ", " + target.size(1) + ", " + heads * d + "] for target "
                    + Arrays.toString(target.shape()));
        }
        return new int[] {(int) target.size(0), (int) target.size(1), (int) d};
    }

    static double[] doubles(INDArray x) {
        return org.mbrl4j.tensor.HostArrays.toDoubles(x);
    }

    static INDArray array(double[] v, long[] shape, DataType type) {
        if (type == DataType.FLOAT) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            return HostArrays.array(f, shape);
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(type);
    }
}
