package org.mbrl4j.core.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import org.mbrl4j.core.io.Checkpoint.Entry;
import org.mbrl4j.core.io.Checkpoint.EntryType;

/**
 * Writes {@link Checkpoint}s atomically and reads them back with integrity checks. The byte layout is
 * described in the {@linkplain org.mbrl4j.core.io package documentation}.
 *
 * <p>A write goes to a temporary file in the target's directory, is forced to disk, and is then renamed
 * over the target ({@code ATOMIC_MOVE}, or {@code REPLACE_EXISTING} where the file system cannot move
 * atomically), so a crash or an exception mid-write leaves the previous file as it was.
 */
public final class Checkpoints {

    /** The eight bytes every checkpoint starts with. */
    static final byte[] MAGIC = "MBRL4JCK".getBytes(StandardCharsets.US_ASCII);
    /** The format version this class writes and the only one it reads. */
    public static final int FORMAT_VERSION = 1;
    /** magic + version + content length. */
    static final int HEADER_BYTES = 8 + 4 + 8;
    static final int TRAILER_BYTES = 8;
    private static final int CHUNK = 1 << 16;

    private Checkpoints() {}

    /**
     * Something that writes a file's bytes to a stream; used by {@link #writeAtomically}.
     */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out the stream to write to; do not close it
         * @throws IOException if writing fails (the target file is then left untouched)
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes a checkpoint atomically, creating missing parent directories.
     *
     * @param file the target file; replaced if it exists
     * @param checkpoint what to write
     * @throws IOException if the file cannot be written (the previous file, if any, is then untouched)
     */
    public static void write(Path file, Checkpoint checkpoint) throws IOException {
        Objects.requireNonNull(checkpoint, "checkpoint");
        writeAtomically(file, out -> encode(checkpoint, out));
    }

    /**
     * Writes any content atomically: to a temporary file next to {@code file}, fsync, then rename over
     * {@code file}. If {@code content} throws, the temporary file is deleted and {@code file} is untouched.
     *
     * @param file the target file; replaced if it exists
     * @param content writes the bytes
     * @throws IOException from {@code content} or the file system
     */
    public static void writeAtomically(Path file, Content content) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(content, "content");
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), CHUNK);
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Reads and verifies a checkpoint: first the size and the CRC-32 over the whole content, then the entries.
     *
     * @param file the file to read
     * @return the checkpoint
     * @throws CorruptCheckpointException on a wrong magic, an unknown format version, a truncated or
     *     extended file, a checksum mismatch or malformed entries; the message names the file and the problem
     * @throws IOException if the file cannot be read at all (e.g. {@link java.nio.file.NoSuchFileException})
     */
    public static Checkpoint read(Path file) throws IOException {
        long size = Files.size(file);
        byte[] header = new byte[HEADER_BYTES];
        long contentLength;
        try (InputStream in = Files.newInputStream(file)) {
            int got = in.readNBytes(header, 0, HEADER_BYTES);
            ByteBuffer hb = ByteBuffer.wrap(header);
            if (got >= MAGIC.length) {
                for (int i = 0; i < MAGIC.length; i++) {
                    if (header[i] != MAGIC[i]) {
                        throw new CorruptCheckpointException(file, "wrong magic bytes " + hex(header, 8)
                                + "; expected " + hex(MAGIC, 8) + " (\"MBRL4JCK\"): not an mbrl4j checkpoint");
                    }
                }
            }
            if (got < HEADER_BYTES) {
                throw new CorruptCheckpointException(file, "truncated: " + size + " bytes, shorter than the "
                        + HEADER_BYTES + "-byte header");
            }
            int version = hb.getInt(8);
            if (version != FORMAT_VERSION) {
                throw new CorruptCheckpointException(file, "unknown format version " + version
                        + "; this reader knows version " + FORMAT_VERSION);
            }
            contentLength = hb.getLong(12);
        }
        long expected = HEADER_BYTES + contentLength + TRAILER_BYTES;
        if (contentLength < 4 || size != expected) {
            throw new CorruptCheckpointException(file, (size < expected ? "truncated" : "wrong length")
                    + ": the header declares " + contentLength + " content bytes, so the file should have "
                    + expected + " bytes, but it has " + size);
        }
        verifyChecksum(file, size);
        try (CheckpointInput in = new CheckpointInput(
                new BufferedInputStream(Files.newInputStream(file), CHUNK), file, size - TRAILER_BYTES)) {
            in.skipHeader(HEADER_BYTES);
            return decodeEntries(in);
        }
    }

    private static void verifyChecksum(Path file, long size) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[CHUNK];
        long remaining = size - TRAILER_BYTES;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), CHUNK)) {
            while (remaining > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
                if (n < 0) {
                    throw new CorruptCheckpointException(file, "truncated while reading (the file shrank)");
                }
                crc.update(buf, 0, n);
                remaining -= n;
            }
            byte[] trailer = in.readNBytes(TRAILER_BYTES);
            if (trailer.length != TRAILER_BYTES) {
                throw new CorruptCheckpointException(file, "truncated while reading (the file shrank)");
            }
            long stored = ByteBuffer.wrap(trailer).getLong();
            if (stored != crc.getValue()) {
                throw new CorruptCheckpointException(file, "checksum mismatch: stored CRC-32 0x"
                        + Long.toHexString(stored) + ", computed 0x" + Long.toHexString(crc.getValue())
                        + " (the file was modified or damaged)");
            }
        }
    }

    private static Checkpoint decodeEntries(CheckpointInput in) throws IOException {
        int count = in.readInt();
        if (count < 0) {
            throw in.corrupt("negative entry count " + count);
        }
        Checkpoint.Builder b = Checkpoint.builder();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < count; i++) {
            String name = in.readString("name of entry " + i);
            byte tag = in.readByte();
            EntryType type = EntryType.fromTag(tag);
            if (type == null) {
                throw in.corrupt("entry '" + name + "' has unknown type tag " + tag);
            }
            if (!seen.add(name) || name.isEmpty()) {
                throw in.corrupt("entry name '" + name + "' is empty or repeated");
            }
            if (type.isArray()) {
                int rank = in.readInt();
                if (rank < 0 || rank > 32) {
                    throw in.corrupt("entry '" + name + "' has rank " + rank + "; expected 0..32");
                }
                long[] shape = new long[rank];
                long n = 1;
                for (int d = 0; d < rank; d++) {
                    shape[d] = in.readLong();
                    if (shape[d] < 0) {
                        throw in.corrupt("entry '" + name + "' has a negative dimension " + shape[d]);
                    }
                    if (shape[d] != 0 && n > (Integer.MAX_VALUE - 8) / shape[d]) {
                        throw in.corrupt("entry '" + name + "' has too many elements: shape "
                                + java.util.Arrays.toString(java.util.Arrays.copyOf(shape, d + 1)) + "...");
                    }
                    n *= shape[d];
                }
                int width = type == EntryType.DOUBLE_ARRAY || type == EntryType.LONG_ARRAY ? 8 : 4;
                if (n > Integer.MAX_VALUE - 8 || n * width > in.remaining()) {
                    throw in.corrupt("entry '" + name + "' declares " + n + " elements, more than the "
                            + in.remaining() + " bytes left");
                }
                b.put(name, type, shape, in.readArray(type, (int) n));
            } else {
                Object value = switch (type) {
                    case STRING -> in.readString("value of entry '" + name + "'");
                    case LONG -> in.readLong();
                    case DOUBLE -> Double.longBitsToDouble(in.readLong());
                    case BOOLEAN -> {
                        byte v = in.readByte();
                        if (v != 0 && v != 1) {
                            throw in.corrupt("boolean entry '" + name + "' holds byte " + v);
                        }
                        yield v == 1;
                    }
                    default -> throw new AssertionError(type);
                };
                b.put(name, type, null, value);
            }
        }
        if (in.remaining() != 0) {
            throw in.corrupt(in.remaining() + " unexpected bytes after the last entry");
        }
        return b.build();
    }

    /** Writes the full format: header, entries, CRC-32. */
    static void encode(Checkpoint checkpoint, OutputStream raw) throws IOException {
        Map<String, Entry> entries = checkpoint.entries();
        long contentLength = 4;
        for (Map.Entry<String, Entry> me : entries.entrySet()) {
            contentLength += encodedSize(me.getKey(), me.getValue());
        }
        CRC32 crc = new CRC32();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                crc.update(b);
                raw.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                crc.update(b, off, len);
                raw.write(b, off, len);
            }
        };
        ByteBuffer small = ByteBuffer.allocate(16);
        out.write(MAGIC);
        out.write(small.clear().putInt(FORMAT_VERSION).putLong(contentLength).array(), 0, 12);
        out.write(small.clear().putInt(entries.size()).array(), 0, 4);
        byte[] chunk = new byte[CHUNK * 8];
        for (Map.Entry<String, Entry> me : entries.entrySet()) {
            Entry e = me.getValue();
            writeString(out, small, me.getKey());
            out.write(e.type().tag());
            if (e.type().isArray()) {
                out.write(small.clear().putInt(e.shape().length).array(), 0, 4);
                for (long d : e.shape()) {
                    out.write(small.clear().putLong(d).array(), 0, 8);
                }
                writeArray(out, chunk, e);
            } else {
                switch (e.type()) {
                    case STRING -> writeString(out, small, (String) e.value());
                    case LONG -> out.write(small.clear().putLong((Long) e.value()).array(), 0, 8);
                    case DOUBLE -> out.write(small.clear()
                            .putLong(Double.doubleToRawLongBits((Double) e.value())).array(), 0, 8);
                    case BOOLEAN -> out.write((Boolean) e.value() ? 1 : 0);
                    default -> throw new AssertionError(e.type());
                }
            }
        }
        raw.write(small.clear().putLong(crc.getValue()).array(), 0, 8);
    }

    private static long encodedSize(String name, Entry e) {
        long n = 4L + name.getBytes(StandardCharsets.UTF_8).length + 1;
        return n + switch (e.type()) {
            case FLOAT_ARRAY -> 4 + 8L * e.shape().length + 4L * ((float[]) e.value()).length;
            case DOUBLE_ARRAY -> 4 + 8L * e.shape().length + 8L * ((double[]) e.value()).length;
            case INT_ARRAY -> 4 + 8L * e.shape().length + 4L * ((int[]) e.value()).length;
            case LONG_ARRAY -> 4 + 8L * e.shape().length + 8L * ((long[]) e.value()).length;
            case STRING -> 4L + ((String) e.value()).getBytes(StandardCharsets.UTF_8).length;
            case LONG, DOUBLE -> 8L;
            case BOOLEAN -> 1L;
        };
    }

    private static void writeString(OutputStream out, ByteBuffer small, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(small.clear().putInt(bytes.length).array(), 0, 4);
        out.write(bytes);
    }

    private static void writeArray(OutputStream out, byte[] chunk, Entry e) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(chunk);
        switch (e.type()) {
            case FLOAT_ARRAY -> {
                float[] a = (float[]) e.value();
                for (int off = 0; off < a.length; off += chunk.length / 4) {
                    int n = Math.min(chunk.length / 4, a.length - off);
                    bb.clear().asFloatBuffer().put(a, off, n);
                    out.write(chunk, 0, 4 * n);
                }
            }
            case DOUBLE_ARRAY -> {
                double[] a = (double[]) e.value();
                for (int off = 0; off < a.length; off += chunk.length / 8) {
                    int n = Math.min(chunk.length / 8, a.length - off);
                    bb.clear().asDoubleBuffer().put(a, off, n);
                    out.write(chunk, 0, 8 * n);
                }
            }
            case INT_ARRAY -> {
                int[] a = (int[]) e.value();
                for (int off = 0; off < a.length; off += chunk.length / 4) {
                    int n = Math.min(chunk.length / 4, a.length - off);
                    bb.clear().asIntBuffer().put(a, off, n);
                    out.write(chunk, 0, 4 * n);
                }
            }
            case LONG_ARRAY -> {
                long[] a = (long[]) e.value();
                for (int off = 0; off < a.length; off += chunk.length / 8) {
                    int n = Math.min(chunk.length / 8, a.length - off);
                    bb.clear().asLongBuffer().put(a, off, n);
                    out.write(chunk, 0, 8 * n);
                }
            }
            default -> throw new AssertionError(e.type());
        }
    }

    /** Makes the rename durable; some platforms cannot open a directory, which costs only durability there. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Best effort: the data itself was forced before the rename.
        }
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, b.length); i++) {
            sb.append(String.format("%02x", b[i] & 0xff));
        }
        return sb.toString();
    }

    /** Sequential big-endian reader over the content, bounded by the content's end. */
    private static final class CheckpointInput implements AutoCloseable {
        private final InputStream in;
        private final Path file;
        private final long end;
        private long pos;
        private final byte[] buf = new byte[CHUNK * 8];

        CheckpointInput(InputStream in, Path file, long end) {
            this.in = in;
            this.file = file;
            this.end = end;
        }

        long remaining() {
            return end - pos;
        }

        CorruptCheckpointException corrupt(String problem) {
            return new CorruptCheckpointException(file, problem + " (at byte " + pos + ")");
        }

        void skipHeader(int n) throws IOException {
            fill(n);
        }

        private void fill(int n) throws IOException {
            if (n > remaining()) {
                throw corrupt("malformed: needs " + n + " more bytes but only " + remaining()
                        + " remain before the checksum");
            }
            try {
                int got = in.readNBytes(buf, 0, n);
                if (got != n) {
                    throw new EOFException();
                }
            } catch (EOFException e) {
                throw new CorruptCheckpointException(file, "truncated while reading (the file shrank)", e);
            }
            pos += n;
        }

        byte readByte() throws IOException {
            fill(1);
            return buf[0];
        }

        int readInt() throws IOException {
            fill(4);
            return ByteBuffer.wrap(buf).getInt(0);
        }

        long readLong() throws IOException {
            fill(8);
            return ByteBuffer.wrap(buf).getLong(0);
        }

        String readString(String what) throws IOException {
            int len = readInt();
            if (len < 0 || len > remaining()) {
                throw corrupt(what + " declares " + len + " bytes; " + remaining() + " remain");
            }
            byte[] bytes = new byte[len];
            int off = 0;
            while (off < len) {
                int n = Math.min(buf.length, len - off);
                fill(n);
                System.arraycopy(buf, 0, bytes, off, n);
                off += n;
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }

        Object readArray(EntryType type, int n) throws IOException {
            int width = type == EntryType.DOUBLE_ARRAY || type == EntryType.LONG_ARRAY ? 8 : 4;
            int per = buf.length / width;
            Object out = switch (type) {
                case FLOAT_ARRAY -> new float[n];
                case DOUBLE_ARRAY -> new double[n];
                case INT_ARRAY -> new int[n];
                case LONG_ARRAY -> new long[n];
                default -> throw new AssertionError(type);
            };
            ByteBuffer bb = ByteBuffer.wrap(buf);
            for (int off = 0; off < n; off += per) {
                int k = Math.min(per, n - off);
                fill(k * width);
                bb.clear();
                switch (type) {
                    case FLOAT_ARRAY -> bb.asFloatBuffer().get((float[]) out, off, k);
                    case DOUBLE_ARRAY -> bb.asDoubleBuffer().get((double[]) out, off, k);
                    case INT_ARRAY -> bb.asIntBuffer().get((int[]) out, off, k);
                    case LONG_ARRAY -> bb.asLongBuffer().get((long[]) out, off, k);
                    default -> throw new AssertionError(type);
                }
            }
            return out;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
