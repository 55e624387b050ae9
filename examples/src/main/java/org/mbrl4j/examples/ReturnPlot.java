package org.mbrl4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Collects (environment steps, episode return) points and saves them as a PNG line plot: the training
 * episodes' returns and, for learners that are evaluated during training, the evaluation returns (the mean
 * return of the deterministic policy over the evaluation episodes) as a second series with a legend.
 */
public final class ReturnPlot {

    /** Name of the series of training episodes. */
    static final String TRAINING = "training episodes";
    /** Name of the series of evaluations. */
    static final String EVALUATION = "evaluation (mean return)";

    private final String title;
    private final List<Double> steps = new ArrayList<>();
    private final List<Double> returns = new ArrayList<>();
    private final List<Double> evalSteps = new ArrayList<>();
    private final List<Double> evalReturns = new ArrayList<>();

    /** @param title the chart title, e.g. {@code "random on CartPole-v1 (seed 0)"} */
    public ReturnPlot(String title) {
        this.title = title;
    }

    /**
     * @param envSteps total environment steps at the end of the episode
     * @param episodeReturn the episode's undiscounted return
     */
    public void add(long envSteps, double episodeReturn) {
        steps.add((double) envSteps);
        returns.add(episodeReturn);
    }

    /**
     * @param envSteps total environment steps when the evaluation ran
     * @param meanReturn the evaluation's mean return
     */
    public void addEvaluation(long envSteps, double meanReturn) {
        evalSteps.add((double) envSteps);
        evalReturns.add(meanReturn);
    }

    /** @return the number of training points */
    public int size() {
        return steps.size();
    }

    /** @return the number of evaluation points */
    public int evaluations() {
        return evalSteps.size();
    }

    /**
     * The chart as {@link #savePng} draws it.
     *
     * @return a chart with the training series and, when there are evaluations, the evaluation series and a
     *     legend
     */
    XYChart chart() {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("environment steps").yAxisTitle("episode return").build();
        chart.getStyler().setLegendVisible(!evalSteps.isEmpty());
        if (!steps.isEmpty()) {
            XYSeries series = chart.addSeries(TRAINING, steps, returns);
            series.setMarker(steps.size() > 200 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        if (!evalSteps.isEmpty()) {
            XYSeries eval = chart.addSeries(EVALUATION, evalSteps, evalReturns);
            eval.setMarker(SeriesMarkers.DIAMOND);
        }
        return chart;
    }

    /**
     * Writes the plot whole or not at all (a temporary file renamed into place); does nothing when there are
     * no points at all.
     *
     * @param file the PNG file to write (its folder is created)
     * @throws IOException if the file cannot be written
     */
    public void savePng(Path file) throws IOException {
        if (steps.isEmpty() && evalSteps.isEmpty()) {
            return;
        }
        XYChart chart = chart();
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
