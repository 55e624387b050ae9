package org.mbrl4j.core.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Direct access to the host memory of ND4J CPU arrays, for the element-wise kernels.
 *
 * <p>Only dense c-order float32 arrays on the CPU backend qualify; everything else goes through ND4J.
 */
final class HostBuffers {

    private HostBuffers() {
    }

    private static final class Cpu {
        static final boolean IS_CPU = isCpuBackend();
    }

    private static boolean isCpuBackend() {
        try {
            // Matched by name: mbrl-core does not depend on nd4j-native at compile time.
            return Nd4j.getBackend().getClass().getName().startsWith("org.nd4j.linalg.cpu.");
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** @return whether ND4J runs on its CPU backend (array data lives in host memory) */
    static boolean cpuBackend() {
        return Cpu.IS_CPU;
    }

    /** @return whether {@code x} is float32, c-order and dense (no gaps), in host memory */
    static boolean denseFloat(INDArray x) {
        return cpuBackend() && x.dataType() == DataType.FLOAT && Layouts.rowMajorContiguous(x)
                && x.data().offset() == x.offset() && !x.isEmpty()
                && x.length() <= Integer.MAX_VALUE / Float.BYTES;
    }

    /**
     * A native-order view of the array's elements, {@code 4 * length} bytes from its first element.
     * Only for arrays that pass {@link #denseFloat}.
     */
    static ByteBuffer bytes(INDArray x) {
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
}
