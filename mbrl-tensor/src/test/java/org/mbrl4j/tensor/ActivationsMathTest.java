package org.mbrl4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * mbrl4j's own float32 exp/expm1/tanh/log1p: accuracy against double {@link Math}, and bitwise agreement
 * of the Vector API kernels with the plain-Java ones, before and after the JIT compiles them.
 */
class ActivationsMathTest {

    /** Max error in float32 ulps of the reference over the points {@code from + i (to - from) / (n - 1)}. */
    private static double maxUlpError(FloatUnary f, DoubleUnaryOperator ref, double from, double to, int n) {
        double worst = 0;
        for (int i = 0; i < n; i++) {
            float x = (float) (from + i * (to - from) / (n - 1));
            worst = Math.max(worst, ulpError(f.apply(x), ref.applyAsDouble(x), x));
        }
        return worst;
    }

    private static double ulpError(float got, double want, float x) {
        float rounded = (float) want;
        if (Float.isInfinite(rounded)) {
            assertEquals(rounded, got, "overflow at x=" + x);
            return 0;
        }
        return Math.abs(got - want) / Math.ulp(rounded);
    }

    interface FloatUnary {
        float apply(float x);
    }

    /** Prints the measured bound (for the javadoc) and checks it. */
    private static void assertUlps(String name, double bound, double err) {
        System.out.println(name + ": max error " + err + " ulp");
        assertTrue(err <= bound, name + ": max error " + err + " ulp > " + bound);
    }

    @Test
    void expIsWithinOneAndAHalfUlps() {
        double err = Math.max(maxUlpError(ScalarKernels::exp, Math::exp, -90, 90, 1_000_001),
                maxUlpError(ScalarKernels::exp, Math::exp, -1e-3, 1e-3, 200_001));
        err = Math.max(err, maxUlpError(ScalarKernels::exp, Math::exp, -104, -87, 100_001)); // subnormal results
        assertUlps("exp", 1.5, err);
        assertEquals(0f, ScalarKernels.exp(-200f));
        assertEquals(0f, ScalarKernels.exp(Float.NEGATIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, ScalarKernels.exp(89f));
        assertEquals(Float.POSITIVE_INFINITY, ScalarKernels.exp(Float.POSITIVE_INFINITY));
        assertEquals(1f, ScalarKernels.exp(0f));
        assertTrue(Float.isNaN(ScalarKernels.exp(Float.NaN)));
    }

    @Test
    void expInPlaceGivesTheBitsOfTheScalarExpOnEveryLaneAndTail() {
        SplittableRandom rng = new SplittableRandom(17);
        float[] a = new float[1037];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rng.nextDouble(-120, 100));
        }
        a[3] = Float.NaN;
        a[4] = Float.NEGATIVE_INFINITY;
        a[5] = Float.POSITIVE_INFINITY;
        a[6] = -0f;
        float[] expected = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            expected[i] = i >= 9 && i < 1030 ? ScalarKernels.exp(a[i]) : a[i];
        }
        Activations.expInPlace(a, 9, 1030); // an offset start and an unaligned end: lanes and tails
        for (int i = 0; i < a.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(a[i]), "index " + i);
        }
        float[] b = a.clone();
        ScalarKernels.INSTANCE.exp(b, 0, b.length);
        float[] c = a.clone();
        assumeTrue(Activations.vectorApiEnabled(), "needs --add-modules jdk.incubator.vector");
        VectorKernels.INSTANCE.exp(c, 0, c.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Float.floatToIntBits(b[i]), Float.floatToIntBits(c[i]), "lanes against scalar at " + i);
        }
    }

    @Test
    void expm1IsWithinTwoUlpsAlsoNearZero() {
        double err = Math.max(maxUlpError(ScalarKernels::expm1, Math::expm1, -30, 88, 1_000_001),
                maxUlpError(ScalarKernels::expm1, Math::expm1, -1e-3, 1e-3, 200_001));
        err = Math.max(err, maxUlpError(ScalarKernels::expm1, Math::expm1, -1e-30, 1e-30, 20_001));
        assertUlps("expm1", 2, err);
        assertEquals(-1f, ScalarKernels.expm1(-1000f));
        assertTrue(Float.isNaN(ScalarKernels.expm1(Float.NaN)));
    }

    @Test
    void tanhIsWithinTwoAndAHalfUlpsAlsoNearZero() {
        double err = Math.max(maxUlpError(ScalarKernels::tanh, Math::tanh, -90, 90, 1_000_001),
                maxUlpError(ScalarKernels::tanh, Math::tanh, -1e-3, 1e-3, 200_001));
        err = Math.max(err, maxUlpError(ScalarKernels::tanh, Math::tanh, -1e-30, 1e-30, 20_001));
        assertUlps("tanh", 2.5, err);
        assertEquals(1f, ScalarKernels.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, ScalarKernels.tanh(-50f));
        assertTrue(Float.isNaN(ScalarKernels.tanh(Float.NaN)));
    }

    @Test
    void log1pIsWithinTwoUlpsOnTheUnitInterval() {
        double err = Math.max(maxUlpError(ScalarKernels::log1pUnit, Math::log1p, 0, 1, 1_000_001),
                maxUlpError(ScalarKernels::log1pUnit, Math::log1p, 0, 1e-6, 200_001));
        assertUlps("log1pUnit", 2, err);
        assertEquals(0f, ScalarKernels.log1pUnit(0f));
    }

    @Test
    void softplusAndSigmoidKeepTheirTails() {
        double sp = maxUlpError(ScalarKernels::softplus, x -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
                -90, 90, 1_000_001);
        assertUlps("softplus", 3, sp);
        // Below x = -87 the result is subnormal, and below about -88.38 the denominator is +Infinity (one
        // scale factor 2^128): 0 instead of < 1e-38.
        double sg = maxUlpError(ScalarKernels::sigmoid, x -> 1 / (1 + Math.exp(-x)), -87, 90, 1_000_001);
        assertUlps("sigmoid", 3, sg);
        assertEquals(0f, ScalarKernels.sigmoid(-100f));
        assertEquals(1f, ScalarKernels.sigmoid(100f));
    }

    @Test
    void siluIsWithinThreeUlpsAndEndsAtMinusZero() {
        // x / (1 + e^-x): the denominator with one scale factor (logisticDenominator), up to its +Infinity.
        double err = maxUlpError(ScalarKernels::silu, x -> x / (1 + Math.exp(-x)), -87, 90, 1_000_001);
        assertUlps("silu", 3, err);
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(ScalarKernels.silu(-89f)));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(ScalarKernels.silu(-1e30f)));
        assertEquals(100f, ScalarKernels.silu(100f));
        assertEquals(Float.POSITIVE_INFINITY, ScalarKernels.logisticDenominator(-88.5f));
        assertTrue(Float.isFinite(ScalarKernels.logisticDenominator(-88.3f)));
        assertTrue(Float.isNaN(ScalarKernels.silu(Float.NaN)));
    }

    @Test
    void mishAndItsDerivativeFollowTheDoubleFormulasOverTheWholeLine() {
        DoubleUnaryOperator tsp = x -> Math.tanh(Math.log1p(Math.exp(x)));
        double err = maxUlpError(ScalarKernels::mish, x -> x * tsp.applyAsDouble(x), -60, 60, 1_000_001);
        assertUlps("mish", 4, err);
        double worst = 0; // the derivative, against the double formula, in absolute terms (it stays in [-0.31, 1.1])
        for (int i = 0; i <= 200_000; i++) {
            float x = (float) (-60 + i * 120.0 / 200_000);
            double t = tsp.applyAsDouble(x);
            double want = t + x * (1 - t * t) / (1 + Math.exp(-x));
            worst = Math.max(worst, Math.abs(ScalarKernels.dMish(x) - want));
        }
        assertTrue(worst < 3e-7, "mish' max abs error " + worst);
        assertEquals(1e30f, ScalarKernels.mish(1e30f));
        assertEquals(1f, ScalarKernels.dMish(1e30f));
        assertEquals(Float.POSITIVE_INFINITY, ScalarKernels.mish(Float.POSITIVE_INFINITY));
        assertEquals(1f, ScalarKernels.dMish(Float.POSITIVE_INFINITY));
        assertEquals(0f, ScalarKernels.mish(-1e30f), 0f);
        assertEquals(0f, ScalarKernels.dMish(-200f), 0f);
        assertTrue(Float.isNaN(ScalarKernels.mish(Float.NaN)) && Float.isNaN(ScalarKernels.dMish(Float.NaN)));
    }

    // ---- Vector API kernels against the plain-Java ones ---------------------------------------------------

    private static ByteBuffer floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocateDirect(v.length * 4).order(ByteOrder.nativeOrder());
        for (int i = 0; i < v.length; i++) {
            b.putFloat(i << 2, v[i]);
        }
        return b;
    }

    /** Normal inputs of scale 4 plus the special values and the saturation edges. */
    private static float[] inputs(SplittableRandom rng, int n) {
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-30f, -1e-30f,
            Float.MIN_VALUE, 88.7f, -88.7f, 89.5f, -104.5f, 30f, -30f, 10f, -10f, 1e-4f, -1e-4f};
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i < special.length && rng.nextInt(3) == 0 ? special[i] : (float) (4 * rng.nextGaussian());
        }
        return x;
    }

    /** Bits with every NaN made the canonical one: NaN payloads are not part of the contract. */
    private static int[] bits(ByteBuffer b, int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = Float.floatToIntBits(b.getFloat(i << 2));
        }
        return r;
    }

    private static void assertSameBits(int[] expected, int[] actual, float[] x, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                throw new AssertionError(what + ": element " + i + " of " + expected.length + " at x=" + x[i]
                        + ": " + Float.intBitsToFloat(actual[i]) + " but the reference gives "
                        + Float.intBitsToFloat(expected[i]));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void vectorKernelsGiveTheBitsOfThePlainJavaOnes(Activation act) {
        assumeTrue(Activations.vectorApiEnabled(), "needs --add-modules jdk.incubator.vector");
        SplittableRandom rng = new SplittableRandom(41 + act.ordinal());
        for (int n : new int[] {1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 67, 1000, 4099}) {
            float[] x = inputs(rng, n);
            float[] g = inputs(rng, n);
            ByteBuffer in = floats(x);
            ByteBuffer outS = floats(new float[n]);
            ByteBuffer outV = floats(new float[n]);
            ScalarKernels.INSTANCE.activate(in, outS, 0, n, act);
            VectorKernels.INSTANCE.activate(in, outV, 0, n, act);
            assertSameBits(bits(outS, n), bits(outV, n), x, act + " forward n=" + n);
            ScalarKernels.INSTANCE.backward(in, floats(g), outS, 0, n, act);
            VectorKernels.INSTANCE.backward(in, floats(g), outV, 0, n, act);
            assertSameBits(bits(outS, n), bits(outV, n), x, act + " backward n=" + n);
            if (act.hasDerivativeFromOutput()) {
                ScalarKernels.INSTANCE.backwardFromOutput(in, floats(g), outS, 0, n, act);
                VectorKernels.INSTANCE.backwardFromOutput(in, floats(g), outV, 0, n, act);
                assertSameBits(bits(outS, n), bits(outV, n), x, act + " backward from output n=" + n);
            }
            int cols = Math.max(1, n / 7);
            int rows = n / cols;
            float[] bias = inputs(rng, cols);
            ByteBuffer zS = floats(x);
            ByteBuffer zV = floats(x);
            ScalarKernels.INSTANCE.biasActivate(zS, zS, 0, rows, cols, floats(bias), 0, rows, act);
            VectorKernels.INSTANCE.biasActivate(zV, zV, 0, rows, cols, floats(bias), 0, rows, act);
            assertSameBits(bits(zS, n), bits(zV, n), x, act + " bias+activation " + rows + "x" + cols);
        }
    }

    @Test
    void vectorKernelBitsDoNotChangeWhenTheJitCompilesThem() {
        assumeTrue(Activations.vectorApiEnabled(), "needs --add-modules jdk.incubator.vector");
        int n = 67; // not a multiple of any lane count: the masked tail runs too
        float[] x = inputs(new SplittableRandom(7), n);
        ByteBuffer in = floats(x);
        ByteBuffer g = floats(inputs(new SplittableRandom(8), n));
        ByteBuffer out = floats(new float[n]);
        Activation[] acts = Activation.values();
        int[][] first = new int[2 * acts.length][];
        // 20,000 rounds of every function: far past C2's compile thresholds for these loops.
        for (int iter = 0; iter < 20_000; iter++) {
            for (int a = 0; a < acts.length; a++) {
                VectorKernels.INSTANCE.activate(in, out, 0, n, acts[a]);
                check(first, 2 * a, out, n, x, acts[a] + " forward, call " + iter);
                VectorKernels.INSTANCE.backward(in, g, out, 0, n, acts[a]);
                check(first, 2 * a + 1, out, n, x, acts[a] + " backward, call " + iter);
            }
        }
    }

    private static void check(int[][] first, int k, ByteBuffer out, int n, float[] x, String what) {
        int[] now = bits(out, n);
        if (first[k] == null) {
            first[k] = now;
        } else {
            assertSameBits(first[k], now, x, what);
        }
    }
}
