package org.mbrl4j.examples;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mbrl4j.models.dynamics.OpenLoopPrediction;

/**
 * Draws an {@link OpenLoopPrediction} as a PNG: one panel per observation dimension, with the real episode
 * (black), the mean of the model's samples (blue: an ensemble's particles or a world model's latent samples) and
 * the band of two standard deviations around it (shaded), against
 * the time step. The y-axis of a panel spans the band, so a band far wider than the real motion shows as a
 * flat black line inside a wide blue funnel.
 */
public final class OpenLoopPlot {

    private static final Color MEAN = new Color(0, 114, 178);
    private static final Color BAND = new Color(0, 114, 178, 60);

    private OpenLoopPlot() {}

    /**
     * Writes the figure (panels in rows of two for an even number of dimensions, in one column otherwise).
     *
     * @param prediction the prediction to draw
     * @param title the title of the first panel (the others are titled by their dimension)
     * @param file the PNG file to write (its folder is created)
     * @throws IOException if the file cannot be written
     */
    public static void savePng(OpenLoopPrediction prediction, String title, Path file) throws IOException {
        int o = prediction.observationSize();
        int rows = prediction.steps() + 1;
        List<XYChart> charts = new ArrayList<>();
        for (int j = 0; j < o; j++) {
            XYChart chart = new XYChartBuilder().width(560).height(330)
                    .title(j == 0 ? title : "observation[" + j + "]").xAxisTitle("step")
                    .yAxisTitle("observation[" + j + "]").build();
            chart.getStyler().setMarkerSize(0);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
            chart.getStyler().setLegendVisible(j == 0);
            List<Double> t = new ArrayList<>();
            List<Double> real = new ArrayList<>();
            List<Double> mean = new ArrayList<>();
            List<Double> bandX = new ArrayList<>();
            List<Double> bandY = new ArrayList<>();
            for (int s = 0; s < rows; s++) {
                t.add((double) s);
                real.add(prediction.real()[s][j]);
                mean.add(prediction.mean()[s][j]);
                bandX.add((double) s);
                bandY.add(prediction.mean()[s][j] + 2 * prediction.std()[s][j]);
            }
            for (int s = rows - 1; s >= 0; s--) {
                bandX.add((double) s);
                bandY.add(prediction.mean()[s][j] - 2 * prediction.std()[s][j]);
            }
            XYSeries band = chart.addSeries("model mean +- 2 std (" + prediction.particles() + " samples)",
                    bandX, bandY);
            band.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(BAND);
            band.setLineColor(new Color(0, 0, 0, 0));
            band.setMarker(SeriesMarkers.NONE);
            XYSeries m = chart.addSeries("model mean", t, mean);
            m.setLineColor(MEAN);
            m.setMarker(SeriesMarkers.NONE);
            XYSeries r = chart.addSeries("real", t, real);
            r.setLineColor(Color.BLACK);
            r.setMarker(SeriesMarkers.NONE);
            charts.add(chart);
        }
        // XChart's grid needs rows x cols charts exactly: rows of two for an even count, a column otherwise.
        int cols = o % 2 == 0 ? 2 : 1;
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(charts, (o + cols - 1) / cols, cols, out,
                BitmapEncoder.BitmapFormat.PNG));
    }
}
