package org.mbrl4j.core.random;

import java.util.random.RandomGenerator;

/**
 * The SplitMix64 generator (Steele, Lea and Flood 2014) with a state that can be read and restored, so a
 * checkpoint can hold exactly where a stream stands.
 *
 * <p>It draws the same numbers as {@code new java.util.SplittableRandom(seed)}: the state advances by the
 * golden-ratio gamma, {@link #nextLong()} and {@link #nextInt()} apply the same finalisers, and every other
 * method ({@code nextDouble}, {@code nextGaussian}, bounded draws) is {@link RandomGenerator}'s default built
 * on those two, as in {@code SplittableRandom}. {@code SplittableRandom} hides its state; this class exposes
 * it as one {@code long}.
 *
 * <pre>{@code
 * SplitMix64 rng = RandomStreams.of(42).child("noise").generator();
 * long saved = rng.state();
 * double a = rng.nextGaussian();
 * rng.restore(saved);
 * double b = rng.nextGaussian(); // a == b
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class SplitMix64 implements RandomGenerator {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    private SplitMix64(long state) {
        this.state = state;
    }

    /**
     * @param seed any long; the same seed as {@code new SplittableRandom(seed)} gives the same draws
     * @return a new generator
     */
    public static SplitMix64 of(long seed) {
        return new SplitMix64(seed);
    }

    /**
     * @return the whole state of the generator: {@link #restore} with this value makes it repeat the draws
     *     that follow now
     */
    public long state() {
        return state;
    }

    /**
     * Puts the generator back to a state read earlier with {@link #state()} (of this or another instance).
     *
     * @param savedState a value of {@link #state()}; every long is a valid state
     */
    public void restore(long savedState) {
        this.state = savedState;
    }

    @Override
    public long nextLong() {
        return RandomStreams.mix64(state += GOLDEN_GAMMA);
    }

    @Override
    public int nextInt() {
        long z = state += GOLDEN_GAMMA;
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }

    @Override
    public String toString() {
        return "SplitMix64(state=" + state + ")";
    }
}
