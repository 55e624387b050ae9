package org.mbrl4j.tensor.autodiff;

import java.util.Arrays;
import java.util.Objects;
import org.mbrl4j.tensor.Activations;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Differentiable ops over the last axis that neural networks are made of: softmax and log-softmax, LayerNorm,
 * TD-MPC2's SimNorm, gathering one entry per row, and one-hot encoding. Each runs as one host loop over rows
 * (in double precision, rounded once to the input's type) with a fused backward pass.
 */
public final class NnOps {

    private NnOps() {
    }

    /**
     * @param x {@code [..., N]}
     * @return the softmax over the last axis, same shape
     */
    public static Var softmax(Var x) {
        int n = (int) x.size(-1);
        if (FloatHost.applies(x.value())) {
            return mixedSoftmax(x, 0);
        }
        double[] v = Ops.host(x.value());
        double[] y = new double[v.length];
        for (int r = 0; r < v.length / n; r++) {
            softmaxRow(v, y, r * n, n);
        }
        INDArray out = HostArrays.array(y, x.dataType(), x.shape());
        return Tape.record(out, (g, grads) -> {
            double[] gv = Ops.host(g);
            double[] gi = new double[gv.length];
            for (int r = 0; r < gv.length / n; r++) {
                int o = r * n;
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += gv[o + i] * y[o + i];
                }
                for (int i = 0; i < n; i++) {
                    gi[o + i] = y[o + i] * (gv[o + i] - dot);
                }
            }
            grads.addOwned(0, HostArrays.array(gi, g.dataType(), g.shape()));
        }, x);
    }

    /**
     * {@code (1 - unimix) softmax(x) + unimix / N} over the last axis of a dense float32 array as one op
     * (DreamerV3's mixed categorical probabilities; {@code unimix = 0} is the plain softmax), in float
     * arithmetic with {@link Activations#exp}. Backward: {@code dx = (1 - unimix) s (g - sum(g s))} with
     * {@code s = softmax(x)}.
     *
     * @param x      {@code [..., N]}, dense float32
     * @param unimix the uniform share, in [0, 1)
     * @return the probabilities, the same shape
     */
    static Var mixedSoftmax(Var x, double unimix) {
        int n = (int) x.size(-1);
        float[] s = FloatHost.read(x.value());
        FloatHost.softmaxRows(s, n, null);
        float[] y = new float[s.length];
        float keep = (float) (1 - unimix);
        float floor = (float) (unimix / n);
        for (int i = 0; i < s.length; i++) {
            y[i] = unimix == 0 ? s[i] : keep * s[i] + floor;
        }
        long[] shape = x.shape();
        return Tape.record(FloatHost.pooled(y, shape), (g, grads) -> {
            float[] gv = FloatHost.read(g);
            float[] gi = new float[gv.length];
            for (int o = 0; o < gv.length; o += n) {
                float dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += gv[o + i] * s[o + i];
                }
                for (int i = 0; i < n; i++) {
                    gi[o + i] = keep * s[o + i] * (gv[o + i] - dot);
                }
            }
            grads.addOwned(0, FloatHost.pooled(gi, shape));
        }, x);
    }

    /**
     * @param x {@code [..., N]}
     * @return {@code log softmax(x)} over the last axis, computed stably ({@code x - max - log sum exp}), same
     *         shape
     */
    public static Var logSoftmax(Var x) {
        if (FloatHost.applies(x.value())) {
            return logSoftmaxFloat(x);
        }
        int n = (int) x.size(-1);
        double[] v = Ops.host(x.value());
        double[] y = new double[v.length];
        for (int r = 0; r < v.length / n; r++) {
            int o = r * n;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, v[o + i]);
            }
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.exp(v[o + i] - max);
            }
            double lse = max + Math.log(s);
            for (int i = 0; i < n; i++) {
                y[o + i] = v[o + i] - lse;
            }
        }
        INDArray out = HostArrays.array(y, x.dataType(), x.shape());
        return Tape.record(out, (g, grads) -> {
            double[] gv = Ops.host(g);
            double[] gi = new double[gv.length];
            for (int r = 0; r < gv.length / n; r++) {
                int o = r * n;
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += gv[o + i];
                }
                for (int i = 0; i < n; i++) {
                    gi[o + i] = gv[o + i] - Math.exp(y[o + i]) * s;
                }
            }
            grads.addOwned(0, HostArrays.array(gi, g.dataType(), g.shape()));
        }, x);
    }

    /**
     * {@link #logSoftmax} of a dense float32 array as one op in float arithmetic, the exponentials on SIMD lanes
     * ({@link Activations#expInPlace}): {@code y = x - max - log(sum(e^(x - max)))}; backward
     * {@code dx = g - softmax(x) sum(g)}.
     */
    private static Var logSoftmaxFloat(Var x) {
        int n = (int) x.size(-1);
        float[] v = FloatHost.read(x.value());
        float[] p = v.clone(); // becomes the softmax, for the backward pass
        float[] lse = new float[v.length / n];
        FloatHost.softmaxRows(p, n, lse);
        float[] y = new float[v.length];
        for (int r = 0, o = 0; o < v.length; r++, o += n) {
            for (int i = 0; i < n; i++) {
                y[o + i] = v[o + i] - lse[r];
            }
        }
        long[] shape = x.shape();
        return Tape.record(FloatHost.pooled(y, shape), (g, grads) -> {
            float[] gv = FloatHost.read(g);
            float[] gi = new float[gv.length];
            for (int o = 0; o < gv.length; o += n) {
                float s = 0;
                for (int i = 0; i < n; i++) {
                    s += gv[o + i];
                }
                for (int i = 0; i < n; i++) {
                    gi[o + i] = gv[o + i] - p[o + i] * s;
                }
            }
            grads.addOwned(0, FloatHost.pooled(gi, shape));
        }, x);
    }

    /**
     * Layer normalisation over the last axis: {@code (x - mean) / sqrt(var + eps) * gain + bias} with the
     * biased variance, as {@code torch.nn.LayerNorm}.
     *
     * @param x    {@code [..., N]}
     * @param gain {@code [N]}, or null for none (1)
     * @param bias {@code [N]}, or null for none (0)
     * @param eps  added to the variance, {@code > 0} (PyTorch 1e-5, DreamerV3 1e-3)
     * @return the normalised values, same shape as {@code x}
     */
    public static Var layerNorm(Var x, Var gain, Var bias, double eps) {
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("layerNorm: eps must be finite and > 0: " + eps);
        }
        int n = (int) x.size(-1);
        checkVector("layerNorm", "gain", gain, n, x);
        checkVector("layerNorm", "bias", bias, n, x);
        if (x.dataType() == DataType.FLOAT) {
            return layerNormFloat(x, gain, bias, (float) eps, n);
        }
        double[] v = Ops.host(x.value());
        double[] gv = gain == null ? null : Ops.host(gain.value());
        double[] bv = bias == null ? null : Ops.host(bias.value());
        int rows = v.length / n;
        double[] xhat = new double[v.length];
        double[] rstd = new double[rows];
        double[] y = new double[v.length];
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += v[o + i];
            }
            mean /= n;
            double var = 0;
            for (int i = 0; i < n; i++) {
                double d = v[o + i] - mean;
                var += d * d;
            }
            var /= n;
            double rs = 1.0 / Math.sqrt(var + eps);
            rstd[r] = rs;
            for (int i = 0; i < n; i++) {
                double h = (v[o + i] - mean) * rs;
                xhat[o + i] = h;
                y[o + i] = h * (gv == null ? 1 : gv[i]) + (bv == null ? 0 : bv[i]);
            }
        }
        INDArray out = HostArrays.array(y, x.dataType(), x.shape());
        return Tape.record(out, (g, grads) -> {
            double[] go = Ops.host(g);
            double[] dgain = new double[n];
            double[] dbias = new double[n];
            double[] dx = new double[go.length];
            for (int r = 0; r < rows; r++) {
                int o = r * n;
                double sumG = 0;
                double sumGh = 0;
                for (int i = 0; i < n; i++) {
                    double gh = go[o + i] * (gv == null ? 1 : gv[i]); // d L / d xhat
                    sumG += gh;
                    sumGh += gh * xhat[o + i];
                    dgain[i] += go[o + i] * xhat[o + i];
                    dbias[i] += go[o + i];
                }
                double rs = rstd[r];
                for (int i = 0; i < n; i++) {
                    double gh = go[o + i] * (gv == null ? 1 : gv[i]);
                    dx[o + i] = rs * (gh - sumG / n - xhat[o + i] * sumGh / n);
                }
            }
            addNormGradients(grads, gain, bias, HostArrays.array(dx, g.dataType(), g.shape()),
                    HostArrays.array(dgain, g.dataType(), n), HostArrays.array(dbias, g.dataType(), n));
        }, inputs(x, gain, bias));
    }

    /**
     * Layer normalisation over the channels of each position of a channels-first array: for every
     * {@code (n, position)}, the {@code C} values {@code x[n, :, position]} are normalised as {@link #layerNorm}
     * normalises a row, then scaled by {@code gain[c]} and shifted by {@code bias[c]}. The same as moving the
     * channels last, {@link #layerNorm} and moving them back (DreamerV3's channel LayerNorm after each
     * convolution), without the two copies.
     *
     * @param x    {@code [N, C, ...]} (e.g. {@code [N, C, H, W]}), rank at least 2
     * @param gain {@code [C]}, or null for none (1)
     * @param bias {@code [C]}, or null for none (0)
     * @param eps  added to the variance, {@code > 0}
     * @return the normalised values, same shape as {@code x}
     * @throws IllegalArgumentException if {@code x} has rank below 2, {@code eps} is not finite and positive, or
     *     {@code gain} or {@code bias} is not a {@code [C]} vector of {@code x}'s type
     */
    public static Var channelLayerNorm(Var x, Var gain, Var bias, double eps) {
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("channelLayerNorm: eps must be finite and > 0: " + eps);
        }
        if (x.rank() < 2) {
            throw new IllegalArgumentException("channelLayerNorm: x " + Shapes.str(x.shape())
                    + " must have rank >= 2, [N, C, ...]");
        }
        int c = (int) x.size(1);
        checkChannels("channelLayerNorm", "gain", gain, c, x);
        checkChannels("channelLayerNorm", "bias", bias, c, x);
        int batch = (int) x.size(0);
        long[] shape = x.shape();
        int positions = (int) Shapes.count(Arrays.copyOfRange(shape, 2, shape.length));
        return x.dataType() == DataType.FLOAT
                ? channelLayerNormFloat(x, gain, bias, (float) eps, batch, c, positions)
                : channelLayerNormDouble(x, gain, bias, eps, batch, c, positions);
    }

    /** {@link #channelLayerNorm} in float32; inner loops run along the contiguous positions. */
    private static Var channelLayerNormFloat(Var x, Var gain, Var bias, float eps, int batch, int c, int positions) {
        float[] v = HostArrays.toFloats(x.value());
        float[] gv = gain == null ? null : HostArrays.toFloats(gain.value());
        float[] bv = bias == null ? null : HostArrays.toFloats(bias.value());
        float[] xhat = new float[v.length];
        float[] y = new float[v.length];
        float[] rstd = new float[batch * positions];
        float[] mean = new float[positions];
        float[] var = new float[positions];
        float inv = 1f / c;
        for (int n = 0; n < batch; n++) {
            int base = n * c * positions;
            Arrays.fill(mean, 0f);
            Arrays.fill(var, 0f);
            for (int ch = 0; ch < c; ch++) {
                int o = base + ch * positions;
                for (int p = 0; p < positions; p++) {
                    mean[p] += v[o + p];
                }
            }
            for (int p = 0; p < positions; p++) {
                mean[p] *= inv;
            }
            for (int ch = 0; ch < c; ch++) {
                int o = base + ch * positions;
                for (int p = 0; p < positions; p++) {
                    float d = v[o + p] - mean[p];
                    var[p] += d * d;
                }
            }
            int r = n * positions;
            for (int p = 0; p < positions; p++) {
                rstd[r + p] = (float) (1.0 / Math.sqrt(var[p] * inv + eps));
            }
            for (int ch = 0; ch < c; ch++) {
                int o = base + ch * positions;
                float g = gv == null ? 1f : gv[ch];
                float b = bv == null ? 0f : bv[ch];
                for (int p = 0; p < positions; p++) {
                    float h = (v[o + p] - mean[p]) * rstd[r + p];
                    xhat[o + p] = h;
                    y[o + p] = h * g + b;
                }
            }
        }
        return Tape.record(pooled(y, x.shape()), (g, grads) -> {
            float[] go = HostArrays.toFloats(g);
            float[] dx = new float[go.length];
            float[] dgain = new float[c];
            float[] dbias = new float[c];
            float[] sumG = new float[positions];
            float[] sumGh = new float[positions];
            for (int n = 0; n < batch; n++) {
                int base = n * c * positions;
                Arrays.fill(sumG, 0f);
                Arrays.fill(sumGh, 0f);
                for (int ch = 0; ch < c; ch++) {
                    int o = base + ch * positions;
                    float gc = gv == null ? 1f : gv[ch];
                    float dg = 0f;
                    float db = 0f;
                    for (int p = 0; p < positions; p++) {
                        float up = go[o + p];
                        float h = xhat[o + p];
                        float gh = up * gc; // d L / d xhat
                        sumG[p] += gh;
                        sumGh[p] += gh * h;
                        dg += up * h;
                        db += up;
                    }
                    dgain[ch] += dg;
                    dbias[ch] += db;
                }
                int r = n * positions;
                for (int ch = 0; ch < c; ch++) {
                    int o = base + ch * positions;
                    float gc = gv == null ? 1f : gv[ch];
                    for (int p = 0; p < positions; p++) {
                        dx[o + p] = rstd[r + p] * (go[o + p] * gc - (sumG[p] + xhat[o + p] * sumGh[p]) * inv);
                    }
                }
            }
            addNormGradients(grads, gain, bias, pooled(dx, g.shape()), pooled(dgain, new long[] {c}),
                    pooled(dbias, new long[] {c}));
        }, inputs(x, gain, bias));
    }

    /** {@link #channelLayerNorm} in float64 (and any type other than float32, computed in float64). */
    private static Var channelLayerNormDouble(Var x, Var gain, Var bias, double eps, int batch, int c,
            int positions) {
        double[] v = Ops.host(x.value());
        double[] gv = gain == null ? null : Ops.host(gain.value());
        double[] bv = bias == null ? null : Ops.host(bias.value());
        double[] xhat = new double[v.length];
        double[] y = new double[v.length];
        double[] rstd = new double[batch * positions];
        for (int n = 0; n < batch; n++) {
            int base = n * c * positions;
            for (int p = 0; p < positions; p++) {
                double mean = 0;
                for (int ch = 0; ch < c; ch++) {
                    mean += v[base + ch * positions + p];
                }
                mean /= c;
                double var = 0;
                for (int ch = 0; ch < c; ch++) {
                    double d = v[base + ch * positions + p] - mean;
                    var += d * d;
                }
                double rs = 1.0 / Math.sqrt(var / c + eps);
                rstd[n * positions + p] = rs;
                for (int ch = 0; ch < c; ch++) {
                    int i = base + ch * positions + p;
                    xhat[i] = (v[i] - mean) * rs;
                    y[i] = xhat[i] * (gv == null ? 1 : gv[ch]) + (bv == null ? 0 : bv[ch]);
                }
            }
        }
        return Tape.record(HostArrays.array(y, x.dataType(), x.shape()), (g, grads) -> {
            double[] go = Ops.host(g);
            double[] dx = new double[go.length];
            double[] dgain = new double[c];
            double[] dbias = new double[c];
            for (int n = 0; n < batch; n++) {
                int base = n * c * positions;
                for (int p = 0; p < positions; p++) {
                    double sumG = 0;
                    double sumGh = 0;
                    for (int ch = 0; ch < c; ch++) {
                        int i = base + ch * positions + p;
                        double gh = go[i] * (gv == null ? 1 : gv[ch]);
                        sumG += gh;
                        sumGh += gh * xhat[i];
                        dgain[ch] += go[i] * xhat[i];
                        dbias[ch] += go[i];
                    }
                    double rs = rstd[n * positions + p];
                    for (int ch = 0; ch < c; ch++) {
                        int i = base + ch * positions + p;
                        double gh = go[i] * (gv == null ? 1 : gv[ch]);
                        dx[i] = rs * (gh - sumG / c - xhat[i] * sumGh / c);
                    }
                }
            }
            addNormGradients(grads, gain, bias, HostArrays.array(dx, g.dataType(), g.shape()),
                    HostArrays.array(dgain, g.dataType(), c), HostArrays.array(dbias, g.dataType(), c));
        }, inputs(x, gain, bias));
    }

    /** {@link #layerNorm} in float32 on {@link FloatRows}' SIMD row kernels. */
    private static Var layerNormFloat(Var x, Var gain, Var bias, float eps, int n) {
        float[] v = HostArrays.toFloats(x.value());
        float[] gv = gain == null ? null : HostArrays.toFloats(gain.value());
        float[] bv = bias == null ? null : HostArrays.toFloats(bias.value());
        int rows = v.length / n;
        float[] xhat = new float[v.length];
        float[] rstd = new float[rows];
        float[] y = new float[v.length];
        for (int r = 0; r < rows; r++) {
            rstd[r] = FloatRows.layerNormRow(v, r * n, n, eps, gv, bv, xhat, y);
        }
        Var[] inputs = inputs(x, gain, bias);
        return Tape.record(pooled(y, x.shape()), (g, grads) -> {
            float[] go = HostArrays.toFloats(g);
            float[] dgain = new float[n];
            float[] dbias = new float[n];
            float[] dx = new float[go.length];
            for (int r = 0; r < rows; r++) {
                FloatRows.layerNormBackwardRow(go, xhat, r * n, n, rstd[r], gv, dx, dgain, dbias);
            }
            addNormGradients(grads, gain, bias, pooled(dx, g.shape()), pooled(dgain, new long[] {n}),
                    pooled(dbias, new long[] {n}));
        }, inputs);
    }

    /** @return {@code values} in an array from the tape's pool (a fresh one off the CPU backend) */
    private static INDArray pooled(float[] values, long[] shape) {
        if (!HostArrays.cpuBackend()) {
            return HostArrays.array(values, shape);
        }
        INDArray out = ArrayPool.take(DataType.FLOAT, shape);
        HostArrays.floats(out).put(values);
        return out;
    }

    /** The tape inputs of a normalisation: {@code x}, then whichever of gain and bias are given. */
    private static Var[] inputs(Var x, Var gain, Var bias) {
        return gain == null && bias == null ? new Var[] {x}
                : gain == null ? new Var[] {x, bias} : bias == null ? new Var[] {x, gain} : new Var[] {x, gain, bias};
    }

    /** Hands the gradients of a normalisation to the inputs laid out by {@link #inputs}. */
    private static void addNormGradients(Tape.Grads grads, Var gain, Var bias, INDArray dx, INDArray dgain,
            INDArray dbias) {
        int gainIndex = gain == null ? -1 : 1;
        int biasIndex = bias == null ? -1 : gain == null ? 1 : 2;
        if (grads.needs(0)) {
            grads.addOwned(0, dx);
        }
        if (gainIndex > 0 && grads.needs(gainIndex)) {
            grads.addOwned(gainIndex, dgain);
        }
        if (biasIndex > 0 && grads.needs(biasIndex)) {
            grads.addOwned(biasIndex, dbias);
        }
    }

    /**
     * TD-MPC2's simplicial normalisation: the last axis split into groups of {@code group} entries, a softmax
     * over each group.
     *
     * @param x     {@code [..., N]} with {@code N} a multiple of {@code group}
     * @param group the group size (TD-MPC2: 8)
     * @return the normalised values, same shape
     */
    public static Var simNorm(Var x, int group) {
        long n = x.size(-1);
        if (group <= 0 || n % group != 0) {
            throw new IllegalArgumentException("simNorm: the last axis " + n + " of " + Shapes.str(x.shape())
                    + " is not a multiple of group " + group);
        }
        long[] shape = x.shape();
        return softmax(x.reshape(Shapes.count(shape) / group, group)).reshape(shape);
    }

    /**
     * Picks one entry per row: {@code out[r] = x[r, index[r]]}.
     *
     * @param x     {@code [..., N]}, {@code R} rows
     * @param index {@code R} indices in {@code [0, N)}
     * @return {@code [...]} (the last axis removed)
     */
    public static Var gather(Var x, int[] index) {
        Objects.requireNonNull(index, "index");
        int n = (int) x.size(-1);
        long[] shape = x.shape();
        int rows = (int) (Shapes.count(shape) / n);
        if (index.length != rows) {
            throw new IllegalArgumentException("gather: " + index.length + " indices for " + rows + " rows of "
                    + Shapes.str(shape));
        }
        for (int r = 0; r < rows; r++) {
            if (index[r] < 0 || index[r] >= n) {
                throw new IllegalArgumentException("gather: index[" + r + "] = " + index[r] + " is outside [0, " + n + ")");
            }
        }
        double[] v = Ops.host(x.value());
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = v[r * n + index[r]];
        }
        long[] outShape = java.util.Arrays.copyOf(shape, shape.length - 1);
        INDArray out = HostArrays.array(y, x.dataType(), outShape);
        int[] idx = index.clone();
        return Tape.record(out, (g, grads) -> {
            double[] gv = Ops.host(g);
            double[] gi = new double[rows * n];
            for (int r = 0; r < rows; r++) {
                gi[r * n + idx[r]] = gv[r];
            }
            grads.addOwned(0, HostArrays.array(gi, g.dataType(), shape));
        }, x);
    }

    /**
     * @param index  {@code R} class indices in {@code [0, n)}
     * @param n      the number of classes
     * @param type   the data type of the result
     * @param shape  the leading shape, whose product is {@code R}
     * @return {@code [...shape, n]} one-hot rows (a constant)
     */
    public static Var oneHot(int[] index, int n, DataType type, long... shape) {
        if (Shapes.count(shape) != index.length) {
            throw new IllegalArgumentException("oneHot: " + index.length + " indices for shape "
                    + java.util.Arrays.toString(shape));
        }
        double[] y = new double[index.length * n];
        for (int r = 0; r < index.length; r++) {
            if (index[r] < 0 || index[r] >= n) {
                throw new IllegalArgumentException("oneHot: index[" + r + "] = " + index[r] + " is outside [0, " + n + ")");
            }
            y[r * n + index[r]] = 1;
        }
        long[] full = java.util.Arrays.copyOf(shape, shape.length + 1);
        full[shape.length] = n;
        return Var.constant(HostArrays.array(y, type, full));
    }

    static void softmaxRow(double[] v, double[] y, int o, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, v[o + i]);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            double e = Math.exp(v[o + i] - max);
            y[o + i] = e;
            s += e;
        }
        for (int i = 0; i < n; i++) {
            y[o + i] /= s;
        }
    }

    private static void checkVector(String op, String name, Var p, int n, Var x) {
        checkVector(op, name, p, n, x, "the last axis");
    }

    private static void checkChannels(String op, String name, Var p, int c, Var x) {
        checkVector(op, name, p, c, x, "the channels (axis 1)");
    }

    /** Checks that {@code p}, when given, is an {@code [n]} vector of {@code x}'s type matching {@code axis}. */
    private static void checkVector(String op, String name, Var p, int n, Var x, String axis) {
        if (p != null && (p.rank() != 1 || p.size(0) != n)) {
            throw new IllegalArgumentException(op + ": " + name + " " + Shapes.str(p.shape()) + " does not match "
                    + axis + " of " + Shapes.str(x.shape()) + " (expected [" + n + "])");
        }
        if (p != null) {
            Shapes.sameType(op, x, p);
        }
    }
}
