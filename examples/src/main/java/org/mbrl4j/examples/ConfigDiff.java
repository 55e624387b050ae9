package org.mbrl4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The configuration differences between runs, from their {@code config.json} ({@link RunConfig}): only the
 * keys (dotted, {@code config.sac.gamma}) whose values are not the same in every run, as a markdown table
 * with one column per run. {@code mbrl4j compare} appends it to its summary.
 */
final class ConfigDiff {

    /** Marks a key that one run's {@code config.json} does not have. */
    static final String ABSENT = "(absent)";

    private ConfigDiff() {}

    /**
     * @param runs each run's name (a column header) and folder, in column order
     * @return a markdown section: the table of differing keys, a line saying that every key is the same, or a
     *     line saying that fewer than two runs have a {@code config.json}; runs without one are named
     * @throws IOException if a {@code config.json} exists but cannot be read
     * @throws IllegalArgumentException naming the file if a {@code config.json} is not JSON
     */
    static String markdown(Map<String, Path> runs) throws IOException {
        Map<String, Map<String, Object>> configs = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Path> run : runs.entrySet()) {
            Map<String, Object> flat = RunConfig.readFlat(run.getValue());
            if (flat == null) {
                missing.add(run.getKey());
            } else {
                configs.put(run.getKey(), flat);
            }
        }
        StringBuilder md = new StringBuilder("\nConfig differences (").append(RunConfig.FILE)
                .append("; keys with the same value in every run are left out):\n\n");
        if (configs.size() < 2) {
            md.append("fewer than two runs have a ").append(RunConfig.FILE).append(".\n");
        } else {
            Map<String, List<String>> rows = differences(configs);
            if (rows.isEmpty()) {
                md.append("none: every key has the same value in every run.\n");
            } else {
                List<String> head = new ArrayList<>(List.of("key"));
                head.addAll(configs.keySet());
                md.append(row(head)).append(row(head.stream().map(h -> "---").toList()));
                rows.forEach((key, values) -> {
                    List<String> cells = new ArrayList<>(List.of("`" + key + "`"));
                    cells.addAll(values);
                    md.append(row(cells));
                });
            }
        }
        if (!missing.isEmpty()) {
            md.append("\nWithout ").append(RunConfig.FILE).append(": ").append(String.join(", ", missing)).append('\n');
        }
        return md.toString();
    }

    /**
     * @param configs each run's flattened config, in column order
     * @return every key whose value differs between two runs (or that some run lacks), in first-seen order,
     *     with each run's value as text ({@link #ABSENT} where a run lacks it)
     */
    static Map<String, List<String>> differences(Map<String, Map<String, Object>> configs) {
        Set<String> keys = new LinkedHashSet<>();
        configs.values().forEach(c -> keys.addAll(c.keySet()));
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String key : keys) {
            List<String> values = new ArrayList<>();
            Set<String> distinct = new LinkedHashSet<>();
            for (Map<String, Object> c : configs.values()) {
                String v = c.containsKey(key) ? Objects.toString(c.get(key)) : ABSENT;
                values.add(v);
                distinct.add(v);
            }
            if (distinct.size() > 1) {
                rows.put(key, values);
            }
        }
        return rows;
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells.stream().map(c -> c.replace("|", "\\|")).toList()) + " |\n";
    }
}
