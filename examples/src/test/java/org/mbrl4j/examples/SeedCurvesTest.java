package org.mbrl4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedCurvesTest {

    private static final double EPS = 1e-12;

    /** Seed a: points at 100, 200, 300; seed b: at 150, 300, 400 (different grids, different ends). */
    private static SeedCurves.Band twoSeeds() {
        SeedCurves.Curve a = new SeedCurves.Curve("a", new double[] {100, 200, 300}, new double[] {1, 2, 3});
        SeedCurves.Curve b = new SeedCurves.Curve("b", new double[] {150, 300, 400}, new double[] {10, 20, 30});
        return SeedCurves.align("x", List.of(a, b));
    }

    private static void assertStats(double mean, double min, double max, int n, SeedCurves.Stats s) {
        assertEquals(n, s.n(), "n in " + s);
        assertEquals(mean, s.mean(), EPS, "mean in " + s);
        assertEquals(min, s.min(), EPS, "min in " + s);
        assertEquals(max, s.max(), EPS, "max in " + s);
    }

    @Test
    void gridIsTheUnionAndValuesAreCarriedForwardWithoutExtrapolation() {
        SeedCurves.Band band = twoSeeds();
        assertArrayEquals(new double[] {100, 150, 200, 300, 400}, band.x());
        // 100: b has not started; 150: a carries 1; 200: b carries 10; 400: a has ended at 300.
        assertStats(1, 1, 1, 1, band.stats()[0]);
        assertStats(5.5, 1, 10, 2, band.stats()[1]);
        assertStats(6, 2, 10, 2, band.stats()[2]);
        assertStats(11.5, 3, 20, 2, band.stats()[3]);
        assertStats(30, 30, 30, 1, band.stats()[4]);
        assertStats(6, 2, 10, 2, band.at(250));
        assertEquals(0, band.at(99).n());
        assertEquals(0, band.at(401).n());
    }

    @Test
    void finalValuesAreEachSeedsLastPoint() {
        SeedCurves.Band band = twoSeeds();
        assertStats(16.5, 3, 30, 2, band.last());
        assertStats(350, 300, 400, 2, band.lastX());
    }

    @Test
    void thresholdIsTheFirstStepWhereTheMeanOverAllSeedsReachesIt() {
        SeedCurves.Band band = twoSeeds();
        assertEquals(OptionalDouble.of(150), band.firstReaching(5.5), "reached exactly counts");
        assertEquals(OptionalDouble.of(200), band.firstReaching(5.6));
        assertEquals(OptionalDouble.of(300), band.firstReaching(11.5));
        // Only seed b reaches 30 (at 400, after a ended): one seed alone does not count.
        assertEquals(OptionalDouble.empty(), band.firstReaching(20));
        // Seed a alone at 100 has mean 1, but b has not started there.
        assertEquals(OptionalDouble.of(150), band.firstReaching(0));
    }

    @Test
    void severalRowsAtOneStepResolveToTheLatest() {
        SeedCurves.Curve c = new SeedCurves.Curve("c", new double[] {100, 100, 200}, new double[] {1, 5, 7});
        assertEquals(5, c.valueAt(100));
        assertEquals(5, c.valueAt(199));
        assertEquals(7, c.valueAt(200));
        assertTrue(Double.isNaN(c.valueAt(201)));
    }

    @Test
    void readSkipsRowsBeforeTheFirstEvaluationAndHonoursQuotes(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("episodes.csv");
        // A quoted field with a comma and doubled quotes, a NaN evaluation, a trailing blank line.
        Files.writeString(csv, "episode,env_steps,note,eval_return\n"
                + "0,200,\"a, quoted \"\"note\"\"\",NaN\n"
                + "1,400,x,-1000.5\n"
                + "2,600,y,-500\n\n");
        SeedCurves.Curve c = SeedCurves.read(csv, "env_steps", "eval_return");
        assertArrayEquals(new double[] {400, 600}, c.x());
        assertArrayEquals(new double[] {-1000.5, -500}, c.y());
        assertEquals(List.of("0", "200", "a, quoted \"note\"", "NaN"),
                SeedCurves.splitCsvLine("0,200,\"a, quoted \"\"note\"\"\",NaN", csv, 2));
    }

    @Test
    void readRejectsMissingColumnsBadNumbersDecreasingStepsAndNoValues(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("episodes.csv");
        Files.writeString(csv, "episode,env_steps,return\n0,200,-5\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeedCurves.read(csv, "env_steps", "eval_return"));
        assertTrue(e.getMessage().contains("no column eval_return") && e.getMessage().contains("episode,env_steps,return"),
                e.getMessage());

        Files.writeString(csv, "env_steps,return\n200,-5\n400,abc\n");
        e = assertThrows(IllegalArgumentException.class, () -> SeedCurves.read(csv, "env_steps", "return"));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("'abc'"), e.getMessage());

        Files.writeString(csv, "env_steps,return\n400,-5\n200,-4\n");
        e = assertThrows(IllegalArgumentException.class, () -> SeedCurves.read(csv, "env_steps", "return"));
        assertTrue(e.getMessage().contains("non-decreasing") && e.getMessage().contains("200"), e.getMessage());

        Files.writeString(csv, "env_steps,eval_return\n200,NaN\n400,NaN\n");
        e = assertThrows(IllegalArgumentException.class, () -> SeedCurves.read(csv, "env_steps", "eval_return"));
        assertTrue(e.getMessage().contains("no value other than NaN"), e.getMessage());

        Files.writeString(csv, "env_steps,return\n200,-5,7\n");
        e = assertThrows(IllegalArgumentException.class, () -> SeedCurves.read(csv, "env_steps", "return"));
        assertTrue(e.getMessage().contains("3 fields, expected 2"), e.getMessage());
    }

    @Test
    void aLabelNeedsRuns() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeedCurves.align("sac", List.of()));
        assertTrue(e.getMessage().contains("sac"), e.getMessage());
    }
}
