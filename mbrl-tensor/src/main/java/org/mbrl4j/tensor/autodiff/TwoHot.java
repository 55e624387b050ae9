package org.mbrl4j.tensor.autodiff;

import java.util.Arrays;
import java.util.Objects;
import org.mbrl4j.tensor.Activations;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Two-hot regression: a scalar is predicted as a categorical over fixed bins, trained with the cross-entropy
 * against a "two-hot" target that splits the value linearly between its two neighbouring bins, and read back
 * as the expected bin. DreamerV3 (Hafner et al. 2023, "Mastering Diverse Domains through World Models") and
 * TD-MPC2 (Hansen et al. 2024) predict rewards and values this way. Immutable.
 *
 * <p>The bins live either in raw space ({@link BinSpace#RAW}: values are encoded as they are and the mean is
 * the expected bin) or in symlog space ({@link BinSpace#SYMLOG}: values are encoded as {@code symlog(x)} and
 * the mean is {@code symexp} of the expected bin). Values beyond the end bins put all their weight on the end
 * bin.
 *
 * <pre>{@code
 * TwoHot twoHot = TwoHot.dreamerV3();
 * Var loss = twoHot.loss(rewardLogits, rewards).mean();   // logits [B, 255], rewards [B]
 * Var predicted = twoHot.mean(rewardLogits);              // [B]
 * }</pre>
 */
public final class TwoHot {

    /** Where the bins live, and so how values are encoded and the mean decoded. */
    public enum BinSpace {
        /** Bins in the values' own units: encode {@code x}, decode {@code sum(p * bins)}. */
        RAW,
        /** Bins in symlog space: encode {@code symlog(x)}, decode {@code symexp(sum(p * bins))}. */
        SYMLOG
    }

    private final double[] bins;
    private final BinSpace space;

    private TwoHot(double[] bins, BinSpace space) {
        this.bins = bins;
        this.space = space;
    }

    /**
     * @param bins  at least 2 finite, strictly increasing bin centres (copied)
     * @param space where the bins live
     * @return the two-hot codec over these bins
     * @throws IllegalArgumentException if there are fewer than 2 bins, or they are not finite and increasing
     */
    public static TwoHot of(double[] bins, BinSpace space) {
        Objects.requireNonNull(bins, "bins");
        Objects.requireNonNull(space, "space");
        if (bins.length < 2) {
            throw new IllegalArgumentException("bins must hold at least 2 values: " + bins.length);
        }
        for (int i = 0; i < bins.length; i++) {
            if (!Double.isFinite(bins[i])) {
                throw new IllegalArgumentException("bins[" + i + "] must be finite: " + bins[i]);
            }
            if (i > 0 && !(bins[i] > bins[i - 1])) {
                throw new IllegalArgumentException("bins must be strictly increasing: bins[" + i + "] = " + bins[i]
                        + " <= bins[" + (i - 1) + "] = " + bins[i - 1]);
            }
        }
        return new TwoHot(bins.clone(), space);
    }

    /**
     * The current DreamerV3's bins (github.com/danijar/dreamerv3, embodied/jax/heads.py
     * {@code symexp_twohot}): 255 bins in raw space, {@code symexp} of 128 points evenly spaced on
     * {@code [-20, 0]}, mirrored to an exactly antisymmetric set with {@code bins[127] = 0} and end bins
     * {@code +-(e^20 - 1) = +-4.85e8}. Values are encoded as they are; the mean is the expected bin.
     *
     * @return the codec
     */
    public static TwoHot dreamerV3() {
        int half = 127;
        double[] bins = new double[2 * half + 1];
        for (int i = 0; i <= half; i++) {
            double lin = -20 + 20.0 * i / half; // <= 0
            double b = -Math.expm1(-lin);       // symexp(lin)
            bins[i] = b;
            bins[2 * half - i] = -b;
        }
        bins[half] = 0;
        return new TwoHot(bins, BinSpace.RAW);
    }

    /**
     * DreamerV3 as first released (2023, dreamerv3/jaxutils.py {@code DiscDist}): 255 bins evenly spaced on
     * {@code [-20, 20]} in symlog space; values encoded as {@code symlog(x)}, the mean is {@code symexp} of the
     * expected bin.
     *
     * @return the codec
     */
    public static TwoHot dreamerV3Symlog() {
        return evenlySpaced(255, -20, 20);
    }

    /**
     * TD-MPC2's default (tdmpc2/config.yaml: {@code num_bins 101, vmin -10, vmax 10}).
     *
     * @return {@code tdmpc2(101, -10, 10)}
     */
    public static TwoHot tdmpc2() {
        return tdmpc2(101, -10, 10);
    }

    /**
     * TD-MPC2's two-hot (tdmpc2/common/math.py {@code two_hot}, {@code two_hot_inv}): {@code numBins} bins
     * evenly spaced on {@code [vmin, vmax]} in symlog space; values encoded as {@code symlog(x)} clamped to
     * {@code [vmin, vmax]}, the mean is {@code symexp} of the expected bin.
     *
     * @param numBins the number of bins, {@code >= 2}
     * @param vmin    the lowest bin, in symlog space
     * @param vmax    the highest bin, {@code > vmin}
     * @return the codec
     * @throws IllegalArgumentException if {@code numBins < 2} or the range is empty or not finite
     */
    public static TwoHot tdmpc2(int numBins, double vmin, double vmax) {
        return evenlySpaced(numBins, vmin, vmax);
    }

    private static TwoHot evenlySpaced(int numBins, double vmin, double vmax) {
        if (numBins < 2) {
            throw new IllegalArgumentException("numBins must be >= 2: " + numBins);
        }
        if (!Double.isFinite(vmin) || !Double.isFinite(vmax) || !(vmin < vmax)) {
            throw new IllegalArgumentException("vmin must be < vmax, both finite: vmin " + vmin + ", vmax " + vmax);
        }
        double[] bins = new double[numBins];
        for (int i = 0; i < numBins; i++) {
            bins[i] = vmin + (vmax - vmin) * i / (numBins - 1); // exact 0 at the middle of a symmetric range
        }
        return of(bins, BinSpace.SYMLOG);
    }

    /** @return the number of bins {@code K} */
    public int numBins() {
        return bins.length;
    }

    /** @return a copy of the bin centres, in {@link #space()} */
    public double[] bins() {
        return bins.clone();
    }

    /** @return where the bins live */
    public BinSpace space() {
        return space;
    }

    /**
     * The two-hot targets (no gradient): each value, mapped into bin space, is split between the bins
     * {@code below <= s < above} with weights {@code (above - s) / (above - below)} and the rest (DreamerV3's
     * rule, which TD-MPC2's index arithmetic equals on its evenly spaced bins); a value on a bin, or beyond the
     * end bins, puts weight 1 on that bin.
     *
     * @param values {@code [...]} finite values in raw units, any shape (typically {@code [B]})
     * @return {@code [..., K]}, rows summing to 1, the values' data type (a fresh array)
     * @throws IllegalArgumentException if a value is NaN or infinite
     */
    public INDArray encode(INDArray values) {
        Objects.requireNonNull(values, "values");
        double[] v = HostArrays.toDoubles(values);
        int k = bins.length;
        double[] target = new double[v.length * k];
        for (int r = 0; r < v.length; r++) {
            if (!Double.isFinite(v[r])) {
                throw new IllegalArgumentException("values[" + r + "] must be finite: " + v[r]);
            }
            double s = space == BinSpace.SYMLOG ? Math.signum(v[r]) * Math.log1p(Math.abs(v[r])) : v[r];
            int below = below(s);
            if (below < 0) {
                target[r * k] = 1;
            } else if (below == k - 1) {
                target[r * k + k - 1] = 1;
            } else {
                double toBelow = s - bins[below];
                double toAbove = bins[below + 1] - s;
                double wBelow = toAbove / (toBelow + toAbove);
                target[r * k + below] = wBelow;
                target[r * k + below + 1] = 1 - wBelow;
            }
        }
        long[] shape = Arrays.copyOf(values.shape(), values.rank() + 1);
        shape[values.rank()] = k;
        return HostArrays.array(target, values.dataType(), shape);
    }

    /** @return the last index with {@code bins[i] <= s}, or -1 if {@code s < bins[0]} */
    private int below(double s) {
        int i = Arrays.binarySearch(bins, s);
        return i >= 0 ? i : -i - 2;
    }

    /**
     * The two-hot cross-entropy, {@code -sum(encode(values) * log_softmax(logits), -1)} per value (DreamerV3's
     * {@code TwoHot.loss}, TD-MPC2's {@code soft_ce}). The gradient goes to the logits only.
     *
     * @param logits {@code [..., K]}
     * @param values {@code [...]}, the targets in raw units
     * @return {@code [...]}, one loss per value (the caller averages)
     * @throws IllegalArgumentException if the shapes do not match or a value is not finite
     */
    public Var loss(Var logits, INDArray values) {
        Objects.requireNonNull(values, "values");
        checkLogits("loss", logits);
        long[] expected = Arrays.copyOf(logits.shape(), logits.rank() - 1);
        if (!Arrays.equals(expected, values.shape())) {
            throw new IllegalArgumentException("loss: values " + Arrays.toString(values.shape()) + " do not match logits "
                    + Arrays.toString(logits.shape()) + " (expected values " + Arrays.toString(expected) + ")");
        }
        INDArray target = encode(values);
        return Losses.crossEntropy(logits, Var.constant(target.castTo(logits.dataType())));
    }

    /**
     * The prediction, differentiable in the logits: {@code sum(softmax(logits) * bins, -1)}, then {@code symexp}
     * for {@link BinSpace#SYMLOG} bins. The sum pairs bins from the middle outwards ({@code p[m] b[m] + sum_k
     * (p[m-k] b[m-k] + p[m+k] b[m+k])}), as DreamerV3 does, so that mirrored bins cancel before they meet
     * small terms.
     *
     * @param logits {@code [..., K]}
     * @return {@code [...]}, in raw units
     * @throws IllegalArgumentException if the last axis is not {@code K}
     */
    public Var mean(Var logits) {
        checkLogits("mean", logits);
        if (FloatHost.applies(logits.value())) {
            return meanFloat(logits);
        }
        int k = bins.length;
        double[] l = Ops.host(logits.value());
        int rows = l.length / k;
        double[] p = new double[l.length];
        double[] m = new double[rows];
        for (int r = 0; r < rows; r++) {
            NnOps.softmaxRow(l, p, r * k, k);
            m[r] = expectedBin(p, r * k);
        }
        long[] shape = Arrays.copyOf(logits.shape(), logits.rank() - 1);
        INDArray out = HostArrays.array(m, logits.dataType(), shape);
        Var expected = Tape.record(out, (g, grads) -> {
            double[] gv = Ops.host(g);
            double[] dl = new double[p.length];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < k; i++) {
                    dl[r * k + i] = gv[r] * p[r * k + i] * (bins[i] - m[r]);
                }
            }
            grads.addOwned(0, HostArrays.array(dl, g.dataType(), logits.shape()));
        }, logits);
        return space == BinSpace.SYMLOG ? Ops.symexp(expected) : expected;
    }

    /**
     * {@link #mean} of dense float32 logits as one op: the softmax in float arithmetic with the library's
     * exponential on SIMD lanes ({@link Activations#expInPlace}), the expected bin summed in float64 as
     * {@link #expectedBin} pairs them, and {@code symexp} on the host (its derivative {@code e^|m|} folded into
     * the backward pass).
     */
    private Var meanFloat(Var logits) {
        int k = bins.length;
        float[] p = FloatHost.read(logits.value()); // becomes the probabilities, in place
        int rows = p.length / k;
        double[] m = new double[rows];
        float[] y = new float[rows];
        decode(p, rows, m, y);
        boolean symlog = space == BinSpace.SYMLOG;
        long[] inShape = logits.shape();
        long[] shape = Arrays.copyOf(inShape, inShape.length - 1);
        return Tape.record(FloatHost.pooled(y, shape), (g, grads) -> {
            float[] gv = FloatHost.read(g);
            float[] dl = new float[p.length];
            for (int r = 0; r < rows; r++) {
                double scale = symlog ? gv[r] * Math.exp(Math.abs(m[r])) : gv[r]; // d symexp(m) / dm = e^|m|
                for (int i = 0; i < k; i++) {
                    dl[r * k + i] = (float) (scale * p[r * k + i] * (bins[i] - m[r]));
                }
            }
            grads.addOwned(0, FloatHost.pooled(dl, inShape));
        }, logits);
    }

    /**
     * {@link #mean} of float32 logits held in a Java array, without a tape (for batched inference such as
     * planning): the same float arithmetic as the tape's float32 path, row by row.
     *
     * @param logits row-major {@code [rows, K]}, exactly {@code rows * K} entries; overwritten with the
     *               probabilities
     * @param rows   rows, {@code >= 0}
     * @param out    receives the decoded values in raw units, at least {@code rows} entries
     * @throws IllegalArgumentException if the lengths do not match
     */
    public void mean(float[] logits, int rows, float[] out) {
        Objects.requireNonNull(logits, "mean: logits");
        Objects.requireNonNull(out, "mean: out");
        if (rows < 0 || (long) rows * bins.length != logits.length || out.length < rows) {
            throw new IllegalArgumentException("mean: logits must hold rows x " + bins.length + " = " + rows + " x "
                    + bins.length + " entries and out at least " + rows + ": " + logits.length + ", " + out.length);
        }
        decode(logits, rows, new double[rows], out);
    }

    /** Softmax of each row of {@code p} in place, the expected bin into {@code m}, its value in raw units into {@code y}. */
    private void decode(float[] p, int rows, double[] m, float[] y) {
        int k = bins.length;
        if (rows == 0) {
            return;
        }
        FloatHost.softmaxRows(p, k, null);
        double[] row = new double[k];
        boolean symlog = space == BinSpace.SYMLOG;
        for (int r = 0; r < rows; r++) {
            int o = r * k;
            for (int i = 0; i < k; i++) {
                row[i] = p[o + i];
            }
            m[r] = expectedBin(row, 0);
            y[r] = (float) (symlog ? Math.signum(m[r]) * Math.expm1(Math.abs(m[r])) : m[r]);
        }
    }

    private double expectedBin(double[] p, int o) {
        int k = bins.length;
        int lo = k / 2 - 1;
        int hi = k - 1 - lo;
        double sum = 0;
        if (k % 2 == 1) {
            sum = p[o + k / 2] * bins[k / 2];
            hi = k / 2 + 1;
        }
        for (; lo >= 0; lo--, hi++) {
            sum += p[o + lo] * bins[lo] + p[o + hi] * bins[hi];
        }
        return sum;
    }

    private void checkLogits(String op, Var logits) {
        Objects.requireNonNull(logits, op + ": logits");
        if (logits.rank() < 1 || logits.size(-1) != bins.length) {
            throw new IllegalArgumentException(op + ": logits " + Arrays.toString(logits.shape())
                    + " must have a last axis of " + bins.length + " bins");
        }
    }

    @Override
    public String toString() {
        return "TwoHot[" + bins.length + " bins in " + space + " space, " + bins[0] + " .. " + bins[bins.length - 1] + "]";
    }
}
