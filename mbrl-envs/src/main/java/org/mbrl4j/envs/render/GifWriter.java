package org.mbrl4j.envs.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes an animated, endlessly looping GIF with {@code javax.imageio} only, one frame at a time, for episode
 * videos. GIF stores delays in hundredths of a second: the delay is rounded to the nearest 10 ms. Colour
 * images are reduced to a 256-colour palette per frame by the JDK's GIF writer.
 *
 * <pre>{@code
 * try (GifWriter gif = new GifWriter(Path.of("episode.gif"), 50)) {
 *     gif.append(env.render());   // after every step
 * }
 * }</pre>
 *
 * Not thread-safe. The file is complete once {@link #close()} returns.
 */
public final class GifWriter implements AutoCloseable {

    private static final String FORMAT = "javax_imageio_gif_image_1.0";
    /** The largest delay a GIF can hold: 65535 hundredths of a second. */
    private static final int MAX_DELAY_MS = 655_350;

    private final ImageWriter writer;
    private final ImageOutputStream out;
    private final int delayCentiseconds;
    private int width = -1;
    private int height = -1;
    private int frames;
    private boolean closed;

    /**
     * Opens the file (creating or truncating it) for a new animation.
     *
     * @param file where to write
     * @param frameDelayMs the time each frame is shown, in milliseconds, in {@code [0, 655350]}
     * @throws IllegalArgumentException if the delay is out of range
     * @throws IOException if the file cannot be opened
     */
    public GifWriter(Path file, int frameDelayMs) throws IOException {
        Objects.requireNonNull(file, "file");
        if (frameDelayMs < 0 || frameDelayMs > MAX_DELAY_MS) {
            throw new IllegalArgumentException("frameDelayMs must be within [0, " + MAX_DELAY_MS + "]: "
                    + frameDelayMs);
        }
        this.delayCentiseconds = (frameDelayMs + 5) / 10;
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JDK has no GIF ImageWriter");
        }
        this.writer = writers.next();
        Files.deleteIfExists(file);
        this.out = ImageIO.createImageOutputStream(file.toFile());
        if (out == null) {
            writer.dispose();
            throw new IOException("cannot open " + file + " for writing");
        }
        writer.setOutput(out);
        writer.prepareWriteSequence(null);
    }

    /**
     * Writes a whole animation.
     *
     * @param frames the frames in order, at least one, all of the same size
     * @param file where to write
     * @param frameDelayMs the time each frame is shown, in milliseconds, in {@code [0, 655350]}
     * @throws IllegalArgumentException if there is no frame, the frames differ in size, or the delay is out of
     *     range
     * @throws IOException if writing fails
     */
    public static void write(List<BufferedImage> frames, Path file, int frameDelayMs) throws IOException {
        Objects.requireNonNull(frames, "frames");
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("frames must hold at least one image: 0 given");
        }
        try (GifWriter gif = new GifWriter(file, frameDelayMs)) {
            for (BufferedImage frame : frames) {
                gif.append(frame);
            }
        }
    }

    /**
     * Appends a frame.
     *
     * @param frame an image of the same size as the first frame
     * @throws IllegalArgumentException if the size differs from the first frame's
     * @throws IllegalStateException if the writer is closed
     * @throws IOException if writing fails
     */
    public void append(BufferedImage frame) throws IOException {
        Objects.requireNonNull(frame, "frame");
        if (closed) {
            throw new IllegalStateException("GifWriter is closed");
        }
        if (frames == 0) {
            width = frame.getWidth();
            height = frame.getHeight();
        } else if (frame.getWidth() != width || frame.getHeight() != height) {
            throw new IllegalArgumentException("frame " + frames + " is " + frame.getWidth() + "x"
                    + frame.getHeight() + "; expected " + width + "x" + height + " like the first frame");
        }
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame),
                param);
        IIOMetadataNode root = new IIOMetadataNode(FORMAT);
        IIOMetadataNode control = new IIOMetadataNode("GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delayCentiseconds));
        control.setAttribute("transparentColorIndex", "0");
        root.appendChild(control);
        if (frames == 0) {
            // The NETSCAPE2.0 block with loop count 0 makes viewers repeat the animation forever.
            IIOMetadataNode extensions = new IIOMetadataNode("ApplicationExtensions");
            IIOMetadataNode netscape = new IIOMetadataNode("ApplicationExtension");
            netscape.setAttribute("applicationID", "NETSCAPE");
            netscape.setAttribute("authenticationCode", "2.0");
            netscape.setUserObject(new byte[] {1, 0, 0});
            extensions.appendChild(netscape);
            root.appendChild(extensions);
        }
        metadata.mergeTree(FORMAT, root);
        writer.writeToSequence(new IIOImage(frame, null, metadata), param);
        frames++;
    }

    /** @return the number of frames appended so far */
    public int frameCount() {
        return frames;
    }

    /**
     * Finishes the file. Closing twice does nothing.
     *
     * @throws IllegalStateException if no frame was appended (the file is closed but not a valid GIF)
     * @throws IOException if writing fails
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (frames > 0) {
                writer.endWriteSequence();
            }
        } finally {
            writer.dispose();
            out.close();
        }
        if (frames == 0) {
            throw new IllegalStateException("GifWriter closed without any frame; a GIF needs at least one");
        }
    }
}
