package org.mbrl4j.examples;

import java.awt.BasicStroke;
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

/**
 * The learning-curve figure of {@code mbrl4j compare}: per label, the mean across seeds as a line and
 * the min-max range across seeds as a shaded band. Both are drawn as steps, because every seed's value
 * is carried forward from its last point until its next one. The mean line is solid where every seed of
 * the label has a value and dashed where some have not started or have already ended (a mean over fewer
 * seeds), so that one long seed is not read as the label's mean.
 */
final class CurvesPlot {

    /** Colour-blind-safe palette (Okabe-Ito), cycled when there are more labels. */
    private static final Color[] PALETTE = {
        new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
        new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0)
    };

    /** The mean line where some seeds are missing. */
    private static final BasicStroke DASHED =
            new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10.0f, new float[] {6.0f, 4.0f}, 0.0f);

    private CurvesPlot() {}

    /**
     * Writes the figure as a PNG.
     *
     * @param bands one aligned band per label
     * @param title the chart title
     * @param xTitle the x-axis title
     * @param yTitle the y-axis title
     * @param file the PNG file to write (its folder is created)
     * @throws IOException if the file cannot be written
     */
    static void savePng(List<SeedCurves.Band> bands, String title, String xTitle, String yTitle, Path file)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(550).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setMarkerSize(0);
        // Learning curves rise to the right: the lower right corner is usually the emptiest.
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        for (int b = 0; b < bands.size(); b++) {
            SeedCurves.Band band = bands.get(b);
            Color color = PALETTE[b % PALETTE.length];
            List<Double> x = new ArrayList<>();
            List<Double> min = new ArrayList<>();
            List<Double> max = new ArrayList<>();
            for (int i = 0; i < band.x().length; i++) {
                SeedCurves.Stats s = band.stats()[i];
                if (s.n() > 0) {
                    x.add(band.x()[i]);
                    min.add(s.min());
                    max.add(s.max());
                }
            }
            if (x.size() > 1 && band.seeds().size() > 1) {
                // The band's outline: along the max steps forward, back along the min steps.
                List<Double> px = new ArrayList<>();
                List<Double> py = new ArrayList<>();
                appendSteps(x, max, px, py);
                List<Double> lowX = new ArrayList<>();
                List<Double> lowY = new ArrayList<>();
                appendSteps(x, min, lowX, lowY);
                for (int i = lowX.size() - 1; i >= 0; i--) {
                    px.add(lowX.get(i));
                    py.add(lowY.get(i));
                }
                XYSeries area = chart.addSeries(band.label() + " (min-max)", px, py);
                area.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
                area.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
                area.setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 0));
                area.setMarker(SeriesMarkers.NONE);
                area.setShowInLegend(false);
            }
            int partial = 0; // dashed stretches so far: the first is in the legend, the others need other names
            for (Segment segment : meanSegments(band)) {
                String name = segment.allSeeds()
                        ? band.label() + " (mean of " + band.seeds().size() + ")"
                        : band.label() + " (mean of fewer seeds)" + (partial == 0 ? "" : " #" + partial);
                XYSeries line = chart.addSeries(name, segment.x(), segment.y());
                line.setXYSeriesRenderStyle(XYSeriesRenderStyle.Step);
                line.setLineColor(color);
                line.setMarker(SeriesMarkers.NONE);
                if (!segment.allSeeds()) {
                    line.setLineStyle(DASHED);
                    line.setShowInLegend(partial == 0);
                    partial++;
                }
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /**
     * A stretch of a label's mean line over consecutive grid points.
     *
     * @param x grid x values, ascending
     * @param y the mean at each x (same length)
     * @param allSeeds whether every seed of the label has a value at these points (a stretch after the
     *     first starts with the previous stretch's last value at its first x: the riser between the two)
     */
    record Segment(List<Double> x, List<Double> y, boolean allSeeds) {}

    /**
     * Splits a band's mean line into stretches where all seeds have a value and stretches where fewer do.
     * Grid points where no seed has a value are left out. A stretch holds its last value up to the next
     * stretch's first x, and the next stretch starts with that value there, so the drawn line has no gaps.
     *
     * @param band the aligned band
     * @return the stretches in x order; one stretch when every seed covers the whole grid
     */
    static List<Segment> meanSegments(SeedCurves.Band band) {
        List<Segment> segments = new ArrayList<>();
        int all = band.seeds().size();
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        boolean full = false;
        for (int i = 0; i < band.x().length; i++) {
            SeedCurves.Stats s = band.stats()[i];
            if (s.n() == 0) {
                continue;
            }
            boolean pointFull = s.n() == all;
            if (!x.isEmpty() && pointFull != full) {
                // The stretch so far holds its last value up to this x; the next one starts there with the
                // riser from that value to its own, so the drawn steps have no gaps.
                double held = y.get(y.size() - 1);
                x.add(band.x()[i]);
                y.add(held);
                segments.add(new Segment(List.copyOf(x), List.copyOf(y), full));
                x.clear();
                y.clear();
                x.add(band.x()[i]);
                y.add(held);
            }
            full = pointFull;
            x.add(band.x()[i]);
            y.add(s.mean());
        }
        if (!x.isEmpty()) {
            segments.add(new Segment(List.copyOf(x), List.copyOf(y), full));
        }
        return segments;
    }

    /** Appends the corners of a step function (value held until the next x) to {@code outX}/{@code outY}. */
    private static void appendSteps(List<Double> x, List<Double> y, List<Double> outX, List<Double> outY) {
        for (int i = 0; i < x.size(); i++) {
            if (i > 0) {
                outX.add(x.get(i));
                outY.add(y.get(i - 1));
            }
            outX.add(x.get(i));
            outY.add(y.get(i));
        }
    }
}
