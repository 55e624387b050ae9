/**
 * Checkpoint I/O: {@link org.mbrl4j.core.io.Checkpoint} holds named entries (typed arrays with shapes,
 * strings such as a JSON config, scalar metadata), and {@link org.mbrl4j.core.io.Checkpoints} writes
 * them atomically (temporary file, fsync, rename) in a small checksummed binary format and refuses
 * damaged files on read with a {@link org.mbrl4j.core.io.CorruptCheckpointException}.
 *
 * <p>The format, version 1, all numbers big-endian:
 * <pre>
 * magic      8 bytes  "MBRL4JCK"
 * version    int32    1
 * length     int64    number of content bytes that follow, up to the checksum
 * count      int32    number of entries
 * entry      count times:
 *   name     int32 byte length, then UTF-8 bytes
 *   type     int8     {@link org.mbrl4j.core.io.Checkpoint.EntryType#tag()}
 *   payload  arrays:  int32 rank, rank x int64 shape, then prod(shape) elements
 *            string:  int32 byte length, then UTF-8 bytes
 *            long, double: 8 bytes; boolean: 1 byte (0 or 1)
 * crc32      int64    CRC-32 of every byte before it, magic included
 * </pre>
 */
package org.mbrl4j.core.io;
