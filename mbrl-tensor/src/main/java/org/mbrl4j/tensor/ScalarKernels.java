package org.mbrl4j.tensor;

import java.nio.ByteBuffer;

/**
 * Plain-Java fused loops over host buffers: the reference for {@link VectorKernels} and the path for the
 * cheap activations when the Vector API is absent. Buffers are native-order views of float32 data;
 * indices below are element indices.
 *
 * <p>Also the scalar form of mbrl4j's own float32 {@link #exp}, {@link #expm1}, {@link #tanh} and
 * {@link #log1pUnit}. They use only IEEE-exact operations (add, sub, mul, div, {@link Math#fma}, min/max,
 * compares, bit reinterpretation), so their results do not depend on the JIT: {@link VectorKernels} runs
 * the same operations in the same order on SIMD lanes and gets the same bits, interpreted or compiled.
 * {@code Math.exp}/{@code Math.tanh} and the Vector API's transcendental lanes ({@code EXP}, {@code TANH},
 * ...) give no such guarantee: the JIT intrinsics (SVML) and the interpreter differ in the last bits.
 *
 * <p>Maximum errors in float32 ulps against double {@link Math}, measured by {@code ActivationsMathTest}
 * over dense sweeps (10^6 points over [-90, 90], plus [-1e-3, 1e-3] and tinier): {@code exp} 1.02 (also
 * for subnormal results; overflow gives {@code +Infinity}), {@code expm1} 1.47, {@code tanh} 1.97,
 * {@code log1pUnit} 1.90 on [0, 1], {@link #softplus} 2.52, {@link #sigmoid} under 3 where the result is a
 * normal float (it is 0 below x = -88.7, where the true value is below 1e-38). NaN in gives NaN out.
 */
final class ScalarKernels implements ElementwiseKernels {

    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public void biasActivate(ByteBuffer z, ByteBuffer out, int rowFrom, int rowTo, int cols, ByteBuffer bias,
            int biasRowStride, int rowsPerBiasRow, Activation act) {
        for (int r = rowFrom; r < rowTo; r++) {
            int zb = r * cols;
            int bb = (r / rowsPerBiasRow) * biasRowStride;
            for (int j = 0; j < cols; j++) {
                int zi = (zb + j) << 2;
                float v = z.getFloat(zi) + bias.getFloat((bb + j) << 2);
                z.putFloat(zi, v);
                out.putFloat(zi, act.apply(v));
            }
        }
    }

    @Override
    public void activate(ByteBuffer in, ByteBuffer out, int from, int to, Activation act) {
        for (int i = from; i < to; i++) {
            out.putFloat(i << 2, act.apply(in.getFloat(i << 2)));
        }
    }

    @Override
    public void activate(float[] a, int from, int to, Activation act) {
        for (int i = from; i < to; i++) {
            a[i] = act.apply(a[i]);
        }
    }

    @Override
    public void backward(ByteBuffer z, ByteBuffer gradOut, ByteBuffer gradIn, int from, int to, Activation act) {
        for (int i = from; i < to; i++) {
            gradIn.putFloat(i << 2, gradOut.getFloat(i << 2) * act.derivative(z.getFloat(i << 2)));
        }
    }

    @Override
    public void backwardFromOutput(ByteBuffer y, ByteBuffer gradOut, ByteBuffer gradIn, int from, int to,
            Activation act) {
        for (int i = from; i < to; i++) {
            gradIn.putFloat(i << 2, gradOut.getFloat(i << 2) * act.derivativeFromOutput(y.getFloat(i << 2)));
        }
    }

    @Override
    public void siluBackward(ByteBuffer z, ByteBuffer y, ByteBuffer gradOut, ByteBuffer gradIn, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = i << 2;
            gradIn.putFloat(b, siluDerivative(z.getFloat(b), y.getFloat(b)) * gradOut.getFloat(b));
        }
    }

    /** Below this magnitude of {@code z}, {@code sigmoid(z)} is taken as exactly 1/2 (as it is in float32). */
    static final float SILU_TINY = 0x1p-100f;

    /**
     * SiLU's derivative from both sides of the forward pass: with {@code s = sigmoid(z)} recovered as
     * {@code y / z} (1/2 for {@code |z| < SILU_TINY}), {@code silu'(z) = s + z s (1 - s) = s + y (1 - s)}, as
     * {@code fma(y, 1 - s, s)}. {@code y} is {@link #silu}'s own output, so {@code y / z} is within about
     * one ulp of the sigmoid; no exponential is evaluated. NaN in gives NaN out.
     *
     * @param z the pre-activation
     * @param y {@code silu(z)} as the forward pass computed it
     * @return {@code silu'(z)}
     */
    static float siluDerivative(float z, float y) {
        float s = Math.abs(z) < SILU_TINY ? 0.5f : y / z;
        return Math.fma(y, -s + 1f, s);
    }

    // ---- Deterministic float32 math -------------------------------------------------------------------

    static final float LOG2E = 1.44269504f;
    /** High part of ln 2 with 9 trailing zero bits, so that {@code n * LN2_HI} is exact for |n| < 512. */
    static final float LN2_HI = Float.intBitsToFloat(0x3f317200);
    /** {@code ln 2 - LN2_HI} rounded to float. */
    static final float LN2_LO = Float.intBitsToFloat(0x35bfbe8e);
    static final float LN2 = 0.6931472f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer in the low mantissa bits. */
    static final float MAGIC = 12582912f;
    static final int MAGIC_BITS = 0x4b400000;
    /** Taylor coefficients of {@code (e^r - 1 - r) / r^2}: 1/2, 1/6, ..., 1/5040 (truncation below 6e-9). */
    static final float E2 = 0.5f;
    static final float E3 = 1f / 6;
    static final float E4 = 1f / 24;
    static final float E5 = 1f / 120;
    static final float E6 = 1f / 720;
    static final float E7 = 1f / 5040;
    /** Coefficients of {@code atanh(f) / f - 1 = f^2/3 + f^4/5 + ...} in {@code s = f^2}, for |f| <= 0.172. */
    static final float L3 = 1f / 3;
    static final float L5 = 1f / 5;
    static final float L7 = 1f / 7;
    static final float L9 = 1f / 9;
    static final float L11 = 1f / 11;
    static final float SQRT2_M1 = 0.41421357f;

    /** {@code e^r - 1} for {@code |r| <= ln2/2}, with full relative accuracy near 0. */
    private static float expm1Reduced(float r) {
        float p = Math.fma(E7, r, E6);
        p = Math.fma(p, r, E5);
        p = Math.fma(p, r, E4);
        p = Math.fma(p, r, E3);
        p = Math.fma(p, r, E2);
        return Math.fma(r * r, p, r);
    }

    /**
     * Mish with one exponential: with {@code e = exp(min(x, 20))} and {@code n = e (e + 2)},
     * {@code tanh(softplus(x)) = n / (n + 2)} exactly in real arithmetic, so {@code mish(x) = x n / (n + 2)}
     * (past 20, {@code n / (n + 2)} rounds to 1 in float and the clamp keeps {@code e^2} finite).
     *
     * @param x any float
     * @return {@code x tanh(softplus(x))}
     */
    static float mish(float x) {
        float e = exp(x > 20f ? 20f : x);
        float n = e * (e + 2f);
        return x * (n / (n + 2f));
    }

    /**
     * The derivative of {@link #mish}, {@code tanh(sp) + x sech^2(sp) sigmoid(x)} with {@code sp = softplus(x)},
     * written without cancellation: with {@code e}, {@code n} as there and {@code d = 1 / (n + 2)},
     * {@code sech^2(sp) = 4 (1 + e)^2 d^2} and {@code sigmoid(x) = e / (1 + e)}, so the derivative is
     * {@code n d + 4 x e (1 + e) d d}. Past 20 the second term (about {@code 4 x e^-2x}) is below float's
     * resolution of 1, and {@code x} enters it clamped at 20 as {@code e} does, so that it cannot overflow.
     *
     * @param x any float
     * @return {@code mish'(x)}
     */
    static float dMish(float x) {
        float xc = x > 20f ? 20f : x;
        float e = exp(xc);
        float n = e * (e + 2f);
        float d = 1f / (n + 2f);
        return n * d + 4f * xc * e * (e + 1f) * d * d;
    }

    /**
     * @param x any float
     * @return {@code e^x} to 1.02 ulp; 0 below about -103.3, {@code +Infinity} above about 88.72, NaN for NaN
     */
    static float exp(float x) {
        // Compare-and-select clamps (NaN passes, as with Math.max/min): the vector lanes do the same, and on
        // AVX2 a lane-wise max/min with Java's NaN and -0 rules costs several instructions, a select two.
        x = x < -104f ? -104f : x;
        x = x > 89f ? 89f : x;
        float t = Math.fma(x, LOG2E, MAGIC);
        float nf = t - MAGIC;
        int n = Float.floatToRawIntBits(t) - MAGIC_BITS;
        float r = Math.fma(nf, -LN2_HI, x);
        r = Math.fma(nf, -LN2_LO, r);
        float p = expm1Reduced(r) + 1f;
        // 2^n in two factors, each a normal float for n in [-150, 128]; the last multiply rounds once into
        // the subnormal range or overflows to infinity as the exact product would.
        int n1 = n >> 1;
        int n2 = n - n1;
        return p * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((n2 + 127) << 23);
    }

    /**
     * @param x any float
     * @return {@code e^x - 1} to 1.5 ulp (relative, also near 0); -1 below -30; {@code x} is capped at 88
     */
    static float expm1(float x) {
        x = x < -30f ? -30f : x;
        x = x > 88f ? 88f : x;
        float t = Math.fma(x, LOG2E, MAGIC);
        float nf = t - MAGIC;
        int n = Float.floatToRawIntBits(t) - MAGIC_BITS;
        float r = Math.fma(nf, -LN2_HI, x);
        r = Math.fma(nf, -LN2_LO, r);
        float q = expm1Reduced(r);
        float s = Float.intBitsToFloat((n + 127) << 23);
        // e^x - 1 = s (e^r - 1) + (s - 1); s - 1 is exact for n in [-24, 24].
        return Math.fma(s, q, s - 1f);
    }

    /**
     * @param x any float
     * @return {@code tanh(x)} to 2 ulp, as {@code sign(x) e / (e + 2)} with {@code e = expm1(2|x|)}
     */
    static float tanh(float x) {
        float a = Math.abs(x);
        a = a > 10f ? 10f : a; // tanh(10) rounds to 1
        float e = expm1(a + a);
        float t = e / (e + 2f);
        return x < 0f ? -t : t;
    }

    /**
     * @param y in {@code [0, 1]} (other values give inaccurate results)
     * @return {@code log(1 + y)} to 1.9 ulp, with full relative accuracy for small {@code y}
     */
    static float log1pUnit(float y) {
        // log(1 + y) = k ln2 + 2 atanh(f), f = (m - 1) / (m + 1), m = (1 + y) / 2^k in [0.71, 1.42]. The
        // numerator is formed from y directly (y - 1 is exact for y >= 0.41), so 1 + y is never rounded.
        boolean big = y > SQRT2_M1;
        float num = y - (big ? 1f : 0f);
        float den = y + (big ? 3f : 2f);
        float f = num / den;
        float s = f * f;
        float p = Math.fma(L11, s, L9);
        p = Math.fma(p, s, L7);
        p = Math.fma(p, s, L5);
        p = Math.fma(p, s, L3);
        float w = f + f;
        float logm = Math.fma(w * s, p, w);
        return logm + (big ? LN2 : 0f);
    }

    /**
     * Floor of the exponent in {@code 1 / (1 + e^-x)} and {@code x / (1 + e^-x)}: below it {@code e^-x} would
     * be a subnormal float, whose arithmetic costs about 100 cycles on x86 (a layer with large pre-activations
     * ran 2x slower), while {@code 1 + e^-86 == 1} in float32, so the results do not change.
     */
    static final float EXP_FLOOR = -86f;

    /**
     * The logistic's denominator {@code 1 + e^-x}, the shared part of {@link #sigmoid} and {@link #silu}.
     *
     * <p>{@code -x} is clamped into {@code [EXP_FLOOR, 89]}, so {@code e^-x} is {@code p 2^n} with one factor
     * {@code 2^n}, {@code n} in {@code [-124, 128]}: a normal float up to 127 and {@code +Infinity} (the bits
     * {@code 255 << 23}) at 128, i.e. above {@code -x} of about 88.38, where the logistic is below 1e-38. In
     * the normal range the product is exact, so {@code fma(p, 2^n, 1)} rounds once, as {@code exp(-x) + 1}
     * did. One factor instead of {@link #exp}'s two and select clamps instead of max/min: 1.6x faster SiLU
     * lanes (docs/performance.md). NaN in gives NaN.
     *
     * @param x any float
     * @return {@code 1 + e^-x}, {@code +Infinity} for {@code x} below about -88.38
     */
    static float logisticDenominator(float x) {
        float a = -x;
        a = a < EXP_FLOOR ? EXP_FLOOR : a;
        a = a > 89f ? 89f : a;
        float t = Math.fma(a, LOG2E, MAGIC);
        float nf = t - MAGIC;
        float r = Math.fma(nf, -LN2_HI, a);
        r = Math.fma(nf, -LN2_LO, r);
        float p = expm1Reduced(r) + 1f;
        // t's bits are MAGIC_BITS + n; shifted left by 23 the magic's bits leave, and + 127 makes the exponent.
        float scale = Float.intBitsToFloat((Float.floatToRawIntBits(t) + 127) << 23);
        return Math.fma(p, scale, 1f);
    }

    /** @return {@code 1 / (1 + e^-x)}; 0 below about -88.38 */
    static float sigmoid(float x) {
        return 1f / logisticDenominator(x);
    }

    /** @return {@code x / (1 + e^-x)}; -0 below about -88.38 */
    static float silu(float x) {
        return x / logisticDenominator(x);
    }

    /** @return {@code log(1 + e^x) = max(x, 0) + log1p(e^-|x|)}, without overflow */
    static float softplus(float x) {
        return Math.max(x, 0f) + log1pUnit(exp(-Math.abs(x)));
    }

    @Override
    public void exp(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = exp(a[i]);
        }
    }
}
