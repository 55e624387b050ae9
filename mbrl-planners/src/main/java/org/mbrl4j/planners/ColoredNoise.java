package org.mbrl4j.planners;

import java.util.random.RandomGenerator;

/**
 * Gaussian noise with power spectral density {@code 1 / f^beta} along one axis (Timmer and Koenig 1995,
 * "On generating power law noise"), as used by iCEM (Pinneri et al. 2020) through the {@code colorednoise}
 * package: random complex amplitudes scaled by {@code f^(-beta/2)} (frequencies below {@code 1/n} clamped
 * to {@code 1/n}), transformed back with an inverse real DFT, and divided by the theoretical standard
 * deviation so that every sample has unit variance. {@code beta = 0} is white noise, 1 pink, 2 red.
 *
 * <p>The transform is a direct {@code O(n^2)} sum: planning horizons are tens of steps.
 */
public final class ColoredNoise {

    private final int n;
    private final double beta;
    private final double[] scale;
    private final double sigma;
    private final double[][] cos;
    private final double[][] sin;

    /**
     * @param n samples per series (the horizon), {@code >= 1}
     * @param beta the exponent, {@code >= 0}, finite
     * @throws IllegalArgumentException if an argument is out of range
     */
    public ColoredNoise(int n, double beta) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1: " + n);
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be >= 0 and finite: " + beta);
        }
        this.n = n;
        this.beta = beta;
        int k = n / 2 + 1;
        scale = new double[k];
        double fmin = 1.0 / n;
        for (int i = 0; i < k; i++) {
            double f = Math.max((double) i / n, fmin);
            scale[i] = Math.pow(f, -beta / 2);
        }
        double sum = 0;
        for (int i = 1; i < k; i++) {
            double w = scale[i];
            if (i == k - 1) {
                w *= (1 + (n % 2)) / 2.0;
            }
            sum += w * w;
        }
        sigma = n == 1 ? 1 : 2 * Math.sqrt(sum) / n;
        cos = new double[k][n];
        sin = new double[k][n];
        for (int i = 0; i < k; i++) {
            for (int t = 0; t < n; t++) {
                double ang = 2 * Math.PI * i * t / n;
                cos[i][t] = Math.cos(ang);
                sin[i][t] = Math.sin(ang);
            }
        }
    }

    /** @return the exponent beta */
    public double beta() {
        return beta;
    }

    /**
     * Fills one series.
     *
     * @param rng the generator
     * @param out receives {@code n} samples at {@code out[offset + t * stride]}
     * @param offset index of the first sample
     * @param stride distance between consecutive samples
     */
    public void sample(RandomGenerator rng, float[] out, int offset, int stride) {
        if (n == 1) {
            out[offset] = (float) rng.nextGaussian();
            return;
        }
        int k = n / 2 + 1;
        double[] re = new double[k];
        double[] im = new double[k];
        for (int i = 0; i < k; i++) {
            re[i] = rng.nextGaussian() * scale[i];
            im[i] = rng.nextGaussian() * scale[i];
        }
        im[0] = 0;
        re[0] *= Math.sqrt(2);
        boolean even = n % 2 == 0;
        if (even) {
            im[k - 1] = 0;
            re[k - 1] *= Math.sqrt(2);
        }
        for (int t = 0; t < n; t++) {
            double y = re[0];
            for (int i = 1; i < k; i++) {
                double term = re[i] * cos[i][t] - im[i] * sin[i][t];
                y += (even && i == k - 1) ? term : 2 * term;
            }
            out[offset + t * stride] = (float) (y / n / sigma);
        }
    }
}
