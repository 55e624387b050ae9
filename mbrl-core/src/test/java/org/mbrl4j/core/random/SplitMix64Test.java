package org.mbrl4j.core.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitMix64Test {

    @Test
    void drawsExactlyWhatSplittableRandomDrawsForEveryKindOfDraw() {
        for (long seed : new long[] {0, 1, -7, 42, Long.MAX_VALUE}) {
            SplittableRandom ref = new SplittableRandom(seed);
            SplitMix64 rng = SplitMix64.of(seed);
            for (int i = 0; i < 2000; i++) {
                assertEquals(ref.nextLong(), rng.nextLong());
                assertEquals(ref.nextInt(), rng.nextInt());
                assertEquals(ref.nextInt(17), rng.nextInt(17));
                assertEquals(ref.nextInt(-3, 1000), rng.nextInt(-3, 1000));
                assertEquals(ref.nextLong(1L << 40), rng.nextLong(1L << 40));
                assertEquals(Double.doubleToRawLongBits(ref.nextDouble()), Double.doubleToRawLongBits(rng.nextDouble()));
                assertEquals(Double.doubleToRawLongBits(ref.nextDouble(-2, 3)),
                        Double.doubleToRawLongBits(rng.nextDouble(-2, 3)));
                assertEquals(Double.doubleToRawLongBits(ref.nextGaussian()),
                        Double.doubleToRawLongBits(rng.nextGaussian()));
                assertEquals(Float.floatToRawIntBits(ref.nextFloat()), Float.floatToRawIntBits(rng.nextFloat()));
                assertEquals(ref.nextBoolean(), rng.nextBoolean());
            }
        }
    }

    @Test
    void restoringASavedStateRepeatsTheDrawsThatFollowed() {
        SplitMix64 rng = RandomStreams.of(3).child("noise").generator();
        for (int i = 0; i < 10; i++) {
            rng.nextGaussian();
        }
        long saved = rng.state();
        double[] first = new double[50];
        for (int i = 0; i < first.length; i++) {
            first[i] = rng.nextGaussian() + rng.nextInt(9);
        }
        SplitMix64 other = SplitMix64.of(999);
        other.restore(saved);
        for (double v : first) {
            assertEquals(v, other.nextGaussian() + other.nextInt(9));
        }
    }

    @Test
    void aStreamNodesGeneratorMatchesItsJavaRandom() {
        RandomStreams node = RandomStreams.of(11).child("env").child(4);
        SplittableRandom ref = node.javaRandom();
        SplitMix64 rng = node.generator();
        for (int i = 0; i < 100; i++) {
            assertEquals(ref.nextLong(), rng.nextLong());
        }
        assertEquals(node.seed(), RandomStreams.of(node.seed()).seed());
    }
}
