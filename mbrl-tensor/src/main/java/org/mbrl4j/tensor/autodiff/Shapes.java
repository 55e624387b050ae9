package org.mbrl4j.tensor.autodiff;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Shape arithmetic of the tape's ops: NumPy broadcasting, summing a broadcast gradient back to an input's
 * shape, axis normalisation and argument checks with messages that name the op and the shapes.
 */
public final class Shapes {

    private Shapes() {
    }

    /**
     * @param op the op's name for the message
     * @param a  a shape
     * @param b  another shape
     * @return the NumPy broadcast of the two shapes
     * @throws IllegalArgumentException if they do not broadcast
     */
    public static long[] broadcast(String op, long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and "
                        + Arrays.toString(b) + " do not broadcast (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * Sums a gradient over the dimensions along which an input of shape {@code shape} was broadcast.
     *
     * @param grad  the gradient, of a shape that {@code shape} broadcasts to
     * @param shape the input's shape
     * @return {@code grad} itself when the shapes are equal, otherwise a fresh array of shape {@code shape}
     */
    public static INDArray unbroadcast(INDArray grad, long[] shape) {
        long[] g = grad.shape();
        if (Arrays.equals(g, shape)) {
            return grad;
        }
        int lead = g.length - shape.length;
        int[] axes = new int[g.length];
        int n = 0;
        for (int i = 0; i < g.length; i++) {
            long s = i < lead ? 1 : shape[i - lead];
            if (s == 1 && g[i] != 1) {
                axes[n++] = i;
            } else if (s != g[i]) {
                throw new IllegalArgumentException("gradient of shape " + Arrays.toString(g)
                        + " cannot be summed down to shape " + Arrays.toString(shape));
            }
        }
        INDArray summed = n == 0 ? grad : grad.sum(true, Arrays.copyOf(axes, n));
        return summed.reshape('c', shape).dup('c');
    }

    /**
     * @param axis an axis, negative counting from the end
     * @param rank the array's rank
     * @param op   the op's name for the message
     * @return the axis in {@code [0, rank)}
     * @throws IllegalArgumentException if it is out of range
     */
    public static int axis(int axis, int rank, String op) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for rank " + rank);
        }
        return a;
    }

    /** @return the product of the dimensions */
    static long count(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    static void sameType(String op, Var a, Var b) {
        if (a.dataType() != b.dataType()) {
            throw new IllegalArgumentException(op + ": data types differ: " + a.dataType() + " and "
                    + b.dataType());
        }
    }

    static void sameShape(String op, String an, Var a, String bn, Var b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": " + an + " " + Arrays.toString(a.shape()) + " and " + bn + " "
                    + Arrays.toString(b.shape()) + " must have the same shape");
        }
        sameType(op, a, b);
    }

    static String str(long[] shape) {
        return Arrays.toString(shape);
    }
}
