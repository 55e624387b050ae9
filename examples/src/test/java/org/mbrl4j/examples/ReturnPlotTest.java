package org.mbrl4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class ReturnPlotTest {

    private static List<Double> xs(XYSeries s) {
        return Arrays.stream(s.getXData()).boxed().toList();
    }

    private static List<Double> ys(XYSeries s) {
        return Arrays.stream(s.getYData()).boxed().toList();
    }

    @Test
    void evaluationsAreASecondSeriesBesideTheTrainingReturns(@TempDir Path dir) throws Exception {
        ReturnPlot plot = new ReturnPlot("sac on Pendulum-v1 (seed 0)");
        plot.add(200, -1500);
        plot.add(400, -1300);
        plot.add(600, -900);
        plot.addEvaluation(400, -1100);
        plot.addEvaluation(600, -700);
        XYChart chart = plot.chart();
        assertEquals(List.of(ReturnPlot.TRAINING, ReturnPlot.EVALUATION), List.copyOf(chart.getSeriesMap().keySet()));
        XYSeries training = chart.getSeriesMap().get(ReturnPlot.TRAINING);
        XYSeries eval = chart.getSeriesMap().get(ReturnPlot.EVALUATION);
        assertEquals(List.of(200.0, 400.0, 600.0), xs(training));
        assertEquals(List.of(-1500.0, -1300.0, -900.0), ys(training));
        assertEquals(List.of(400.0, 600.0), xs(eval));
        assertEquals(List.of(-1100.0, -700.0), ys(eval));
        assertTrue(chart.getStyler().isLegendVisible(), "two series need a legend");
        assertEquals(2, plot.evaluations());

        Path png = dir.resolve("returns.png");
        plot.savePng(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(Files.readAllBytes(png), 4));
    }

    @Test
    void withoutEvaluationsThereIsOneSeriesAndNoLegend(@TempDir Path dir) throws Exception {
        ReturnPlot plot = new ReturnPlot("random on CartPole-v1 (seed 0)");
        plot.add(20, 20);
        XYChart chart = plot.chart();
        assertEquals(List.of(ReturnPlot.TRAINING), List.copyOf(chart.getSeriesMap().keySet()));
        assertFalse(chart.getStyler().isLegendVisible());
        Path none = dir.resolve("none.png");
        new ReturnPlot("empty").savePng(none);
        assertFalse(Files.exists(none), "no points, no file");
    }
}
