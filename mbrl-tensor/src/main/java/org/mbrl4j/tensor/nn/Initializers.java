package org.mbrl4j.tensor.nn;

import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Standard weight initialisers. Draws are made in float64 from the passed generator in row-major order of
 * the weight, so a seed fixes the weights exactly.
 */
public final class Initializers {

    private Initializers() {
    }

    /**
     * mbrl-lib's {@code truncated_normal_init} ({@code mbrl/models/util.py}): a normal with standard
     * deviation {@code 1 / (2 sqrt(fanIn))}, values beyond two standard deviations redrawn. (mbrl-lib
     * reads {@code fanIn} from {@code weight.shape[0]}, which for its ensemble layers is the input size.)
     *
     * @return the initialiser
     */
    public static Initializer truncatedNormal() {
        return (w, fanIn, fanOut, rng) -> truncatedNormal(w, 1.0 / (2.0 * Math.sqrt(fanIn)), rng);
    }

    /**
     * Fills {@code w} with a normal of mean 0 and standard deviation {@code std}, redrawing every value
     * outside {@code [-2 std, 2 std]} (as {@code mbrl.util.math.truncated_normal_}).
     *
     * @param w   the array to fill
     * @param std the standard deviation before truncation, {@code > 0}
     * @param rng the generator
     * @throws IllegalArgumentException if {@code std} is not positive and finite
     */
    public static void truncatedNormal(INDArray w, double std, RandomGenerator rng) {
        if (!(std > 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("std must be > 0 and finite: " + std);
        }
        double[] v = new double[(int) w.length()];
        for (int i = 0; i < v.length; i++) {
            double x;
            do {
                x = rng.nextGaussian();
            } while (Math.abs(x) > 2.0);
            v[i] = x * std;
        }
        fill(w, v);
    }

    /**
     * Xavier (Glorot) uniform: {@code U(-a, a)}, {@code a = gain * sqrt(6 / (fanIn + fanOut))}, gain 1.
     *
     * @return the initialiser
     */
    public static Initializer xavierUniform() {
        return (w, fanIn, fanOut, rng) -> {
            double a = Math.sqrt(6.0 / (fanIn + fanOut));
            double[] v = new double[(int) w.length()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (2.0 * rng.nextDouble() - 1.0) * a;
            }
            fill(w, v);
        };
    }

    /**
     * The default weight of PyTorch's {@code nn.Linear} ({@code kaiming_uniform_} with {@code a = sqrt(5)}):
     * uniform in {@code [-1/sqrt(fanIn), 1/sqrt(fanIn))}. (PyTorch also draws the bias from that range; the
     * library's layers start biases at 0.)
     *
     * @return the initialiser
     */
    public static Initializer torchDefault() {
        return (w, fanIn, fanOut, rng) -> {
            double a = 1.0 / Math.sqrt(fanIn);
            double[] v = new double[(int) w.length()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (2.0 * rng.nextDouble() - 1.0) * a;
            }
            fill(w, v);
        };
    }

    /**
     * Orthogonal initialisation (Saxe et al. 2014, as {@code torch.nn.init.orthogonal_}): the Q factor of
     * the QR decomposition of a standard normal matrix, signs fixed by R's diagonal, times {@code gain}.
     * Rows or columns (whichever are fewer) are orthonormal.
     *
     * @param gain the scale, finite (e.g. {@code sqrt(2)} for ReLU layers)
     * @return the initialiser
     * @throws IllegalArgumentException if gain is not finite
     */
    public static Initializer orthogonal(double gain) {
        if (!Double.isFinite(gain)) {
            throw new IllegalArgumentException("gain must be finite: " + gain);
        }
        return (w, fanIn, fanOut, rng) -> {
            int rows = (int) w.size(0);
            int cols = (int) (w.length() / rows);
            boolean transpose = rows < cols;
            int m = transpose ? cols : rows;
            int n = transpose ? rows : cols;
            double[][] a = new double[m][n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    a[i][j] = rng.nextGaussian();
                }
            }
            double[][] q = orthonormalColumns(a, m, n);
            double[] v = new double[rows * cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    v[i * cols + j] = gain * (transpose ? q[j][i] : q[i][j]);
                }
            }
            fill(w, v);
        };
    }

    /**
     * All zeros (for output layers that must start neutral).
     *
     * @return the initialiser
     */
    public static Initializer zeros() {
        return (w, fanIn, fanOut, rng) -> w.assign(0);
    }

    /**
     * The thin Q factor of {@code a = Q R} with R's diagonal positive (the factor that is unique for a full-rank
     * {@code a}): modified Gram-Schmidt, run twice per column so that Q stays orthonormal to rounding
     * (Giraud et al. 2005, "twice is enough").
     *
     * @param a {@code [m][n]} with {@code m >= n}; overwritten
     * @return {@code a} holding Q, {@code [m][n]} with orthonormal columns
     */
    private static double[][] orthonormalColumns(double[][] a, int m, int n) {
        for (int j = 0; j < n; j++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int i = 0; i < m; i++) {
                        dot += a[i][k] * a[i][j];
                    }
                    for (int i = 0; i < m; i++) {
                        a[i][j] -= dot * a[i][k];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < m; i++) {
                norm += a[i][j] * a[i][j];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < m; i++) {
                a[i][j] = norm == 0 ? (i == j ? 1 : 0) : a[i][j] / norm;
            }
        }
        return a;
    }

    private static void fill(INDArray w, double[] v) {
        w.assign(Nd4j.createFromArray(v).castTo(w.dataType()).reshape(w.shape()));
    }
}
