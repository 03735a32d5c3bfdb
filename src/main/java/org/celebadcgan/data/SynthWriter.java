package org.celebadcgan.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes generated CelebA-like data in the exact CelebA layout, to any Hadoop file system: 178 x 218 JPEGs named
 * 000001.jpg ... (a folder, or a zip with {@code zip = true}), list_eval_partition.txt (the first 80% train, then
 * 10% valid, 10% test, contiguous like CelebA's) and list_attr_celeba.txt telling the truth about what was drawn.
 */
public final class SynthWriter {

    /** Faces rendered and encoded at a time: enough to keep every core busy, small enough for any heap. */
    static final int CHUNK = 512;

    private SynthWriter() {
    }

    /** Writes {@code count} faces drawn from {@code seed} under {@code root}. */
    public static void write(URI root, int count, long seed, boolean zip, Configuration hadoop) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, got " + count);
        }
        FileSystem fs = FileSystem.get(root, hadoop);
        fs.setWriteChecksum(false); // no .crc side files on the local file system: the layout stays exactly CelebA's
        Path base = new Path(root);
        SyntheticFaces faces = new SyntheticFaces(seed);
        // Only the attributes of every face are kept (for the attribute file); images stream out a chunk at a time,
        // so a CelebA-sized set (202,599 faces) needs no more memory than a small one.
        List<Set<String>> attributes = new ArrayList<>(count);
        ZipOutputStream zipOut = zip ? new ZipOutputStream(fs.create(new Path(base, CelebALayout.IMAGES_ZIP), true))
                : null;
        Path dir = new Path(base, CelebALayout.IMAGES_DIR);
        try {
            if (zipOut != null) {
                zipOut.setLevel(0); // JPEGs do not compress; CelebA's zip stores them deflated, readers handle both
            } else {
                fs.mkdirs(dir);
            }
            byte[][] jpegs = new byte[Math.min(CHUNK, count)][];
            for (int from = 0; from < count; from += CHUNK) {
                int start = from;
                int n = Math.min(CHUNK, count - from);
                List<Set<String>> chunk = new ArrayList<>(java.util.Collections.nCopies(n, null));
                // Drawing and JPEG encoding dominate; do them on all cores, write in order.
                IntStream.range(0, n).parallel().forEach(j -> {
                    SyntheticFaces.Face face = faces.render(start + j, CelebALayout.WIDTH, CelebALayout.HEIGHT);
                    jpegs[j] = jpeg(face);
                    chunk.set(j, face.attributes());
                });
                attributes.addAll(chunk);
                for (int j = 0; j < n; j++) {
                    String name = CelebALayout.imageName(start + j + 1);
                    if (zipOut != null) { // java.util.zip writes zip64 records beyond 65,535 entries, as CelebA's zip
                        zipOut.putNextEntry(new ZipEntry(CelebALayout.IMAGES_DIR + "/" + name));
                        zipOut.write(jpegs[j]);
                        zipOut.closeEntry();
                    } else {
                        try (FSDataOutputStream out = fs.create(new Path(dir, name), true)) {
                            out.write(jpegs[j]);
                        }
                    }
                    jpegs[j] = null;
                }
            }
        } finally {
            if (zipOut != null) {
                zipOut.close();
            }
        }
        try (Writer w = writer(fs, new Path(base, CelebALayout.PARTITION_FILE))) {
            for (int i = 0; i < count; i++) {
                int split = i < count * 8L / 10 ? 0 : i < count * 9L / 10 ? 1 : 2;
                w.write(CelebALayout.imageName(i + 1) + " " + split + "\n");
            }
        }
        try (Writer w = writer(fs, new Path(base, CelebALayout.ATTR_FILE))) {
            w.write(count + "\n");
            w.write(String.join(" ", CelebALayout.ATTRIBUTES) + " \n");
            for (int i = 0; i < count; i++) {
                StringBuilder line = new StringBuilder(CelebALayout.imageName(i + 1));
                for (String a : CelebALayout.ATTRIBUTES) {
                    line.append(attributes.get(i).contains(a) ? "  1" : " -1");
                }
                w.write(line.append('\n').toString());
            }
        }
    }

    private static Writer writer(FileSystem fs, Path p) throws IOException {
        OutputStream out = fs.create(p, true);
        return new java.io.OutputStreamWriter(out, StandardCharsets.US_ASCII);
    }

    /** JPEG at quality 0.95, as CelebA's files roughly are. */
    static byte[] jpeg(SyntheticFaces.Face face) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.95f);
            writer.write(null, new IIOImage(face.image(), null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
