package org.mbrl4j.core.metrics;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/** Validation and number formatting shared by the writers. */
final class Records {

    private Records() {}

    /** Refuses null records, empty or null keys, and values other than Number, String, Boolean. */
    static void validate(Map<String, ?> record) {
        if (record == null) {
            throw new IllegalArgumentException("record must not be null");
        }
        if (record.isEmpty()) {
            throw new IllegalArgumentException("record must have at least one key");
        }
        for (Map.Entry<String, ?> e : record.entrySet()) {
            String key = e.getKey();
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("record keys must be non-empty strings: " + record.keySet());
            }
            Object v = e.getValue();
            if (!(v instanceof Number || v instanceof String || v instanceof Boolean)) {
                throw new IllegalArgumentException("value of '" + key + "' is "
                        + (v == null ? "null" : v + " (" + v.getClass().getName() + ")")
                        + "; expected a Number, String or Boolean");
            }
        }
    }

    /** @return whether the number is a NaN or an infinity */
    static boolean isNonFinite(Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger || n instanceof BigDecimal) {
            return false;
        }
        return !Double.isFinite(n.doubleValue());
    }

    /**
     * Formats a finite number (callers handle {@link #isNonFinite} values first) in a form that is both a JSON number and a CSV number. Floats keep their
     * shortest float representation (0.1f prints 0.1, not 0.10000000149011612).
     */
    static String formatNumber(Number n) {
        if (n instanceof Double || n instanceof Float || n instanceof Long || n instanceof Integer
                || n instanceof Short || n instanceof Byte || n instanceof BigInteger) {
            return n.toString();
        }
        if (n instanceof BigDecimal bd) {
            return bd.toString();
        }
        // AtomicLong, DoubleAdder and other Number subclasses: go through double.
        return Double.toString(n.doubleValue());
    }
}
