package org.mbrl4j.core.io;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An immutable, ordered set of named entries to save together: typed arrays with shapes (float, double,
 * int, long; {@link INDArray}s are stored as one of these), strings (a JSON config, a class name) and scalar
 * metadata (long, double, boolean). Written and read by {@link Checkpoints}.
 *
 * <pre>{@code
 * Checkpoint cp = Checkpoint.builder()
 *         .putString("config", configJson)
 *         .putLong("step", 12_000)
 *         .putArray("weights", w)              // any float/double/int/long INDArray
 *         .build();
 * Checkpoints.write(path, cp);
 * INDArray w2 = Checkpoints.read(path).array("weights");
 * }</pre>
 *
 * <p>Accessors return fresh copies; the checkpoint never shares an array with its caller. Asking for a
 * missing name, or for an entry as the wrong type, throws {@link IllegalArgumentException} naming the entry.
 */
public final class Checkpoint {

    /** The kinds of entry, with the one-byte tag that identifies them in the file format. */
    public enum EntryType {
        /** float32 array with a shape. */
        FLOAT_ARRAY(1),
        /** float64 array with a shape. */
        DOUBLE_ARRAY(2),
        /** int32 array with a shape. */
        INT_ARRAY(3),
        /** int64 array with a shape. */
        LONG_ARRAY(4),
        /** a UTF-8 string. */
        STRING(5),
        /** one int64. */
        LONG(6),
        /** one float64. */
        DOUBLE(7),
        /** one boolean. */
        BOOLEAN(8);

        private final byte tag;

        EntryType(int tag) {
            this.tag = (byte) tag;
        }

        /** @return the tag written in the file */
        public byte tag() {
            return tag;
        }

        /** @return whether entries of this type carry a shape and an array of elements */
        public boolean isArray() {
            return tag <= 4;
        }

        static EntryType fromTag(byte tag) {
            for (EntryType t : values()) {
                if (t.tag == tag) {
                    return t;
                }
            }
            return null;
        }
    }

    /** One entry: its type, its shape (arrays only, else null) and its value (a primitive array or box). */
    record Entry(EntryType type, long[] shape, Object value) {}

    private final Map<String, Entry> entries;

    private Checkpoint(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** @return a builder for a new checkpoint */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the entry names in insertion order; unmodifiable */
    public Set<String> names() {
        return entries.keySet();
    }

    /**
     * @param name an entry name
     * @return whether the checkpoint has an entry of that name
     */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /**
     * A copy without some entries, e.g. to drop what a newer version added before handing a checkpoint to an
     * older reader.
     *
     * @param names the entry names to leave out
     * @return a new checkpoint with every other entry, in the same order
     * @throws IllegalArgumentException if a name is not an entry of this checkpoint (naming it)
     */
    public Checkpoint without(String... names) {
        Map<String, Entry> kept = new LinkedHashMap<>(entries);
        for (String name : names) {
            entry(name);
            kept.remove(name);
        }
        return new Checkpoint(kept);
    }

    /**
     * @param name an entry name
     * @return the type of that entry
     * @throws IllegalArgumentException if there is no such entry
     */
    public EntryType type(String name) {
        return entry(name).type;
    }

    /**
     * @param name the name of an array entry
     * @return its shape (empty for a scalar array); a fresh copy
     * @throws IllegalArgumentException if there is no such entry or it is not an array
     */
    public long[] shape(String name) {
        Entry e = entry(name);
        if (!e.type.isArray()) {
            throw new IllegalArgumentException("checkpoint entry '" + name + "' is a " + e.type + ", not an array");
        }
        return e.shape.clone();
    }

    /**
     * @param name the name of a {@link EntryType#FLOAT_ARRAY} entry
     * @return its elements flattened in row-major order; a fresh copy
     * @throws IllegalArgumentException if there is no such entry or it has another type
     */
    public float[] floats(String name) {
        return ((float[]) typed(name, EntryType.FLOAT_ARRAY).value).clone();
    }

    /**
     * @param name the name of a {@link EntryType#DOUBLE_ARRAY} entry
     * @return its elements flattened in row-major order; a fresh copy
     * @throws IllegalArgumentException if there is no such entry or it has another type
     */
    public double[] doubles(String name) {
        return ((double[]) typed(name, EntryType.DOUBLE_ARRAY).value).clone();
    }

    /**
     * @param name the name of an {@link EntryType#INT_ARRAY} entry
     * @return its elements flattened in row-major order; a fresh copy
     * @throws IllegalArgumentException if there is no such entry or it has another type
     */
    public int[] ints(String name) {
        return ((int[]) typed(name, EntryType.INT_ARRAY).value).clone();
    }

    /**
     * @param name the name of a {@link EntryType#LONG_ARRAY} entry
     * @return its elements flattened in row-major order; a fresh copy
     * @throws IllegalArgumentException if there is no such entry or it has another type
     */
    public long[] longs(String name) {
        return ((long[]) typed(name, EntryType.LONG_ARRAY).value).clone();
    }

    /**
     * Rebuilds an array entry as an INDArray: FLOAT, DOUBLE, INT32 or INT64 after the entry's type, with the
     * stored shape, c order. Needs an ND4J backend at run time.
     *
     * @param name the name of an array entry
     * @return a fresh array
     * @throws IllegalArgumentException if there is no such entry or it is not an array
     */
    public INDArray array(String name) {
        long[] shape = shape(name);
        Entry e = entry(name);
        return switch (e.type) {
            case FLOAT_ARRAY -> Nd4j.create(((float[]) e.value).clone(), shape, DataType.FLOAT);
            case DOUBLE_ARRAY -> Nd4j.create(((double[]) e.value).clone(), shape, DataType.DOUBLE);
            case INT_ARRAY -> Nd4j.createFromArray(((int[]) e.value).clone()).reshape(shape);
            case LONG_ARRAY -> Nd4j.createFromArray(((long[]) e.value).clone()).reshape(shape);
            default -> throw new AssertionError(e.type);
        };
    }

    /**
     * @param name the name of a {@link EntryType#STRING} entry
     * @return its value
     * @throws IllegalArgumentException if there is no such entry or it has another type
     */
    public String string(String name) {
        return (String) typed(name, EntryType.STRING).value;
    }

    /**
     * @param name the name of a {@link EntryType#LONG} entry
     * @return its value
     * @throws IllegalArgumentException if there is no such entry or it has another type
     */
    public long longValue(String name) {
        return (Long) typed(name, EntryType.LONG).value;
    }

    /**
     * @param name the name of a {@link EntryType#DOUBLE} entry
     * @return its value
     * @throws IllegalArgumentException if there is no such entry or it has another type
     */
    public double doubleValue(String name) {
        return (Double) typed(name, EntryType.DOUBLE).value;
    }

    /**
     * @param name the name of a {@link EntryType#BOOLEAN} entry
     * @return its value
     * @throws IllegalArgumentException if there is no such entry or it has another type
     */
    public boolean booleanValue(String name) {
        return (Boolean) typed(name, EntryType.BOOLEAN).value;
    }

    /** Package access for the writer: entries in order, not copied. */
    Map<String, Entry> entries() {
        return entries;
    }

    private Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("checkpoint has no entry '" + name + "'; it has " + entries.keySet());
        }
        return e;
    }

    private Entry typed(String name, EntryType expected) {
        Entry e = entry(name);
        if (e.type != expected) {
            throw new IllegalArgumentException("checkpoint entry '" + name + "' is a " + e.type + "; expected "
                    + expected);
        }
        return e;
    }

    /** Equal when both hold the same names in the same order with equal types, shapes and values. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Checkpoint other)
                || !java.util.List.copyOf(entries.keySet()).equals(java.util.List.copyOf(other.entries.keySet()))) {
            return false;
        }
        for (Map.Entry<String, Entry> me : entries.entrySet()) {
            Entry a = me.getValue();
            Entry b = other.entries.get(me.getKey());
            if (a.type != b.type || !Arrays.equals(a.shape, b.shape) || !Objects.deepEquals(a.value, b.value)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (Map.Entry<String, Entry> me : entries.entrySet()) {
            Entry e = me.getValue();
            h = 31 * h + me.getKey().hashCode();
            h = 31 * h + e.type.hashCode();
            h = 31 * h + Arrays.hashCode(e.shape);
            h = 31 * h + Arrays.deepHashCode(new Object[] {e.value});
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Checkpoint{");
        String sep = "";
        for (Map.Entry<String, Entry> me : entries.entrySet()) {
            Entry e = me.getValue();
            sb.append(sep).append(me.getKey()).append(": ").append(e.type);
            if (e.type.isArray()) {
                sb.append(Arrays.toString(e.shape));
            }
            sep = ", ";
        }
        return sb.append('}').toString();
    }

    /**
     * Collects entries for a {@link Checkpoint}. Arrays are copied when put. A name may be used once; names
     * must be non-empty.
     */
    public static final class Builder {

        private final Map<String, Entry> entries = new LinkedHashMap<>();

        private Builder() {}

        /**
         * @param name entry name
         * @param data elements in row-major order, {@code prod(shape)} of them
         * @param shape the array's shape; when omitted, {@code [data.length]} (a rank-0 array is stored
         *     through {@link #putArray})
         * @return this builder
         * @throws IllegalArgumentException on a duplicate or empty name or a shape that does not match
         */
        public Builder putFloats(String name, float[] data, long... shape) {
            return put(name, EntryType.FLOAT_ARRAY, resolveShape(name, data.length, shape), data.clone());
        }

        /**
         * @param name entry name
         * @param data elements in row-major order, {@code prod(shape)} of them
         * @param shape the array's shape; when omitted, {@code [data.length]}
         * @return this builder
         * @throws IllegalArgumentException on a duplicate or empty name or a shape that does not match
         */
        public Builder putDoubles(String name, double[] data, long... shape) {
            return put(name, EntryType.DOUBLE_ARRAY, resolveShape(name, data.length, shape), data.clone());
        }

        /**
         * @param name entry name
         * @param data elements in row-major order, {@code prod(shape)} of them
         * @param shape the array's shape; when omitted, {@code [data.length]}
         * @return this builder
         * @throws IllegalArgumentException on a duplicate or empty name or a shape that does not match
         */
        public Builder putInts(String name, int[] data, long... shape) {
            return put(name, EntryType.INT_ARRAY, resolveShape(name, data.length, shape), data.clone());
        }

        /**
         * @param name entry name
         * @param data elements in row-major order, {@code prod(shape)} of them
         * @param shape the array's shape; when omitted, {@code [data.length]}
         * @return this builder
         * @throws IllegalArgumentException on a duplicate or empty name or a shape that does not match
         */
        public Builder putLongs(String name, long[] data, long... shape) {
            return put(name, EntryType.LONG_ARRAY, resolveShape(name, data.length, shape), data.clone());
        }

        /**
         * Stores an INDArray as a float, double, int or long array entry after its data type (HALF and
         * BFLOAT16 are widened to float, INT8/INT16/UINT8 and the like to int), with its shape, row-major.
         *
         * @param name entry name
         * @param array the array (any order, views allowed); copied
         * @return this builder
         * @throws IllegalArgumentException on a duplicate or empty name, or a non-numeric array
         */
        public Builder putArray(String name, INDArray array) {
            Objects.requireNonNull(array, "array");
            long[] shape = array.shape();
            INDArray c = array.dup('c');
            DataType dt = array.dataType();
            if (dt == DataType.DOUBLE) {
                return put(name, EntryType.DOUBLE_ARRAY, shape, c.data().asDouble());
            } else if (dt == DataType.INT64 || dt == DataType.UINT64 || dt == DataType.UINT32) {
                return put(name, EntryType.LONG_ARRAY, shape, c.castTo(DataType.INT64).data().asLong());
            } else if (dt.isIntType()) {
                return put(name, EntryType.INT_ARRAY, shape, c.castTo(DataType.INT32).data().asInt());
            } else if (dt.isFPType()) {
                return put(name, EntryType.FLOAT_ARRAY, shape, c.castTo(DataType.FLOAT).data().asFloat());
            }
            throw new IllegalArgumentException("array '" + name + "' has data type " + dt
                    + "; expected a floating-point or integer array");
        }

        /**
         * @param name entry name
         * @param value the string (e.g. a JSON config)
         * @return this builder
         * @throws IllegalArgumentException on a duplicate or empty name
         */
        public Builder putString(String name, String value) {
            return put(name, EntryType.STRING, null, Objects.requireNonNull(value, "value"));
        }

        /**
         * @param name entry name
         * @param value the value
         * @return this builder
         * @throws IllegalArgumentException on a duplicate or empty name
         */
        public Builder putLong(String name, long value) {
            return put(name, EntryType.LONG, null, value);
        }

        /**
         * @param name entry name
         * @param value the value (NaN and infinities are stored as they are)
         * @return this builder
         * @throws IllegalArgumentException on a duplicate or empty name
         */
        public Builder putDouble(String name, double value) {
            return put(name, EntryType.DOUBLE, null, value);
        }

        /**
         * @param name entry name
         * @param value the value
         * @return this builder
         * @throws IllegalArgumentException on a duplicate or empty name
         */
        public Builder putBoolean(String name, boolean value) {
            return put(name, EntryType.BOOLEAN, null, value);
        }

        /**
         * Copies every entry of another checkpoint into this builder (to amend a checkpoint that was read).
         *
         * @param other the checkpoint to copy
         * @return this builder
         * @throws IllegalArgumentException if a name is already used here
         */
        public Builder putAll(Checkpoint other) {
            for (Map.Entry<String, Entry> me : other.entries.entrySet()) {
                put(me.getKey(), me.getValue().type, me.getValue().shape, me.getValue().value);
            }
            return this;
        }

        /** @return the checkpoint holding every entry put so far */
        public Checkpoint build() {
            return new Checkpoint(entries);
        }

        Builder put(String name, EntryType type, long[] shape, Object value) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("checkpoint entry name must not be empty");
            }
            if (entries.containsKey(name)) {
                throw new IllegalArgumentException("checkpoint entry '" + name + "' was already put");
            }
            entries.put(name, new Entry(type, shape == null ? null : shape.clone(), value));
            return this;
        }

        private static long[] resolveShape(String name, int length, long[] shape) {
            if (shape == null || shape.length == 0) {
                return new long[] {length};
            }
            long n = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("shape of '" + name + "' has a negative dimension: "
                            + Arrays.toString(shape));
                }
                n *= d;
            }
            if (n != length) {
                throw new IllegalArgumentException("shape of '" + name + "' is " + Arrays.toString(shape)
                        + " (" + n + " elements) but " + length + " values were given");
            }
            return shape.clone();
        }
    }
}
