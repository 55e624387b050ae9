package org.mbrl4j.algorithms.muzero;

/**
 * MuZero's categorical representation of values and rewards (Schrittwieser et al. 2020, appendix F; Pohlen et
 * al. 2018 for the transform): a scalar {@code x} is squashed by
 * <pre>
 *   h(x) = sign(x) (sqrt(|x| + 1) - 1) + eps x,   eps = 0.001
 * </pre>
 * clipped to {@code [-S, S]} and spread over the two neighbouring integers of the support {@code -S..S}
 * ({@code 2S + 1} bins); a prediction is decoded as {@code h^-1} of the expected support value under the softmax
 * of its logits. Immutable.
 */
public final class ValueSupport {

    /** The {@code eps} of {@code h}. */
    public static final double EPS = 0.001;

    private final int size;

    private ValueSupport(int size) {
        this.size = size;
    }

    /**
     * @param supportSize {@code S}, {@code >= 1}
     * @return the support {@code -S..S}
     * @throws IllegalArgumentException if {@code supportSize < 1}
     */
    public static ValueSupport of(int supportSize) {
        if (supportSize < 1) {
            throw new IllegalArgumentException("supportSize must be >= 1: " + supportSize);
        }
        return new ValueSupport(supportSize);
    }

    /** @return {@code S} */
    public int supportSize() {
        return size;
    }

    /** @return the number of bins, {@code 2S + 1} */
    public int bins() {
        return 2 * size + 1;
    }

    /**
     * @param x a finite value
     * @return {@code h(x)}
     * @throws IllegalArgumentException if {@code x} is not finite
     */
    public static double h(double x) {
        finite("x", x);
        return Math.signum(x) * (Math.sqrt(Math.abs(x) + 1) - 1) + EPS * x;
    }

    /**
     * @param y a finite transformed value
     * @return {@code h^-1(y)}: {@code sign(y) (((sqrt(1 + 4 eps (|y| + 1 + eps)) - 1) / (2 eps))^2 - 1)}
     * @throws IllegalArgumentException if {@code y} is not finite
     */
    public static double hInverse(double y) {
        finite("y", y);
        double r = (Math.sqrt(1 + 4 * EPS * (Math.abs(y) + 1 + EPS)) - 1) / (2 * EPS);
        return Math.signum(y) * (r * r - 1);
    }

    /**
     * Writes the two-hot encoding of {@code h(x)} (clipped to {@code [-S, S]}) into a row of {@code out}.
     *
     * @param x      a finite value
     * @param out    the destination, at least {@code offset + 2S + 1} long; the row is overwritten
     * @param offset where the row starts
     * @throws IllegalArgumentException if {@code x} is not finite
     */
    public void encode(double x, float[] out, int offset) {
        double y = Math.max(-size, Math.min(size, h(x)));
        java.util.Arrays.fill(out, offset, offset + bins(), 0f);
        double floor = Math.floor(y);
        double upper = y - floor;
        int lo = (int) floor + size;
        out[offset + lo] = (float) (1 - upper);
        if (upper > 0) {
            out[offset + lo + 1] = (float) upper;
        }
    }

    /**
     * @param x a finite value
     * @return its two-hot encoding, {@code [2S + 1]}, fresh
     * @throws IllegalArgumentException if {@code x} is not finite
     */
    public float[] encode(double x) {
        float[] out = new float[bins()];
        encode(x, out, 0);
        return out;
    }

    /**
     * Decodes a row of logits: {@code h^-1(sum_i softmax(logits)_i (i - S))}.
     *
     * @param logits {@code 2S + 1} logits starting at {@code offset}, finite
     * @param offset where the row starts
     * @return the scalar value
     * @throws IllegalArgumentException if a logit is not finite
     */
    public double decodeLogits(float[] logits, int offset) {
        int n = bins();
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float l = logits[offset + i];
            if (!Float.isFinite(l)) {
                throw new IllegalArgumentException("logits must be finite: " + l + " at " + i);
            }
            max = Math.max(max, l);
        }
        double sum = 0;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            double e = Math.exp(logits[offset + i] - max);
            sum += e;
            mean += e * (i - size);
        }
        return hInverse(mean / sum);
    }

    /**
     * Decodes probabilities: {@code h^-1(sum_i p_i (i - S))}.
     *
     * @param probs {@code [2S + 1]} probabilities
     * @return the scalar value
     * @throws IllegalArgumentException if the length is not {@code 2S + 1}
     */
    public double decodeProbs(float[] probs) {
        if (probs.length != bins()) {
            throw new IllegalArgumentException("probs must hold " + bins() + " entries: " + probs.length);
        }
        double mean = 0;
        for (int i = 0; i < probs.length; i++) {
            mean += probs[i] * (i - size);
        }
        return hInverse(mean);
    }

    private static void finite(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite: " + v);
        }
    }
}
