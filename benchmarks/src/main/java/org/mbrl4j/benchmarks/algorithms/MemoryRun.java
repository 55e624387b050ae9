package org.mbrl4j.benchmarks.algorithms;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.mbrl4j.algorithms.common.LoopConfig;
import org.mbrl4j.algorithms.common.OffPolicyRun;
import org.mbrl4j.algorithms.pets.Pets;
import org.mbrl4j.algorithms.pets.PetsConfig;
import org.mbrl4j.algorithms.pets.PetsListener;
import org.mbrl4j.algorithms.pets.PetsOptimizer;
import org.mbrl4j.algorithms.pets.TrialReport;
import org.mbrl4j.algorithms.presets.Presets;
import org.mbrl4j.algorithms.sac.Sac;
import org.mbrl4j.algorithms.sac.SacConfig;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.random.RandomStreams;
import org.mbrl4j.envs.EnvSpec;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.tensor.CpuThreads;

/**
 * Memory over a long training run: SAC on Pendulum-v1 or PETS on CartPoleContinuous-v0, built as the
 * {@code mbrl4j sac} and {@code mbrl4j pets} commands build them with their defaults, printing one line every
 * {@code --report-every} environment steps (SAC) or trials (PETS), to show whether the live heap and the
 * resident set stay flat once the run has warmed up.
 *
 * <pre>
 * MBRL4J_THREADS=1 OMP_NUM_THREADS=1 java -Xmx2g --add-modules jdk.incubator.vector \
 *     -cp benchmarks/target/benchmarks.jar org.mbrl4j.benchmarks.algorithms.MemoryRun \
 *     --algorithm sac|pets [--steps N] [--trials N] [--report-every K] [--seed S]
 * </pre>
 * <ul>
 *   <li>{@code sac}: {@link Presets#sacSmall(String)} for Pendulum-v1 ({@link SacConfig#pendulumSmall()}:
 *       2 x 64, batch 128, one update per step, a replay buffer of 100,000 transitions) in an
 *       {@link OffPolicyRun} with the command's loop defaults (1,000 random steps, 5 evaluation episodes every
 *       5 training episodes) for {@code --steps} steps (default 300,000); {@code --report-every} (default
 *       10,000) is rounded to the first episode end at or after each multiple, so multiples of 200 (the
 *       episode length) report exactly there.</li>
 *   <li>{@code pets}: {@link Presets#pets(String)} for CartPoleContinuous-v0 at the command's default budget
 *       ({@link PetsConfig#reduced()}) and optimiser (CEM), for {@code --trials} trials of 200 steps (default
 *       100); {@code --report-every} counts trials (default 10). The command's per-trial open-loop plots and
 *       GIF are not made. Its replay buffer is sized for every step of every trial up front, and each model
 *       training runs over all transitions so far, so a trial takes longer the later it comes.</li>
 * </ul>
 * Every line holds the step (and trial), the seconds since the start, the heap in use after
 * {@link System#gc()} (live heap), the committed heap, the process's resident set ({@code VmRSS} of
 * {@code /proc/self/status}), and the native bytes that JavaCPP has allocated and not yet freed
 * ({@link Pointer#totalBytes()}: ND4J's array buffers on the CPU backend), all in MB (10^6 bytes); a first
 * line is printed before the first step. The seed (default 0) seeds the whole run; the thread count is the
 * benchmarks' ({@link CpuThreads#configureDefaults()}: {@code MBRL4J_THREADS} or {@code -Dmbrl4j.threads}).
 */
public final class MemoryRun {

    private static final String SAC_ENV = "Pendulum-v1";
    private static final String PETS_ENV = "CartPoleContinuous-v0";

    private final long start = System.nanoTime();

    private MemoryRun() {
    }

    /**
     * @param args see the class comment
     * @throws IOException if {@code /proc/self/status} cannot be read
     * @throws IllegalArgumentException naming an unknown option or a value out of range
     */
    public static void main(String[] args) throws IOException {
        String algorithm = null;
        long steps = 300_000;
        int trials = 100;
        Long reportEvery = null;
        long seed = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--algorithm": algorithm = args[++i]; break;
                case "--steps": steps = Long.parseLong(args[++i]); break;
                case "--trials": trials = Integer.parseInt(args[++i]); break;
                case "--report-every": reportEvery = Long.parseLong(args[++i]); break;
                case "--seed": seed = Long.parseLong(args[++i]); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be >= 1: " + steps);
        }
        if (trials < 1) {
            throw new IllegalArgumentException("--trials must be >= 1: " + trials);
        }
        if (reportEvery != null && reportEvery < 1) {
            throw new IllegalArgumentException("--report-every must be >= 1: " + reportEvery);
        }
        int threads = CpuThreads.configureDefaults(); // the benchmarks' thread policy, which these numbers describe
        MemoryRun run = new MemoryRun();
        System.out.printf(Locale.ROOT, "%s, seed %d, %d thread(s), max heap %.0f MB%n", algorithm, seed, threads,
                Runtime.getRuntime().maxMemory() / 1e6);
        if ("sac".equals(algorithm)) {
            run.sac(steps, reportEvery == null ? 10_000 : reportEvery, seed);
        } else if ("pets".equals(algorithm)) {
            run.pets(trials, reportEvery == null ? 10 : reportEvery, seed);
        } else {
            throw new IllegalArgumentException("--algorithm must be sac or pets: " + algorithm);
        }
    }

    private void sac(long steps, long reportEvery, long seed) throws IOException {
        EnvSpec spec = Envs.spec(SAC_ENV);
        RandomStreams streams = RandomStreams.of(seed);
        LoopConfig loop = LoopConfig.of(steps).toBuilder().randomSteps(1000).evalEveryEpisodes(5).evalEpisodes(5)
                .build();
        try (Environment env = spec.make(); Environment evalEnv = spec.make()) {
            SacConfig config = Presets.sacSmall(SAC_ENV);
            Sac sac = new Sac(env.observationSpace().flatDim(), env.actionSpace(), config, streams.child("learner"));
            OffPolicyRun run = OffPolicyRun.start(env, evalEnv, sac, loop, streams.child("loop").seed());
            double[] lastEval = {Double.NaN};
            report("step 0", "");
            while (!run.done()) {
                run.runUntil((run.steps() / reportEvery + 1) * reportEvery,
                        r -> r.evalReturn().ifPresent(v -> lastEval[0] = v));
                report("step " + run.steps(), String.format(Locale.ROOT, " | last evaluation %.1f", lastEval[0]));
            }
        }
    }

    private void pets(int trials, long reportEvery, long seed) throws IOException {
        EnvSpec spec = Envs.spec(PETS_ENV);
        PetsConfig config = Presets.pets(PETS_ENV).reduced().withOptimizer(PetsOptimizer.CEM).withTrials(trials);
        try (Environment env = spec.make()) {
            Pets pets = new Pets(config, env, spec.rewardFunction(), spec.terminationFunction(), seed);
            report("trial 0 step 0", "");
            while (pets.reports().size() < trials) {
                TrialReport r = pets.runTrial(PetsListener.NONE);
                int done = pets.reports().size();
                if (done % reportEvery == 0 || done == trials) {
                    report("trial " + done + " step " + r.totalEnvSteps(), String.format(Locale.ROOT,
                            " | return %.1f, trial %.1f s", r.episodeReturn(), r.seconds()));
                }
            }
        }
    }

    /** Prints one line: where the run is, then its memory after a full collection. */
    private void report(String where, String extra) throws IOException {
        System.gc();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        System.out.printf(Locale.ROOT, "%s | %.1f s | live heap %.1f MB, committed heap %.1f MB, rss %.1f MB, "
                        + "javacpp %.1f MB%s%n", where, (System.nanoTime() - start) / 1e9, heap.getUsed() / 1e6,
                heap.getCommitted() / 1e6, rssBytes() / 1e6, Pointer.totalBytes() / 1e6, extra);
        System.out.flush();
    }

    /** @return the resident set of this process ({@code VmRSS}), or -1 where /proc does not report it */
    private static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
