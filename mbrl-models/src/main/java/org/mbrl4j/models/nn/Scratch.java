package org.mbrl4j.models.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A growable scratch array: hands out dense c-order arrays of any shape over the start of one buffer that
 * only ever grows, so that alternating batch sizes (training batches, a smaller last batch, evaluation
 * chunks) do not allocate fresh memory on every switch.
 */
final class Scratch {

    private INDArray flat;
    private INDArray view;

    /**
     * @return a dense c-order array of the shape over this scratch's memory (contents undefined); valid
     *         until the next call
     */
    INDArray get(DataType dtype, long... shape) {
        if (view != null && view.dataType() == dtype && Arrays.equals(view.shape(), shape)) {
            return view;
        }
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (flat == null || flat.dataType() != dtype || flat.length() < n) {
            flat = Nd4j.createUninitialized(dtype, Math.max(n, flat == null ? 0 : flat.length()));
        }
        view = Nd4j.create(flat.data(), shape);
        return view;
    }
}
