package org.mbrl4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurvesPlotTest {

    private static SeedCurves.Curve curve(String name, double[] x, double[] y) {
        return new SeedCurves.Curve(name, x, y);
    }

    @Test
    void seedsCoveringTheWholeGridGiveOneFullStretch() {
        SeedCurves.Band band = SeedCurves.align("x", List.of(
                curve("a", new double[] {100, 200}, new double[] {1, 3}),
                curve("b", new double[] {100, 200}, new double[] {3, 5})));
        List<CurvesPlot.Segment> segments = CurvesPlot.meanSegments(band);
        assertEquals(1, segments.size());
        assertTrue(segments.get(0).allSeeds());
        assertEquals(List.of(100.0, 200.0), segments.get(0).x());
        assertEquals(List.of(2.0, 4.0), segments.get(0).y());
    }

    @Test
    void stretchesWithFewerSeedsAreSplitOffAndJoinedWithoutGaps() {
        // a: 100..300; b: 150..400. Grid 100 (a only), 150, 200, 300 (both), 400 (b only).
        SeedCurves.Band band = SeedCurves.align("x", List.of(
                curve("a", new double[] {100, 200, 300}, new double[] {1, 2, 3}),
                curve("b", new double[] {150, 300, 400}, new double[] {10, 20, 30})));
        List<CurvesPlot.Segment> segments = CurvesPlot.meanSegments(band);
        assertEquals(3, segments.size());

        CurvesPlot.Segment head = segments.get(0);
        assertFalse(head.allSeeds());
        // a alone at 100 (mean 1), held to 150 where both seeds start.
        assertEquals(List.of(100.0, 150.0), head.x());
        assertEquals(List.of(1.0, 1.0), head.y());

        CurvesPlot.Segment middle = segments.get(1);
        assertTrue(middle.allSeeds());
        // The riser at 150 from the held 1 to the mean 5.5, then 6 at 200, 11.5 at 300, held to 400.
        assertEquals(List.of(150.0, 150.0, 200.0, 300.0, 400.0), middle.x());
        assertEquals(List.of(1.0, 5.5, 6.0, 11.5, 11.5), middle.y());

        CurvesPlot.Segment tail = segments.get(2);
        assertFalse(tail.allSeeds(), "past seed a's end the mean is b's alone");
        assertEquals(List.of(400.0, 400.0), tail.x());
        assertEquals(List.of(11.5, 30.0), tail.y());
    }

    @Test
    void figureWithPartialStretchesBeforeAndAfterIsWritten(@TempDir Path dir) throws Exception {
        // Two dashed stretches per label (series names must differ) and two labels.
        List<SeedCurves.Curve> seeds = List.of(
                curve("a", new double[] {100, 200, 300}, new double[] {1, 2, 3}),
                curve("b", new double[] {150, 300, 400}, new double[] {10, 20, 30}));
        Path png = dir.resolve("out").resolve("curves.png");
        CurvesPlot.savePng(List.of(SeedCurves.align("sac", seeds), SeedCurves.align("td3", seeds)),
                "t", "env steps", "return", png);
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 1000, "a PNG was written");
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals('P', bytes[1]);
    }
}
