package org.mbrl4j.tensor;

import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dense matrix products for the whole library: float32 GEMM with transposes and accumulation, and its
 * batched form for ensembles.
 *
 * <p>Every method computes {@code C = alpha * op(A) * op(B) + beta * C} into a preallocated {@code C},
 * where {@code op(X)} is {@code X} or its transpose. On ND4J's CPU backend, when all three arrays are
 * float32 and each one's two innermost strides describe a BLAS matrix (row-major or column-major with a
 * leading dimension, which covers c-order and f-order arrays, transposed views, row or column
 * sub-ranges and row steps), the bundled OpenBLAS {@code cblas_sgemm} is called directly on the arrays'
 * buffers: no copy, no temporary, no ND4J op. An array that does not allow it (a column step, an output
 * that overlaps an input) is first copied to a dense c-order array, and results are copied back into
 * {@code C}. On other backends (CUDA) and for other data types the product goes through ND4J's own
 * {@code mmul}, with the same result. As with BLAS, {@code beta == 0} overwrites {@code C}: NaN already in {@code C} does not
 * propagate. See docs/performance.md for why this is 3-10x faster than {@code INDArray.mmul} on the
 * shapes of model-based RL.
 *
 * <p>Threads follow {@link CpuThreads}: unconfigured, each product is one call on the calling thread (OpenBLAS
 * uses its own pool as the process has it). Once configured, in the default threading mode
 * ({@link CpuThreads#ownWorkers()}) a product of at least about a million multiply-adds is
 * split into row blocks (whole 8-row tiles of {@code C}, at least 64 rows, all members of a batched call in
 * each block; a batched call with fewer than 64 rows per member is split by whole members instead),
 * computed at once by the caller and mbrl4j's workers, each on a one-thread OpenBLAS; for a given thread
 * count the result is the same every time, across thread counts it differs in the last bits (as OpenBLAS's
 * own threading does). Thread-safe: concurrent calls with distinct outputs are allowed.
 */
public final class Gemm {

    private Gemm() {
    }

    /**
     * {@code c = alpha * op(a) * op(b) + beta * c} for matrices.
     *
     * @param a      {@code [M, K]}, or {@code [K, M]} when {@code transA}
     * @param transA whether {@code op(a)} is the transpose of {@code a}
     * @param b      {@code [K, N]}, or {@code [N, K]} when {@code transB}
     * @param transB whether {@code op(b)} is the transpose of {@code b}
     * @param c      {@code [M, N]}, overwritten in place (read only when {@code beta != 0})
     * @param alpha  scale of the product, finite
     * @param beta   scale of the old {@code c}, finite
     * @throws IllegalArgumentException if an array is null, not rank 2, the data types differ, the shapes do
     *                                  not match, or alpha or beta is not finite
     */
    public static void gemm(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, float alpha,
            float beta) {
        checkArgs("gemm", 2, a, b, c, alpha, beta);
        long[] dims = checkShapes("gemm", a, transA, b, transB, c, 0);
        if (trivial(dims, c, beta)) {
            return;
        }
        run(a, transA, b, null, transB, c, alpha, beta, dims, false);
    }

    /**
     * {@code op(a) * op(b)} into a new c-order array.
     *
     * @param a {@code [M, K]} (any data type ND4J supports; float32 takes the fast path)
     * @param b {@code [K, N]}, same data type
     * @return a fresh {@code [M, N]} c-order array
     * @throws IllegalArgumentException as {@link #gemm}
     */
    public static INDArray mmul(INDArray a, INDArray b) {
        checkArgs("mmul", 2, a, b, null, 1f, 0f);
        INDArray c = Nd4j.createUninitialized(a.dataType(), a.size(0), b.size(1));
        gemm(a, false, b, false, c, 1f, 0f);
        return c;
    }

    /**
     * Batched product over a leading ensemble dimension: for every member {@code e},
     * {@code c[e] = alpha * op(a[e]) * op(b[e]) + beta * c[e]}. On the fast path this is one
     * {@code cblas_sgemm} per member on pointer offsets (OpenBLAS 0.3.19 as bundled has no batched GEMM).
     *
     * @param a      {@code [E, B, I]}, or {@code [E, I, B]} when {@code transA}
     * @param transA whether each member's {@code a[e]} is transposed
     * @param b      {@code [E, I, O]}, or {@code [E, O, I]} when {@code transB}
     * @param transB whether each member's {@code b[e]} is transposed
     * @param c      {@code [E, B, O]}, overwritten in place (read only when {@code beta != 0})
     * @param alpha  scale of the products, finite
     * @param beta   scale of the old {@code c}, finite
     * @throws IllegalArgumentException if an array is null, not rank 3, the data types differ, the member
     *                                  counts or matrix shapes do not match, or alpha or beta is not finite
     */
    public static void batchedGemm(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c,
            float alpha, float beta) {
        batchedGemm(a, transA, b, null, transB, c, alpha, beta);
    }

    /**
     * Batched product with the right operands picked from a larger batch: for every {@code i},
     * {@code c[i] = alpha * op(a[i]) * op(b[bMembers[i]]) + beta * c[i]}. This computes a subset of an
     * ensemble's members (for example the elites) without copying their weights; with {@code bMembers}
     * null it is {@link #batchedGemm(INDArray, boolean, INDArray, boolean, INDArray, float, float)}.
     *
     * @param a        {@code [K, B, I]}, or {@code [K, I, B]} when {@code transA}
     * @param transA   whether each {@code a[i]} is transposed
     * @param b        {@code [E, I, O]}, or {@code [E, O, I]} when {@code transB}
     * @param bMembers {@code K} indices into {@code b}'s first dimension, each in {@code [0, E)}
     *                 (repeats allowed), or null for {@code 0 .. K-1} with {@code E == K}
     * @param transB   whether each {@code b[bMembers[i]]} is transposed
     * @param c        {@code [K, B, O]}, overwritten in place (read only when {@code beta != 0})
     * @param alpha    scale of the products, finite
     * @param beta     scale of the old {@code c}, finite
     * @throws IllegalArgumentException as the ungathered form, and if {@code bMembers} has the wrong length
     *                                  or an index out of range
     */
    public static void batchedGemm(INDArray a, boolean transA, INDArray b, int[] bMembers, boolean transB,
            INDArray c, float alpha, float beta) {
        checkArgs("batchedGemm", 3, a, b, c, alpha, beta);
        if (bMembers == null) {
            if (a.size(0) != b.size(0) || a.size(0) != c.size(0)) {
                throw new IllegalArgumentException("batchedGemm: member counts differ: a " + shape(a) + ", b "
                        + shape(b) + ", c " + shape(c) + " (expected the same leading dimension E)");
            }
        } else {
            if (bMembers.length != a.size(0) || a.size(0) != c.size(0)) {
                throw new IllegalArgumentException("batchedGemm: bMembers has " + bMembers.length
                        + " entries, a " + shape(a) + ", c " + shape(c)
                        + " (expected the same count K as the leading dimension of a and c)");
            }
            checkIndices("batchedGemm: bMembers", bMembers, b, "b");
        }
        long[] dims = checkShapes("batchedGemm", a, transA, b, transB, c, 1);
        if (a.size(0) == 0 || trivial(dims, c, beta)) {
            return;
        }
        run(a, transA, b, bMembers, transB, c, alpha, beta, dims, true);
    }

    /**
     * Batched {@code a[e] * b[e]} into a new c-order array.
     *
     * @param a {@code [E, B, I]}
     * @param b {@code [E, I, O]}, same data type
     * @return a fresh {@code [E, B, O]} c-order array
     * @throws IllegalArgumentException as {@link #batchedGemm}
     */
    public static INDArray batchedMmul(INDArray a, INDArray b) {
        checkArgs("batchedMmul", 3, a, b, null, 1f, 0f);
        INDArray c = Nd4j.createUninitialized(a.dataType(), a.size(0), a.size(1), b.size(2));
        batchedGemm(a, false, b, false, c, 1f, 0f);
        return c;
    }

    /**
     * Whether direct OpenBLAS calls are possible in this JVM at all (CPU backend, natives loadable, not
     * switched off with {@code -Dmbrl4j.gemm.direct=false}).
     *
     * @return true when float32 products on suitable arrays take the direct path
     */
    public static boolean directPathAvailable() {
        return OpenBlas.available();
    }

    /**
     * @return why {@link #directPathAvailable()} is false, or {@code null} when it is true
     */
    public static String directPathUnavailableReason() {
        return OpenBlas.unavailableReason();
    }

    /**
     * Whether {@link #gemm} (rank 2) or {@link #batchedGemm} (rank 3) would take the direct path for
     * these arrays; for tests and diagnostics.
     *
     * @param a the left operand as passed to gemm
     * @param b the right operand
     * @param c the output
     * @return true when the call would go straight to {@code cblas_sgemm}
     */
    public static boolean takesDirectPath(INDArray a, INDArray b, INDArray c) {
        if (!OpenBlas.available() || a == null || b == null || c == null || a.rank() != b.rank()
                || a.rank() != c.rank() || (a.rank() != 2 && a.rank() != 3)) {
            return false;
        }
        return operands(a, b, c, a.rank() == 3) != null;
    }

    // ------------------------------------------------------------------------------------------------------

    /**
     * Dispatch: the direct call on the arrays themselves when they allow it; otherwise the direct call on
     * dense copies of the arrays that do not (and a copy back into {@code c}); ND4J only when no direct call
     * is possible at all. Copies are made with {@code dup('c')} because ND4J 1.0.0-M2.1's indexing returns
     * wrong sub-arrays of views with steps, so a member-by-member fallback on such views is not safe.
     */
    private static void run(INDArray a, boolean transA, INDArray b, int[] bMembers, boolean transB, INDArray c,
            float alpha, float beta, long[] dims, boolean batched) {
        if (OpenBlas.available() && a.dataType() == DataType.FLOAT) {
            Operand[] ops = operands(a, b, c, batched);
            if (ops != null) {
                direct(a, transA, b, bMembers, transB, c, alpha, beta, dims, batched, ops);
                return;
            }
            INDArray a2 = operand(a, batched) != null ? a : a.dup('c');
            INDArray b2 = operand(b, batched) != null ? b : b.dup('c');
            INDArray c2 = operand(c, batched) != null ? c : denseCopy(c, beta);
            ops = operands(a2, b2, c2, batched);
            if (ops == null) { // c overlaps an input: read the inputs from copies
                a2 = a.dup('c');
                b2 = b.dup('c');
                ops = operands(a2, b2, c2, batched);
            }
            if (ops == null) {
                throw new IllegalStateException("gemm: dense copies have no BLAS view: a " + a2.shapeInfoToString()
                        + ", b " + b2.shapeInfoToString() + ", c " + c2.shapeInfoToString());
            }
            direct(a2, transA, b2, bMembers, transB, c2, alpha, beta, dims, batched, ops);
            if (c2 != c) {
                c.assign(c2);
            }
            return;
        }
        if (!batched) {
            fallback2d(a, transA, b, transB, c, alpha, beta);
            return;
        }
        INDArray a2 = a.dup('c');
        INDArray b2 = b.dup('c');
        INDArray c2 = denseCopy(c, beta);
        for (long e = 0; e < a.size(0); e++) {
            fallback2d(a2.slice(e), transA, b2.slice(bMembers == null ? e : bMembers[(int) e]), transB, c2.slice(e),
                    alpha, beta);
        }
        c.assign(c2);
    }

    private static INDArray denseCopy(INDArray c, float beta) {
        return beta == 0f ? Nd4j.createUninitialized(c.dataType(), c.shape(), 'c') : c.dup('c');
    }

    /** The direct call on arrays whose BLAS views are {@code ops}. */
    private static void direct(INDArray a, boolean transA, INDArray b, int[] bMembers, boolean transB, INDArray c,
            float alpha, float beta, long[] dims, boolean batched, Operand[] ops) {
        Operand oa = ops[0];
        Operand ob = ops[1];
        Operand oc = ops[2];
        int order = oc.colMajor ? OpenBlas.COL_MAJOR : OpenBlas.ROW_MAJOR;
        // A stored matrix read in the other storage order is its own transpose.
        int ta = (transA ^ (oa.colMajor != oc.colMajor)) ? OpenBlas.TRANS : OpenBlas.NO_TRANS;
        int tb = (transB ^ (ob.colMajor != oc.colMajor)) ? OpenBlas.TRANS : OpenBlas.NO_TRANS;
        int m = (int) dims[0];
        int n = (int) dims[1];
        int k = (int) dims[2];
        long members = batched ? a.size(0) : 1;
        // Split in whole tiles of SPLIT_TILE rows. The result is the same for a given thread count; across
        // thread counts the last bits differ (OpenBLAS tiles the columns of later row blocks differently).
        long[] strideE = {batched ? a.stride(0) : 0, batched ? b.stride(0) : 0, batched ? c.stride(0) : 0};
        long memberMacs = (long) m * n * k;
        if (m < SPLIT_MIN_ROWS) {
            // Few rows per member (gradient MPC's restarts): whole members per thread, never slivers of rows.
            int grainMembers = (int) Math.max(1, SPLIT_GRAIN_MACS / Math.max(1L, memberMacs));
            if (members > 1 && ParallelRanges.splitsProduct((int) members, grainMembers)) {
                ParallelRanges.run((int) members, grainMembers, (e0, e1) -> rows(order, ta, tb, 0, m, n, k, alpha,
                        oa, ob, bMembers, beta, oc, e0, e1, strideE));
                return;
            }
            // One short, wide product (a recurrent step at batch 16: [16, 1024] x [1024, 1536]): blocks of columns.
            int colTiles = (n + SPLIT_COL_TILE - 1) / SPLIT_COL_TILE;
            int grainCols = (int) Math.max(SPLIT_MIN_COL_TILES,
                    SPLIT_GRAIN_MACS / Math.max(1L, (long) SPLIT_COL_TILE * m * k));
            if (members == 1 && ParallelRanges.splitsProduct(colTiles, grainCols)) {
                ParallelRanges.run(colTiles, grainCols, (t0, t1) -> columns(order, ta, tb, m, t0 * SPLIT_COL_TILE,
                        Math.min(n, t1 * SPLIT_COL_TILE), k, alpha, oa, ob, beta, oc,
                        bMembers == null ? 0 : bMembers[0] * strideE[1]));
                return;
            }
        } else {
            int tiles = (m + SPLIT_TILE - 1) / SPLIT_TILE;
            int grainTiles = (int) Math.max(SPLIT_MIN_ROWS / SPLIT_TILE,
                    SPLIT_GRAIN_MACS / Math.max(1L, (long) SPLIT_TILE * n * k * members));
            if (ParallelRanges.splitsProduct(tiles, grainTiles)) {
                ParallelRanges.run(tiles, grainTiles, (t0, t1) -> rows(order, ta, tb, t0 * SPLIT_TILE,
                        Math.min(m, t1 * SPLIT_TILE), n, k, alpha, oa, ob, bMembers, beta, oc, 0, members, strideE));
                return;
            }
        }
        if (!batched) {
            OpenBlas.sgemm(order, ta, tb, m, n, k, alpha, oa.ptr, oa.ld, ob.ptr, ob.ld, beta, oc.ptr, oc.ld);
            return;
        }
        rows(order, ta, tb, 0, m, n, k, alpha, oa, ob, bMembers, beta, oc, 0, members, strideE);
    }

    /** Products of at least this many multiply-adds per thread are split by rows over our own threads. */
    private static final long SPLIT_GRAIN_MACS = 1L << 19;
    /** Row blocks of a split product start at multiples of this (a multiple of OpenBLAS's sgemm tile height). */
    private static final int SPLIT_TILE = 8;
    /** A split gives every thread at least this many rows; products with fewer rows split by members. */
    private static final int SPLIT_MIN_ROWS = 64;
    /** Column blocks of a split short product start at multiples of this. */
    private static final int SPLIT_COL_TILE = 16;
    /** A column split gives every thread at least this many column tiles. */
    private static final int SPLIT_MIN_COL_TILES = 4;

    /**
     * Columns {@code [c0, c1)} of {@code op(A) x op(B)} for a single product (one member), on fresh pointers.
     * {@code bOffset} is the element offset of the member of B to use.
     */
    private static void columns(int order, int ta, int tb, int m, int c0, int c1, int k, float alpha, Operand oa,
            Operand ob, float beta, Operand oc, long bOffset) {
        boolean rowMajor = order == OpenBlas.ROW_MAJOR;
        // Column j of op(B) starts j elements in when op(B)'s columns run along B's stored rows, else j leading
        // dimensions in; column j of C likewise.
        long offB = (rowMajor ^ (tb == OpenBlas.TRANS)) ? c0 : (long) c0 * ob.ld;
        long offC = rowMajor ? c0 : (long) c0 * oc.ld;
        FloatPointer pa = new FloatPointer(oa.ptr);
        FloatPointer pb = new FloatPointer(ob.ptr);
        FloatPointer pc = new FloatPointer(oc.ptr);
        pa.position(oa.ptr.position());
        pb.position(ob.ptr.position() + bOffset + offB);
        pc.position(oc.ptr.position() + offC);
        OpenBlas.sgemm(order, ta, tb, m, c1 - c0, k, alpha, pa, oa.ld, pb, ob.ld, beta, pc, oc.ld);
    }

    /**
     * Rows {@code [r0, r1)} of {@code op(A) x op(B)} for members {@code [e0, e1)}, on fresh pointers (the
     * caller's are shared between threads).
     */
    private static void rows(int order, int ta, int tb, int r0, int r1, int n, int k, float alpha, Operand oa,
            Operand ob, int[] bMembers, float beta, Operand oc, long e0, long e1, long[] strideE) {
        boolean rowMajor = order == OpenBlas.ROW_MAJOR;
        // Row i of op(A) starts i leading dimensions in when op(A)'s rows are stored rows, else i elements in.
        long offA = (rowMajor ^ (ta == OpenBlas.TRANS)) ? (long) r0 * oa.ld : r0;
        long offC = rowMajor ? (long) r0 * oc.ld : r0;
        FloatPointer pa = new FloatPointer(oa.ptr);
        FloatPointer pb = new FloatPointer(ob.ptr);
        FloatPointer pc = new FloatPointer(oc.ptr);
        long a0 = oa.ptr.position();
        long b0 = ob.ptr.position();
        long c0 = oc.ptr.position();
        for (long e = e0; e < e1; e++) {
            pa.position(a0 + e * strideE[0] + offA);
            pb.position(b0 + (bMembers == null ? e : bMembers[(int) e]) * strideE[1]);
            pc.position(c0 + e * strideE[2] + offC);
            OpenBlas.sgemm(order, ta, tb, r1 - r0, n, k, alpha, pa, oa.ld, pb, ob.ld, beta, pc, oc.ld);
        }
    }

    /** A BLAS view of one operand: its first element, storage order and leading dimension. */
    private record Operand(FloatPointer ptr, boolean colMajor, int ld, long spanElements) {
    }

    /** BLAS views of the three arrays, or null when any of them does not allow the direct call. */
    private static Operand[] operands(INDArray a, INDArray b, INDArray c, boolean batched) {
        if (a.dataType() != DataType.FLOAT || b.dataType() != DataType.FLOAT || c.dataType() != DataType.FLOAT) {
            return null;
        }
        Operand oa = operand(a, batched);
        Operand ob = operand(b, batched);
        Operand oc = operand(c, batched);
        if (oa == null || ob == null || oc == null) {
            return null;
        }
        // BLAS requires an output that overlaps no input; ND4J's path (which makes a temporary) handles that.
        if (overlaps(oc, oa) || overlaps(oc, ob)) {
            return null;
        }
        return new Operand[] {oa, ob, oc};
    }

    private static Operand operand(INDArray x, boolean batched) {
        int r = batched ? 1 : 0;
        long rows = x.size(r);
        long cols = x.size(r + 1);
        long s0 = x.stride(r);
        long s1 = x.stride(r + 1);
        if (rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE) {
            return null;
        }
        boolean colMajor;
        long ld;
        if ((s1 == 1 || cols == 1) && (rows == 1 || s0 >= cols)) {
            colMajor = false;
            ld = rows == 1 ? cols : s0;
        } else if ((s0 == 1 || rows == 1) && (cols == 1 || s1 >= rows)) {
            colMajor = true;
            ld = cols == 1 ? rows : s1;
        } else {
            return null; // strides with steps: not a BLAS matrix
        }
        ld = Math.max(ld, 1);
        if (ld > Integer.MAX_VALUE) {
            return null;
        }
        long span = colMajor ? (cols - 1) * ld + rows : (rows - 1) * ld + cols;
        if (batched) {
            long members = x.size(0);
            long se = x.stride(0);
            if (members > 1 && se < span) {
                return null; // members overlap or interleave: leave it to ND4J
            }
            span += (members - 1) * se;
        }
        FloatPointer p = OpenBlas.pointer(x);
        if (p == null) {
            return null;
        }
        return new Operand(p, colMajor, (int) ld, span);
    }

    private static boolean overlaps(Operand x, Operand y) {
        long x0 = OpenBlas.address(x.ptr);
        long x1 = x0 + x.spanElements * Float.BYTES;
        long y0 = OpenBlas.address(y.ptr);
        long y1 = y0 + y.spanElements * Float.BYTES;
        return x0 < y1 && y0 < x1;
    }

    /** ND4J's own product, for other backends and data types; handles aliasing through its temporary. */
    private static void fallback2d(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c,
            float alpha, float beta) {
        INDArray opA = transA ? a.transpose() : a;
        INDArray opB = transB ? b.transpose() : b;
        INDArray product = opA.mmul(opB);
        if (alpha != 1f) {
            product.muli(alpha);
        }
        if (beta == 0f) {
            c.assign(product);
        } else {
            if (beta != 1f) {
                c.muli(beta);
            }
            c.addi(product);
        }
    }

    /** Handles empty products: returns true when nothing is left to compute. */
    private static boolean trivial(long[] dims, INDArray c, float beta) {
        if (dims[0] == 0 || dims[1] == 0) {
            return true;
        }
        if (dims[2] == 0) {
            if (beta == 0f) {
                c.assign(0);
            } else if (beta != 1f) {
                c.muli(beta);
            }
            return true;
        }
        return false;
    }

    private static void checkArgs(String op, int rank, INDArray a, INDArray b, INDArray c, float alpha,
            float beta) {
        check(op, "a", a, rank);
        check(op, "b", b, rank);
        if (b.dataType() != a.dataType()) {
            throw new IllegalArgumentException(op + ": b has data type " + b.dataType() + " but a has "
                    + a.dataType() + " (expected the same)");
        }
        if (c != null) {
            check(op, "c", c, rank);
            if (c.dataType() != a.dataType()) {
                throw new IllegalArgumentException(op + ": c has data type " + c.dataType() + " but a has "
                        + a.dataType() + " (expected the same)");
            }
        }
        if (!Float.isFinite(alpha)) {
            throw new IllegalArgumentException(op + ": alpha must be finite: " + alpha);
        }
        if (!Float.isFinite(beta)) {
            throw new IllegalArgumentException(op + ": beta must be finite: " + beta);
        }
    }

    private static void check(String op, String name, INDArray x, int rank) {
        if (x == null) {
            throw new IllegalArgumentException(op + ": " + name + " must not be null");
        }
        if (x.rank() != rank) {
            throw new IllegalArgumentException(op + ": " + name + " must have rank " + rank + ": got shape "
                    + shape(x));
        }
    }

    /** Checks op(a) [M,K] x op(b) [K,N] -> c [M,N] on the dimensions from {@code first}; returns {M, N, K}. */
    private static long[] checkShapes(String op, INDArray a, boolean transA, INDArray b, boolean transB,
            INDArray c, int first) {
        long m = a.size(first + (transA ? 1 : 0));
        long ka = a.size(first + (transA ? 0 : 1));
        long kb = b.size(first + (transB ? 1 : 0));
        long n = b.size(first + (transB ? 0 : 1));
        if (ka != kb) {
            throw new IllegalArgumentException(op + ": inner dimensions differ: a " + shape(a) + " (transA="
                    + transA + ") gives K=" + ka + ", b " + shape(b) + " (transB=" + transB + ") gives K=" + kb);
        }
        if (c.size(first) != m || c.size(first + 1) != n) {
            throw new IllegalArgumentException(op + ": c has shape " + shape(c) + " but op(a) x op(b) is " + m
                    + " x " + n + " (a " + shape(a) + ", transA=" + transA + "; b " + shape(b) + ", transB="
                    + transB + ")");
        }
        return new long[] {m, n, ka};
    }

    /**
     * Refuses an index outside {@code [0, source.size(0))}: "{@code what[i] = v is outside [0, E)}", followed by
     * " for {@code sourceName} [shape]" when a name is given.
     */
    static void checkIndices(String what, int[] indices, INDArray source, String sourceName) {
        long bound = source.size(0);
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= bound) {
                throw new IllegalArgumentException(what + "[" + i + "] = " + indices[i] + " is outside [0, " + bound
                        + ")" + (sourceName == null ? "" : " for " + sourceName + " " + shape(source)));
            }
        }
    }

    static String shape(INDArray x) {
        return Arrays.toString(x.shape());
    }
}
