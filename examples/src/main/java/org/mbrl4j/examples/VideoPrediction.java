package org.mbrl4j.examples;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.mbrl4j.core.Agent;
import org.mbrl4j.core.Environment;
import org.mbrl4j.core.Step;
import org.mbrl4j.envs.render.GifWriter;
import org.mbrl4j.models.dynamics.OpenLoopPrediction;
import org.mbrl4j.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import picocli.CommandLine.Option;

/**
 * {@code --video-steps} of the latent-model commands and the picture it asks for after training: one evaluation
 * episode, the world model filters its first {@value #CONTEXT} observations and predicts the rest open-loop from
 * the recorded actions alone (Dreamer's video prediction). With image observations it writes
 * {@code video-prediction.gif}: each frame the real image, the model's and their absolute difference side by side;
 * with state vectors, {@code open-loop.png}: each observation dimension against the step, real and the mean and
 * two standard deviations of {@value #SAMPLES} latent samples.
 */
final class VideoPrediction {

    /** Observed steps before the open-loop part (DreamerV3's report uses 5). */
    static final int CONTEXT = 5;
    /** Latent samples behind the state-vector picture's band. */
    static final int SAMPLES = 8;

    /** A trained world model's open-loop prediction (as {@code Dreamer.openLoop} and {@code Planet.openLoop}). */
    @FunctionalInterface
    interface Model {
        /**
         * @param observations {@code [T, ...observationShape]}
         * @param actions      {@code [T - 1, ...actionShape]}, in the environment's units
         * @param context      observed steps
         * @param samples      latent samples
         * @param rng          the generator of the latent samples
         * @return {@code [samples, T, ...observationShape]}
         */
        INDArray openLoop(INDArray observations, INDArray actions, int context, int samples, RandomGenerator rng);
    }

    /** Length of the predicted episode in decisions; 0 for no picture. */
    @Option(names = "--video-steps", description = "Decisions of the open-loop prediction after training "
            + "(video-prediction.gif with --pixels, open-loop.png otherwise; " + CONTEXT + " observed, the rest "
            + "predicted); 0 for none. Default: ${DEFAULT-VALUE}.", defaultValue = "50")
    int steps;

    /**
     * @throws IllegalArgumentException naming the option and the value
     */
    void validate() {
        if (steps < 0 || (steps > 0 && steps <= CONTEXT)) {
            throw new IllegalArgumentException("--video-steps must be 0 or > " + CONTEXT + ": " + steps);
        }
    }

    /**
     * Plays one episode of at most {@link #steps} decisions with {@code agent} and writes the picture into
     * {@code out} (atomically); writes nothing when {@link #steps} is 0 or the episode ends within the context.
     *
     * @param model   the trained world model
     * @param agent   the evaluation agent
     * @param evalEnv the environment as the agent sees it, reset here with {@code seed}
     * @param out     the run folder
     * @param seed    the reset seed and the seed of the latent samples
     * @throws Exception if the file cannot be written
     */
    void write(Model model, Agent agent, Environment evalEnv, Path out, long seed) throws Exception {
        if (steps == 0) {
            return;
        }
        agent.reset();
        List<INDArray> obs = new ArrayList<>();
        List<INDArray> acts = new ArrayList<>();
        INDArray o = evalEnv.reset(seed).observation();
        obs.add(o.dup());
        while (obs.size() < steps) {
            INDArray a = agent.act(o);
            Step step = evalEnv.step(a);
            acts.add(a.dup());
            o = step.observation();
            obs.add(o.dup());
            if (step.terminated() || step.truncated()) {
                break;
            }
        }
        if (obs.size() <= CONTEXT) {
            return;
        }
        INDArray real = Nd4j.stack(0, obs.toArray(new INDArray[0]));
        INDArray actions = Nd4j.stack(0, acts.toArray(new INDArray[0]));
        boolean images = real.rank() == 4;
        INDArray pred = model.openLoop(real, actions, CONTEXT, images ? 1 : SAMPLES, new SplittableRandom(seed));
        HostArrays.requireFinite(HostArrays.toDoubles(pred), "the world model's open-loop prediction");
        if (images) {
            writeGif(real, pred.get(NDArrayIndex.point(0)), out.resolve("video-prediction.gif"));
        } else {
            OpenLoopPlot.savePng(statistics(real, pred), "open-loop prediction after " + CONTEXT + " observed steps",
                    out.resolve("open-loop.png"));
        }
    }

    /** Real rows {@code [T][d]} and the samples {@code [n][T][d]} as an open-loop prediction. */
    private static OpenLoopPrediction statistics(INDArray real, INDArray pred) {
        int t = (int) real.size(0);
        int d = (int) real.length() / t;
        int n = (int) pred.size(0);
        double[] r = HostArrays.toDoubles(real);
        double[] p = HostArrays.toDoubles(pred);
        double[][] realRows = new double[t][d];
        double[][][] samples = new double[n][t][d];
        for (int s = 0; s < t; s++) {
            System.arraycopy(r, s * d, realRows[s], 0, d);
            for (int k = 0; k < n; k++) {
                System.arraycopy(p, (k * t + s) * d, samples[k][s], 0, d);
            }
        }
        return OpenLoopPrediction.ofSamples(realRows, samples);
    }

    /** Frames of real | model | |difference|, scaled up to at least 96 pixels high, 10 frames per second. */
    private static void writeGif(INDArray real, INDArray pred, Path file) throws Exception {
        int t = (int) real.size(0);
        int c = (int) real.size(1);
        int h = (int) real.size(2);
        int w = (int) real.size(3);
        int scale = Math.max(1, (96 + h - 1) / h);
        int header = 16;
        float[] r = real.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).reshape((long) t * c * h * w)
                .toFloatVector();
        float[] p = pred.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).reshape((long) t * c * h * w)
                .toFloatVector();
        Path tmp = AtomicFiles.temporaryFor(file);
        try {
            try (GifWriter gif = new GifWriter(tmp, 100)) {
                for (int s = 0; s < t; s++) {
                    BufferedImage frame = new BufferedImage(3 * w * scale, h * scale + header,
                            BufferedImage.TYPE_INT_RGB);
                    Graphics2D g = frame.createGraphics();
                    g.setColor(Color.WHITE);
                    g.fillRect(0, 0, frame.getWidth(), header);
                    g.setColor(Color.BLACK);
                    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                    g.drawString("t=" + s + (s < CONTEXT ? " observed" : " predicted") + "  real | model | error",
                            3, header - 4);
                    g.dispose();
                    int base = s * c * h * w;
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            int rr = 0;
                            int pp = 0;
                            int ee = 0;
                            for (int k = 0; k < 3; k++) {
                                int at = base + ((c == 1 ? 0 : k) * h + y) * w + x;
                                float a = clip(r[at]);
                                float b = clip(p[at]);
                                rr = rr << 8 | Math.round(255 * a);
                                pp = pp << 8 | Math.round(255 * b);
                                ee = ee << 8 | Math.round(255 * Math.abs(a - b));
                            }
                            fill(frame, x * scale, header + y * scale, scale, rr);
                            fill(frame, (w + x) * scale, header + y * scale, scale, pp);
                            fill(frame, (2 * w + x) * scale, header + y * scale, scale, ee);
                        }
                    }
                    gif.append(frame);
                }
            }
            AtomicFiles.moveIntoPlace(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static float clip(float v) {
        return Math.max(0, Math.min(1, v));
    }

    /** Paints a {@code scale x scale} block at {@code (x0, y0)} in the packed colour {@code rgb} (0xRRGGBB). */
    private static void fill(BufferedImage img, int x0, int y0, int scale, int rgb) {
        for (int y = y0; y < y0 + scale; y++) {
            for (int x = x0; x < x0 + scale; x++) {
                img.setRGB(x, y, rgb);
            }
        }
    }
}
