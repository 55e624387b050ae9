package org.mbrl4j.core.io;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Stores a configuration record in a {@link Checkpoint} as one entry per component and rebuilds it through
 * its canonical constructor (so the record validates what it reads), which lets a checkpoint carry the
 * config that produced it.
 *
 * <p>Component types: {@code int}, {@code long}, {@code short}, {@code byte} (stored as a long),
 * {@code double}, {@code float} (as a double), {@code boolean}, {@code String}, enums (by constant name),
 * {@code List<Integer>} (as a long array), and records, nested under {@code name.}; a component whose
 * declared type is an interface (such as a planner's {@code OptimizerConfig}) must hold a record, whose class
 * name is stored beside it under {@code name.class}. Entry names are {@code prefix + component name}.
 *
 * <p>A component added to a record after checkpoints of it were written carries {@link Default}: reading a
 * checkpoint without its entry then gives that value, the one that keeps the old behaviour.
 */
public final class RecordEntries {

    private RecordEntries() {
    }

    /**
     * The value of a component for checkpoints written before the component existed, read by {@link #read}
     * when the entry is missing. Written as the value's text: {@code "0"}, {@code "0.5"}, {@code "false"}, an
     * enum constant's name, a string. Only for {@code int}, {@code long}, {@code short}, {@code byte},
     * {@code double}, {@code float}, {@code boolean}, {@code String} and enum components.
     *
     * <pre>{@code
     * public record LoopSettings(int steps, @RecordEntries.Default("1") int updatesPerStep) {}
     * }</pre>
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Default {
        /** @return the value as text, parsed by the component's type */
        String value();
    }

    /**
     * Puts every component of {@code value} under {@code prefix}.
     *
     * @param builder the checkpoint being built
     * @param prefix  prefix of the entry names, e.g. {@code "config."}
     * @param value   the record
     * @throws IllegalArgumentException if a component has a type this class cannot store (naming it)
     */
    public static void write(Checkpoint.Builder builder, String prefix, Record value) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(value, "value");
        for (RecordComponent c : value.getClass().getRecordComponents()) {
            String key = prefix + c.getName();
            Object v = get(c, value);
            Class<?> t = c.getType();
            if (t == int.class || t == long.class || t == short.class || t == byte.class) {
                builder.putLong(key, ((Number) v).longValue());
            } else if (t == double.class || t == float.class) {
                builder.putDouble(key, ((Number) v).doubleValue());
            } else if (t == boolean.class) {
                builder.putBoolean(key, (Boolean) v);
            } else if (t == String.class) {
                builder.putString(key, Objects.requireNonNull((String) v, key));
            } else if (t.isEnum()) {
                builder.putString(key, ((Enum<?>) v).name());
            } else if (t == List.class && isListOfIntegers(c.getGenericType())) {
                List<?> list = (List<?>) v;
                long[] values = new long[list.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = ((Integer) list.get(i)).longValue();
                }
                builder.putLongs(key, values);
            } else if (v instanceof Record nested && (t.isRecord() || t.isInterface())) {
                if (!t.isRecord()) {
                    builder.putString(key + ".class", nested.getClass().getName());
                }
                write(builder, key + ".", nested);
            } else {
                throw new IllegalArgumentException("cannot store component '" + key + "' of type "
                        + c.getGenericType().getTypeName() + " holding " + v);
            }
        }
    }

    /**
     * Rebuilds a record written by {@link #write}.
     *
     * @param checkpoint the checkpoint
     * @param prefix     the prefix given to {@link #write}
     * @param type       the record class
     * @param <R>        the record type
     * @return the record, validated by its constructor; a missing entry of a component marked {@link Default}
     *     reads as that default
     * @throws IllegalArgumentException if an entry is missing (and its component has no {@link Default}) or
     *     has another type, a stored value or a default is not valid
     *     for the record (the constructor's message), or a stored class is not a record of the declared type;
     *     the message names the entry
     */
    public static <R extends Record> R read(Checkpoint checkpoint, String prefix, Class<R> type) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(type, "type");
        RecordComponent[] components = type.getRecordComponents();
        if (components == null) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            args[i] = readComponent(checkpoint, prefix + c.getName(), c);
        }
        try {
            Constructor<R> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalArgumentException("the stored " + type.getSimpleName() + " under '" + prefix
                    + "' is not valid: " + cause.getMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot rebuild " + type.getName() + ": " + e, e);
        }
    }

    /**
     * Lists the components where two records of the same class differ, nested records descended into.
     *
     * @param expected the first record
     * @param actual   the second record
     * @return lines {@code "path: expected vs actual"}; empty when the records are equal
     */
    public static List<String> differences(Record expected, Record actual) {
        List<String> out = new ArrayList<>();
        differences("", expected, actual, out);
        return out;
    }

    private static void differences(String path, Object expected, Object actual, List<String> out) {
        if (Objects.equals(expected, actual)) {
            return;
        }
        if (expected instanceof Record a && actual instanceof Record b && a.getClass() == b.getClass()) {
            for (RecordComponent c : a.getClass().getRecordComponents()) {
                differences(path + c.getName() + ".", get(c, a), get(c, b), out);
            }
            return;
        }
        String name = path.isEmpty() ? "(record)" : path.substring(0, path.length() - 1);
        out.add(name + ": " + expected + " vs " + actual);
    }

    private static Object readComponent(Checkpoint cp, String key, RecordComponent c) {
        Class<?> t = c.getType();
        Default absent = c.getAnnotation(Default.class);
        if (absent != null && !cp.contains(key)) {
            return parseDefault(key, t, absent.value());
        }
        if (t == int.class) {
            long v = cp.longValue(key);
            if (v != (int) v) {
                throw new IllegalArgumentException("checkpoint entry '" + key + "' is " + v + "; expected an int");
            }
            return (int) v;
        } else if (t == long.class) {
            return cp.longValue(key);
        } else if (t == short.class) {
            return (short) cp.longValue(key);
        } else if (t == byte.class) {
            return (byte) cp.longValue(key);
        } else if (t == double.class) {
            return cp.doubleValue(key);
        } else if (t == float.class) {
            return (float) cp.doubleValue(key);
        } else if (t == boolean.class) {
            return cp.booleanValue(key);
        } else if (t == String.class) {
            return cp.string(key);
        } else if (t.isEnum()) {
            String name = cp.string(key);
            Object constant = enumConstant(t, name);
            if (constant != null) {
                return constant;
            }
            throw new IllegalArgumentException("checkpoint entry '" + key + "' is '" + name + "'; expected one of "
                    + java.util.Arrays.toString(t.getEnumConstants()));
        } else if (t == List.class && isListOfIntegers(c.getGenericType())) {
            List<Integer> list = new ArrayList<>();
            for (long v : cp.longs(key)) {
                list.add((int) v);
            }
            return List.copyOf(list);
        } else if (t.isRecord()) {
            return read(cp, key + ".", t.asSubclass(Record.class));
        } else if (t.isInterface()) {
            String className = cp.string(key + ".class");
            Class<?> stored;
            try {
                stored = Class.forName(className, false, t.getClassLoader() != null ? t.getClassLoader()
                        : RecordEntries.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("checkpoint entry '" + key + ".class' names " + className
                        + ", which is not on the class path", e);
            }
            if (!stored.isRecord() || !t.isAssignableFrom(stored)) {
                throw new IllegalArgumentException("checkpoint entry '" + key + ".class' names " + className
                        + "; expected a record implementing " + t.getName());
            }
            return read(cp, key + ".", stored.asSubclass(Record.class));
        }
        throw new IllegalArgumentException("cannot read component '" + key + "' of type "
                + c.getGenericType().getTypeName());
    }

    private static Object parseDefault(String key, Class<?> t, String text) {
        try {
            if (t == int.class) {
                return Integer.parseInt(text);
            } else if (t == long.class) {
                return Long.parseLong(text);
            } else if (t == short.class) {
                return Short.parseShort(text);
            } else if (t == byte.class) {
                return Byte.parseByte(text);
            } else if (t == double.class) {
                return Double.parseDouble(text);
            } else if (t == float.class) {
                return Float.parseFloat(text);
            } else if (t == boolean.class && (text.equals("true") || text.equals("false"))) {
                return Boolean.parseBoolean(text);
            } else if (t == String.class) {
                return text;
            } else if (t.isEnum() && enumConstant(t, text) != null) {
                return enumConstant(t, text);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("@Default(\"" + text + "\") of component '" + key + "' is not a value of "
                + t.getName());
    }

    /** @return the constant of enum {@code t} named {@code name}, or null */
    private static Object enumConstant(Class<?> t, String name) {
        for (Object constant : t.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(name)) {
                return constant;
            }
        }
        return null;
    }

    private static boolean isListOfIntegers(Type generic) {
        return generic instanceof ParameterizedType p && p.getActualTypeArguments().length == 1
                && p.getActualTypeArguments()[0] == Integer.class;
    }

    private static Object get(RecordComponent c, Record r) {
        try {
            var accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read component " + c.getName() + " of " + r.getClass(), e);
        }
    }
}
