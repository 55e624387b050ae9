package org.mbrl4j.tensor.autodiff;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float32 convolutions and transposed convolutions (forward, backward-data, backward-weights with bias) on
 * oneDNN (the {@code org.bytedeco:dnnl} preset, the library under PyTorch's CPU convolutions), working
 * directly on the host memory of dense float32 ND4J arrays.
 *
 * <p>Arrays stay in PyTorch's plain layouts (NCHW images, OIHW convolution weights, IOHW transposed
 * convolution weights, i.e. {@code [C_in, C_out, kh, kw]}). With {@code -Dmbrl4j.onednn.layout=any} oneDNN
 * picks its own (blocked) layouts for the primitive and every argument is reordered in and out around it;
 * with {@code plain} the primitive runs on the plain layouts directly (oneDNN's GEMM-based kernel); the
 * default, {@code auto}, takes plain layouts when one side has at most 4 channels and blocked ones otherwise.
 * Primitives are built once per shape configuration and cached.
 *
 * <p>oneDNN runs on OpenMP threads ({@code OMP_NUM_THREADS}). On a machine shared with other work, set
 * {@code OMP_WAIT_POLICY=PASSIVE}: with spinning threads every barrier can wait a scheduler slice, which made
 * the blocked path slower than im2col in one measurement on a loaded 2-core machine.
 *
 * <p>{@link #enabled()} is false, and {@link ConvOps} stays on im2col + GEMM, when the system property
 * {@code mbrl4j.onednn} is {@code false} (read at every call), when ND4J does not run on its CPU backend,
 * or when the natives cannot be loaded or no CPU engine starts. A shape configuration that oneDNN refuses
 * is remembered and left to im2col too.
 */
final class OneDnnConv {

    /** The system property that switches oneDNN off ({@code false}). */
    static final String PROPERTY = "mbrl4j.onednn";
    /** {@code plain} runs the primitives on the arrays' own layouts; anything else lets oneDNN choose. */
    static final String LAYOUT_PROPERTY = "mbrl4j.onednn.layout";

    /** What a cached primitive computes. */
    enum Kind {
        CONV_FORWARD, CONV_BACKWARD_DATA, CONV_BACKWARD_WEIGHTS,
        DECONV_FORWARD, DECONV_BACKWARD_DATA, DECONV_BACKWARD_WEIGHTS
    }

    /**
     * One shape configuration, in the forward direction of the op: {@code x [n, inC, h, w]} to
     * {@code y [n, outC, oh, ow]}; for a transposed convolution x is the small side.
     */
    record Shape(int n, int inC, int h, int w, int outC, int kh, int kw, int stride, int padding, int oh,
            int ow, boolean bias) {
    }

    private record Key(Kind kind, Shape shape, boolean plain) {
    }

    private OneDnnConv() {
    }

    private static final class Lib {
        static final dnnl_engine ENGINE;
        static final Throwable FAILURE;

        static {
            dnnl_engine engine = null;
            Throwable failure = null;
            try {
                Loader.load(org.bytedeco.dnnl.global.dnnl.class);
                dnnl_engine e = new dnnl_engine();
                int status = dnnl_engine_create(e, dnnl_cpu, 0);
                if (status != dnnl_success) {
                    failure = new IllegalStateException("dnnl_engine_create returned " + status);
                } else {
                    engine = e;
                }
            } catch (RuntimeException | LinkageError e) {
                failure = e;
            }
            ENGINE = engine;
            FAILURE = failure;
        }
    }

    private static final Map<Key, Object> CACHE = new ConcurrentHashMap<>();
    private static final Object REFUSED = new Object();
    private static final ThreadLocal<dnnl_stream> STREAM = ThreadLocal.withInitial(() -> {
        dnnl_stream s = new dnnl_stream();
        check(dnnl_stream_create(s, Lib.ENGINE, dnnl_stream_default_flags), "dnnl_stream_create");
        return s;
    });

    /** @return whether the float32 convolutions may run on oneDNN now */
    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true")) && HostArrays.cpuBackend()
                && Lib.ENGINE != null;
    }

    /** @return how many primitives (and refused configurations) are cached */
    static int cachedPrimitives() {
        return CACHE.size();
    }

    /** @return why oneDNN could not be loaded, or null when it was */
    static Throwable loadFailure() {
        return Lib.FAILURE;
    }

    /**
     * Builds (or finds) the three primitives of one op: forward, backward-data and backward-weights.
     *
     * @param deconv whether the op is a transposed convolution
     * @return whether oneDNN accepted all three; when false, the op must run on im2col
     */
    static boolean prepare(boolean deconv, Shape shape) {
        Kind[] kinds = deconv
                ? new Kind[] {Kind.DECONV_FORWARD, Kind.DECONV_BACKWARD_DATA, Kind.DECONV_BACKWARD_WEIGHTS}
                : new Kind[] {Kind.CONV_FORWARD, Kind.CONV_BACKWARD_DATA, Kind.CONV_BACKWARD_WEIGHTS};
        for (Kind k : kinds) {
            if (lookup(k, shape) == REFUSED) {
                return false;
            }
        }
        return true;
    }

    /**
     * Plain layouts for layers with a handful of channels on one side (an RGB image in or out), where oneDNN's
     * GEMM-based kernel beat its blocked direct kernel plus reorders in ConvLayerBench; blocked otherwise.
     */
    private static boolean plainLayout(Shape shape) {
        String mode = System.getProperty(LAYOUT_PROPERTY, "auto");
        if (mode.equalsIgnoreCase("plain")) {
            return true;
        }
        if (mode.equalsIgnoreCase("any")) {
            return false;
        }
        return Math.min(shape.inC(), shape.outC()) <= 4;
    }

    private static Object lookup(Kind kind, Shape shape) {
        boolean plain = plainLayout(shape);
        return CACHE.computeIfAbsent(new Key(kind, shape, plain), k -> {
            try {
                return build(k);
            } catch (IllegalStateException e) {
                return REFUSED;
            }
        });
    }

    /**
     * Runs one primitive on the given arrays, which must all be dense float32 host arrays, in the order of
     * the kind's arguments: forward {@code (x, w, b or null, y)}; backward-data {@code (gy, w, gx)};
     * backward-weights {@code (x, gy, gw, gb or null)}. Outputs are overwritten.
     *
     * @throws IllegalStateException if oneDNN refuses this configuration ({@link #prepare} first) or fails
     */
    static void run(Kind kind, Shape shape, INDArray... arrays) {
        Object cached = lookup(kind, shape);
        if (cached == REFUSED) {
            throw new IllegalStateException("oneDNN refused " + kind + " " + shape);
        }
        ((Exec) cached).execute(arrays);
    }

    // ---------------------------------------------------------------------------------------------------

    /** One argument: its plain user memory and, when the primitive wants another layout, a reorder. */
    private static final class Arg {
        final int id;
        final boolean output;
        final dnnl_memory user;
        final dnnl_memory inner;
        final dnnl_primitive reorder;
        /** bytes of the inner buffer, which lives in the calling thread's arena; 0 without a reorder */
        final long innerBytes;

        Arg(int id, boolean output, dnnl_memory user, dnnl_memory inner, dnnl_primitive reorder, long innerBytes) {
            this.id = id;
            this.output = output;
            this.user = user;
            this.inner = inner;
            this.reorder = reorder;
            this.innerBytes = innerBytes;
        }
    }

    private static final class Exec {
        final dnnl_primitive primitive;
        final Arg[] args;
        final dnnl_exec_arg_t execArgs;
        final dnnl_exec_arg_t reorderArgs = new dnnl_exec_arg_t(2);

        Exec(dnnl_primitive primitive, Arg[] args) {
            this.primitive = primitive;
            this.args = args;
            this.execArgs = new dnnl_exec_arg_t(args.length);
            for (int i = 0; i < args.length; i++) {
                execArgs.position(i).arg(args[i].id).memory(args[i].inner);
            }
            execArgs.position(0);
        }

        synchronized void execute(INDArray[] arrays) {
            dnnl_stream stream = STREAM.get();
            Arena arena = ARENA.get();
            int a = 0;
            for (int i = 0; i < arrays.length; i++) {
                if (arrays[i] == null) {
                    continue;
                }
                int slot = a;
                Arg arg = args[a++];
                check(dnnl_memory_set_data_handle(arg.user, pointer(arrays[i])), "dnnl_memory_set_data_handle");
                if (arg.reorder != null) {
                    check(dnnl_memory_set_data_handle(arg.inner, arena.buffer(slot, arg.innerBytes)),
                            "dnnl_memory_set_data_handle(inner)");
                }
                if (arg.reorder != null && !arg.output) {
                    reorder(arg.reorder, arg.user, arg.inner, stream);
                }
            }
            check(dnnl_primitive_execute(primitive, stream, args.length, execArgs), "dnnl_primitive_execute");
            for (Arg arg : args) {
                if (arg.reorder != null && arg.output) {
                    reorder(arg.reorder, arg.inner, arg.user, stream);
                }
            }
            check(dnnl_stream_wait(stream), "dnnl_stream_wait");
        }

        private void reorder(dnnl_primitive r, dnnl_memory from, dnnl_memory to, dnnl_stream stream) {
            reorderArgs.position(0).arg(DNNL_ARG_FROM).memory(from);
            reorderArgs.position(1).arg(DNNL_ARG_TO).memory(to);
            reorderArgs.position(0);
            check(dnnl_primitive_execute(r, stream, 2, reorderArgs), "dnnl_primitive_execute(reorder)");
        }
    }

    /**
     * Per-thread buffers for the arguments in oneDNN's own layouts, one slot per argument position, grown to the
     * largest size asked for and shared by all cached primitives (they live only during one execution), so the
     * memory held does not grow with the number of cached shapes.
     */
    private static final class Arena {
        private static final long ALIGN = 64;
        private final BytePointer[] blocks = new BytePointer[4];
        private final Pointer[] aligned = new Pointer[4];

        Pointer buffer(int slot, long bytes) {
            if (blocks[slot] == null || blocks[slot].capacity() < bytes + ALIGN) {
                if (blocks[slot] != null) {
                    blocks[slot].close();
                }
                BytePointer block = new BytePointer(bytes + ALIGN);
                long start = (block.address() + ALIGN - 1) & -ALIGN;
                blocks[slot] = block;
                aligned[slot] = new Pointer() {
                    {
                        address = start;
                    }
                };
            }
            return aligned[slot];
        }
    }

    private static final ThreadLocal<Arena> ARENA = ThreadLocal.withInitial(Arena::new);

    private static Pointer pointer(INDArray x) {
        Pointer p = x.data().addressPointer();
        long first = p.address() + p.position() * (long) Float.BYTES;
        return new Pointer() {
            {
                address = first;
            }
        };
    }

    private static void check(int status, String call) {
        if (status != dnnl_success) {
            throw new IllegalStateException(call + " returned status " + status);
        }
    }

    private static dnnl_memory_desc_t md(int tag, long... dims) {
        dnnl_memory_desc_t md = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_tag(md, dims.length, dims, dnnl_f32, tag), "dnnl_memory_desc_init_by_tag");
        return md;
    }

    private static Exec build(Key key) {
        Shape s = key.shape();
        boolean deconv = key.kind().ordinal() >= Kind.DECONV_FORWARD.ordinal();
        int layout = key.plain() ? -1 : dnnl_format_tag_any;
        long[] xDims = {s.n(), s.inC(), s.h(), s.w()};
        long[] yDims = {s.n(), s.outC(), s.oh(), s.ow()};
        long[] wDims = {s.outC(), s.inC(), s.kh(), s.kw()};
        int wTag = deconv ? dnnl_iohw : dnnl_oihw;
        dnnl_memory_desc_t xUser = md(dnnl_nchw, xDims);
        dnnl_memory_desc_t yUser = md(dnnl_nchw, yDims);
        dnnl_memory_desc_t wUser = md(wTag, wDims);
        dnnl_memory_desc_t x = key.plain() ? xUser : md(layout, xDims);
        dnnl_memory_desc_t y = key.plain() ? yUser : md(layout, yDims);
        dnnl_memory_desc_t w = key.plain() ? wUser : md(layout, wDims);
        dnnl_memory_desc_t b = s.bias() ? md(dnnl_x, s.outC()) : null;
        long[] strides = {s.stride(), s.stride()};
        long[] padL = {s.padding(), s.padding()};
        long[] padR;
        if (deconv) {
            padR = new long[] {(long) (s.h() - 1) * s.stride() + s.kh() - s.oh() - s.padding(),
                (long) (s.w() - 1) * s.stride() + s.kw() - s.ow() - s.padding()};
        } else {
            padR = new long[] {(long) (s.oh() - 1) * s.stride() + s.kh() - s.h() - s.padding(),
                (long) (s.ow() - 1) * s.stride() + s.kw() - s.w() - s.padding()};
        }
        int alg = deconv ? dnnl_deconvolution_direct : dnnl_convolution_direct;

        dnnl_convolution_desc_t fwd = new dnnl_convolution_desc_t();
        if (deconv) {
            check(dnnl_deconvolution_forward_desc_init(fwd, dnnl_forward_training, alg, x, w, b, y, strides, padL,
                    padR), "dnnl_deconvolution_forward_desc_init");
        } else {
            check(dnnl_convolution_forward_desc_init(fwd, dnnl_forward_training, alg, x, w, b, y, strides, padL,
                    padR), "dnnl_convolution_forward_desc_init");
        }
        dnnl_primitive_desc fwdPd = new dnnl_primitive_desc();
        check(dnnl_primitive_desc_create(fwdPd, new const_dnnl_op_desc_t(fwd), null, Lib.ENGINE, null),
                "dnnl_primitive_desc_create(forward)");

        dnnl_primitive_desc pd;
        List<Arg> args = new ArrayList<>();
        switch (key.kind()) {
            case CONV_FORWARD, DECONV_FORWARD -> {
                pd = fwdPd;
                args.add(arg(pd, DNNL_ARG_SRC, dnnl_query_src_md, xUser, false));
                args.add(arg(pd, DNNL_ARG_WEIGHTS, dnnl_query_weights_md, wUser, false));
                if (b != null) {
                    args.add(arg(null, DNNL_ARG_BIAS, 0, b, false));
                }
                args.add(arg(pd, DNNL_ARG_DST, dnnl_query_dst_md, yUser, true));
            }
            case CONV_BACKWARD_DATA, DECONV_BACKWARD_DATA -> {
                dnnl_convolution_desc_t d = new dnnl_convolution_desc_t();
                if (deconv) {
                    check(dnnl_deconvolution_backward_data_desc_init(d, alg, x, w, y, strides, padL, padR),
                            "dnnl_deconvolution_backward_data_desc_init");
                } else {
                    check(dnnl_convolution_backward_data_desc_init(d, alg, x, w, y, strides, padL, padR),
                            "dnnl_convolution_backward_data_desc_init");
                }
                pd = new dnnl_primitive_desc();
                check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(d), null, Lib.ENGINE, fwdPd),
                        "dnnl_primitive_desc_create(backward data)");
                args.add(arg(pd, DNNL_ARG_DIFF_DST, dnnl_query_diff_dst_md, yUser, false));
                args.add(arg(pd, DNNL_ARG_WEIGHTS, dnnl_query_weights_md, wUser, false));
                args.add(arg(pd, DNNL_ARG_DIFF_SRC, dnnl_query_diff_src_md, xUser, true));
            }
            default -> {
                dnnl_convolution_desc_t d = new dnnl_convolution_desc_t();
                if (deconv) {
                    check(dnnl_deconvolution_backward_weights_desc_init(d, alg, x, w, b, y, strides, padL, padR),
                            "dnnl_deconvolution_backward_weights_desc_init");
                } else {
                    check(dnnl_convolution_backward_weights_desc_init(d, alg, x, w, b, y, strides, padL, padR),
                            "dnnl_convolution_backward_weights_desc_init");
                }
                pd = new dnnl_primitive_desc();
                check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(d), null, Lib.ENGINE, fwdPd),
                        "dnnl_primitive_desc_create(backward weights)");
                args.add(arg(pd, DNNL_ARG_SRC, dnnl_query_src_md, xUser, false));
                args.add(arg(pd, DNNL_ARG_DIFF_DST, dnnl_query_diff_dst_md, yUser, false));
                args.add(arg(pd, DNNL_ARG_DIFF_WEIGHTS, dnnl_query_diff_weights_md, wUser, true));
                if (b != null) {
                    args.add(arg(null, DNNL_ARG_DIFF_BIAS, 0, b, true));
                }
            }
        }
        dnnl_primitive primitive = new dnnl_primitive();
        check(dnnl_primitive_create(primitive, pd), "dnnl_primitive_create");
        return new Exec(primitive, args.toArray(new Arg[0]));
    }

    /** The user memory of one argument and, when the primitive's layout differs, its own memory + reorder. */
    private static Arg arg(dnnl_primitive_desc pd, int id, int query, dnnl_memory_desc_t userMd, boolean output) {
        dnnl_memory user = new dnnl_memory();
        check(dnnl_memory_create(user, userMd, Lib.ENGINE, null), "dnnl_memory_create");
        if (pd == null) {
            return new Arg(id, output, user, user, null, 0);
        }
        dnnl_memory_desc_t innerMd = dnnl_primitive_desc_query_md(pd, query, 0);
        if (innerMd == null || innerMd.isNull() || dnnl_memory_desc_equal(innerMd, userMd) != 0) {
            return new Arg(id, output, user, user, null, 0);
        }
        dnnl_memory inner = new dnnl_memory();
        check(dnnl_memory_create(inner, innerMd, Lib.ENGINE, null), "dnnl_memory_create(inner)");
        dnnl_primitive_desc rpd = new dnnl_primitive_desc();
        if (output) {
            check(dnnl_reorder_primitive_desc_create(rpd, innerMd, Lib.ENGINE, userMd, Lib.ENGINE, null),
                    "dnnl_reorder_primitive_desc_create");
        } else {
            check(dnnl_reorder_primitive_desc_create(rpd, userMd, Lib.ENGINE, innerMd, Lib.ENGINE, null),
                    "dnnl_reorder_primitive_desc_create");
        }
        dnnl_primitive reorder = new dnnl_primitive();
        check(dnnl_primitive_create(reorder, rpd), "dnnl_primitive_create(reorder)");
        return new Arg(id, output, user, inner, reorder, dnnl_memory_desc_get_size(innerMd));
    }
}
