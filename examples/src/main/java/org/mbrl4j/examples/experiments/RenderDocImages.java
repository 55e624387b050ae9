package org.mbrl4j.examples.experiments;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.mbrl4j.envs.Envs;
import org.mbrl4j.envs.render.StateRenderer;

/**
 * Writes the pictures of the environments used in the docs ({@code docs/images/envs/<id>.png}), each from a
 * representative state at Gymnasium's screen size, drawn by the registry's renderer
 * ({@code EnvSpec.renderer()}). A program, not a test: run it by hand after a change to a renderer, from the
 * repository root:
 *
 * <pre>{@code
 * mvn -q -pl examples -am package -DskipTests
 * java -Djava.awt.headless=true -cp examples/target/mbrl4j.jar \
 *     org.mbrl4j.examples.experiments.RenderDocImages [outputDir] [width height]
 * }</pre>
 *
 * With a size, every picture is drawn at that size instead (e.g. {@code 64 64} to see what a pixel agent sees).
 */
public final class RenderDocImages {

    private RenderDocImages() {}

    /**
     * @param args optional output directory (default {@code docs/images/envs}), then optional width and height
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "docs/images/envs");
        // States chosen to show each task; the renderers are the registry's, so the pictures match Envs.
        Map<String, double[]> scenes = new LinkedHashMap<>();
        scenes.put("CartPole-v1", new double[] {0.4, 0.0, 0.12, 0.0});
        scenes.put("CartPoleContinuous-v0", new double[] {-0.6, 0.0, -0.15, 0.0});
        scenes.put("CartPoleSwingUp-v0", new double[] {0.3, 0.0, 2.4, 0.0});
        scenes.put("Pendulum-v1", new double[] {0.7, 0.0});
        scenes.put("MountainCar-v0", new double[] {-0.9, 0.0});
        scenes.put("MountainCarContinuous-v0", new double[] {0.2, 0.0});
        scenes.put("Acrobot-v1", new double[] {0.6, 0.8, 0.0, 0.0});
        Files.createDirectories(dir);
        for (Map.Entry<String, double[]> e : scenes.entrySet()) {
            StateRenderer r = Envs.spec(e.getKey()).renderer();
            int w = args.length > 2 ? Integer.parseInt(args[1]) : r.nativeWidth();
            int h = args.length > 2 ? Integer.parseInt(args[2]) : r.nativeHeight();
            BufferedImage image = r.render(e.getValue(), w, h);
            Path file = dir.resolve(e.getKey() + ".png");
            ImageIO.write(image, "png", file.toFile());
            System.out.println("wrote " + file + " (" + w + "x" + h + ")");
        }
    }
}
