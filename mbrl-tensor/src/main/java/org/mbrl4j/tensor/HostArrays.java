package org.mbrl4j.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one set of helpers between ND4J arrays and host memory: fast copies between INDArrays and Java
 * arrays, and direct views of the memory of dense float32 arrays for the element-wise kernels, the optimiser
 * loops and the tape.
 *
 * <p>Dense c-order float32 arrays on ND4J's CPU backend are read and written directly, without ND4J op
 * launches; every other array (other data types, views with gaps, other backends) goes through ND4J
 * ({@code dup}, {@code castTo}) with the same result.
 */
public final class HostArrays {

    private HostArrays() {
    }

    private static final class Cpu {
        static final boolean IS_CPU = isCpuBackend();
    }

    private static boolean isCpuBackend() {
        try {
            // Matched by name: mbrl-tensor does not depend on nd4j-native at compile time.
            return Nd4j.getBackend().getClass().getName().startsWith("org.nd4j.linalg.cpu.");
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** @return whether ND4J runs on its CPU backend (array data lives in host memory) */
    public static boolean cpuBackend() {
        return Cpu.IS_CPU;
    }

    /**
     * @param xs arrays to check
     * @return whether every array is float32, c-order and dense (no gaps), non-empty, in host memory, and
     *         small enough to index with an {@code int}: the arrays that {@link #floats} and {@link #bytes}
     *         accept
     */
    public static boolean denseFloat(INDArray... xs) {
        if (!cpuBackend()) {
            return false;
        }
        for (INDArray x : xs) {
            if (x.dataType() != DataType.FLOAT || !Layouts.rowMajorContiguous(x)
                    || x.data().offset() != x.offset() || x.isEmpty()
                    || x.length() > Integer.MAX_VALUE / Float.BYTES) {
                return false;
            }
        }
        return true;
    }

    /**
     * A native-order view of the array's elements, {@code 4 * length} bytes from its first element. Only for
     * arrays that pass {@link #denseFloat}; valid while the array is alive.
     *
     * @param x a dense float32 host array
     * @return a view (not a copy) of its memory
     */
    public static ByteBuffer bytes(INDArray x) {
        Pointer p = x.data().addressPointer();
        long first = p.address() + p.position() * (long) Float.BYTES;
        long size = x.length() * (long) Float.BYTES;
        // Names differ from Pointer's fields on purpose: inside the body they would shadow the locals.
        BytePointer bp = new BytePointer((Pointer) null) {
            {
                address = first;
                capacity = size;
                limit = size;
            }
        };
        return bp.asByteBuffer().order(ByteOrder.nativeOrder());
    }

    /**
     * A float view of the array's elements in row-major order. Only for arrays that pass
     * {@link #denseFloat}; valid while the array is alive.
     *
     * @param x a dense float32 host array
     * @return a view (not a copy) of its memory, {@code length} floats
     */
    public static FloatBuffer floats(INDArray x) {
        return bytes(x).asFloatBuffer();
    }

    /** Zeros copied in bulk by {@link #fill} (never written): zeroing a gradient allocates nothing. */
    private static final float[] ZEROS = new float[8192];

    /**
     * Sets every element of a dense float32 host array to {@code value}, in bulk.
     *
     * @param x     an array that passes {@link #denseFloat}
     * @param value the value
     * @throws IllegalArgumentException if {@code x} is not a dense float32 host array
     */
    public static void fill(INDArray x, float value) {
        if (!denseFloat(x)) {
            throw new IllegalArgumentException("fill: expected a dense float32 host array, got " + x.dataType() + " "
                    + Arrays.toString(x.shape()));
        }
        FloatBuffer buf = floats(x);
        int n = (int) x.length();
        float[] chunk = value == 0f ? ZEROS : new float[Math.min(n, ZEROS.length)];
        if (value != 0f) {
            Arrays.fill(chunk, value);
        }
        for (int i = 0; i < n; i += chunk.length) {
            buf.put(i, chunk, 0, Math.min(chunk.length, n - i));
        }
    }

    /**
     * @param x any numeric array
     * @return its elements in row-major order as floats, a fresh Java array
     */
    public static float[] toFloats(INDArray x) {
        if (denseFloat(x)) {
            float[] out = new float[(int) x.length()];
            floats(x).get(0, out, 0, out.length);
            return out;
        }
        return x.dup('c').castTo(DataType.FLOAT).data().asFloat();
    }

    /**
     * @param x any numeric array
     * @return its elements in row-major order as doubles, a fresh Java array
     */
    public static double[] toDoubles(INDArray x) {
        if (denseFloat(x)) {
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
        long n = checkCount(data.length, shape);
        if (!cpuBackend() || n == 0) {
            return Nd4j.create(data, shape, DataType.FLOAT);
        }
        INDArray x = Nd4j.createUninitialized(DataType.FLOAT, shape);
        floats(x).put(data, 0, data.length);
        return x;
    }

    /**
     * @param values row-major values; copied, not kept
     * @param type   the data type of the result
     * @param shape  the shape; its product must equal {@code values.length}
     * @return a fresh c-order array
     * @throws IllegalArgumentException if the shape does not hold exactly {@code values.length} elements
     */
    public static INDArray array(double[] values, DataType type, long... shape) {
        long n = checkCount(values.length, shape);
        if (type == DataType.FLOAT && cpuBackend() && n > 0) {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return array(f, shape);
        }
        if (n == 0) {
            return Nd4j.create(type, shape);
        }
        return Nd4j.createFromArray(values).castTo(type).reshape('c', shape);
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
        if (!Arrays.equals(target.shape(), source.shape())) {
            throw new IllegalArgumentException("lerp: target " + Arrays.toString(target.shape())
                    + " and source " + Arrays.toString(source.shape()) + " differ");
        }
        if (denseFloat(target, source)) {
            FloatBuffer t = floats(target);
            FloatBuffer src = floats(source);
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

    /**
     * @param x    values of any shape, flattened
     * @param name the argument name for the message
     * @throws IllegalArgumentException if {@code x} holds NaN or an infinity
     */
    public static void requireFinite(double[] x, String name) {
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException(name + " holds " + x[i] + " at flat index " + i
                        + "; expected finite values");
            }
        }
    }

    private static long checkCount(int count, long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n != count) {
            throw new IllegalArgumentException("array: shape " + Arrays.toString(shape) + " holds " + n
                    + " elements but " + count + " values were given");
        }
        return n;
    }
}
