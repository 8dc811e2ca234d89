package dev.lifeline.rig.fax;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Fax test pages: TIFF-F files (1728 pixels wide, 204 × 98 dpi, CCITT T.4) made with the JDK's
 * TIFF writer, each page different (its number in large type, a grid, a diagonal), so a page that
 * went missing, was repeated or lost lines is seen when the received file is compared image by
 * image ({@link #pages}).
 */
public final class TestPages {
    public static final int WIDTH = 1728;

    private TestPages() {}

    /** Writes {@code n} pages of {@code lines} scan lines each to {@code out}. */
    public static Path write(Path out, int n, int lines) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("tiff").next();
        Files.deleteIfExists(out);
        try (ImageOutputStream o = ImageIO.createImageOutputStream(out.toFile())) {
            w.setOutput(o);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionType("CCITT T.4");
            w.prepareWriteSequence(null);
            for (int i = 1; i <= n; i++) {
                BufferedImage img = page(i, lines);
                w.writeToSequence(new IIOImage(img, null, metadata(w, img, p)), p);
            }
            w.endWriteSequence();
        } finally {
            w.dispose();
        }
        return out;
    }

    private static BufferedImage page(int number, int lines) {
        BufferedImage img = new BufferedImage(WIDTH, lines, BufferedImage.TYPE_BYTE_BINARY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, lines);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(40, lines / 3)));
        g.drawString("Lifeline fax page " + number, 60, lines / 2);
        for (int x = 0; x < WIDTH; x += 96 + number * 8) g.drawLine(x, 0, x, lines / 8);
        g.drawLine(0, lines - 1 - number * 10, WIDTH - 1, number * 10);
        g.drawRect(10, 10, WIDTH - 21, lines - 21);
        g.dispose();
        return img;
    }

    private static IIOMetadata metadata(ImageWriter w, BufferedImage img, ImageWriteParam p) throws IOException {
        IIOMetadata m = w.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), p);
        TIFFDirectory dir = TIFFDirectory.createFromMetadata(m);
        BaselineTIFFTagSet base = BaselineTIFFTagSet.getInstance();
        dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_X_RESOLUTION), TIFFTag.TIFF_RATIONAL, 1, new long[][] {{204, 1}}));
        dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_Y_RESOLUTION), TIFFTag.TIFF_RATIONAL, 1, new long[][] {{98, 1}}));
        dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT), BaselineTIFFTagSet.RESOLUTION_UNIT_INCH));
        // spandsp 0.0.6 reads BitsPerSample without libtiff's default and refuses a page without it
        dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_BITS_PER_SAMPLE), TIFFTag.TIFF_SHORT, 1, new char[] {1}));
        return dir.getAsMetadata();
    }

    /** The pages of a TIFF file as images (any compression the JDK reads, CCITT T.4/T.6 included). */
    public static List<BufferedImage> pages(Path tiff) throws IOException {
        List<BufferedImage> out = new ArrayList<>();
        try (ImageInputStream in = ImageIO.createImageInputStream(tiff.toFile())) {
            ImageReader r = ImageIO.getImageReaders(in).next();
            r.setInput(in);
            int n = r.getNumImages(true);
            for (int i = 0; i < n; i++) out.add(r.read(i));
            r.dispose();
        }
        return out;
    }

    /** Pixels (black/white) that differ between two pages of the same size; -1 when the sizes differ. */
    public static long differentPixels(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) return -1;
        long diff = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                boolean ba = (a.getRGB(x, y) & 0xffffff) < 0x800000, bb = (b.getRGB(x, y) & 0xffffff) < 0x800000;
                if (ba != bb) diff++;
            }
        }
        return diff;
    }
}
