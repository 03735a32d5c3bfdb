package org.celebadcgan.data;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@code data.input} URI names: a prepared set (has manifest.json), the CelebA root (holding
 * img_align_celeba/ or img_align_celeba.zip, and maybe the partition file), the image folder itself, or the zip.
 *
 * @param kind      how the images are stored
 * @param images    the image folder, the zip, or the prepared set's folder
 * @param partition list_eval_partition.txt, or null when there is none
 */
public record CelebAInput(Kind kind, Path images, Path partition) {

    /** How the images are stored. */
    public enum Kind { FOLDER, ZIP, PREPARED }

    /** Resolves {@code uri}; throws IllegalArgumentException naming it when it holds none of the above. */
    public static CelebAInput resolve(URI uri, FileSystem fs) throws IOException {
        Path p = new Path(uri);
        if (p.getName().isEmpty() && p.getParent() != null) {
            p = p.getParent(); // "dir/" keeps its slash in Hadoop's Path, and its parent would be itself
        }
        if (!fs.exists(p)) {
            throw new IllegalArgumentException("input " + uri + " does not exist");
        }
        FileStatus st = fs.getFileStatus(p);
        if (st.isFile()) {
            if (p.getName().endsWith(".zip")) {
                return new CelebAInput(Kind.ZIP, p, partitionBeside(fs, p.getParent()));
            }
            throw new IllegalArgumentException("input " + uri + " is a file but not a zip of images");
        }
        if (fs.exists(new Path(p, "manifest.json"))) {
            return new CelebAInput(Kind.PREPARED, p, null);
        }
        Path folder = new Path(p, CelebALayout.IMAGES_DIR);
        if (fs.isDirectory(folder)) {
            return new CelebAInput(Kind.FOLDER, folder, partitionBeside(fs, p));
        }
        Path zip = new Path(p, CelebALayout.IMAGES_ZIP);
        if (fs.isFile(zip)) {
            return new CelebAInput(Kind.ZIP, zip, partitionBeside(fs, p));
        }
        // The image folder itself; its partition file, if any, sits in the parent (the CelebA root).
        return new CelebAInput(Kind.FOLDER, p, p.getParent() == null ? null : partitionBeside(fs, p.getParent()));
    }

    private static Path partitionBeside(FileSystem fs, Path dir) throws IOException {
        Path f = new Path(dir, CelebALayout.PARTITION_FILE);
        return fs.isFile(f) ? f : null;
    }

    /**
     * Image name -> partition code from list_eval_partition.txt, in file order; a malformed line is an error
     * naming the file and line.
     */
    public static Map<String, Integer> readPartition(FileSystem fs, Path file) throws IOException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.US_ASCII))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                line = line.trim();
                if (line.isEmpty()) {
                    continue;
                }
                String[] parts = line.split("\\s+");
                if (parts.length != 2 || !parts[1].matches("[012]")) {
                    throw new IllegalArgumentException(file + " line " + n + ": expected 'NAME 0|1|2', got '" + line
                            + "'");
                }
                out.put(parts[0], Integer.parseInt(parts[1]));
            }
        }
        return out;
    }
}
