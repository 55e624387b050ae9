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

/** Collects (environment steps, episode return) points and saves them as a PNG line plot. */
public final class ReturnPlot {

    private final String title;
    private final List<Double> steps = new ArrayList<>();
    private final List<Double> returns = new ArrayList<>();

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

    /** @return the number of points */
    public int size() {
        return steps.size();
    }

    /**
     * Writes the plot whole or not at all (a temporary file renamed into place); does nothing when there are
     * no points.
     *
     * @param file the PNG file to write (its folder is created)
     * @throws IOException if the file cannot be written
     */
    public void savePng(Path file) throws IOException {
        if (steps.isEmpty()) {
            return;
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("environment steps").yAxisTitle("episode return").build();
        chart.getStyler().setLegendVisible(false);
        XYSeries series = chart.addSeries("return", steps, returns);
        series.setMarker(steps.size() > 200 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
