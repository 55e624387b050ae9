package org.mbrl4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mbrl4j.tensor.TensorTestSupport.assertClose;
import static org.mbrl4j.tensor.TensorTestSupport.randn;
import static org.mbrl4j.tensor.TensorTestSupport.restoreThreads;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mbrl4j.core.random.RandomStreams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

class GemmTest {

    private static final double TOL = 1e-5;

    /**
     * Whether this run has the direct OpenBLAS path: on with the CPU backend unless
     * {@code -Dmbrl4j.gemm.direct=false} switches it off (the path every other backend takes). Every test
     * checks its results in both settings; those that check which path a call takes expect this value.
     */
    private static final boolean DIRECT = Boolean.parseBoolean(System.getProperty(OpenBlas.DIRECT_PROPERTY, "true"));

    @BeforeAll
    static void directPathIsOnWithTheCpuBackendUnlessSwitchedOff() {
        assertEquals(DIRECT, Gemm.directPathAvailable(), "direct path: " + Gemm.directPathUnavailableReason());
        if (!DIRECT) {
            assertTrue(Gemm.directPathUnavailableReason().contains(OpenBlas.DIRECT_PROPERTY),
                    Gemm.directPathUnavailableReason());
        } else {
            assertNull(Gemm.directPathUnavailableReason());
        }
    }

    /** ND4J's own result for alpha * op(a) op(b) + beta * c0, on fresh c-order copies. */
    private static INDArray reference(INDArray a, boolean ta, INDArray b, boolean tb, INDArray c0, float alpha,
            float beta) {
        INDArray opA = (ta ? a.transpose() : a).dup('c');
        INDArray opB = (tb ? b.transpose() : b).dup('c');
        INDArray r = opA.mmul(opB).muli(alpha);
        if (beta != 0f) {
            r.addi(c0.dup('c').muli(beta));
        }
        return r;
    }

    @Test
    void randomShapesAllTransposesAndAccumulationMatchNd4j() throws Exception {
        RandomStreams root = RandomStreams.of(7);
        SplittableRandom sizes = root.child("sizes").javaRandom();
        try (Random rng = root.child("data").nd4jRandom()) {
            for (int trial = 0; trial < 12; trial++) {
                int m = 1 + sizes.nextInt(70);
                int n = 1 + sizes.nextInt(70);
                int k = 1 + sizes.nextInt(300);
                for (int flags = 0; flags < 4; flags++) {
                    boolean ta = (flags & 1) != 0;
                    boolean tb = (flags & 2) != 0;
                    char orderA = sizes.nextBoolean() ? 'c' : 'f';
                    char orderB = sizes.nextBoolean() ? 'c' : 'f';
                    char orderC = sizes.nextBoolean() ? 'c' : 'f';
                    INDArray a = ta ? randn(rng, orderA, k, m) : randn(rng, orderA, m, k);
                    INDArray b = tb ? randn(rng, orderB, n, k) : randn(rng, orderB, k, n);
                    INDArray c = randn(rng, orderC, m, n);
                    float alpha = (float) (sizes.nextDouble() * 4 - 2);
                    float beta = trial % 3 == 0 ? 0f : (float) (sizes.nextDouble() * 2 - 1);
                    INDArray expected = reference(a, ta, b, tb, c, alpha, beta);
                    assertEquals(DIRECT, Gemm.takesDirectPath(a, b, c), "dense c/f-order arrays take the direct path");
                    Gemm.gemm(a, ta, b, tb, c, alpha, beta);
                    assertClose(expected, c, TOL, "gemm " + m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb
                            + " orders " + orderA + orderB + orderC);
                }
            }
        }
    }

    @Test
    void transposedViewsAndSubRangesMapOntoBlasWithoutCopies() throws Exception {
        try (Random rng = RandomStreams.of(11).nd4jRandom()) {
            INDArray big = randn(rng, 'c', 40, 50);
            INDArray a = big.get(interval(3, 20), interval(5, 35)); // [17, 30], leading dimension 50
            INDArray bt = randn(rng, 'c', 12, 30).transpose();      // [30, 12] view, column-major
            INDArray cBig = randn(rng, 'f', 30, 20);
            INDArray c = cBig.get(interval(2, 19), interval(4, 16)); // [17, 12] f-order view, ld 30
            INDArray cBefore = cBig.dup();
            INDArray expected = reference(a, false, bt, false, c, 1.5f, 0.5f);
            assertEquals(DIRECT, Gemm.takesDirectPath(a, bt, c));
            Gemm.gemm(a, false, bt, false, c, 1.5f, 0.5f);
            assertClose(expected, c, TOL, "views");
            // Outside the view nothing changed.
            INDArray outside = cBig.dup();
            outside.get(interval(2, 19), interval(4, 16)).assign(cBefore.get(interval(2, 19), interval(4, 16)));
            assertEquals(cBefore, outside);
        }
    }

    @Test
    void steppedViewsAndOtherTypesAreHandledWithTheSameResult() throws Exception {
        try (Random rng = RandomStreams.of(12).nd4jRandom()) {
            INDArray big = randn(rng, 'c', 40, 60);
            INDArray stepped = big.get(NDArrayIndex.interval(0, 2, 40), interval(0, 30)); // every other row
            INDArray b = randn(rng, 'c', 30, 9);
            INDArray c = Nd4j.create(DataType.FLOAT, 20, 9);
            assertEquals(DIRECT, Gemm.takesDirectPath(stepped, b, c),
                    "every other row is a BLAS matrix with ld = 2 * 60");
            INDArray expected = reference(stepped, false, b, false, c, 1f, 0f);
            Gemm.gemm(stepped, false, b, false, c, 1f, 0f);
            assertClose(expected, c, TOL, "stepped rows");

            INDArray colStep = big.get(interval(0, 30), NDArrayIndex.interval(0, 3, 60)); // [30, 20], col step 3
            INDArray colStepByIndex = Nd4j.create(DataType.FLOAT, 30, 20);
            for (int i = 0; i < 30; i++) {
                for (int j = 0; j < 20; j++) {
                    colStepByIndex.putScalar(i, j, big.getFloat(i, 3 * j));
                }
            }
            INDArray b2 = randn(rng, 'c', 20, 7);
            INDArray c2 = Nd4j.create(DataType.FLOAT, 30, 7);
            assertFalse(Gemm.takesDirectPath(colStep, b2, c2));
            Gemm.gemm(colStep, false, b2, false, c2, 1f, 0f);
            assertClose(colStepByIndex.mmul(b2), c2, TOL, "stepped columns");
            // A stepped output: computed densely and copied back into the view only.
            INDArray cBig = randn(rng, 'c', 30, 21);
            INDArray cBefore = cBig.dup();
            INDArray cStep = cBig.get(interval(0, 30), NDArrayIndex.interval(0, 3, 21)); // [30, 7]
            assertFalse(Gemm.takesDirectPath(colStepByIndex, b2, cStep));
            Gemm.gemm(colStepByIndex, false, b2, false, cStep, 1f, 1f);
            INDArray expectedStep = colStepByIndex.mmul(b2);
            for (int i = 0; i < 30; i++) {
                for (int j = 0; j < 21; j++) {
                    float want = j % 3 == 0 ? expectedStep.getFloat(i, j / 3) + cBefore.getFloat(i, j)
                            : cBefore.getFloat(i, j);
                    assertEquals(want, cBig.getFloat(i, j), 1e-4f * (1 + Math.abs(want)), "c[" + i + "," + j + "]");
                }
            }

            INDArray ad = randn(rng, 'c', 6, 5).castTo(DataType.DOUBLE);
            INDArray bd = randn(rng, 'c', 5, 4).castTo(DataType.DOUBLE);
            INDArray cd = Nd4j.zeros(DataType.DOUBLE, 6, 4);
            assertFalse(Gemm.takesDirectPath(ad, bd, cd), "float64 goes through ND4J");
            Gemm.gemm(ad, false, bd, false, cd, 2f, 0f);
            assertClose(ad.mmul(bd).muli(2), cd, 1e-12, "float64");
        }
    }

    @Test
    void outputThatAliasesAnInputIsComputedThroughNd4j() throws Exception {
        try (Random rng = RandomStreams.of(13).nd4jRandom()) {
            INDArray a = randn(rng, 'c', 8, 8);
            INDArray b = randn(rng, 'c', 8, 8);
            INDArray expected = a.mmul(b).addi(a);
            assertFalse(Gemm.takesDirectPath(a, b, a));
            Gemm.gemm(a, false, b, false, a, 1f, 1f);
            assertClose(expected, a, TOL, "c == a");
        }
    }

    @Test
    void betaZeroOverwritesNanAndEmptyInnerDimensionScalesC() throws Exception {
        try (Random rng = RandomStreams.of(14).nd4jRandom()) {
            INDArray a = randn(rng, 'c', 5, 3);
            INDArray b = randn(rng, 'c', 3, 4);
            INDArray c = Nd4j.valueArrayOf(new long[] {5, 4}, Float.NaN, DataType.FLOAT);
            Gemm.gemm(a, false, b, false, c, 1f, 0f);
            assertClose(a.mmul(b), c, TOL, "beta 0 over NaN");

            INDArray c2 = Nd4j.ones(DataType.FLOAT, 5, 4);
            Gemm.gemm(Nd4j.create(DataType.FLOAT, 5, 0), false, Nd4j.create(DataType.FLOAT, 0, 4), false, c2, 1f,
                    3f);
            assertEquals(Nd4j.ones(DataType.FLOAT, 5, 4).muli(3), c2);
        }
    }

    @Test
    void mmulAllocatesAFreshCOrderResult() throws Exception {
        try (Random rng = RandomStreams.of(15).nd4jRandom()) {
            INDArray a = randn(rng, 'f', 33, 17);
            INDArray b = randn(rng, 'c', 17, 21);
            INDArray c = Gemm.mmul(a, b);
            assertEquals('c', c.ordering());
            assertClose(a.dup('c').mmul(b), c, TOL, "mmul");
        }
    }

    /**
     * Products large enough to be split by rows over mbrl4j's workers (2 and 3 threads) give ND4J's result
     * and the unsplit product's, for every transpose and storage order, plain and batched, and the same bits
     * every time for a given thread count. (Not the same bits as the unsplit product: OpenBLAS tiles the
     * columns of its second and later row blocks differently, so the last bits depend on the split.)
     */
    @Test
    void productsSplitByRowsEqualTheWholeProduct() throws Exception {
        assumeTrue(DIRECT, "products are split only on the direct OpenBLAS path");
        int before = CpuThreads.threads();
        boolean wasSplit = ParallelRanges.products;
        RandomStreams root = RandomStreams.of(24);
        SplittableRandom sizes = root.child("sizes").javaRandom();
        try (Random rng = root.child("data").nd4jRandom()) {
            for (int trial = 0; trial < 8; trial++) {
                int m = 300 + sizes.nextInt(400);
                int n = 60 + sizes.nextInt(200);
                int k = 60 + sizes.nextInt(200);
                boolean ta = (trial & 1) != 0;
                boolean tb = (trial & 2) != 0;
                char order = (trial & 4) != 0 ? 'f' : 'c';
                INDArray a = ta ? randn(rng, order, k, m) : randn(rng, order, m, k);
                INDArray b = tb ? randn(rng, 'c', n, k) : randn(rng, 'f', k, n);
                INDArray c0 = randn(rng, order, m, n);
                INDArray expected = reference(a, ta, b, tb, c0, 1.5f, 0.5f);
                INDArray whole = c0.dup(order);
                ParallelRanges.products = false;
                Gemm.gemm(a, ta, b, tb, whole, 1.5f, 0.5f);
                ParallelRanges.products = true;
                for (int threads = 2; threads <= 3; threads++) {
                    INDArray split = splitProduct(a, ta, b, tb, c0, order, expected, threads);
                    assertClose(whole, split, TOL, m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb + " order "
                            + order + ", " + threads + " threads: split vs whole product");
                }
                restoreThreads(before);
            }
            // Batched, gathered members, transposed inputs.
            INDArray a = randn(rng, 'c', 3, 120, 900);
            INDArray w = randn(rng, 'c', 5, 80, 120);
            int[] members = {4, 0, 4};
            INDArray whole = Nd4j.create(DataType.FLOAT, 3, 900, 80);
            ParallelRanges.products = false;
            Gemm.batchedGemm(a, true, w, members, true, whole, 1f, 0f);
            ParallelRanges.products = true;
            CpuThreads.configure(2);
            INDArray split = Nd4j.create(DataType.FLOAT, 3, 900, 80);
            Gemm.batchedGemm(a, true, w, members, true, split, 1f, 0f);
            for (int i = 0; i < 3; i++) {
                assertClose(reference(a.slice(i), true, w.slice(members[i]), true, split.slice(i), 1f, 0f),
                        split.slice(i), TOL, "batched member " + i);
            }
            assertClose(whole, split, TOL, "batched: split vs whole product");
            // Few rows per member (17): split by whole members, each member's product unchanged.
            INDArray few = randn(rng, 'c', 6, 17, 300);
            INDArray w6 = randn(rng, 'c', 7, 300, 200);
            int[] six = {6, 5, 4, 3, 2, 1};
            INDArray byMember = Nd4j.create(DataType.FLOAT, 6, 17, 200);
            Gemm.batchedGemm(few, false, w6, six, false, byMember, 1f, 0f);
            ParallelRanges.products = false;
            INDArray one = Nd4j.create(DataType.FLOAT, 6, 17, 200);
            Gemm.batchedGemm(few, false, w6, six, false, one, 1f, 0f);
            ParallelRanges.products = true;
            assertEquals(one, byMember, "a member split computes each member's product as one call");
            for (int i = 0; i < 6; i++) {
                assertClose(few.slice(i).mmul(w6.slice(six[i])), byMember.slice(i), TOL, "member " + i);
            }
        } finally {
            ParallelRanges.products = wasSplit;
            restoreThreads(before);
        }
    }

    /**
     * Short, wide products (fewer than 64 rows: a recurrent step's batch) are split by blocks of columns over
     * mbrl4j's workers: every transpose and storage order, a single-member batched call with a gathered
     * member, the same bits every time for a thread count.
     */
    @Test
    void shortWideProductsSplitByColumnsEqualTheWholeProduct() throws Exception {
        assumeTrue(DIRECT, "products are split only on the direct OpenBLAS path");
        int before = CpuThreads.threads();
        boolean wasSplit = ParallelRanges.products;
        try (Random rng = RandomStreams.of(25).nd4jRandom()) {
            for (int trial = 0; trial < 8; trial++) {
                int m = 16 + trial;
                int n = 1000 + 37 * trial;
                int k = 700;
                boolean ta = (trial & 1) != 0;
                boolean tb = (trial & 2) != 0;
                char order = (trial & 4) != 0 ? 'f' : 'c';
                INDArray a = ta ? randn(rng, order, k, m) : randn(rng, order, m, k);
                INDArray b = tb ? randn(rng, 'c', n, k) : randn(rng, 'f', k, n);
                INDArray c0 = randn(rng, order, m, n);
                INDArray expected = reference(a, ta, b, tb, c0, 1.5f, 0.5f);
                ParallelRanges.products = true;
                for (int threads = 2; threads <= 3; threads++) {
                    splitProduct(a, ta, b, tb, c0, order, expected, threads);
                }
                restoreThreads(before);
            }
            INDArray a = randn(rng, 'c', 1, 16, 600);
            INDArray w = randn(rng, 'c', 3, 600, 1200);
            INDArray c = Nd4j.create(DataType.FLOAT, 1, 16, 1200);
            CpuThreads.configure(2);
            Gemm.batchedGemm(a, false, w, new int[] {2}, false, c, 1f, 0f);
            assertClose(a.slice(0).mmul(w.slice(2)), c.slice(0), TOL, "one gathered member split by columns");
        } finally {
            ParallelRanges.products = wasSplit;
            restoreThreads(before);
        }
    }

    @Test
    void batchedGemmEqualsALoopOfNd4jProducts() throws Exception {
        RandomStreams root = RandomStreams.of(21);
        SplittableRandom sizes = root.child("sizes").javaRandom();
        try (Random rng = root.child("data").nd4jRandom()) {
            for (int trial = 0; trial < 4; trial++) {
                int e = 1 + sizes.nextInt(7);
                int bRows = 1 + sizes.nextInt(40);
                int in = 1 + sizes.nextInt(40);
                int out = 1 + sizes.nextInt(40);
                for (int flags = 0; flags < 4; flags++) {
                    boolean ta = (flags & 1) != 0;
                    boolean tb = (flags & 2) != 0;
                    INDArray a = ta ? randn(rng, 'c', e, in, bRows) : randn(rng, 'c', e, bRows, in);
                    // b as a permuted view: each member's matrix is column-major
                    INDArray b = tb ? randn(rng, 'c', e, in, out).permute(0, 2, 1) : randn(rng, 'c', e, out, in)
                            .permute(0, 2, 1);
                    INDArray c = randn(rng, 'c', e, bRows, out);
                    INDArray expected = Nd4j.create(DataType.FLOAT, e, bRows, out);
                    for (int m = 0; m < e; m++) {
                        expected.slice(m).assign(reference(a.slice(m), ta, b.slice(m), tb, c.slice(m), 0.5f, 2f));
                    }
                    assertEquals(DIRECT, Gemm.takesDirectPath(a, b, c));
                    Gemm.batchedGemm(a, ta, b, tb, c, 0.5f, 2f);
                    assertClose(expected, c, TOL, "batched E=" + e + " ta=" + ta + " tb=" + tb);
                }
            }
        }
    }

    @Test
    void batchedGemmOnMemberSubsetsAndSteppedViews() throws Exception {
        try (Random rng = RandomStreams.of(22).nd4jRandom()) {
            INDArray allA = randn(rng, 'c', 7, 16, 10);
            INDArray a = allA.get(NDArrayIndex.interval(0, 2, 7), all(), all()); // members 0, 2, 4, 6
            INDArray b = randn(rng, 'c', 4, 10, 6);
            INDArray c = Nd4j.create(DataType.FLOAT, 4, 16, 6);
            assertEquals(DIRECT, Gemm.takesDirectPath(a, b, c), "a member stride is just a pointer offset");
            Gemm.batchedGemm(a, false, b, false, c, 1f, 0f);
            for (int m = 0; m < 4; m++) {
                assertClose(allA.slice(2L * m).mmul(b.slice(m)), c.slice(m), TOL, "member " + m);
            }
            INDArray rowsStepped = allA.get(all(), all(), NDArrayIndex.interval(0, 2, 10)); // [7, 16, 5]
            INDArray b7 = randn(rng, 'c', 7, 5, 3);
            INDArray c7 = Nd4j.create(DataType.FLOAT, 7, 16, 3);
            assertFalse(Gemm.takesDirectPath(rowsStepped, b7, c7), "columns with a step are not a BLAS matrix");
            Gemm.batchedGemm(rowsStepped, false, b7, false, c7, 1f, 0f);
            for (int m = 0; m < 7; m++) {
                // Reference built from the parent by index: ND4J M2.1's get(point(m), ...) on this view is wrong.
                INDArray member = Nd4j.create(DataType.FLOAT, 16, 5);
                for (int i = 0; i < 16; i++) {
                    for (int j = 0; j < 5; j++) {
                        member.putScalar(i, j, allA.getFloat(m, i, 2 * j));
                    }
                }
                assertClose(member.mmul(b7.slice(m)), c7.slice(m), TOL, "stepped member " + m);
            }
            assertClose(Nd4j.matmul(a.dup(), b), Gemm.batchedMmul(a, b), TOL, "batchedMmul");
        }
    }

    @Test
    void gatheredBatchedGemmPicksTheRightOperandsOnEveryPath() throws Exception {
        try (Random rng = RandomStreams.of(23).nd4jRandom()) {
            int[] picks = {4, 0, 2, 2, 6};
            for (boolean tb : new boolean[] {false, true}) {
                INDArray a = randn(rng, 'c', 5, 9, 8);
                INDArray b = tb ? randn(rng, 'c', 7, 3, 8) : randn(rng, 'c', 7, 8, 3);
                INDArray c0 = randn(rng, 'c', 5, 9, 3);
                INDArray expected = Nd4j.create(DataType.FLOAT, 5, 9, 3);
                for (int i = 0; i < picks.length; i++) {
                    expected.slice(i).assign(reference(a.slice(i), false, b.slice(picks[i]), tb, c0.slice(i), 1.5f,
                            0.5f));
                }
                INDArray c = c0.dup('c');
                Gemm.batchedGemm(a, false, b, picks, tb, c, 1.5f, 0.5f);
                assertClose(expected, c, TOL, "direct, tb=" + tb);
                // A column-stepped a has no BLAS view: the copy-then-direct path must gather the same way.
                INDArray wide = randn(rng, 'c', 5, 9, 16);
                INDArray stepped = wide.get(all(), all(), NDArrayIndex.interval(0, 2, 16));
                INDArray dense = stepped.dup('c');
                INDArray c2 = c0.dup('c');
                Gemm.batchedGemm(stepped, false, b, picks, tb, c2, 1.5f, 0.5f);
                INDArray c3 = c0.dup('c');
                Gemm.batchedGemm(dense, false, b, picks, tb, c3, 1.5f, 0.5f);
                assertClose(c3, c2, TOL, "stepped view, tb=" + tb);
                // float64 goes through ND4J's own product, member by member.
                INDArray cd = c0.castTo(DataType.DOUBLE);
                Gemm.batchedGemm(a.castTo(DataType.DOUBLE), false, b.castTo(DataType.DOUBLE), picks, tb, cd, 1.5f,
                        0.5f);
                assertClose(expected, cd.castTo(DataType.FLOAT), TOL, "float64, tb=" + tb);
            }
            INDArray a = Nd4j.create(DataType.FLOAT, 2, 4, 5);
            INDArray b = Nd4j.create(DataType.FLOAT, 3, 5, 6);
            INDArray c = Nd4j.create(DataType.FLOAT, 2, 4, 6);
            IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                    () -> Gemm.batchedGemm(a, false, b, new int[] {0, 3}, false, c, 1f, 0f));
            assertTrue(range.getMessage().contains("bMembers[1] = 3") && range.getMessage().contains("[0, 3)"),
                    range.getMessage());
            IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                    () -> Gemm.batchedGemm(a, false, b, new int[] {0, 1, 2}, false, c, 1f, 0f));
            assertTrue(count.getMessage().contains("bMembers has 3 entries"), count.getMessage());
        }
    }

    @Test
    void badShapesNameTheShapes() throws Exception {
        INDArray a = Nd4j.create(DataType.FLOAT, 4, 3);
        INDArray b = Nd4j.create(DataType.FLOAT, 5, 6);
        INDArray c = Nd4j.create(DataType.FLOAT, 4, 6);
        IllegalArgumentException inner = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(a, false, b, false, c, 1f, 0f));
        assertTrue(inner.getMessage().contains("[4, 3]") && inner.getMessage().contains("[5, 6]"),
                inner.getMessage());
        IllegalArgumentException out = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(a, false, Nd4j.create(DataType.FLOAT, 3, 6), false,
                        Nd4j.create(DataType.FLOAT, 4, 5), 1f, 0f));
        assertTrue(out.getMessage().contains("[4, 5]") && out.getMessage().contains("4 x 6"), out.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Gemm.gemm(a, false, null, false, c, 1f, 0f));
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(Nd4j.create(DataType.FLOAT, 2, 4, 3), false, b, false, c, 1f, 0f));
        assertTrue(rank.getMessage().contains("[2, 4, 3]"), rank.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(a, true, Nd4j.create(DataType.DOUBLE, 4, 6), false,
                        Nd4j.create(DataType.FLOAT, 3, 6), 1f, 0f));
        assertTrue(type.getMessage().contains("DOUBLE"), type.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(a, true, Nd4j.create(DataType.FLOAT, 4, 6), false,
                        Nd4j.create(DataType.FLOAT, 3, 6), Float.NaN, 0f));
        assertTrue(nan.getMessage().contains("alpha"), nan.getMessage());
        IllegalArgumentException members = assertThrows(IllegalArgumentException.class,
                () -> Gemm.batchedGemm(Nd4j.create(DataType.FLOAT, 3, 4, 5), false, Nd4j.create(DataType.FLOAT, 2, 5, 6),
                        false, Nd4j.create(DataType.FLOAT, 3, 4, 6), 1f, 0f));
        assertTrue(members.getMessage().contains("[3, 4, 5]") && members.getMessage().contains("[2, 5, 6]"),
                members.getMessage());
    }

    @Test
    void rowOfAMatrixAsAnOperand() throws Exception {
        try (Random rng = RandomStreams.of(16).nd4jRandom()) {
            INDArray m = randn(rng, 'c', 10, 20);
            INDArray row = m.get(new INDArrayIndex[] {interval(3, 4), all()}); // [1, 20] view at an offset
            INDArray col = m.get(all(), point(5)).reshape(10, 1).dup('c');
            INDArray w = randn(rng, 'c', 20, 6);
            INDArray out = Nd4j.create(DataType.FLOAT, 1, 6);
            Gemm.gemm(row, false, w, false, out, 1f, 0f);
            assertClose(row.dup().mmul(w), out, TOL, "row view");
            INDArray outer = Nd4j.create(DataType.FLOAT, 10, 20);
            Gemm.gemm(col, false, row, false, outer, 1f, 0f);
            assertClose(col.mmul(row.dup()), outer, TOL, "outer product");
        }
    }

    /**
     * {@code 1.5 op(a) op(b) + 0.5 c0} on {@code threads} threads: close to {@code expected}, and the same bits
     * when computed twice.
     *
     * @return the product
     */
    private static INDArray splitProduct(INDArray a, boolean ta, INDArray b, boolean tb, INDArray c0, char order,
            INDArray expected, int threads) {
        CpuThreads.configure(threads);
        INDArray split = c0.dup(order);
        Gemm.gemm(a, ta, b, tb, split, 1.5f, 0.5f);
        String what = split.size(0) + "x" + split.size(1) + "x" + (ta ? a.size(0) : a.size(1)) + " ta=" + ta
                + " tb=" + tb + " order " + order + ", " + threads + " threads";
        assertClose(expected, split, TOL, what);
        INDArray again = c0.dup(order);
        Gemm.gemm(a, ta, b, tb, again, 1.5f, 0.5f);
        assertEquals(split, again, what + ": the same split twice gives the same bits");
        return split;
    }
}
