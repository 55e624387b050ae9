package org.mbrl4j.models.nn;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.mbrl4j.core.tensor.Layouts;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fast copies between INDArrays and Java arrays: dense float32 arrays in host memory (CPU backend) are
 * read and written directly, without ND4J op launches; other arrays go through ND4J ({@code dup},
 * {@code castTo}). Also the direct views used by the optimiser loops.
 */
public final class HostFloats {

    private static final boolean CPU = isCpu();

    private HostFloats() {
    }

    private static boolean isCpu() {
        try {
            return Nd4j.getBackend().getClass().getName().startsWith("org.nd4j.linalg.cpu.");
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** @return whether every array is float32, c-order, dense, in host memory */
    static boolean usable(INDArray... xs) {
        if (!CPU) {
            return false;
        }
        for (INDArray x : xs) {
            if (x.dataType() != DataType.FLOAT || !Layouts.rowMajorContiguous(x)
                    || x.data().offset() != x.offset() || x.isEmpty() || x.length() > Integer.MAX_VALUE / 4) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param x any numeric array
     * @return its elements in row-major order as floats, a fresh Java array
     */
    public static float[] toFloats(INDArray x) {
        if (usable(x)) {
            float[] out = new float[(int) x.length()];
            view(x).get(0, out, 0, out.length);
            return out;
        }
        return x.dup('c').castTo(DataType.FLOAT).data().asFloat();
    }

    /**
     * A new float32 c-order array holding {@code data}: on the CPU backend one bulk copy into the fresh
     * buffer (35k floats: about 40 us, against 235 us for {@code Nd4j.create(float[], shape, FLOAT)}, which
     * stores element by element), elsewhere {@code Nd4j.create}.
     *
     * @param data  the elements in row-major order; copied, not kept
     * @param shape the shape, whose product must be {@code data.length}
     * @return the array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length} elements
     */
    public static INDArray array(float[] data, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("array: shape " + java.util.Arrays.toString(shape) + " holds " + n
                    + " elements but data has " + data.length);
        }
        if (!CPU || n == 0) {
            return Nd4j.create(data, shape, DataType.FLOAT);
        }
        INDArray x = Nd4j.createUninitialized(DataType.FLOAT, shape);
        view(x).put(data, 0, data.length);
        return x;
    }

    /**
     * @param x any numeric array
     * @return its elements in row-major order as doubles, a fresh Java array
     */
    public static double[] toDoubles(INDArray x) {
        if (usable(x)) {
            float[] f = toFloats(x);
            double[] out = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                out[i] = f[i];
            }
            return out;
        }
        return x.dup('c').castTo(DataType.DOUBLE).data().asDouble();
    }

    /**
     * {@code target <- (1 - tau) * target + tau * source}, in place (Polyak averaging of target networks):
     * a host loop for dense float32 arrays, ND4J ops otherwise.
     *
     * @param target the array to move, modified in place
     * @param source the array to move towards, the same shape
     * @param tau    the step
     * @throws IllegalArgumentException if the shapes differ
     */
    public static void lerp(INDArray target, INDArray source, double tau) {
        if (!java.util.Arrays.equals(target.shape(), source.shape())) {
            throw new IllegalArgumentException("lerp: target " + java.util.Arrays.toString(target.shape())
                    + " and source " + java.util.Arrays.toString(source.shape()) + " differ");
        }
        if (usable(target, source)) {
            FloatBuffer t = view(target);
            FloatBuffer src = view(source);
            int n = (int) target.length();
            float[] tv = new float[n];
            float[] sv = new float[n];
            t.get(0, tv, 0, n);
            src.get(0, sv, 0, n);
            float keep = (float) (1 - tau);
            float step = (float) tau;
            for (int i = 0; i < n; i++) {
                tv[i] = keep * tv[i] + step * sv[i];
            }
            t.put(0, tv, 0, n);
            return;
        }
        target.muli(1 - tau).addi(source.mul(tau));
    }

    /** A view of the array's elements; only for arrays that pass {@link #usable}. */
    static FloatBuffer view(INDArray x) {
        Pointer p = x.data().addressPointer();
        long first = p.address() + p.position() * (long) Float.BYTES;
        long size = x.length() * (long) Float.BYTES;
        BytePointer bp = new BytePointer((Pointer) null) {
            {
                address = first;
                capacity = size;
                limit = size;
            }
        };
        return bp.asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
