package org.mbrl4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.mbrl4j.tensor.CpuThreads;
import org.mbrl4j.tensor.Gemm;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code config.json}, the record of what produced a run, written into every run folder before the run
 * starts: the command, environment and seed, the command's options, the algorithm's whole configuration
 * (every component of its config record, nested records included), and where it ran: the mbrl4j version and
 * git commit of the build ({@code unknown} when the build had no git), the ND4J backend, whether products
 * take the direct OpenBLAS path, the JVM, the operating system, the cores and the thread policy in effect.
 * Written whole or not at all ({@link AtomicFiles}). {@code mbrl4j compare} reads it back to list the
 * differences between the runs it compares.
 */
final class RunConfig {

    /** The file's name inside a run folder. */
    static final String FILE = "config.json";

    /** The build's version and commit, generated into the jar by the build ({@code examples/pom.xml}). */
    private static final String BUILD_RESOURCE = "/org/mbrl4j/examples/build.properties";

    private RunConfig() {}

    /**
     * @param command the subcommand, e.g. {@code "sac"}
     * @param envId the environment id
     * @param seed the run's root seed
     * @param options the command's other options by name (option names without dashes), in a fixed order
     * @param config the algorithm's configuration record, or null for none (a random agent)
     * @return the document, keys in a fixed order
     */
    static Map<String, Object> describe(String command, String envId, long seed, Map<String, ?> options,
            Object config) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", command);
        doc.put("env", envId);
        doc.put("seed", seed);
        doc.put("options", new LinkedHashMap<>(options));
        doc.put("config", config == null ? Map.of() : config);
        Properties build = build();
        Map<String, Object> library = new LinkedHashMap<>();
        library.put("version", build.getProperty("version", "unknown"));
        library.put("git_commit", build.getProperty("git.commit", "unknown"));
        doc.put("mbrl4j", library);
        doc.put("runtime", runtime());
        return doc;
    }

    /**
     * Writes {@link #describe} into {@code folder/config.json}.
     *
     * @param folder the run folder, existing
     * @param command the subcommand
     * @param envId the environment id
     * @param seed the run's root seed
     * @param options the command's other options
     * @param config the algorithm's configuration record, or null
     * @throws IOException if the file cannot be written (nothing is left behind)
     */
    static void write(Path folder, String command, String envId, long seed, Map<String, ?> options, Object config)
            throws IOException {
        String json = Json.write(describe(command, envId, seed, options, config));
        AtomicFiles.write(folder.resolve(FILE), out -> out.write(json.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @param runFolder a run folder
     * @return its {@code config.json} flattened to dotted keys ({@link Json#flatten}), or null when it has none
     * @throws IOException if the file exists but cannot be read
     * @throws IllegalArgumentException naming the file if it is not JSON
     */
    static Map<String, Object> readFlat(Path runFolder) throws IOException {
        Path file = runFolder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.flatten(Json.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is " + e.getMessage(), e);
        }
    }

    /** @return the ND4J backend, JVM, operating system, cores and thread policy of this process */
    static Map<String, Object> runtime() {
        Map<String, Object> rt = new LinkedHashMap<>();
        String backend;
        try {
            backend = Nd4j.getBackend().getClass().getSimpleName();
        } catch (RuntimeException | LinkageError e) {
            backend = "unavailable: " + e;
        }
        rt.put("nd4j_backend", backend);
        rt.put("nd4j_version", properties(Nd4j.class, "/META-INF/maven/org.nd4j/nd4j-api/pom.properties")
                .getProperty("version", "unknown"));
        rt.put("gemm_direct", Gemm.directPathAvailable());
        rt.put("vector_api", ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        rt.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version",
                System.getProperty("java.version")) + " (" + System.getProperty("java.vm.vendor") + ")");
        rt.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        rt.put("cores", Runtime.getRuntime().availableProcessors());
        rt.put("threads", CpuThreads.threads());
        rt.put("threading", CpuThreads.ownWorkers() ? "mbrl4j" : "openblas");
        return rt;
    }

    /** A properties resource next to {@code type}; empty when absent or unreadable (values then unknown). */
    private static Properties properties(Class<?> type, String resource) {
        Properties p = new Properties();
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            p.clear();
        }
        return p;
    }

    private static Properties build() {
        Properties p = properties(RunConfig.class, BUILD_RESOURCE);
        for (String key : new String[] {"version", "git.commit"}) {
            String value = p.getProperty(key, "");
            if (value.isBlank() || value.startsWith("${")) { // unfiltered (run from an IDE's own build)
                p.setProperty(key, "unknown");
            }
        }
        return p;
    }
}
