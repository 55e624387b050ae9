package org.mbrl4j.tensor;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies of one row into every row of an output: the bias term of a dense layer written before its product
 * accumulates onto it ({@code beta = 1}). A plain memory copy: on the shapes of model-based RL it takes a
 * quarter of the time of the rank-1 product {@code ones x bias}, and gives the same bits.
 */
public final class Broadcast {

    private Broadcast() {
    }

    /**
     * {@code out[i, r, :] = rows[members[i], 0, :]} for every row {@code r} (ensemble form), or
     * {@code out[r, :] = rows[0, :]} (plain form, {@code members} null and rank-2 arrays).
     *
     * @param rows    {@code [E, 1, O]} (ensemble form) or {@code [1, O]} (plain form)
     * @param members {@code K} indices into {@code rows}' first dimension, or null for {@code 0 .. K-1}
     *                (then {@code E == K}); must be null in the plain form
     * @param out     {@code [K, B, O]} or {@code [B, O]}, same data type as {@code rows}; overwritten
     * @throws IllegalArgumentException if an argument is null, the ranks, shapes or data types do not match,
     *                                  or an index is out of range
     */
    public static void rows(INDArray rows, int[] members, INDArray out) {
        if (rows == null || out == null) {
            throw new IllegalArgumentException("rows and out must not be null");
        }
        if (rows.dataType() != out.dataType()) {
            throw new IllegalArgumentException("rows has data type " + rows.dataType() + " but out has "
                    + out.dataType() + " (expected the same)");
        }
        int rank = out.rank();
        long cols = out.size(rank - 1);
        boolean ok = rank == rows.rank() && (rank == 2 || rank == 3) && rows.size(rank - 1) == cols
                && rows.size(rank - 2) == 1 && (rank == 3 || members == null);
        long k = rank == 3 ? out.size(0) : 1;
        if (ok && rank == 3) {
            ok = members == null ? rows.size(0) == k : members.length == k;
        }
        if (!ok) {
            throw new IllegalArgumentException("Broadcast.rows: rows " + Arrays.toString(rows.shape()) + ", out "
                    + Arrays.toString(out.shape()) + ", members " + Arrays.toString(members)
                    + " (expected rows [E, 1, O] and out [K, B, O] with K members, or rows [1, O] and out [B, O])");
        }
        if (members != null) {
            Gemm.checkIndices("Broadcast.rows: members", members, rows, null);
        }
        if (out.isEmpty()) {
            return;
        }
        long perMember = rank == 3 ? out.size(1) : out.size(0);
        if (HostArrays.denseFloat(out)) {
            // The source rows are few: a dense heap copy of them, whatever their layout or offset.
            float[] src = rows.dup('c').data().asFloat();
            FloatBuffer dst = HostArrays.bytes(out).asFloatBuffer();
            int c = (int) cols;
            int per = (int) perMember;
            for (int i = 0; i < k; i++) {
                int from = (members == null ? i : members[i]) * c;
                for (int r = 0; r < per; r++) {
                    dst.position((i * per + r) * c);
                    dst.put(src, from, c);
                }
            }
            return;
        }
        for (long i = 0; i < k; i++) { // other layouts, data types and backends: ND4J's broadcast assign
            INDArray row = rank == 3 ? rows.slice(members == null ? i : members[(int) i]).reshape(1, cols) : rows;
            INDArray target = rank == 3 ? out.slice(i) : out;
            target.assign(row.broadcast(perMember, cols));
        }
    }
}
