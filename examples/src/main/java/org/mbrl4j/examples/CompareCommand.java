package org.mbrl4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mbrl4j compare}: learning curves across seeds from recorded runs. Each positional argument names
 * a label and its runs ({@code sac=runs/sac-s0,runs/sac-s1,runs/sac-s2}; a run is a folder holding
 * {@code episodes.csv}, or the CSV file itself; a glob in the last path part, quoted against the shell,
 * picks several: {@code 'sac=runs/sac-pendulum-s*'}). Writes {@code curves.png} (mean and min-max band per
 * label), {@code curves.csv} and {@code summary.md} into {@code --out}, and prints the summary. The summary
 * ends with the configuration differences between the runs: the keys of their {@code config.json}
 * ({@link RunConfig}) whose values are not the same in every run ({@link ConfigDiff}).
 *
 * <pre>
 * mbrl4j compare --out runs/cmp --at 1000,3000,5000,20000 --threshold -200 \
 *     sac=runs/sac-s0,runs/sac-s1,runs/sac-s2 mbpo=runs/mbpo-s0,runs/mbpo-s1,runs/mbpo-s2
 * </pre>
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Learning curves across seeds from recorded runs: writes curves.png, curves.csv and summary.md.",
            "Each seed's value at a step is carried forward from its last row at or before that step (never past its"
                    + " last row); mean, min and max are over the seeds that have a value there."})
public final class CompareCommand implements Callable<Integer> {

    @Parameters(paramLabel = "LABEL=RUN[,RUN...]", arity = "1..*",
            description = {"A label and its runs (one per seed), e.g. sac=runs/sac-s0,runs/sac-s1,runs/sac-s2.",
                "A run is a folder holding episodes.csv, or a CSV file; a glob in the last path part (e.g. 'runs/sac-s*',"
                        + " quoted) picks several."})
    private List<String> groups;

    @Option(names = "--out", required = true, description = "Output folder for curves.png, curves.csv and summary.md.")
    private Path out;

    @Option(names = "--overwrite", description = "Replace the curves, table and plot already in the output folder. "
            + "Without it, a folder that holds files is refused.")
    private boolean overwrite;

    @Option(names = "--metric", defaultValue = "eval_return",
            description = "Column to compare (eval_return: latest evaluation; return: training episode). Default: ${DEFAULT-VALUE}.")
    private String metric;

    @Option(names = "--x", defaultValue = "env_steps", description = "Column of the x axis. Default: ${DEFAULT-VALUE}.")
    private String xColumn;

    @Option(names = "--at", split = ",", paramLabel = "STEP",
            description = "Steps at which the table reports the metric, increasing, e.g. 1000,3000,5000,20000.")
    private double[] at = new double[0];

    @Option(names = "--threshold", paramLabel = "VALUE",
            description = "Also report the first step at which the mean over all seeds reaches VALUE (>=).")
    private Double threshold;

    @Option(names = "--title", description = "Title of the plot and the table. Default: <metric> across seeds.")
    private String title;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RunFolder folder;
        try {
            folder = RunFolder.check(out, overwrite);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        validateAt();
        if (threshold != null && !Double.isFinite(threshold)) {
            throw new ParameterException(spec.commandLine(), "--threshold must be a finite number: " + threshold);
        }
        List<SeedCurves.Band> bands = new ArrayList<>();
        Map<String, List<Path>> runs = new LinkedHashMap<>();
        for (String group : groups) {
            String label = parseLabel(group);
            if (runs.containsKey(label)) {
                throw new ParameterException(spec.commandLine(), "label " + label + " is given twice: " + group);
            }
            List<Path> csvs = resolveRuns(group, label);
            runs.put(label, csvs);
            List<SeedCurves.Curve> curves = new ArrayList<>();
            for (Path csv : csvs) {
                try {
                    curves.add(SeedCurves.read(csv, xColumn, metric));
                } catch (IllegalArgumentException e) {
                    String hint = e.getMessage().contains("no column " + metric) && metric.equals("eval_return")
                            ? " (runs without evaluations, such as pets and random: use --metric return)" : "";
                    throw new ParameterException(spec.commandLine(), group + ": " + e.getMessage() + hint, e);
                }
            }
            bands.add(SeedCurves.align(label, curves));
        }
        String chartTitle = title != null ? title : metric + " across seeds";
        String summary;
        String xTitle;
        try {
            Map<String, Path> folders = runFolders(runs);
            Map<String, Integer> repeats = actionRepeats(folders);
            xTitle = xTitle(xColumn, repeats);
            summary = summary(bands, runs, chartTitle, repeatNote(xColumn, repeats)) + ConfigDiff.markdown(folders);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        try {
            folder.create();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            writeCurvesCsv(bands, out.resolve("curves.csv"));
            CurvesPlot.savePng(bands, chartTitle, xTitle, metric.replace('_', ' '),
                    out.resolve("curves.png"));
            AtomicFiles.write(out.resolve("summary.md"), o -> o.write(summary.getBytes(StandardCharsets.UTF_8)));
        } finally {
            folder.removeIfEmpty();
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(summary);
        stdout.println();
        stdout.println("Wrote " + out.resolve("summary.md") + ", " + out.resolve("curves.csv") + " and "
                + out.resolve("curves.png"));
        stdout.flush();
        return 0;
    }

    /**
     * @param runs each label's CSV files
     * @return each run's folder (the CSV's) under a column name, {@code label/folder}
     */
    static Map<String, Path> runFolders(Map<String, List<Path>> runs) {
        Map<String, Path> folders = new LinkedHashMap<>();
        runs.forEach((label, csvs) -> {
            for (Path csv : csvs) {
                Path folder = csv.toAbsolutePath().getParent();
                String name = label + "/" + (folder.getFileName() == null ? folder : folder.getFileName());
                String unique = name;
                for (int i = 2; folders.containsKey(unique); i++) {
                    unique = name + " (" + i + ")";
                }
                folders.put(unique, folder);
            }
        });
        return folders;
    }

    private void validateAt() {
        for (int i = 0; i < at.length; i++) {
            if (!Double.isFinite(at[i]) || at[i] < 0 || (i > 0 && at[i] <= at[i - 1])) {
                throw new ParameterException(spec.commandLine(), "--at must be finite, non-negative and increasing: "
                        + joinSteps(at) + " (at " + formatStep(at[i]) + ")");
            }
        }
    }

    private String parseLabel(String group) {
        int eq = group.indexOf('=');
        if (eq <= 0) {
            throw new ParameterException(spec.commandLine(),
                    "expected LABEL=RUN[,RUN...], e.g. sac=runs/sac-s0,runs/sac-s1: " + group);
        }
        return group.substring(0, eq).strip();
    }

    /** The CSV file of every run named in {@code group}, globs expanded in sorted order. */
    private List<Path> resolveRuns(String group, String label) throws IOException {
        String list = group.substring(group.indexOf('=') + 1);
        List<Path> csvs = new ArrayList<>();
        for (String item : list.split(",")) {
            String name = item.strip();
            if (name.isEmpty()) {
                continue;
            }
            for (Path run : expand(name, group)) {
                csvs.add(csvOf(run, group));
            }
        }
        if (csvs.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "label " + label + " has no runs: " + group);
        }
        return csvs;
    }

    private List<Path> expand(String name, String group) throws IOException {
        Path path = Path.of(name);
        String last = path.getFileName() == null ? "" : path.getFileName().toString();
        if (!(last.contains("*") || last.contains("?") || last.contains("["))) {
            return List.of(path);
        }
        Path parent = path.toAbsolutePath().getParent();
        List<Path> matches = new ArrayList<>();
        if (Files.isDirectory(parent)) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(parent, last)) {
                Path shownParent = path.getParent();
                stream.forEach(p -> matches.add(shownParent == null ? p.getFileName() : shownParent.resolve(p.getFileName())));
            }
        }
        if (matches.isEmpty()) {
            throw new ParameterException(spec.commandLine(), group + ": no run matches " + name);
        }
        matches.sort(null);
        return matches;
    }

    private Path csvOf(Path run, String group) {
        if (Files.isRegularFile(run)) {
            return run;
        }
        if (!Files.isDirectory(run)) {
            throw new ParameterException(spec.commandLine(), group + ": no such run folder: " + run);
        }
        Path csv = run.resolve("episodes.csv");
        if (!Files.isRegularFile(csv)) {
            throw new ParameterException(spec.commandLine(), group + ": run folder " + run + " has no episodes.csv");
        }
        return csv;
    }

    private void writeCurvesCsv(List<SeedCurves.Band> bands, Path file) throws IOException {
        StringBuilder csv = new StringBuilder(xColumn + ",label,mean,min,max,n\n");
        for (SeedCurves.Band band : bands) {
            for (int i = 0; i < band.x().length; i++) {
                SeedCurves.Stats s = band.stats()[i];
                if (s.n() > 0) {
                    csv.append(formatStep(band.x()[i])).append(',').append(csvField(band.label())).append(',')
                            .append(s.mean()).append(',').append(s.min()).append(',').append(s.max()).append(',')
                            .append(s.n()).append('\n');
                }
            }
        }
        AtomicFiles.write(file, o -> o.write(csv.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private String summary(List<SeedCurves.Band> bands, Map<String, List<Path>> runs, String chartTitle,
            String repeatNote) {
        StringBuilder md = new StringBuilder("## ").append(chartTitle).append("\n\n");
        md.append("`").append(metric).append("` against `").append(xColumn)
                .append("`: mean (min..max) over seeds; each seed's value at a step is carried forward from its last row")
                .append(" at or before that step; [n=k/m] marks steps that only k of m seeds reached.\n\n");
        if (!repeatNote.isEmpty()) {
            md.append(repeatNote).append("\n\n");
        }
        List<String> head = new ArrayList<>(List.of("label", "seeds"));
        for (double a : at) {
            head.add("at " + formatStep(a));
        }
        head.add("final");
        head.add(xColumn + " run");
        if (threshold != null) {
            head.add("first " + xColumn + " with mean >= " + formatValue(threshold));
        }
        md.append(row(head));
        md.append(row(head.stream().map(h -> "---").toList()));
        for (SeedCurves.Band band : bands) {
            List<String> cells = new ArrayList<>(List.of(markdown(band.label()), Integer.toString(band.seeds().size())));
            for (double a : at) {
                cells.add(cell(band.at(a), band.seeds().size()));
            }
            cells.add(cell(band.last(), band.seeds().size()));
            SeedCurves.Stats ran = band.lastX();
            cells.add(ran.min() == ran.max() ? formatStep(ran.min())
                    : formatStep(ran.min()) + ".." + formatStep(ran.max()));
            if (threshold != null) {
                OptionalDouble first = band.firstReaching(threshold);
                cells.add(first.isPresent() ? formatStep(first.getAsDouble()) : "not reached");
            }
            md.append(row(cells));
        }
        md.append("\nRuns:\n");
        runs.forEach((label, csvs) -> md.append("- ").append(markdown(label)).append(": ")
                .append(String.join(", ", csvs.stream().map(p -> "`" + p + "`").toList())).append('\n'));
        return md.toString();
    }

    /**
     * @param folders each run's name and folder
     * @return each run's action repeat: the value of a key named {@code actionRepeat} (at any depth) in its
     *     {@code config.json}, 1 when the file or the key is absent
     * @throws IOException if a {@code config.json} exists but cannot be read
     * @throws IllegalArgumentException naming the file if a {@code config.json} is not JSON or its action repeat
     *     is not an integer {@code >= 1}
     */
    static Map<String, Integer> actionRepeats(Map<String, Path> folders) throws IOException {
        Map<String, Integer> repeats = new LinkedHashMap<>();
        for (Map.Entry<String, Path> run : folders.entrySet()) {
            Map<String, Object> flat = RunConfig.readFlat(run.getValue());
            int repeat = 1;
            if (flat != null) {
                for (Map.Entry<String, Object> e : flat.entrySet()) {
                    String key = e.getKey();
                    if (key.equals(ActionRepeatOption.KEY) || key.endsWith("." + ActionRepeatOption.KEY)) {
                        repeat = repeatValue(e.getValue(), run.getValue().resolve(RunConfig.FILE), key);
                    }
                }
            }
            repeats.put(run.getKey(), repeat);
        }
        return repeats;
    }

    private static int repeatValue(Object value, Path file, String key) {
        if (value instanceof Number n && n.doubleValue() >= 1 && n.doubleValue() == Math.rint(n.doubleValue())
                && n.doubleValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new IllegalArgumentException(file + ": " + key + " must be an integer >= 1: " + value);
    }

    /**
     * The x-axis title: the column's name, except that the default {@code env_steps} column of runs that repeat
     * each action ({@code --action-repeat k}, whose step counts are decisions) is called what it counts.
     *
     * @param xColumn the x column
     * @param repeats each run's action repeat ({@link #actionRepeats})
     * @return {@code "env steps"} and the like; {@code "decisions (k env steps each)"} when every run repeats each
     *     action {@code k > 1} times; {@code "decisions (action repeat differs between runs)"} when they differ
     */
    static String xTitle(String xColumn, Map<String, Integer> repeats) {
        Set<Integer> distinct = countedRepeats(xColumn, repeats);
        if (distinct.isEmpty()) {
            return xColumn.replace('_', ' ');
        }
        return distinct.size() == 1 ? "decisions (" + distinct.iterator().next() + " env steps each)"
                : "decisions (action repeat differs between runs)";
    }

    /**
     * @param xColumn the x column
     * @param repeats each run's action repeat ({@link #actionRepeats})
     * @return a sentence for the summary when {@code env_steps} counts decisions of more than one environment
     *     step, or an empty string
     */
    static String repeatNote(String xColumn, Map<String, Integer> repeats) {
        Set<Integer> distinct = countedRepeats(xColumn, repeats);
        if (distinct.isEmpty()) {
            return "";
        }
        if (distinct.size() == 1) {
            int k = distinct.iterator().next();
            return "Every run repeats each action " + k + " times (`actionRepeat` in config.json): `env_steps` counts "
                    + "decisions, so step s is " + k + " * s environment steps.";
        }
        List<String> each = new ArrayList<>();
        repeats.forEach((run, k) -> each.add(markdown(run) + " " + k));
        return "The runs repeat each action a different number of times (`actionRepeat`: " + String.join(", ", each)
                + "): `env_steps` counts decisions, so equal steps are not equal amounts of experience.";
    }

    /**
     * @return the distinct action repeats of the runs, ascending, when the x column is {@code env_steps} and some
     *     run repeats its actions (its steps then count decisions); empty otherwise
     */
    private static Set<Integer> countedRepeats(String xColumn, Map<String, Integer> repeats) {
        Set<Integer> distinct = new TreeSet<>(repeats.values());
        return !xColumn.equals("env_steps") || distinct.equals(Set.of(1)) ? Set.of() : distinct;
    }

    private static String cell(SeedCurves.Stats s, int seeds) {
        if (s.n() == 0) {
            return "n/a";
        }
        String text = s.n() == 1 ? formatValue(s.mean())
                : formatValue(s.mean()) + " (" + formatValue(s.min()) + ".." + formatValue(s.max()) + ")";
        return s.n() < seeds ? text + " [n=" + s.n() + "/" + seeds + "]" : text;
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static String markdown(String text) {
        return text.replace("|", "\\|");
    }

    private static String csvField(String text) {
        boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    /** Returns with one decimal; smaller magnitudes (losses, success rates) with three. */
    static String formatValue(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.3f", v);
    }

    /** Steps as integers; a non-integral x column (seconds) with up to three decimals. */
    static String formatStep(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
    }

    private static String joinSteps(double[] values) {
        List<String> parts = new ArrayList<>();
        for (double v : values) {
            parts.add(formatStep(v));
        }
        return String.join(",", parts);
    }
}
