package org.celebadcgan.data;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;

/**
 * The first stage of the job: {@code data.input} to a DataFrame of preprocessed images ({@code name},
 * {@code pixels}), from raw CelebA (decoded once, on the executors, then cached) or from a prepared set (read as is).
 */
public final class ImageSource {

    private static final Logger LOG = LoggerFactory.getLogger(ImageSource.class);

    /** Schema of preprocessed images. */
    public static final StructType SCHEMA = new StructType()
            .add("name", DataTypes.StringType, false)
            .add("pixels", DataTypes.BinaryType, false);

    /**
     * Loaded images and, for raw input, what decoding them found.
     *
     * @param images  name and pixels of every usable image (persisted for raw input)
     * @param summary the decode summary, or null for a prepared set
     * @param input   what the URI named
     * @param listed  files the driver listed for the split (raw input; 0 for a prepared set)
     */
    public record Loaded(Dataset<Row> images, DecodeSummary summary, CelebAInput input, long listed) {
    }

    private ImageSource() {
    }

    /** Loads {@code uri}; raw input is checked against {@code maxBadFraction} (fails naming counts and files). */
    public static Loaded load(SparkSession spark, URI uri, CelebALayout.Split split, double maxBadFraction)
            throws IOException {
        FileSystem fs = FileSystem.get(uri, spark.sparkContext().hadoopConfiguration());
        CelebAInput input = CelebAInput.resolve(uri, fs);
        if (input.kind() == CelebAInput.Kind.PREPARED) {
            LOG.info("reading prepared set {} ({} images)", uri,
                    PreparedSet.manifest(fs, input.images()).path("count").asLong());
            return new Loaded(PreparedSet.read(spark, input.images()), null, input, 0);
        }
        if (input.partition() == null && split != CelebALayout.Split.ALL) {
            LOG.info("no {} beside {}: using every image (split {} needs the partition file)",
                    CelebALayout.PARTITION_FILE, input.images(), split.name().toLowerCase());
        }
        LOG.info("decoding {} ({}) on the executors", input.images(), input.kind().name().toLowerCase());
        CelebAReader.Decoding decoding = CelebAReader.decode(spark, input, split);
        JavaRDD<DecodeResult> decoded = decoding.results()
                .persist(StorageLevel.MEMORY_AND_DISK()); // counted, then kept: never decoded twice
        DecodeSummary summary = decoded.aggregate(new DecodeSummary(), DecodeSummary::add, DecodeSummary::merge);
        FileAccounting.settle(decoding.listed(), summary, () -> decoded.map(DecodeResult::name).collect(),
                uri.toString());
        if (summary.skippedTotal() > 0) {
            LOG.warn("skipped {} of {} listed files: {}; e.g. {}", summary.skippedTotal(), decoding.listed().size(),
                    summary.skippedByReason(), summary.examples());
        }
        summary.check(maxBadFraction, uri.toString());
        JavaRDD<Row> rows = decoded.filter(DecodeResult::isOk).map(r -> RowFactory.create(r.name(), r.pixels()));
        LOG.info("{} images ready", summary.ok());
        return new Loaded(spark.createDataFrame(rows, SCHEMA), summary, input, decoding.listed().size());
    }

}
