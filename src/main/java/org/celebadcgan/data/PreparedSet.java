package org.celebadcgan.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * A prepared data set: preprocessed images as Parquet ({@code name} string, {@code pixels} 12,288 CHW bytes) under
 * {@code data/}, and {@code manifest.json} written last (source, split, count, skipped by reason with examples,
 * pixel statistics). Without its manifest a folder is not a prepared set.
 */
public final class PreparedSet {

    /** Where the Parquet files go, under the set's root. */
    public static final String DATA_DIR = "data";
    public static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PreparedSet() {
    }

    /**
     * Writes {@code images} and then the manifest under {@code root}, which must not hold anything yet. The
     * manifest's count is the rows the Parquet footers hold, checked against the images decoded; without a
     * manifest the folder is not a prepared set, so a failed check publishes nothing.
     */
    public static void write(Dataset<Row> images, DecodeSummary summary, long listed, Path root, String source,
                             String split, FileSystem fs) throws IOException {
        if (fs.exists(root) && fs.listStatus(root).length > 0) {
            throw new IllegalArgumentException("--output " + root + " is not empty; choose a new folder");
        }
        images.write().parquet(new Path(root, DATA_DIR).toString());
        long rows = rowsWritten(fs, new Path(root, DATA_DIR));
        FileAccounting.checkRows(summary.ok(), rows, "prepared set " + root);
        ObjectNode m = JSON.createObjectNode();
        m.put("format", "celeba-dcgan-prepared/1");
        m.put("source", source);
        m.put("split", split);
        m.put("listed", listed);
        m.put("count", rows);
        m.put("image", "3x64x64 uint8, CHW, Resize(64) + CenterCrop(64) as torchvision on PIL");
        m.set("skipped", JSON.valueToTree(summary.skippedByReason()));
        m.set("skipped_examples", JSON.valueToTree(summary.examples()));
        m.set("pixel_mean", JSON.valueToTree(summary.mean()));
        m.set("pixel_std", JSON.valueToTree(summary.std()));
        m.put("created", Instant.now().toString());
        Path tmp = new Path(root, MANIFEST + ".tmp");
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            JSON.writerWithDefaultPrettyPrinter().writeValue((java.io.OutputStream) out, m);
        }
        if (!fs.rename(tmp, new Path(root, MANIFEST))) { // object stores copy; readers only trust the final name
            throw new IOException("cannot publish " + new Path(root, MANIFEST));
        }
    }

    /** Rows in the Parquet files under {@code dir}, from their footers (no data read). */
    public static long rowsWritten(FileSystem fs, Path dir) throws IOException {
        long rows = 0;
        for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(dir)) {
            if (f.isFile() && f.getPath().getName().endsWith(".parquet")) {
                try (org.apache.parquet.hadoop.ParquetFileReader r = org.apache.parquet.hadoop.ParquetFileReader.open(
                        org.apache.parquet.hadoop.util.HadoopInputFile.fromStatus(f, fs.getConf()))) {
                    rows += r.getRecordCount();
                }
            }
        }
        return rows;
    }

    /** The manifest of the set at {@code root}. */
    public static JsonNode manifest(FileSystem fs, Path root) throws IOException {
        try (InputStream in = fs.open(new Path(root, MANIFEST))) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IOException("cannot read " + new Path(root, MANIFEST) + ": " + e.getMessage(), e);
        }
    }

    /** The images of the set at {@code root} (no decoding). */
    public static Dataset<Row> read(SparkSession spark, Path root) {
        return spark.read().parquet(new Path(root, DATA_DIR).toString());
    }
}
