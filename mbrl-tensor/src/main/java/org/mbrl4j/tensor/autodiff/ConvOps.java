package org.mbrl4j.tensor.autodiff;

import java.util.Objects;
import org.mbrl4j.tensor.HostArrays;
import org.mbrl4j.tensor.autodiff.ConvKernels.Block;
import org.mbrl4j.tensor.autodiff.ConvKernels.Geometry;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Differentiable 2-D convolutions on NCHW images, with PyTorch's semantics ({@code torch.nn.functional.conv2d}
 * and {@code conv_transpose2d}; dilation 1, one group, zero padding, {@code output_padding} 0).
 *
 * <p>In float32 on ND4J's CPU backend both run on oneDNN primitives ({@link OneDnnConv}; forward,
 * backward-data, backward-weights and bias, cached per shape) unless the system property
 * {@code mbrl4j.onednn} is {@code false} or oneDNN cannot be loaded. Otherwise (and always in float64) both
 * run as im2col + GEMM (Chellapilla et al. 2006, "High performance convolutional neural networks
 * for document processing"): the receptive fields of a chunk of images become the columns of a matrix
 * {@code [C*kh*kw, nb*OH*OW]}, so the convolution is one product with the weight {@code [O, C*kh*kw]}; col2im
 * (the adjoint scatter-add) returns column gradients to pixels. A transposed convolution is the input
 * gradient of a convolution, so the two ops share their kernels with the roles swapped. Products run on
 * {@link org.mbrl4j.tensor.Gemm} (direct OpenBLAS for float32); float64 works too, for gradient checks.
 */
public final class ConvOps {

    private ConvOps() {
    }

    /**
     * A 2-D convolution (cross-correlation, as PyTorch):
     * {@code y[n,o,i,j] = b[o] + sum_{c,p,q} w[o,c,p,q] * x[n, c, i*stride + p - padding, j*stride + q - padding]},
     * reading zeros outside the image.
     *
     * @param x       {@code [N, C, H, W]}
     * @param w       {@code [O, C, kh, kw]}
     * @param b       {@code [O]}, or null for no bias
     * @param stride  the step along both axes, {@code >= 1}
     * @param padding zeros added on all four sides, {@code >= 0}
     * @return {@code [N, O, OH, OW]} with {@code OH = floor((H + 2 padding - kh) / stride) + 1} (OW alike), a
     *         fresh array
     * @throws IllegalArgumentException if a rank, channel count or data type does not match, the stride or
     *                                  padding is out of range, or the kernel is larger than the padded image
     */
    public static Var conv2d(Var x, Var w, Var b, int stride, int padding) {
        String op = "conv2d";
        checkCommon(op, x, w, b, stride, padding, "[O, C, kh, kw]");
        long[] xs = x.shape();
        long[] ws = w.shape();
        if (ws[1] != xs[1]) {
            throw new IllegalArgumentException(op + ": w " + Shapes.str(ws) + " has " + ws[1]
                    + " input channels (dimension 1); expected " + xs[1] + ", the channels of x " + Shapes.str(xs));
        }
        checkBias(op, b, ws[0], "O = w.size(0)");
        for (int axis = 2; axis <= 3; axis++) {
            long padded = xs[axis] + 2L * padding;
            if (ws[axis] > padded) {
                throw new IllegalArgumentException(op + ": kernel " + (axis == 2 ? "height " : "width ") + ws[axis]
                        + " is larger than the padded input " + (axis == 2 ? "height " : "width ") + padded + " (x "
                        + Shapes.str(xs) + ", padding " + padding + "); expected at most " + padded);
            }
        }
        int n = (int) xs[0];
        int outChannels = (int) ws[0];
        Geometry g = new Geometry((int) xs[1], (int) xs[2], (int) xs[3], (int) ws[2], (int) ws[3], stride, padding,
                (int) ((xs[2] + 2L * padding - ws[2]) / stride + 1), (int) ((xs[3] + 2L * padding - ws[3]) / stride + 1));
        long[] outShape = {n, outChannels, g.outHeight(), g.outWidth()};
        checkSize(op, "y", outShape);
        checkSize(op, "the column matrix of one image", (long) g.rows() * g.plane());

        if (x.dataType() == DataType.FLOAT && oneDnnEnabled()) {
            OneDnnConv.Shape shape = new OneDnnConv.Shape(n, g.channels(), g.height(), g.width(), outChannels,
                    g.kh(), g.kw(), stride, padding, g.outHeight(), g.outWidth(), b != null);
            if (OneDnnConv.prepare(false, shape)) {
                return oneDnn(false, shape, x, w, b, outShape);
            }
        }
        INDArray w2 = Ops.dense(w.value()).reshape('c', outChannels, g.rows());
        double[] bias = b == null ? null : Ops.host(b.value());
        Block y = ConvKernels.convolve(Block.copyOf(x.value()), n, g, w2, bias, null, null);
        INDArray xValue = x.value();
        return Tape.record(y.toArray(outShape), (grad, grads) -> {
            Block gy = Block.copyOf(grad);
            if (grads.needs(1)) {
                INDArray dW2 = grads.buffer(1).reshape('c', outChannels, g.rows());
                ConvKernels.convolve(Block.copyOf(xValue), n, g, null, null, gy, dW2);
            }
            if (grads.needs(0)) {
                grads.addOwned(0, ConvKernels.transposeConvolve(gy, n, g, w2, null).toArray(xs));
            }
            if (b != null && grads.needs(2)) {
                grads.addOwned(2, HostArrays.array(gy.channelSums(n, outChannels, g.plane()), b.dataType(),
                        outChannels));
            }
        }, inputs(x, w, b));
    }

    /**
     * A 2-D transposed convolution (PyTorch's {@code conv_transpose2d} with {@code output_padding} 0): the
     * gradient of {@link #conv2d} with respect to its input. Every {@code x[n,c,i,j]} adds
     * {@code x[n,c,i,j] * w[c,o,p,q]} to {@code y[n, o, i*stride + p - padding, j*stride + q - padding]}
     * (positions outside {@code y} are dropped), then {@code b[o]} is added.
     *
     * @param x       {@code [N, C_in, H, W]}
     * @param w       {@code [C_in, C_out, kh, kw]} (PyTorch's layout)
     * @param b       {@code [C_out]}, or null for no bias
     * @param stride  the step along both axes, {@code >= 1}
     * @param padding rows and columns removed from each side of the full output, {@code >= 0}
     * @return {@code [N, C_out, OH, OW]} with {@code OH = (H - 1) * stride - 2 padding + kh} (OW alike), a fresh
     *         array
     * @throws IllegalArgumentException if a rank, channel count or data type does not match, the stride or
     *                                  padding is out of range, or the output would be empty
     */
    public static Var convTranspose2d(Var x, Var w, Var b, int stride, int padding) {
        String op = "convTranspose2d";
        checkCommon(op, x, w, b, stride, padding, "[C_in, C_out, kh, kw]");
        long[] xs = x.shape();
        long[] ws = w.shape();
        if (ws[0] != xs[1]) {
            throw new IllegalArgumentException(op + ": w " + Shapes.str(ws) + " has " + ws[0]
                    + " input channels (dimension 0); expected " + xs[1] + ", the channels of x " + Shapes.str(xs));
        }
        checkBias(op, b, ws[1], "C_out = w.size(1)");
        long outH = (xs[2] - 1) * stride - 2L * padding + ws[2];
        long outW = (xs[3] - 1) * stride - 2L * padding + ws[3];
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(op + ": padding " + padding + " leaves an empty output " + outH + "x"
                    + outW + " for x " + Shapes.str(xs) + ", kernel " + ws[2] + "x" + ws[3] + ", stride " + stride
                    + "; expected (H - 1) * stride - 2 * padding + kh >= 1");
        }
        int n = (int) xs[0];
        int inChannels = (int) ws[0];
        int outChannels = (int) ws[1];
        long[] outShape = {n, outChannels, outH, outW};
        checkSize(op, "y", outShape);
        // the convolution from the (large) output back to the (small) input
        Geometry g = new Geometry(outChannels, (int) outH, (int) outW, (int) ws[2], (int) ws[3], stride, padding,
                (int) xs[2], (int) xs[3]);
        checkSize(op, "the column matrix of one image", (long) g.rows() * g.plane());

        if (x.dataType() == DataType.FLOAT && oneDnnEnabled()) {
            OneDnnConv.Shape shape = new OneDnnConv.Shape(n, inChannels, (int) xs[2], (int) xs[3], outChannels,
                    g.kh(), g.kw(), stride, padding, (int) outH, (int) outW, b != null);
            if (OneDnnConv.prepare(true, shape)) {
                return oneDnn(true, shape, x, w, b, outShape);
            }
        }
        INDArray w2 = Ops.dense(w.value()).reshape('c', inChannels, g.rows());
        double[] bias = b == null ? null : Ops.host(b.value());
        Block y = ConvKernels.transposeConvolve(Block.copyOf(x.value()), n, g, w2, bias);
        INDArray xValue = x.value();
        return Tape.record(y.toArray(outShape), (grad, grads) -> {
            Block gy = Block.copyOf(grad);
            boolean needX = grads.needs(0);
            boolean needW = grads.needs(1);
            if (needX || needW) {
                INDArray dW2 = needW ? grads.buffer(1).reshape('c', inChannels, g.rows()) : null;
                Block dx = ConvKernels.convolve(gy, n, g, needX ? w2 : null, null,
                        needW ? Block.copyOf(xValue) : null, dW2);
                if (needX) {
                    grads.addOwned(0, dx.toArray(xs));
                }
            }
            if (b != null && grads.needs(2)) {
                grads.addOwned(2, HostArrays.array(gy.channelSums(n, outChannels, (int) (outH * outW)), b.dataType(),
                        outChannels));
            }
        }, inputs(x, w, b));
    }

    /**
     * Whether the float32 path may run on oneDNN. Linking {@link OneDnnConv} needs the dnnl preset's Java
     * classes; without them on the class path (the preset excluded) it fails once, and im2col is used.
     */
    private static boolean oneDnnEnabled() {
        return OneDnnLinked.OK && OneDnnConv.enabled();
    }

    private static final class OneDnnLinked {
        static final boolean OK = link();

        private static boolean link() {
            try {
                OneDnnConv.loadFailure();
                return true;
            } catch (LinkageError e) {
                return false;
            }
        }
    }

    /**
     * The float32 path on oneDNN, for a shape that {@link OneDnnConv#prepare} accepted; the output and the
     * gradients come from the tape's pool ({@link ArrayPool}), whole and c-order as oneDNN writes them.
     */
    private static Var oneDnn(boolean deconv, OneDnnConv.Shape shape, Var x, Var w, Var b, long[] outShape) {
        INDArray xv = hostDense(x.value());
        INDArray wv = hostDense(w.value());
        INDArray bv = b == null ? null : hostDense(b.value());
        INDArray y = ArrayPool.take(DataType.FLOAT, outShape);
        OneDnnConv.run(deconv ? OneDnnConv.Kind.DECONV_FORWARD : OneDnnConv.Kind.CONV_FORWARD, shape, xv, wv, bv, y);
        return Tape.record(y, (grad, grads) -> {
            INDArray gy = hostDense(grad);
            boolean needB = b != null && grads.needs(2);
            if (grads.needs(1) || needB) {
                INDArray gw = ArrayPool.take(DataType.FLOAT, wv.shape());
                INDArray gb = b == null ? null : ArrayPool.take(DataType.FLOAT, bv.shape());
                OneDnnConv.run(deconv ? OneDnnConv.Kind.DECONV_BACKWARD_WEIGHTS : OneDnnConv.Kind.CONV_BACKWARD_WEIGHTS,
                        shape, xv, gy, gw, gb);
                if (grads.needs(1)) {
                    grads.addOwned(1, gw);
                }
                if (needB) {
                    grads.addOwned(2, gb);
                }
            }
            if (grads.needs(0)) {
                INDArray gx = ArrayPool.take(DataType.FLOAT, xv.shape());
                OneDnnConv.run(deconv ? OneDnnConv.Kind.DECONV_BACKWARD_DATA : OneDnnConv.Kind.CONV_BACKWARD_DATA,
                        shape, gy, wv, gx);
                grads.addOwned(0, gx);
            }
        }, inputs(x, w, b));
    }

    private static INDArray hostDense(INDArray a) {
        return HostArrays.denseFloat(a) ? a : a.dup('c');
    }

    private static Var[] inputs(Var x, Var w, Var b) {
        return b == null ? new Var[] {x, w} : new Var[] {x, w, b};
    }

    private static void checkCommon(String op, Var x, Var w, Var b, int stride, int padding, String wLayout) {
        Objects.requireNonNull(x, op + ": x");
        Objects.requireNonNull(w, op + ": w");
        if (x.rank() != 4) {
            throw new IllegalArgumentException(op + ": x has shape " + Shapes.str(x.shape())
                    + "; expected rank 4, [N, C, H, W]");
        }
        if (w.rank() != 4) {
            throw new IllegalArgumentException(op + ": w has shape " + Shapes.str(w.shape()) + "; expected rank 4, "
                    + wLayout);
        }
        Shapes.sameType(op, x, w);
        if (b != null) {
            Shapes.sameType(op, x, b);
        }
        if (stride < 1) {
            throw new IllegalArgumentException(op + ": stride must be >= 1: " + stride);
        }
        if (padding < 0) {
            throw new IllegalArgumentException(op + ": padding must be >= 0: " + padding);
        }
        for (long d : x.shape()) {
            if (d < 1) {
                throw new IllegalArgumentException(op + ": x has an empty dimension: " + Shapes.str(x.shape()));
            }
        }
        for (long d : w.shape()) {
            if (d < 1) {
                throw new IllegalArgumentException(op + ": w has an empty dimension: " + Shapes.str(w.shape()));
            }
        }
        checkSize(op, "x", x.shape());
        checkSize(op, "w", w.shape());
    }

    private static void checkBias(String op, Var b, long channels, String what) {
        if (b != null && (b.rank() != 1 || b.size(0) != channels)) {
            throw new IllegalArgumentException(op + ": b has shape " + Shapes.str(b.shape()) + "; expected ["
                    + channels + "], " + what);
        }
    }

    private static void checkSize(String op, String name, long... shape) {
        if (Shapes.count(shape) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": " + name + " " + Shapes.str(shape) + " has more than "
                    + Integer.MAX_VALUE + " elements; expected a smaller batch or image");
        }
    }
}
