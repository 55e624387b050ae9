package org.mbrl4j.envs.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.SimulatedEnvironment;
import org.mbrl4j.core.Step;
import org.mbrl4j.core.spaces.Discrete;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.envs.wrappers.TimeLimit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Compares every transition recorded from Gymnasium 1.3.0 (src/test/resources/gymnasium, see its
 * README) with ours: next state, observation, reward, terminated and truncated, through
 * {@code Envs.make} so that the registry's time limits are checked too.
 */
class GymnasiumReferenceTest {

    private static final double TOLERANCE = 1e-6;

    /** One recorded transition. */
    record Row(int episode, int t, double[] state, double[] action, double[] nextState, double[] observation,
            double reward, boolean terminated, boolean truncated) {}

    static List<Row> load(String id, int stateDim, int actionDim, int obsDim) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = GymnasiumReferenceTest.class.getResourceAsStream("/gymnasium/" + id + ".csv")) {
            assertTrue(in != null, "missing reference file for " + id);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String header = r.readLine();
            assertEquals(2 + 2 * stateDim + actionDim + obsDim + 3, header.split(",").length, header);
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(",");
                int k = 0;
                int episode = Integer.parseInt(f[k++]);
                int t = Integer.parseInt(f[k++]);
                double[] s = new double[stateDim];
                for (int i = 0; i < stateDim; i++) {
                    s[i] = Double.parseDouble(f[k++]);
                }
                double[] a = new double[actionDim];
                for (int i = 0; i < actionDim; i++) {
                    a[i] = Double.parseDouble(f[k++]);
                }
                double[] ns = new double[stateDim];
                for (int i = 0; i < stateDim; i++) {
                    ns[i] = Double.parseDouble(f[k++]);
                }
                double[] o = new double[obsDim];
                for (int i = 0; i < obsDim; i++) {
                    o[i] = Double.parseDouble(f[k++]);
                }
                double reward = Double.parseDouble(f[k++]);
                boolean terminated = f[k++].equals("1");
                boolean truncated = f[k].equals("1");
                rows.add(new Row(episode, t, s, a, ns, o, reward, terminated, truncated));
            }
        }
        return rows;
    }

    static Map<Integer, List<Row>> episodes(List<Row> rows) {
        Map<Integer, List<Row>> byEpisode = new LinkedHashMap<>();
        for (Row row : rows) {
            byEpisode.computeIfAbsent(row.episode(), e -> new ArrayList<>()).add(row);
        }
        return byEpisode;
    }

    static INDArray action(Environment env, double[] a) {
        if (env.actionSpace() instanceof Discrete) {
            return Nd4j.scalar(DataType.INT64, (long) a[0]);
        }
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return Nd4j.createFromArray(f);
    }

    private static int[] dims(String id) {
        return switch (id) {
            case "CartPole-v1" -> new int[] {4, 1, 4};
            case "Pendulum-v1" -> new int[] {2, 1, 3};
            case "MountainCar-v0", "MountainCarContinuous-v0" -> new int[] {2, 1, 2};
            case "Acrobot-v1" -> new int[] {4, 1, 6};
            default -> throw new IllegalArgumentException(id);
        };
    }

    /** Every recorded step, from the recorded state, through {@code Envs.make} (time limit included). */
    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "Pendulum-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1"})
    void everyStepMatchesGymnasium(String id) throws IOException {
        int[] d = dims(id);
        List<Row> rows = load(id, d[0], d[1], d[2]);
        assertTrue(rows.size() >= 300, id + " has only " + rows.size() + " reference transitions");
        int terminatedEpisodes = 0;
        int truncatedEpisodes = 0;
        double maxError = 0;
        for (List<Row> episode : episodes(rows).values()) {
            Environment env = Envs.make(id);
            TimeLimit limit = (TimeLimit) env;
            SimulatedEnvironment sim = (SimulatedEnvironment) limit.unwrapped();
            env.reset(7);
            for (Row row : episode) {
                assertEquals(row.t() - 1, limit.elapsedSteps(), id + " step counter");
                sim.setState(row.state());
                Step step = env.step(action(env, row.action()));
                String where = id + " episode " + row.episode() + " t " + row.t();
                maxError = Math.max(maxError, assertClose(row.nextState(), sim.getState(), where + " state"));
                maxError = Math.max(maxError,
                        assertClose(row.observation(), step.observation().toDoubleVector(), where + " observation"));
                assertEquals(DataType.FLOAT, step.observation().dataType(), where);
                assertEquals(row.reward(), step.reward(), TOLERANCE, where + " reward");
                maxError = Math.max(maxError, Math.abs(row.reward() - step.reward()));
                assertEquals(row.terminated(), step.terminated(), where + " terminated");
                assertEquals(row.truncated(), step.truncated(), where + " truncated");
            }
            Row last = episode.get(episode.size() - 1);
            assertTrue(last.terminated() || last.truncated(), id + " episode " + last.episode() + " is complete");
            terminatedEpisodes += last.terminated() ? 1 : 0;
            truncatedEpisodes += last.truncated() ? 1 : 0;
        }
        assertTrue(truncatedEpisodes >= 1, id + ": the reference data should include a truncated episode");
        if (!id.equals("Pendulum-v1")) {
            assertTrue(terminatedEpisodes >= 1, id + ": the reference data should include a terminated episode");
        }
        System.out.printf("%s: %d transitions, max abs difference from Gymnasium %.3g%n", id, rows.size(), maxError);
    }

    /**
     * Whole episodes from Gymnasium's initial state with the recorded actions and no re-synchronisation,
     * for the environments whose dynamics do not amplify last-bit differences of sin and cos. This also
     * checks MountainCarContinuous's float32 state after its first step.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Pendulum-v1", "MountainCar-v0", "MountainCarContinuous-v0"})
    void wholeEpisodesMatchGymnasium(String id) throws IOException {
        int[] d = dims(id);
        double maxError = 0;
        for (List<Row> episode : episodes(load(id, d[0], d[1], d[2])).values()) {
            Environment env = Envs.make(id);
            SimulatedEnvironment sim = (SimulatedEnvironment) ((TimeLimit) env).unwrapped();
            env.reset(7);
            sim.setState(episode.get(0).state());
            for (Row row : episode) {
                Step step = env.step(action(env, row.action()));
                String where = id + " replay of episode " + row.episode() + " at t " + row.t();
                maxError = Math.max(maxError, assertClose(row.nextState(), sim.getState(), where + " state"));
                maxError = Math.max(maxError,
                        assertClose(row.observation(), step.observation().toDoubleVector(), where + " observation"));
                assertEquals(row.reward(), step.reward(), TOLERANCE, where + " reward");
                assertEquals(row.terminated(), step.terminated(), where + " terminated");
                assertEquals(row.truncated(), step.truncated(), where + " truncated");
            }
        }
        System.out.printf("%s: whole episodes replayed, max abs difference from Gymnasium %.3g%n", id, maxError);
    }

    private static double assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]);
            if (!(err <= TOLERANCE)) {
                throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i]);
            }
            max = Math.max(max, err);
        }
        return max;
    }
}
