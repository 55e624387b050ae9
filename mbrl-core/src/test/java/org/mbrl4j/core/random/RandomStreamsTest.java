package org.mbrl4j.core.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

class RandomStreamsTest {

    @Test
    void samePathGivesSameStream() {
        RandomStreams a = RandomStreams.of(42).child("ensemble").child(3);
        RandomStreams b = RandomStreams.of(42).child("ensemble").child(3);
        assertEquals(a.seed(), b.seed());
        SplittableRandom ra = a.javaRandom();
        SplittableRandom rb = b.javaRandom();
        for (int i = 0; i < 10; i++) {
            assertEquals(ra.nextLong(), rb.nextLong());
        }
    }

    @Test
    void differentNamesIndicesAndRootsGiveDifferentStreams() {
        RandomStreams root = RandomStreams.of(42);
        Set<Long> seeds = new HashSet<>();
        seeds.add(root.seed());
        seeds.add(root.child("env").seed());
        seeds.add(root.child("agent").seed());
        seeds.add(root.child("ensemble").seed());
        for (int i = 0; i < 100; i++) {
            seeds.add(root.child(i).seed());
            seeds.add(root.child("ensemble").child(i).seed());
        }
        seeds.add(RandomStreams.of(43).child("env").seed());
        assertEquals(205, seeds.size(), "every path has its own seed");
        assertNotEquals(root.child("env").javaRandom().nextLong(), root.child("agent").javaRandom().nextLong());
        assertNotEquals(root.child("a").child("b").seed(), root.child("b").child("a").seed(), "order matters");
    }

    @Test
    void childDoesNotDependOnDrawsMadeBefore() {
        RandomStreams root = RandomStreams.of(7);
        long before = root.child("model").javaRandom().nextLong();
        SplittableRandom env = root.child("env").javaRandom();
        for (int i = 0; i < 1000; i++) {
            env.nextLong();
        }
        root.child("agent").nd4jRandom().nextDouble();
        assertEquals(before, root.child("model").javaRandom().nextLong());
    }

    @Test
    void nd4jRandomIsReproducibleAndIndependentOfTheGlobalGenerator() {
        RandomStreams node = RandomStreams.of(5).child("init");
        Random r1 = node.nd4jRandom();
        float[] a = Nd4j.randn(r1, new long[] {16}).toFloatVector();
        Nd4j.getRandom().setSeed(123);
        Nd4j.getRandom().nextGaussian();
        Random r2 = node.nd4jRandom();
        float[] b = Nd4j.randn(r2, new long[] {16}).toFloatVector();
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
        float[] c = Nd4j.randn(RandomStreams.of(5).child("other").nd4jRandom(), new long[] {16}).toFloatVector();
        assertNotEquals(a[0], c[0]);
    }
}
