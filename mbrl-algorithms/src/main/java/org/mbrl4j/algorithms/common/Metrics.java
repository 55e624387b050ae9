package org.mbrl4j.algorithms.common;

import java.util.LinkedHashMap;
import java.util.Map;

/** Running sums of named scalars, averaged and reset by {@link #drain()}. Not thread-safe. */
public final class Metrics {

    private final Map<String, double[]> sums = new LinkedHashMap<>();

    /**
     * @param name  the metric
     * @param value one observation of it
     */
    public void add(String name, double value) {
        double[] s = sums.computeIfAbsent(name, k -> new double[2]);
        s[0] += value;
        s[1]++;
    }

    /** @return each metric's mean since the last drain, in first-seen order; the sums are reset */
    public Map<String, Double> drain() {
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((k, s) -> out.put(k, s[0] / s[1]));
        sums.clear();
        return out;
    }
}
