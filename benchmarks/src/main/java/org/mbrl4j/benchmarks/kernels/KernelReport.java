package org.mbrl4j.benchmarks.kernels;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the kernel benchmarks with JMH and prints one table: GEMM in GFLOP/s (ND4J {@code mmuli}, mbrl4j
 * {@code Gemm}, direct {@code cblas_sgemm}), batched GEMM, and the element-wise kernels in microseconds.
 * Results also go to a JSON file that {@code benchmarks/scripts/compare_table.py} merges with PyTorch's.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.mbrl4j.benchmarks.kernels.KernelReport [--quick]
 *      [--json kernels.json] [--only Gemm,Activation,...]
 * </pre>
 * {@code --quick}: 2 warm-up and 3 measured iterations of 0.5 s instead of 3 and 5 of 1 s.
 */
public final class KernelReport {

    private KernelReport() {
    }

    /**
     * @param args see the class comment
     * @throws RunnerException if JMH fails
     * @throws IOException     if the JSON file cannot be written
     */
    public static void main(String[] args) throws RunnerException, IOException {
        boolean quick = false;
        Path json = Path.of("kernels.json");
        String only = "GemmBenchmark,BatchedGemmBenchmark,ActivationBenchmark,MlpKernelBenchmark";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--json" -> json = Path.of(args[++i]);
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]
                        + " (expected --quick, --json FILE, --only NAMES)");
            }
        }
        ChainedOptionsBuilder opts = new OptionsBuilder().forks(1).shouldDoGC(true);
        for (String name : only.split(",")) {
            opts.include(KernelReport.class.getPackageName() + "\\." + name.trim() + "\\.");
        }
        if (quick) {
            opts.warmupIterations(2).measurementIterations(3).warmupTime(TimeValue.milliseconds(500))
                    .measurementTime(TimeValue.milliseconds(500));
        }
        Collection<RunResult> results = new Runner(opts.build()).run();

        // benchmark class -> row key (params) -> method -> microseconds per op
        Map<String, Map<String, Map<String, Double>>> table = new TreeMap<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            String cls = label.substring(0, label.lastIndexOf('.'));
            cls = cls.substring(cls.lastIndexOf('.') + 1);
            String method = label.substring(label.lastIndexOf('.') + 1);
            List<String> keys = new ArrayList<>();
            for (String p : r.getParams().getParamsKeys()) {
                keys.add(r.getParams().getParam(p));
            }
            String row = String.join(" ", keys);
            table.computeIfAbsent(cls, k -> new LinkedHashMap<>()).computeIfAbsent(row, k -> new LinkedHashMap<>())
                    .put(method, r.getPrimaryResult().getScore());
        }
        print(table);
        writeJson(table, json);
        System.out.println("results written to " + json.toAbsolutePath());
    }

    private static void print(Map<String, Map<String, Map<String, Double>>> table) {
        Map<String, Map<String, Double>> gemm = table.get("GemmBenchmark");
        if (gemm != null) {
            System.out.printf(Locale.ROOT, "%nGEMM float32, GFLOP/s (2MNK / median time)%n");
            System.out.printf(Locale.ROOT, "%-16s %12s %12s %12s %16s%n", "MxKxN", "ND4J mmuli", "mbrl4j Gemm",
                    "direct sgemm", "Gemm / direct");
            for (var e : gemm.entrySet()) {
                double flop = flop(e.getKey());
                double nd = gflops(flop, e.getValue().get("nd4jMmuli"));
                double ours = gflops(flop, e.getValue().get("mbrl4jGemm"));
                double direct = gflops(flop, e.getValue().get("directSgemm"));
                System.out.printf(Locale.ROOT, "%-16s %12.1f %12.1f %12.1f %15.0f%%%n", e.getKey(), nd, ours, direct,
                        100 * ours / direct);
            }
        }
        for (var cls : table.entrySet()) {
            if (cls.getKey().equals("GemmBenchmark")) {
                continue;
            }
            System.out.printf(Locale.ROOT, "%n%s, microseconds per call%n", cls.getKey());
            for (var row : cls.getValue().entrySet()) {
                StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-20s", row.getKey()));
                for (var m : row.getValue().entrySet()) {
                    sb.append(String.format(Locale.ROOT, "  %s %.1f", m.getKey(), m.getValue()));
                }
                System.out.println(sb);
            }
        }
    }

    static double flop(String mxkxn) {
        String[] p = mxkxn.split("x");
        return 2.0 * Double.parseDouble(p[0]) * Double.parseDouble(p[1]) * Double.parseDouble(p[2]);
    }

    static double gflops(double flop, Double micros) {
        return micros == null ? Double.NaN : flop / (micros * 1e3);
    }

    private static void writeJson(Map<String, Map<String, Map<String, Double>>> table, Path file)
            throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("{\"unit\": \"us/op\"");
            for (var cls : table.entrySet()) {
                w.write(",\n \"" + cls.getKey() + "\": {");
                boolean firstRow = true;
                for (var row : cls.getValue().entrySet()) {
                    w.write((firstRow ? "" : ",") + "\n  \"" + row.getKey() + "\": {");
                    firstRow = false;
                    boolean first = true;
                    for (var m : row.getValue().entrySet()) {
                        w.write((first ? "" : ", ") + "\"" + m.getKey() + "\": "
                                + String.format(Locale.ROOT, "%.4f", m.getValue()));
                        first = false;
                    }
                    w.write("}");
                }
                w.write("}");
            }
            w.write("\n}\n");
        }
    }
}
