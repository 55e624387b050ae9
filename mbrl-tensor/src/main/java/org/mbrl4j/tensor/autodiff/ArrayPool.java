package org.mbrl4j.tensor.autodiff;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.Layouts;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reuses the arrays that only the tape sees (intermediate gradients, pre-activations, scratch of backward
 * passes) from one training step to the next. A fresh ND4J array costs a native allocation, a deallocator
 * registration and, later, work for ND4J's deallocation thread; a training step on the tape makes the same
 * shapes every time, so handing them back and taking them again removes that cost. One pool per thread,
 * at most {@link #MAX_BYTES} held; arrays beyond that are closed at once.
 *
 * <p>Only arrays that nothing else refers to may be given back: the tape's own gradients after their op
 * has used them, and scratch that an op allocated for itself. Values returned to the user never are.
 *
 * <p>More arrays come back than the pool hands out (a gradient that an ND4J op allocated is given back too), so
 * a pool that kept everything would fill with the shapes that come back most, up to its cap, and then close
 * the arrays of other shapes that the next step needs. It keeps instead, per shape, at most as many arrays as
 * were taken of that shape in one cycle (between the releases of two outermost tapes, {@link #endCycle}): a
 * repeated training step then finds every array it takes, and the surplus is closed when it comes back.
 */
final class ArrayPool {

    /** The most memory one thread's pool keeps for reuse: {@code -Dmbrl4j.pool.mb} megabytes (default 256). */
    static final long MAX_BYTES = Math.max(0L, Long.getLong("mbrl4j.pool.mb", 256L)) << 20;

    private static final ThreadLocal<ArrayPool> LOCAL = ThreadLocal.withInitial(ArrayPool::new);

    private final Map<Key, Slot> slots = new HashMap<>();
    private long bytes;

    /** The arrays of one shape held for reuse, and how many of that shape a cycle takes. */
    private static final class Slot {
        final ArrayDeque<INDArray> free = new ArrayDeque<>();
        /** Takes in the current cycle. */
        int taken;
        /** The most takes in one cycle so far: the most arrays of this shape worth keeping. */
        int maxTaken;
    }

    private record Key(DataType type, long[] shape) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.type == type && Arrays.equals(k.shape, shape);
        }

        @Override
        public int hashCode() {
            return 31 * type.hashCode() + Arrays.hashCode(shape);
        }
    }

    private ArrayPool() {
    }

    /**
     * @param type  the data type
     * @param shape the shape
     * @return a c-order array with arbitrary contents (a pooled one when available)
     */
    static INDArray take(DataType type, long... shape) {
        ArrayPool pool = LOCAL.get();
        Slot slot = pool.slots.computeIfAbsent(new Key(type, shape), k -> new Slot());
        if (++slot.taken > slot.maxTaken) {
            slot.maxTaken = slot.taken;
        }
        INDArray a = slot.free.pollLast();
        if (a == null) {
            return Nd4j.createUninitialized(type, shape);
        }
        pool.bytes -= bytesOf(a);
        return a;
    }

    /**
     * @param type  the data type
     * @param shape the shape
     * @return a c-order array of zeros
     */
    static INDArray zeros(DataType type, long... shape) {
        INDArray a = take(type, shape);
        if (HostArrays.denseFloat(a)) {
            HostArrays.fill(a, 0f);
        } else {
            a.assign(0);
        }
        return a;
    }

    /**
     * Hands an array back for reuse. The caller must hold the only reference to it (and to any view of it).
     *
     * @param a the array; views, non-c-order and empty arrays are left to the garbage collector
     */
    static void give(INDArray a) {
        if (a == null || !wholeBuffer(a) || a.isEmpty() || a.wasClosed() || !HostArrays.cpuBackend()) {
            return;
        }
        ArrayPool pool = LOCAL.get();
        long b = bytesOf(a);
        Slot slot = pool.slots.get(new Key(a.dataType(), a.shape()));
        if (slot == null || slot.free.size() >= slot.maxTaken || pool.bytes + b > MAX_BYTES) {
            if (a.closeable()) {
                a.close();
            }
            return;
        }
        slot.free.addLast(a);
        pool.bytes += b;
    }

    /**
     * Ends a cycle of takes (the release of an outermost tape): from now on each shape's takes count anew
     * towards the most arrays of that shape the pool keeps.
     */
    static void endCycle() {
        for (Slot slot : LOCAL.get().slots.values()) {
            slot.taken = 0;
        }
    }

    /** Closes every array this thread's pool holds. */
    static void clear() {
        ArrayPool pool = LOCAL.get();
        for (Slot slot : pool.slots.values()) {
            for (INDArray a : slot.free) {
                if (a.closeable()) {
                    a.close();
                }
            }
        }
        pool.slots.clear();
        pool.bytes = 0;
    }

    /** @return the bytes this thread's pool holds */
    static long heldBytes() {
        return LOCAL.get().bytes;
    }

    /**
     * @return whether {@code a} spans its whole buffer in row-major order: a fresh array, or a reshape of one
     *         (ND4J marks reshapes as views), never a slice of something larger
     */
    private static boolean wholeBuffer(INDArray a) {
        return a.ordering() == 'c' && a.offset() == 0 && a.length() == a.data().length()
                && Layouts.rowMajorContiguous(a);
    }

    private static long bytesOf(INDArray a) {
        return a.length() * a.dataType().width();
    }
}
