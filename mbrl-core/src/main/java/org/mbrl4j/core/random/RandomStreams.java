package org.mbrl4j.core.random;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A tree of reproducible random streams grown from one seed.
 *
 * <p>Each node has a 64-bit seed; {@link #child(String)} and {@link #child(long)} derive a node for a
 * named component or an index (ensemble member, episode, worker) by hashing the parent's seed with the key
 * through SplitMix64's finaliser. Derivation depends only on the path of keys, never on how many draws
 * were made before, so adding a component does not shift the streams of the others:
 *
 * <pre>{@code
 * RandomStreams root = RandomStreams.of(42);
 * SplittableRandom envRng = root.child("env").javaRandom();
 * org.nd4j.linalg.api.rng.Random member3 = root.child("ensemble").child(3).nd4jRandom();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the generators it hands out are fresh, not shared. A node's whole state is its
 * {@link #seed()}: {@code RandomStreams.of(node.seed())} is the same node. Generators that a checkpoint must
 * resume come from {@link #generator()}, whose position can be saved and restored.
 */
public final class RandomStreams {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final long seed;

    private RandomStreams(long seed) {
        this.seed = seed;
    }

    /**
     * @param seed the root seed
     * @return the root of the tree
     */
    public static RandomStreams of(long seed) {
        return new RandomStreams(seed);
    }

    /** @return this node's seed */
    public long seed() {
        return seed;
    }

    /**
     * @param index an index such as a member, episode or worker number
     * @return the child stream for that index
     */
    public RandomStreams child(long index) {
        return new RandomStreams(mix64(seed ^ mix64(index + GOLDEN_GAMMA)));
    }

    /**
     * @param name a component name such as {@code "env"} or {@code "ensemble"}
     * @return the child stream for that name
     */
    public RandomStreams child(String name) {
        long h = 0xcbf29ce484222325L; // FNV-1a over UTF-8, then mixed
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return new RandomStreams(mix64(seed ^ mix64(h)));
    }

    /** @return a fresh Java generator seeded from this node */
    public SplittableRandom javaRandom() {
        return new SplittableRandom(seed);
    }

    /**
     * A fresh generator seeded from this node whose state can be saved and restored ({@link SplitMix64#state()},
     * {@link SplitMix64#restore}); it draws exactly what {@link #javaRandom()} draws.
     *
     * @return a new generator
     */
    public SplitMix64 generator() {
        return SplitMix64.of(seed);
    }

    /**
     * A fresh ND4J generator seeded from this node, for {@code Nd4j.rand(rng, shape)} and friends. Needs an
     * ND4J backend on the class path at run time.
     *
     * @return a new generator instance (close it when done with it to free native memory early)
     */
    public org.nd4j.linalg.api.rng.Random nd4jRandom() {
        return Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    /** SplitMix64's finaliser (Steele, Lea and Flood 2014): a bijection with good avalanche. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "RandomStreams(seed=" + seed + ")";
    }
}
