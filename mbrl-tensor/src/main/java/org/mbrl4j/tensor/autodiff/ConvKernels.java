package org.mbrl4j.tensor.autodiff;

import org.mbrl4j.tensor.Gemm;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The im2col / col2im machinery behind {@link ConvOps}. A convolution maps a "large" image batch
 * {@code [N, C, H, W]} to a "small" one {@code [N, O, OH, OW]}; its input gradient (and the transposed
 * convolution's forward pass) maps small back to large. Both are one GEMM per chunk of images against the
 * column matrix {@code [C*kh*kw, nb*OH*OW]}, whose column {@code (i, p)} holds the receptive field of output
 * pixel {@code p} of image {@code i}. Images are processed in chunks so that this matrix stays below
 * {@link #COLUMN_BUDGET} elements.
 *
 * <p>The rearrangements run on host copies ({@code float[]} for float32, {@code double[]} for float64) in
 * {@link Block}; every product goes through {@link Gemm} (direct OpenBLAS for float32, ND4J for float64).
 */
final class ConvKernels {

    /** Most elements of one column matrix (16 MiB in float32); a chunk holds at least one image. */
    static final int COLUMN_BUDGET = 1 << 22;

    private ConvKernels() {
    }

    /**
     * The shapes of one convolution from large images {@code [C, H, W]} to small ones {@code [*, OH, OW]}.
     *
     * @param channels  C, channels of the large image
     * @param height    H
     * @param width     W
     * @param kh        kernel height
     * @param kw        kernel width
     * @param stride    the stride along both axes
     * @param padding   zero padding on all four sides
     * @param outHeight OH = floor((H + 2 padding - kh) / stride) + 1
     * @param outWidth  OW
     */
    record Geometry(int channels, int height, int width, int kh, int kw, int stride, int padding, int outHeight,
            int outWidth) {

        /** @return C*kh*kw, the rows of the column matrix */
        int rows() {
            return channels * kh * kw;
        }

        /** @return OH*OW, the pixels of one small channel */
        int plane() {
            return outHeight * outWidth;
        }

        /** @return C*H*W, the elements of one large image */
        int image() {
            return channels * height * width;
        }

        /** @return how many images share one column matrix */
        int chunk(int n) {
            long perImage = (long) rows() * plane();
            return (int) Math.max(1, Math.min(n, COLUMN_BUDGET / perImage));
        }
    }

    /**
     * Convolves large images: {@code small[i] = w2 . col(large[i]) + bias}, and, when {@code dW2} is given,
     * {@code dW2 += rows(smallGrad[i]) . col(large[i])^T} from the same column matrices.
     *
     * @param large     {@code [n, C, H, W]}
     * @param n         the number of images
     * @param g         the geometry
     * @param w2        {@code [O, C*kh*kw]}, or null when no output is wanted
     * @param bias      {@code [O]}, or null
     * @param smallGrad {@code [n, O, OH, OW]} for the weight gradient, or null
     * @param dW2       {@code [O, C*kh*kw]}, accumulated into; null for none
     * @return the small images {@code [n, O, OH, OW]}, or null when {@code w2} is null
     */
    static Block convolve(Block large, int n, Geometry g, INDArray w2, double[] bias, Block smallGrad,
            INDArray dW2) {
        DataType type = large.type();
        int k = g.rows();
        int plane = g.plane();
        int outChannels = (int) (w2 != null ? w2.size(0) : dW2.size(0));
        Block small = w2 == null ? null : Block.zeros(type, n * outChannels * plane);
        int chunk = g.chunk(n);
        for (int n0 = 0; n0 < n; n0 += chunk) {
            int nb = Math.min(chunk, n - n0);
            int width = nb * plane;
            Block col = Block.zeros(type, k * width);
            for (int i = 0; i < nb; i++) {
                large.im2col((n0 + i) * g.image(), g, col, width, i * plane);
            }
            INDArray colMatrix = col.toArray(k, width);
            if (w2 != null) {
                INDArray out = Nd4j.createUninitialized(type, outChannels, width);
                Gemm.gemm(w2, false, colMatrix, false, out, 1f, 0f);
                Block.copyOf(out).rowsToPlanes(small, n0, nb, outChannels, plane, bias);
            }
            if (dW2 != null) {
                Block rows = Block.zeros(type, outChannels * width);
                smallGrad.planesToRows(rows, n0, nb, outChannels, plane);
                Gemm.gemm(rows.toArray(outChannels, width), false, colMatrix, true, dW2, 1f, 1f);
            }
        }
        return small;
    }

    /**
     * The adjoint of {@link #convolve}: {@code large[i] = col2im(w2^T . rows(small[i])) + bias}.
     *
     * @param small {@code [n, O, OH, OW]}
     * @param n     the number of images
     * @param g     the geometry
     * @param w2    {@code [O, C*kh*kw]}
     * @param bias  {@code [C]}, or null
     * @return the large images {@code [n, C, H, W]}, fresh
     */
    static Block transposeConvolve(Block small, int n, Geometry g, INDArray w2, double[] bias) {
        DataType type = small.type();
        int k = g.rows();
        int plane = g.plane();
        int outChannels = (int) w2.size(0);
        Block large = Block.zeros(type, n * g.image());
        int chunk = g.chunk(n);
        for (int n0 = 0; n0 < n; n0 += chunk) {
            int nb = Math.min(chunk, n - n0);
            int width = nb * plane;
            Block rows = Block.zeros(type, outChannels * width);
            small.planesToRows(rows, n0, nb, outChannels, plane);
            INDArray colMatrix = Nd4j.createUninitialized(type, k, width);
            Gemm.gemm(w2, true, rows.toArray(outChannels, width), false, colMatrix, 1f, 0f);
            Block col = Block.copyOf(colMatrix);
            for (int i = 0; i < nb; i++) {
                large.col2imAdd(col, width, i * plane, g, (n0 + i) * g.image());
            }
        }
        if (bias != null) {
            large.addChannelBias(n, g.channels(), g.height() * g.width(), bias);
        }
        return large;
    }

    /**
     * Host copy of an array's elements in row-major order, in its own precision.
     */
    abstract static sealed class Block permits F32, F64 {

        static Block copyOf(INDArray x) {
            return x.dataType() == DataType.FLOAT ? new F32(HostArrays.toFloats(x)) : new F64(HostArrays.toDoubles(x));
        }

        static Block zeros(DataType type, int length) {
            return type == DataType.FLOAT ? new F32(new float[length]) : new F64(new double[length]);
        }

        abstract DataType type();

        /** @return a fresh array of this block's elements */
        abstract INDArray toArray(long... shape);

        /**
         * Writes image {@code [C, H, W]} at {@code offset} as columns {@code [colOffset, colOffset + OH*OW)} of
         * {@code col}, which must hold zeros there: positions that fall on the padding are not written.
         */
        abstract void im2col(int offset, Geometry g, Block col, int colWidth, int colOffset);

        /** Adds those columns back onto image {@code [C, H, W]} at {@code offset} (the adjoint of im2col). */
        abstract void col2imAdd(Block col, int colWidth, int colOffset, Geometry g, int offset);

        /** Copies images {@code [n0, n0 + nb)} of {@code [n, channels, plane]} into {@code rows [channels, nb*plane]}. */
        abstract void planesToRows(Block rows, int n0, int nb, int channels, int plane);

        /** The inverse of planesToRows, from this {@code [channels, nb*plane]}, adding {@code bias [channels]}. */
        abstract void rowsToPlanes(Block planes, int n0, int nb, int channels, int plane, double[] bias);

        /** Adds {@code bias[c]} to every element of channel c of {@code [n, channels, plane]}. */
        abstract void addChannelBias(int n, int channels, int plane, double[] bias);

        /** @return the sums over images and pixels of {@code [n, channels, plane]} per channel */
        abstract double[] channelSums(int n, int channels, int plane);

        /** First output column of kernel column {@code kj} that reads inside the image. */
        static int firstInside(int kj, Geometry g) {
            int before = g.padding() - kj;
            return before <= 0 ? 0 : Math.min(g.outWidth(), (before + g.stride() - 1) / g.stride());
        }

        /** One past the last output column of kernel column {@code kj} that reads inside the image. */
        static int endInside(int kj, Geometry g) {
            int last = g.width() - 1 + g.padding() - kj;
            return last < 0 ? 0 : Math.min(g.outWidth(), last / g.stride() + 1);
        }
    }

    static final class F32 extends Block {
        final float[] a;

        F32(float[] a) {
            this.a = a;
        }

        @Override
        DataType type() {
            return DataType.FLOAT;
        }

        @Override
        INDArray toArray(long... shape) {
            return HostArrays.array(a, shape);
        }

        @Override
        void im2col(int offset, Geometry g, Block colBlock, int colWidth, int colOffset) {
            float[] col = ((F32) colBlock).a;
            int h = g.height();
            int w = g.width();
            int s = g.stride();
            int ow = g.outWidth();
            for (int c = 0; c < g.channels(); c++) {
                for (int ki = 0; ki < g.kh(); ki++) {
                    for (int kj = 0; kj < g.kw(); kj++) {
                        int row = ((c * g.kh() + ki) * g.kw() + kj) * colWidth + colOffset;
                        int lo = firstInside(kj, g);
                        int hi = Math.max(lo, endInside(kj, g));
                        for (int oi = 0; oi < g.outHeight(); oi++) {
                            int ii = oi * s + ki - g.padding();
                            int dst = row + oi * ow;
                            if (ii < 0 || ii >= h) {
                                continue;
                            }
                            int src = offset + (c * h + ii) * w + kj - g.padding();
                            if (s == 1) {
                                System.arraycopy(a, src + lo, col, dst + lo, hi - lo);
                            } else {
                                for (int oj = lo; oj < hi; oj++) {
                                    col[dst + oj] = a[src + oj * s];
                                }
                            }
                        }
                    }
                }
            }
        }

        @Override
        void col2imAdd(Block colBlock, int colWidth, int colOffset, Geometry g, int offset) {
            float[] col = ((F32) colBlock).a;
            int h = g.height();
            int w = g.width();
            int s = g.stride();
            int ow = g.outWidth();
            for (int c = 0; c < g.channels(); c++) {
                for (int ki = 0; ki < g.kh(); ki++) {
                    for (int kj = 0; kj < g.kw(); kj++) {
                        int row = ((c * g.kh() + ki) * g.kw() + kj) * colWidth + colOffset;
                        int lo = firstInside(kj, g);
                        int hi = endInside(kj, g);
                        for (int oi = 0; oi < g.outHeight(); oi++) {
                            int ii = oi * s + ki - g.padding();
                            if (ii < 0 || ii >= h) {
                                continue;
                            }
                            int src = row + oi * ow;
                            int dst = offset + (c * h + ii) * w + kj - g.padding();
                            for (int oj = lo; oj < hi; oj++) {
                                a[dst + oj * s] += col[src + oj];
                            }
                        }
                    }
                }
            }
        }

        @Override
        void planesToRows(Block rowsBlock, int n0, int nb, int channels, int plane) {
            float[] rows = ((F32) rowsBlock).a;
            int width = nb * plane;
            for (int i = 0; i < nb; i++) {
                for (int c = 0; c < channels; c++) {
                    System.arraycopy(a, ((n0 + i) * channels + c) * plane, rows, c * width + i * plane, plane);
                }
            }
        }

        @Override
        void rowsToPlanes(Block planesBlock, int n0, int nb, int channels, int plane, double[] bias) {
            float[] planes = ((F32) planesBlock).a;
            int width = nb * plane;
            for (int i = 0; i < nb; i++) {
                for (int c = 0; c < channels; c++) {
                    int src = c * width + i * plane;
                    int dst = ((n0 + i) * channels + c) * plane;
                    if (bias == null) {
                        System.arraycopy(a, src, planes, dst, plane);
                    } else {
                        float b = (float) bias[c];
                        for (int p = 0; p < plane; p++) {
                            planes[dst + p] = a[src + p] + b;
                        }
                    }
                }
            }
        }

        @Override
        void addChannelBias(int n, int channels, int plane, double[] bias) {
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < channels; c++) {
                    float b = (float) bias[c];
                    int base = (i * channels + c) * plane;
                    for (int p = 0; p < plane; p++) {
                        a[base + p] += b;
                    }
                }
            }
        }

        @Override
        double[] channelSums(int n, int channels, int plane) {
            double[] sums = new double[channels];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < channels; c++) {
                    int base = (i * channels + c) * plane;
                    double sum = 0;
                    for (int p = 0; p < plane; p++) {
                        sum += a[base + p];
                    }
                    sums[c] += sum;
                }
            }
            return sums;
        }
    }

    static final class F64 extends Block {
        final double[] a;

        F64(double[] a) {
            this.a = a;
        }

        @Override
        DataType type() {
            return DataType.DOUBLE;
        }

        @Override
        INDArray toArray(long... shape) {
            return HostArrays.array(a, DataType.DOUBLE, shape);
        }

        @Override
        void im2col(int offset, Geometry g, Block colBlock, int colWidth, int colOffset) {
            double[] col = ((F64) colBlock).a;
            int h = g.height();
            int w = g.width();
            int s = g.stride();
            int ow = g.outWidth();
            for (int c = 0; c < g.channels(); c++) {
                for (int ki = 0; ki < g.kh(); ki++) {
                    for (int kj = 0; kj < g.kw(); kj++) {
                        int row = ((c * g.kh() + ki) * g.kw() + kj) * colWidth + colOffset;
                        int lo = firstInside(kj, g);
                        int hi = Math.max(lo, endInside(kj, g));
                        for (int oi = 0; oi < g.outHeight(); oi++) {
                            int ii = oi * s + ki - g.padding();
                            int dst = row + oi * ow;
                            if (ii < 0 || ii >= h) {
                                continue;
                            }
                            int src = offset + (c * h + ii) * w + kj - g.padding();
                            for (int oj = lo; oj < hi; oj++) {
                                col[dst + oj] = a[src + oj * s];
                            }
                        }
                    }
                }
            }
        }

        @Override
        void col2imAdd(Block colBlock, int colWidth, int colOffset, Geometry g, int offset) {
            double[] col = ((F64) colBlock).a;
            int h = g.height();
            int w = g.width();
            int s = g.stride();
            int ow = g.outWidth();
            for (int c = 0; c < g.channels(); c++) {
                for (int ki = 0; ki < g.kh(); ki++) {
                    for (int kj = 0; kj < g.kw(); kj++) {
                        int row = ((c * g.kh() + ki) * g.kw() + kj) * colWidth + colOffset;
                        int lo = firstInside(kj, g);
                        int hi = endInside(kj, g);
                        for (int oi = 0; oi < g.outHeight(); oi++) {
                            int ii = oi * s + ki - g.padding();
                            if (ii < 0 || ii >= h) {
                                continue;
                            }
                            int src = row + oi * ow;
                            int dst = offset + (c * h + ii) * w + kj - g.padding();
                            for (int oj = lo; oj < hi; oj++) {
                                a[dst + oj * s] += col[src + oj];
                            }
                        }
                    }
                }
            }
        }

        @Override
        void planesToRows(Block rowsBlock, int n0, int nb, int channels, int plane) {
            double[] rows = ((F64) rowsBlock).a;
            int width = nb * plane;
            for (int i = 0; i < nb; i++) {
                for (int c = 0; c < channels; c++) {
                    System.arraycopy(a, ((n0 + i) * channels + c) * plane, rows, c * width + i * plane, plane);
                }
            }
        }

        @Override
        void rowsToPlanes(Block planesBlock, int n0, int nb, int channels, int plane, double[] bias) {
            double[] planes = ((F64) planesBlock).a;
            int width = nb * plane;
            for (int i = 0; i < nb; i++) {
                for (int c = 0; c < channels; c++) {
                    int src = c * width + i * plane;
                    int dst = ((n0 + i) * channels + c) * plane;
                    double b = bias == null ? 0.0 : bias[c];
                    for (int p = 0; p < plane; p++) {
                        planes[dst + p] = a[src + p] + b;
                    }
                }
            }
        }

        @Override
        void addChannelBias(int n, int channels, int plane, double[] bias) {
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < channels; c++) {
                    int base = (i * channels + c) * plane;
                    for (int p = 0; p < plane; p++) {
                        a[base + p] += bias[c];
                    }
                }
            }
        }

        @Override
        double[] channelSums(int n, int channels, int plane) {
            double[] sums = new double[channels];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < channels; c++) {
                    int base = (i * channels + c) * plane;
                    for (int p = 0; p < plane; p++) {
                        sums[c] += a[base + p];
                    }
                }
            }
            return sums;
        }
    }
}
