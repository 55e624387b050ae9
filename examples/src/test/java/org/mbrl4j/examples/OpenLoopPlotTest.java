package org.mbrl4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.models.dynamics.OpenLoopPrediction;

class OpenLoopPlotTest {

    @Test
    void writesOnePanelPerObservationDimension(@TempDir Path dir) throws Exception {
        int steps = 30;
        int o = 3;
        double[][] real = new double[steps + 1][o];
        double[][] mean = new double[steps + 1][o];
        double[][] std = new double[steps + 1][o];
        for (int t = 0; t <= steps; t++) {
            for (int j = 0; j < o; j++) {
                real[t][j] = Math.sin(0.1 * t + j);
                mean[t][j] = real[t][j] + 0.01 * t;
                std[t][j] = 0.02 * Math.sqrt(t);
            }
        }
        Path file = dir.resolve("plots/open-loop-trial-1.png");
        OpenLoopPlot.savePng(new OpenLoopPrediction(real, mean, std, 20), "test", file);
        BufferedImage image = ImageIO.read(file.toFile());
        // 3 panels of 560 x 330 in one column.
        assertEquals(560, image.getWidth());
        assertEquals(3 * 330, image.getHeight());
        Path even = dir.resolve("even.png");
        OpenLoopPlot.savePng(new OpenLoopPrediction(new double[][] {{0, 1}, {0.1, 1.1}},
                new double[][] {{0, 1}, {0.2, 1.0}}, new double[][] {{0, 0}, {0.1, 0.1}}, 5), "even", even);
        BufferedImage grid = ImageIO.read(even.toFile());
        assertEquals(2 * 560, grid.getWidth());
        assertEquals(330, grid.getHeight());
    }
}
