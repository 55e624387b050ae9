package org.mbrl4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CheckpointsTest {

    @TempDir
    Path dir;

    private static Checkpoint everyType() {
        SplittableRandom rng = new SplittableRandom(1);
        float[] big = new float[200_000]; // spans several I/O chunks
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) rng.nextGaussian();
        }
        return Checkpoint.builder()
                .putFloats("floats", new float[] {1.5f, -0f, Float.NaN, Float.MIN_VALUE, Float.MAX_VALUE, 3}, 2, 3)
                .putFloats("big", big, 400, 500)
                .putDoubles("doubles", new double[] {Math.PI, Double.NEGATIVE_INFINITY, -0.0})
                .putInts("ints", new int[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE, 4}, 2, 1, 2)
                .putLongs("longs", new long[] {Long.MIN_VALUE, Long.MAX_VALUE})
                .putLongs("empty", new long[0])
                .putArray("indarray", Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}}))
                .putString("config", "{\"name\": \"pets\", \"note\": \"ünïcødé \uD83D\uDE80\\n\"}")
                .putString("emptyString", "")
                .putLong("step", 123_456_789_012L)
                .putDouble("loss", 0.1)
                .putDouble("nan", Double.NaN)
                .putBoolean("yes", true)
                .putBoolean("no", false)
                .build();
    }

    @Test
    void roundTripRestoresEveryEntryType() throws IOException {
        Checkpoint cp = everyType();
        Path file = dir.resolve("sub/dir/model.ckpt");
        Checkpoints.write(file, cp);
        Checkpoint back = Checkpoints.read(file);
        assertEquals(cp, back);
        assertEquals(java.util.List.copyOf(cp.names()), java.util.List.copyOf(back.names()));
        assertArrayEquals(new long[] {2, 1, 2}, back.shape("ints"));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back.doubles("doubles")[2]));
        assertTrue(Double.isNaN(back.doubleValue("nan")));
        assertEquals(cp.string("config"), back.string("config"));
        INDArray arr = back.array("indarray");
        assertEquals(Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}}), arr);
        assertTrue(back.booleanValue("yes"));
        assertEquals(false, back.booleanValue("no"));
        assertEquals(0, back.longs("empty").length);
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void writeReplacesAnExistingFile() throws IOException {
        Path file = dir.resolve("c.ckpt");
        Checkpoints.write(file, Checkpoint.builder().putLong("v", 1).build());
        Checkpoints.write(file, Checkpoint.builder().putLong("v", 2).build());
        assertEquals(2, Checkpoints.read(file).longValue("v"));
    }

    @Test
    void truncatedFilesAreRefusedAtEveryLength() throws IOException {
        Path file = dir.resolve("t.ckpt");
        Checkpoints.write(file, Checkpoint.builder().putFloats("w", new float[] {1, 2, 3}).putString("s", "abc")
                .putLong("n", 5).build());
        byte[] full = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.ckpt");
        for (int len : new int[] {0, 3, 8, 12, 19, 20, 21, 30, full.length - 9, full.length - 8, full.length - 1}) {
            Files.write(cut, java.util.Arrays.copyOf(full, len));
            CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> Checkpoints.read(cut),
                    "length " + len);
            assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("truncated"), "length " + len + ": " + e.getMessage());
            assertEquals(cut, e.file());
        }
    }

    @Test
    void extraBytesAreRefused() throws IOException {
        Path file = dir.resolve("x.ckpt");
        Checkpoints.write(file, Checkpoint.builder().putLong("n", 5).build());
        Files.write(file, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> Checkpoints.read(file));
        assertTrue(e.getMessage().contains("wrong length"), e.getMessage());
    }

    @Test
    void everyFlippedContentByteIsCaughtByTheChecksum() throws IOException {
        Path file = dir.resolve("f.ckpt");
        Checkpoints.write(file, Checkpoint.builder().putDoubles("w", new double[] {1, 2, 3}).putString("s", "abc")
                .build());
        byte[] full = Files.readAllBytes(file);
        // Bytes after the header: entries and checksum. Flipping a header byte gives other (tested) errors.
        for (int i = CheckpointFormat.HEADER_BYTES; i < full.length; i++) {
            byte[] bad = full.clone();
            bad[i] ^= 0x10;
            Files.write(file, bad);
            CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> Checkpoints.read(file),
                    "byte " + i);
            assertTrue(e.getMessage().contains("checksum mismatch"), "byte " + i + ": " + e.getMessage());
        }
    }

    @Test
    void wrongMagicAndUnknownVersionAreNamed() throws IOException {
        Path file = dir.resolve("m.ckpt");
        Checkpoints.write(file, Checkpoint.builder().putLong("n", 5).build());
        byte[] full = Files.readAllBytes(file);
        byte[] magic = full.clone();
        magic[0] = 'X';
        Files.write(file, magic);
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> Checkpoints.read(file));
        assertTrue(e.getMessage().contains("wrong magic") && e.getMessage().contains(file.toString()), e.getMessage());

        byte[] version = full.clone();
        ByteBuffer.wrap(version).putInt(8, 99);
        Files.write(file, version);
        e = assertThrows(CorruptCheckpointException.class, () -> Checkpoints.read(file));
        assertTrue(e.getMessage().contains("unknown format version 99"), e.getMessage());

        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "just some text, long enough to have a header");
        e = assertThrows(CorruptCheckpointException.class, () -> Checkpoints.read(text));
        assertTrue(e.getMessage().contains("not an mbrl4j checkpoint"), e.getMessage());
    }

    @Test
    void missingFileIsAnOrdinaryIOException() {
        assertThrows(NoSuchFileException.class, () -> Checkpoints.read(dir.resolve("absent.ckpt")));
    }

    @Test
    void failedWriteLeavesThePreviousFileIntactAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("keep.ckpt");
        Checkpoint original = Checkpoint.builder().putFloats("w", new float[] {1, 2, 3}).build();
        Checkpoints.write(file, original);
        byte[] before = Files.readAllBytes(file);
        IOException thrown = assertThrows(IOException.class, () -> Checkpoints.writeAtomically(file, out -> {
            out.write(new byte[100_000]); // enough to reach the disk, through the buffer
            throw new IOException("serialiser failed midway");
        }));
        assertEquals("serialiser failed midway", thrown.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(original, Checkpoints.read(file));
        RuntimeException unchecked = assertThrows(IllegalStateException.class,
                () -> Checkpoints.writeAtomically(file, out -> {
                    out.write(1);
                    throw new IllegalStateException("bug");
                }));
        assertEquals("bug", unchecked.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "the temporary files were deleted");
        }
    }

    @Test
    void writtenFileHasTheDirectorysDefaultPermissions() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path file = dir.resolve("perm.ckpt");
        Checkpoints.write(file, Checkpoint.builder().putLong("n", 1).build());
        Path plain = Files.createFile(dir.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
    }

    @Test
    void writeAtomicallyWritesTheContent() throws IOException {
        Path file = dir.resolve("raw.bin");
        Checkpoints.writeAtomically(file, out -> out.write(new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
    }

    @Test
    void readingADirectoryNamesIt() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("a-folder"));
        IOException e = assertThrows(IOException.class, () -> Checkpoints.read(folder));
        assertTrue(e.getMessage().contains(folder.toString()) && e.getMessage().contains("directory"), e.getMessage());
        IOException viaBuffer = assertThrows(IOException.class,
                () -> org.mbrl4j.core.buffer.ReplayBuffer.load(folder));
        assertTrue(viaBuffer.getMessage().contains(folder.toString()), viaBuffer.getMessage());
    }

    @Test
    void aWriteRemovesTheTemporaryFilesThatKilledWritesLeftBehind() throws IOException {
        Path file = dir.resolve("agent.ckpt");
        // A process id that cannot be alive (beyond Linux's pid_max) and an earlier process that had our id.
        Path deadWriter = dir.resolve(".agent.ckpt.99999999-3.tmp");
        Path ourIdLeftover = dir.resolve(".agent.ckpt." + ProcessHandle.current().pid() + "-999999.tmp");
        Path otherTarget = dir.resolve(".other.ckpt.99999999-1.tmp");
        Path notOurs = dir.resolve(".agent.ckpt.notes.tmp");
        for (Path p : new Path[] {deadWriter, ourIdLeftover, otherTarget, notOurs}) {
            Files.write(p, new byte[1000]);
        }
        Checkpoints.write(file, Checkpoint.builder().putLong("x", 1).build());
        assertTrue(Files.notExists(deadWriter), "a dead process's temporary file is removed");
        assertTrue(Files.notExists(ourIdLeftover), "an unclaimed file with this process's id is removed");
        assertTrue(Files.exists(otherTarget), "another target's files are left alone");
        assertTrue(Files.exists(notOurs), "files not named like our temporaries are left alone");
        assertEquals(1, Checkpoints.read(file).longValue("x"));
    }

    @Test
    void aLiveProcesssTemporaryFileIsLeftAlone() throws IOException {
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElseThrow();
        Path live = dir.resolve(".agent.ckpt." + parent + "-1.tmp");
        Files.write(live, new byte[10]);
        Checkpoints.write(dir.resolve("agent.ckpt"), Checkpoint.builder().putLong("x", 1).build());
        assertTrue(Files.exists(live));
    }
}
