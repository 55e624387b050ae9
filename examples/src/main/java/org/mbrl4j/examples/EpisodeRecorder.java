package org.mbrl4j.examples;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.mbrl4j.core.Agent;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.loop.EpisodeStats;
import org.mbrl4j.core.loop.EvaluationResult;
import org.mbrl4j.core.loop.RolloutListener;
import org.mbrl4j.core.loop.Rollouts;
import org.mbrl4j.core.metrics.MetricsLogger;
import org.mbrl4j.tensor.CpuThreads;

/**
 * What every run command leaves behind: a progress bar while it runs, one metrics record per episode in
 * {@code <out>/episodes.csv} and {@code <out>/episodes.jsonl}, and {@code <out>/returns.png} (episode
 * return against environment steps, with the evaluations recorded by {@link #recordEvaluation} beside them)
 * when it closes. The metrics files are created at the first episode;
 * the plot is written whole or not at all ({@link AtomicFiles}).
 */
final class EpisodeRecorder implements RolloutListener, AutoCloseable {

    private final Path out;
    private final LazyMetrics metrics;
    private final ReturnPlot plot;
    private final ProgressBar progress;
    private final long startNanos = System.nanoTime();
    private final List<EpisodeStats> episodes = new ArrayList<>();
    private long totalSteps;
    /** Seconds of the run before a resume, added to {@code wall_seconds}. */
    private double wallOffset;

    /** Redraws of the progress bar on a terminal, and lines printed without one (logs, pipes), in ms. */
    private static final int TERMINAL_REDRAW_MILLIS = 250;
    private static final int LOG_LINE_MILLIS = 30_000;

    private EpisodeRecorder(Path out, LazyMetrics metrics, ReturnPlot plot, ProgressBar progress) {
        this.out = out;
        this.metrics = metrics;
        this.plot = plot;
        this.progress = progress;
    }

    /**
     * @param out the output folder, existing ({@link RunFolder#create()})
     * @param title the plot title
     * @param total the progress bar's total
     * @param unit what the total counts, e.g. {@code "episodes"}
     * @return a recorder writing into {@code out}
     */
    static EpisodeRecorder open(Path out, String title, long total, String unit) {
        // The command line's thread policy (docs/performance.md#threads), applied before the bar starts so that
        // the bar measures the run; a command that configured its own (the off-policy ones: one thread) keeps it.
        CpuThreads.configureDefaults();
        ProgressBar bar = progressBar(unit, total, isTerminal(), System.err::println).build();
        return new EpisodeRecorder(out, new LazyMetrics(() -> MetricsLogger.toDirectory(out, "episodes")),
                new ReturnPlot(title), bar);
    }

    /**
     * Continues the recording of a resumed run: the metrics files get the new records after the ones they hold
     * (cut back to the saved episodes with {@link RunCheckpoint#keepRecords} first), the plot starts with the
     * episodes of {@code episodes.csv}, {@code wall_seconds} continues from its last row, and the bar starts at
     * {@code done}.
     *
     * @param out the run folder
     * @param title the plot title
     * @param total the progress bar's total
     * @param unit what the total counts
     * @param done how much was done before the resume
     * @return a recorder appending to {@code out}
     * @throws IOException if {@code episodes.csv} cannot be read
     */
    static EpisodeRecorder resume(Path out, String title, long total, String unit, long done) throws IOException {
        CpuThreads.configureDefaults();
        ReturnPlot plot = new ReturnPlot(title);
        double wall = 0;
        Path csv = out.resolve("episodes.csv");
        if (Files.exists(csv)) {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            if (!lines.isEmpty()) {
                List<String> header = List.of(lines.get(0).split(",", -1));
                int steps = header.indexOf("env_steps");
                int ret = header.indexOf("return");
                int seconds = header.indexOf("wall_seconds");
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.split(",", -1);
                    try {
                        if (steps >= 0 && ret >= 0 && f.length > Math.max(steps, ret)) {
                            plot.add(Long.parseLong(f[steps]), Double.parseDouble(f[ret]));
                        }
                        if (seconds >= 0 && f.length > seconds) {
                            wall = Double.parseDouble(f[seconds]);
                        }
                    } catch (NumberFormatException e) {
                        // A row this recorder did not write (edited by hand): not plotted.
                    }
                }
            }
        }
        ProgressBar bar = progressBar(unit, total, isTerminal(), System.err::println).setInitialMax(total).build();
        bar.stepTo(done);
        EpisodeRecorder r = new EpisodeRecorder(out,
                new LazyMetrics(() -> MetricsLogger.appendToDirectory(out, "episodes")), plot, bar);
        r.wallOffset = wall;
        r.totalSteps = done;
        return r;
    }

    /**
     * @param unit what the total counts
     * @param total the bar's total
     * @param terminal whether the JVM runs on a terminal: a bar redrawn in place with carriage returns on
     *     standard error; otherwise (CI logs, pipes, {@code nohup}) one line every 30 s to {@code lines},
     *     which a log keeps readable
     * @param lines where the lines go without a terminal
     * @return the progress bar's builder
     */
    static ProgressBarBuilder progressBar(String unit, long total, boolean terminal, Consumer<String> lines) {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(unit).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).continuousUpdate();
        if (terminal) {
            return builder.setUpdateIntervalMillis(TERMINAL_REDRAW_MILLIS);
        }
        return builder.setUpdateIntervalMillis(LOG_LINE_MILLIS)
                .setConsumer(new DelegatingProgressBarConsumer(lines, 100));
    }

    /**
     * @return whether the JVM runs on a terminal: {@code System.console()} (null without one up to Java 21)
     *     and, from Java 22 on, where a console exists without a terminal, {@code Console.isTerminal()}
     */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // before Java 22: a console is a terminal
        }
    }

    /**
     * Runs {@code episodes} episodes of {@code agent} in {@code env}, recording each.
     *
     * @param env the environment
     * @param agent the agent (its {@code observe} is called after every step)
     * @param episodes number of episodes, {@code >= 1}
     * @param seed the seed of the first reset
     */
    void run(Environment env, Agent agent, int episodes, long seed) {
        Rollouts.collectEpisodes(env, agent, episodes, seed, this);
    }

    @Override
    public void onEpisodeEnd(EpisodeStats stats) {
        record(stats, Map.of());
        progress.step();
    }

    /**
     * Records one finished episode: a metrics record, a plot point, the progress bar's message.
     *
     * @param stats the episode
     * @param extra further columns for the metrics record (evaluation return, losses, ...), written after
     *     the standard ones; must carry the same keys on every call (the CSV header is fixed by the first)
     */
    void record(EpisodeStats stats, Map<String, ?> extra) {
        episodes.add(stats);
        totalSteps = stats.totalSteps();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("episode", stats.episode());
        record.put("env_steps", stats.totalSteps());
        record.put("return", stats.episodeReturn());
        record.put("length", stats.length());
        record.put("terminated", stats.terminated());
        record.put("truncated", stats.truncated());
        record.put("wall_seconds", wallOffset + (System.nanoTime() - startNanos) / 1e9);
        record.putAll(extra);
        metrics.log(record);
        plot.add(stats.totalSteps(), stats.episodeReturn());
        progress.setExtraMessage(String.format(" return %.1f", stats.episodeReturn()));
    }

    /**
     * Adds an evaluation to the plot ({@code returns.png} shows it next to the training returns).
     *
     * @param envSteps total environment steps when the evaluation ran
     * @param meanReturn the evaluation's mean return
     */
    void recordEvaluation(long envSteps, double meanReturn) {
        plot.addEvaluation(envSteps, meanReturn);
    }

    /**
     * Moves the progress bar to an absolute position (for runs counted in environment steps).
     *
     * @param done how much of the total is done
     */
    void progressTo(long done) {
        progress.stepTo(done);
    }

    /**
     * Ends the progress bar at what was done, for runs whose total was an upper bound (trials that end
     * early at a termination).
     *
     * @param done how much was done in the end
     */
    void finish(long done) {
        progress.maxHint(done);
        progress.stepTo(done);
    }

    /** @return total environment steps so far */
    long totalSteps() {
        return totalSteps;
    }

    /** @return returns and lengths of the recorded episodes */
    EvaluationResult summary() {
        double[] returns = episodes.stream().mapToDouble(EpisodeStats::episodeReturn).toArray();
        int[] lengths = episodes.stream().mapToInt(EpisodeStats::length).toArray();
        return EvaluationResult.of(returns, lengths);
    }

    @Override
    public void close() throws IOException {
        progress.close();
        metrics.close();
        plot.savePng(out.resolve("returns.png"));
    }
}
