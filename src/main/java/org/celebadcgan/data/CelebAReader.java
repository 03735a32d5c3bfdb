package org.celebadcgan.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.celebadcgan.io.ZipArchive;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads raw CelebA (a folder or a zip, on any Hadoop file system) into decoded, preprocessed images on the
 * executors. The driver only lists and plans: the folder through Spark's {@code binaryFile} source, the zip through
 * its central directory, each task opening the archive for its own range of entries. Files the partition file names
 * but that are absent come back as {@link SkipReason#MISSING}; the driver's listing comes back too, so every listed
 * file can be accounted for ({@link FileAccounting}).
 */
public final class CelebAReader {

    private CelebAReader() {
    }

    /**
     * What decoding will produce, and what the driver listed, so the two can be compared.
     *
     * @param results one decode result per file Spark read (pixels or a skip reason), plus the driver's own skips
     *                (empty files, names the partition file lists that are absent)
     * @param listed  every name the driver listed for the split (files and absent names): the count to account for
     */
    public record Decoding(JavaRDD<DecodeResult> results, Set<String> listed) {
    }

    /** Every selected file of {@code input} as a decode result (pixels, or the reason it was skipped). */
    public static Decoding decode(SparkSession spark, CelebAInput input, CelebALayout.Split split)
            throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        FileSystem fs = input.images().getFileSystem(hadoop);
        Set<String> wanted = wantedNames(fs, input, split);
        JavaRDD<DecodeResult> decoded;
        Set<String> present;
        List<DecodeResult> emptyFiles = List.of();
        if (input.kind() == CelebAInput.Kind.ZIP) {
            List<String> entries = new ArrayList<>();
            present = new HashSet<>();
            try (ZipArchive zip = new ZipArchive(fs, input.images())) {
                for (String entry : zip.fileNames()) {
                    String name = baseName(entry);
                    if (!CelebALayout.isHidden(name) && (wanted == null || wanted.contains(name))) {
                        entries.add(entry);
                        present.add(name);
                    }
                }
            }
            decoded = decodeZip(jsc, input.images().toUri(), entries, hadoopEntries(hadoop));
        } else {
            // Small files: the default 4 MB open cost would make one task per ~30 files.
            spark.conf().set("spark.sql.files.openCostInBytes", spark.conf().get("spark.sql.files.openCostInBytes",
                    "16384"));
            Dataset<Row> files = spark.read().format("binaryFile").load(input.images().toString());
            // The driver's own listing: Spark's file index drops zero-byte files, which must be counted.
            present = new HashSet<>();
            List<DecodeResult> empty = new ArrayList<>();
            for (FileStatus f : fs.listStatus(input.images())) {
                String name = f.getPath().getName();
                if (f.isFile() && !CelebALayout.isHidden(name) && (wanted == null || wanted.contains(name))) {
                    present.add(name);
                    if (f.getLen() == 0) {
                        empty.add(DecodeResult.skipped(name, SkipReason.EMPTY_FILE, "0 bytes"));
                    }
                }
            }
            emptyFiles = empty;
            Broadcast<Set<String>> keep = jsc.broadcast(wanted == null ? null : wanted);
            decoded = files.select("path", "content").javaRDD().mapPartitions(rows -> {
                ImagePreprocessor pre = new ImagePreprocessor();
                Set<String> k = keep.value();
                List<DecodeResult> out = new ArrayList<>();
                while (rows.hasNext()) {
                    Row r = rows.next();
                    String name = baseName(r.getString(0));
                    byte[] content = (byte[]) r.get(1);
                    if ((k == null || k.contains(name)) && content.length > 0) { // empty ones: counted on the driver
                        out.add(pre.process(name, content));
                    }
                }
                return out.iterator();
            });
        }
        if (present.isEmpty()) {
            throw new IllegalArgumentException("input " + input.images() + ": no images found"
                    + (wanted != null ? " for split " + split.name().toLowerCase() : ""));
        }
        List<DecodeResult> missing = new ArrayList<>(emptyFiles);
        Set<String> listed = new HashSet<>(present);
        if (wanted != null && present.size() < wanted.size()) {
            for (String name : wanted) {
                if (!present.contains(name)) {
                    missing.add(DecodeResult.skipped(name, SkipReason.MISSING,
                            "named in " + CelebALayout.PARTITION_FILE));
                    listed.add(name);
                }
            }
        }
        if (!missing.isEmpty()) {
            decoded = decoded.union(jsc.parallelize(missing, 1));
        }
        return new Decoding(decoded, listed);
    }

    /** Names the split selects from the partition file, or null for "every file" (no partition file, or all). */
    static Set<String> wantedNames(FileSystem fs, CelebAInput input, CelebALayout.Split split) throws IOException {
        if (input.partition() == null) {
            return null;
        }
        Map<String, Integer> partition = CelebAInput.readPartition(fs, input.partition());
        Set<String> names = new LinkedHashSet<>();
        for (Map.Entry<String, Integer> e : partition.entrySet()) {
            if (split == CelebALayout.Split.ALL || e.getValue() == split.code()) {
                names.add(e.getKey());
            }
        }
        return names;
    }

    private static JavaRDD<DecodeResult> decodeZip(JavaSparkContext jsc, URI zip, List<String> entries,
                                                   Map<String, String> hadoop) {
        int slices = Math.max(1, Math.min(entries.size(), jsc.defaultParallelism() * 4));
        List<List<String>> ranges = new ArrayList<>();
        for (int s = 0; s < slices; s++) { // contiguous ranges: each task reads one stretch of the archive
            ranges.add(new ArrayList<>(entries.subList(s * entries.size() / slices,
                    (s + 1) * entries.size() / slices)));
        }
        return jsc.parallelize(ranges, slices).mapPartitions(it -> {
            Configuration conf = new Configuration(false);
            hadoop.forEach(conf::set);
            FileSystem fs = FileSystem.get(zip, conf);
            ImagePreprocessor pre = new ImagePreprocessor();
            List<DecodeResult> out = new ArrayList<>();
            try (ZipArchive archive = new ZipArchive(fs, new Path(zip))) {
                while (it.hasNext()) {
                    for (String entry : it.next()) {
                        String name = baseName(entry);
                        byte[] bytes;
                        try {
                            bytes = archive.read(entry);
                        } catch (IOException ex) {
                            out.add(DecodeResult.skipped(name, SkipReason.CORRUPT, ex.getMessage()));
                            continue;
                        }
                        out.add(pre.process(name, bytes));
                    }
                }
            }
            return out.iterator();
        });
    }

    /** The driver's Hadoop settings (credentials included), to rebuild the file system on executors. */
    static Map<String, String> hadoopEntries(Configuration conf) {
        Map<String, String> out = new HashMap<>();
        for (Iterator<Map.Entry<String, String>> it = conf.iterator(); it.hasNext(); ) {
            Map.Entry<String, String> e = it.next();
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
