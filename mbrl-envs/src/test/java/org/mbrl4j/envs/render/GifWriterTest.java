package org.mbrl4j.envs.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbrl4j.envs.render.RendererTest.assertMessage;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Node;

class GifWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesALoopingAnimationWithTheFrameDelay() throws IOException {
        CartPoleRenderer r = new CartPoleRenderer();
        List<BufferedImage> frames = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            frames.add(r.render(new double[] {-1 + t, 0, 0, 0}, 120, 80));
        }
        Path file = dir.resolve("episode.gif");
        GifWriter.write(frames, file, 50);

        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(3, reader.getNumImages(true));
            for (int i = 0; i < 3; i++) {
                BufferedImage back = reader.read(i);
                assertEquals(120, back.getWidth());
                assertEquals(80, back.getHeight());
                IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i)
                        .getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode control = (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
                assertEquals("5", control.getAttribute("delayTime"), "50 ms = 5 hundredths");
                // The pole's colour survives the palette, near enough.
                Color c = new Color(back.getRGB(60 + (int) Math.round((i - 1) * 120 / 4.8), 80 - 30));
                assertTrue(Math.abs(c.getRed() - 202) + Math.abs(c.getGreen() - 152) + Math.abs(c.getBlue() - 101) < 40,
                        "frame " + i + " pole pixel " + c);
            }
            IIOMetadataNode first = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            Node app = first.getElementsByTagName("ApplicationExtension").item(0);
            assertEquals("NETSCAPE", ((IIOMetadataNode) app).getAttribute("applicationID"));
            byte[] loop = (byte[]) ((IIOMetadataNode) app).getUserObject();
            assertEquals(1, loop[0]);
            assertEquals(0, loop[1] | loop[2], "loop count 0: forever");
            reader.dispose();
        }
    }

    @Test
    void overwritesAnExistingFile() throws IOException {
        Path file = dir.resolve("a.gif");
        BufferedImage big = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
        GifWriter.write(List.of(big, big, big), file, 10);
        long before = file.toFile().length();
        GifWriter.write(List.of(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB)), file, 10);
        assertTrue(file.toFile().length() < before);
        assertEquals(4, ImageIO.read(file.toFile()).getWidth());
    }

    @Test
    void rejectsBadArguments() throws IOException {
        BufferedImage a = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        assertMessage(() -> GifWriter.write(List.of(), dir.resolve("x.gif"), 10), "frames", "0");
        assertMessage(() -> GifWriter.write(List.of(a), dir.resolve("x.gif"), -1), "frameDelayMs", "-1");
        assertMessage(() -> GifWriter.write(List.of(a), dir.resolve("x.gif"), 1_000_000), "frameDelayMs", "1000000");
        assertMessage(() -> GifWriter.write(List.of(a, new BufferedImage(5, 4, BufferedImage.TYPE_INT_RGB)),
                dir.resolve("y.gif"), 10), "5x4", "4x4");
        GifWriter empty = new GifWriter(dir.resolve("z.gif"), 10);
        assertThrows(IllegalStateException.class, empty::close);
        assertThrows(IllegalStateException.class, () -> empty.append(a));
    }
}
