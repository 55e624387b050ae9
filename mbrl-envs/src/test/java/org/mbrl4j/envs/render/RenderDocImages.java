package org.mbrl4j.envs.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes the pictures of the environments used in the docs ({@code docs/images/envs/<id>.png}), each from a
 * representative state at Gymnasium's screen size. A program, not a test: run it by hand after a change to a
 * renderer, from the repository root, with the module's test classpath:
 *
 * <pre>{@code
 * mvn -q -pl mbrl-envs -am test-compile
 * java -Djava.awt.headless=true -cp mbrl-envs/target/classes:mbrl-envs/target/test-classes \
 *     org.mbrl4j.envs.render.RenderDocImages [outputDir] [width height]
 * }</pre>
 *
 * With a size, every picture is drawn at that size instead (e.g. {@code 64 64} to see what a pixel agent sees).
 */
public final class RenderDocImages {

    private RenderDocImages() {}

    private record Scene(StateRenderer renderer, double[] state) {}

    /**
     * @param args optional output directory (default {@code docs/images/envs}), then optional width and height
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "docs/images/envs");
        Map<String, Scene> scenes = new LinkedHashMap<>();
        scenes.put("CartPole-v1", new Scene(new CartPoleRenderer(), new double[] {0.4, 0.0, 0.12, 0.0}));
        scenes.put("CartPoleContinuous-v0", new Scene(new CartPoleRenderer(), new double[] {-0.6, 0.0, -0.15, 0.0}));
        scenes.put("CartPoleSwingUp-v0", new Scene(CartPoleRenderer.swingUp(0.5, 2.4),
                new double[] {0.3, 0.0, 2.4, 0.0}));
        scenes.put("Pendulum-v1", new Scene(new PendulumRenderer(), new double[] {0.7, 0.0}));
        scenes.put("MountainCar-v0", new Scene(new MountainCarRenderer(0.5), new double[] {-0.9, 0.0}));
        scenes.put("MountainCarContinuous-v0", new Scene(new MountainCarRenderer(0.45), new double[] {0.2, 0.0}));
        scenes.put("Acrobot-v1", new Scene(new AcrobotRenderer(), new double[] {0.6, 0.8, 0.0, 0.0}));
        Files.createDirectories(dir);
        for (Map.Entry<String, Scene> e : scenes.entrySet()) {
            StateRenderer r = e.getValue().renderer();
            int w = args.length > 2 ? Integer.parseInt(args[1]) : r.nativeWidth();
            int h = args.length > 2 ? Integer.parseInt(args[2]) : r.nativeHeight();
            BufferedImage image = r.render(e.getValue().state(), w, h);
            Path file = dir.resolve(e.getKey() + ".png");
            ImageIO.write(image, "png", file.toFile());
            System.out.println("wrote " + file + " (" + w + "x" + h + ")");
        }
    }
}
