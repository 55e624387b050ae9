package org.mbrl4j.core.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.core.io.Checkpoint;
import org.mbrl4j.core.io.Checkpoints;
import org.mbrl4j.core.io.CorruptCheckpointException;
import org.nd4j.linalg.factory.Nd4j;

class ReplayBufferSaveLoadTest {

    @TempDir
    Path dir;

    private static void assertSameContents(ReplayBuffer a, ReplayBuffer b) {
        assertEquals(a.size(), b.size());
        assertEquals(a.capacity(), b.capacity());
        assertEquals(a.totalAdded(), b.totalAdded());
        assertArrayEquals(a.observationShape(), b.observationShape());
        assertArrayEquals(a.actionShape(), b.actionShape());
        Batch x = a.all();
        Batch y = b.all();
        assertEquals(x.observations(), y.observations());
        assertEquals(x.actions(), y.actions());
        assertEquals(x.rewards(), y.rewards());
        assertEquals(x.nextObservations(), y.nextObservations());
        assertEquals(x.terminated(), y.terminated());
        assertEquals(x.truncated(), y.truncated());
        assertEquals(a.longestSegment(), b.longestSegment());
    }

    @Test
    void roundTripOfAWrappedBufferContinuesIdentically() throws IOException {
        ReplayBuffer buf = ReplayBuffer.create(7, new long[] {2}, new long[] {1});
        ReplayBufferTest.addCounting(buf, 0, 10); // wrapped: next slot is 3
        buf.add(Nd4j.createFromArray(10f, -10f), Nd4j.createFromArray(1f), 10, Nd4j.createFromArray(0f, 0f),
                true, false);
        Path file = dir.resolve("buffer.ckpt");
        buf.save(file);
        ReplayBuffer loaded = ReplayBuffer.load(file);
        assertSameContents(buf, loaded);
        assertEquals(buf.sample(64, new SplittableRandom(3)).rewards(),
                loaded.sample(64, new SplittableRandom(3)).rewards());
        assertEquals(buf.sampleSequences(16, 3, new SplittableRandom(3)).observations(),
                loaded.sampleSequences(16, 3, new SplittableRandom(3)).observations());
        // Later adds overwrite the same transitions in both.
        ReplayBufferTest.addCounting(buf, 20, 25);
        ReplayBufferTest.addCounting(loaded, 20, 25);
        assertSameContents(buf, loaded);
        assertArrayEquals(new float[] {9, 10, 20, 21, 22, 23, 24}, loaded.all().rewards().toFloatVector());
    }

    @Test
    void roundTripOfAPartlyFilledAndOfAnEmptyBuffer() throws IOException {
        ReplayBuffer buf = ReplayBuffer.create(50, new long[] {3, 2}, new long[0]);
        for (int i = 0; i < 5; i++) {
            float[] obs = new float[6];
            for (int k = 0; k < 6; k++) {
                obs[k] = (float) new SplittableRandom(i).nextGaussian();
            }
            buf.add(Nd4j.create(obs, new long[] {3, 2}, org.nd4j.linalg.api.buffer.DataType.FLOAT),
                    Nd4j.scalar((long) i % 2), i, Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 2),
                    false, i == 4);
        }
        Path file = dir.resolve("partial.ckpt");
        buf.save(file);
        ReplayBuffer loaded = ReplayBuffer.load(file);
        assertSameContents(buf, loaded);
        assertArrayEquals(new long[] {5, 3, 2}, loaded.all().observations().shape());
        assertArrayEquals(new float[] {0, 1, 0, 1, 0}, loaded.all().actions().toFloatVector());
        ReplayBuffer empty = ReplayBuffer.create(3, new long[] {1}, new long[] {1});
        empty.save(file);
        ReplayBuffer emptyLoaded = ReplayBuffer.load(file);
        assertEquals(0, emptyLoaded.size());
        assertEquals(3, emptyLoaded.capacity());
    }

    @Test
    void buffersEmbedInLargerCheckpointsUnderAPrefix() throws IOException {
        ReplayBuffer buf = ReplayBuffer.create(4, new long[] {2}, new long[] {1});
        ReplayBufferTest.addCounting(buf, 0, 6);
        Checkpoint.Builder b = Checkpoint.builder().putString("config", "{}");
        buf.writeTo(b, "buffer.");
        Path file = dir.resolve("agent.ckpt");
        Checkpoints.write(file, b.build());
        Checkpoint cp = Checkpoints.read(file);
        assertEquals("{}", cp.string("config"));
        assertSameContents(buf, ReplayBuffer.readFrom(cp, "buffer."));
    }

    @Test
    void restoreFromReplacesTheContentsInPlaceAndContinuesIdentically() {
        ReplayBuffer saved = ReplayBuffer.create(7, new long[] {2}, new long[] {1});
        ReplayBufferTest.addCounting(saved, 0, 10); // wrapped: next slot is 3
        Checkpoint.Builder b = Checkpoint.builder();
        saved.writeTo(b, "buffer.");
        Checkpoint cp = b.build();

        // A buffer holding other transitions, more of them than the saved partly filled one below.
        ReplayBuffer target = ReplayBuffer.create(7, new long[] {2}, new long[] {1});
        ReplayBufferTest.addCounting(target, 100, 106);
        target.restoreFrom(cp, "buffer.");
        assertSameContents(saved, target);
        assertEquals(saved.sampleSequences(8, 3, new SplittableRandom(5)).observations(),
                target.sampleSequences(8, 3, new SplittableRandom(5)).observations());
        ReplayBufferTest.addCounting(saved, 20, 23);
        ReplayBufferTest.addCounting(target, 20, 23);
        assertSameContents(saved, target);

        // A partly filled save: the slots past it are emptied, as in a new buffer.
        ReplayBuffer partial = ReplayBuffer.create(7, new long[] {2}, new long[] {1});
        ReplayBufferTest.addCounting(partial, 0, 2);
        Checkpoint.Builder pb = Checkpoint.builder();
        partial.writeTo(pb, "");
        target.restoreFrom(pb.build(), "");
        assertSameContents(partial, target);
        assertSameContents(ReplayBuffer.readFrom(pb.build(), ""), target);
        ReplayBufferTest.addCounting(partial, 5, 12);
        ReplayBufferTest.addCounting(target, 5, 12);
        assertSameContents(partial, target);
    }

    @Test
    void restoreFromRefusesAnotherSizeOrBadValuesAndLeavesTheBufferAsItWas() {
        ReplayBuffer saved = ReplayBuffer.create(4, new long[] {2}, new long[] {1});
        ReplayBufferTest.addCounting(saved, 0, 3);
        Checkpoint.Builder b = Checkpoint.builder();
        saved.writeTo(b, "");
        Checkpoint good = b.build();
        ReplayBuffer before = ReplayBuffer.create(4, new long[] {2}, new long[] {1});
        ReplayBufferTest.addCounting(before, 50, 55);
        ReplayBuffer target = ReplayBuffer.create(4, new long[] {2}, new long[] {1});
        ReplayBufferTest.addCounting(target, 50, 55);

        ReplayBufferTest.assertMessage(assertThrows(IllegalArgumentException.class,
                () -> ReplayBuffer.create(5, new long[] {2}, new long[] {1}).restoreFrom(good, "")),
                "entry 'capacity' is 4; expected 5");
        ReplayBufferTest.assertMessage(assertThrows(IllegalArgumentException.class,
                () -> ReplayBuffer.create(4, new long[] {3}, new long[] {1}).restoreFrom(good, "")),
                "entry 'obsShape' is [2]; expected [3]");
        Checkpoint nan = copyExcept(good, "nextObservations")
                .putFloats("nextObservations", new float[] {0, 1, 2, 3, Float.NaN, 5}).build();
        ReplayBufferTest.assertMessage(assertThrows(IllegalArgumentException.class, () -> target.restoreFrom(nan, "")),
                "'nextObservations'", "NaN");
        Checkpoint badFlag = copyExcept(good, "startsEpisode").putInts("startsEpisode", new int[] {1, 0, 2}).build();
        ReplayBufferTest.assertMessage(assertThrows(IllegalArgumentException.class,
                () -> target.restoreFrom(badFlag, "")), "'startsEpisode'", "expected 0 or 1");
        assertSameContents(before, target);
    }

    @Test
    void damagedOrForeignFilesAreRefused() throws IOException {
        ReplayBuffer buf = ReplayBuffer.create(4, new long[] {2}, new long[] {1});
        ReplayBufferTest.addCounting(buf, 0, 3);
        Path file = dir.resolve("b.ckpt");
        buf.save(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        assertThrows(CorruptCheckpointException.class, () -> ReplayBuffer.load(file));

        Checkpoints.write(file, Checkpoint.builder().putString("kind", "something else").build());
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> ReplayBuffer.load(file));
        ReplayBufferTest.assertMessage(e, "not a valid replay buffer", "something else");

        Checkpoint.Builder all = Checkpoint.builder();
        buf.writeTo(all, "");
        Checkpoint good = all.build();
        Checkpoint.Builder withBadNext = copyExcept(good, "next").putLong("next", 1);
        Checkpoints.write(file, withBadNext.build());
        ReplayBufferTest.assertMessage(assertThrows(CorruptCheckpointException.class, () -> ReplayBuffer.load(file)),
                "inconsistent ring state", "next 1");
        Checkpoints.write(file, copyExcept(good, "rewards").putFloats("rewards", new float[] {0, Float.NaN, 2}).build());
        ReplayBufferTest.assertMessage(assertThrows(CorruptCheckpointException.class, () -> ReplayBuffer.load(file)),
                "rewards", "NaN");
        Checkpoints.write(file, copyExcept(good, "observations").build());
        ReplayBufferTest.assertMessage(assertThrows(CorruptCheckpointException.class, () -> ReplayBuffer.load(file)),
                "'observations'");
    }

    private static Checkpoint.Builder copyExcept(Checkpoint cp, String skip) {
        Checkpoint.Builder b = Checkpoint.builder();
        for (String name : cp.names()) {
            if (name.equals(skip)) {
                continue;
            }
            switch (cp.type(name)) {
                case FLOAT_ARRAY -> b.putFloats(name, cp.floats(name), cp.shape(name));
                case INT_ARRAY -> b.putInts(name, cp.ints(name), cp.shape(name));
                case LONG_ARRAY -> b.putLongs(name, cp.longs(name));
                case STRING -> b.putString(name, cp.string(name));
                case LONG -> b.putLong(name, cp.longValue(name));
                default -> throw new AssertionError(name);
            }
        }
        return b;
    }
}
