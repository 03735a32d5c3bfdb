package org.celebadcgan.run;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.celebadcgan.config.JobSettings;
import org.celebadcgan.data.Epochs;
import org.celebadcgan.data.FileAccounting;
import org.celebadcgan.data.ImageSource;
import org.celebadcgan.data.PackedImages;
import org.celebadcgan.data.Shards;
import org.celebadcgan.io.Uris;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The training images as the run needs them: read (raw CelebA decoded on the executors, a prepared set, or faces
 * generated in memory), cut into one equal persisted shard per worker, and a few real images for real.png.
 *
 * @param shards          one partition per worker, persisted
 * @param imagesPerShard  images in each shard
 * @param batchesPerEpoch steps per epoch (data.Epochs)
 * @param realSample      up to 64 images for the real-image grid
 */
record TrainingData(JavaRDD<byte[]> shards, long imagesPerShard, int batchesPerEpoch, List<byte[]> realSample) {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingData.class);

    static TrainingData load(SparkSession spark, JobSettings s) {
        Dataset<Row> images;
        try {
            if (s.dataInput().isEmpty()) {
                images = generated(spark, s);
            } else {
                ImageSource.Loaded loaded = ImageSource.load(spark, Uris.parse(s.dataInput(), "data.input"),
                        s.split(), s.maxBadFraction());
                images = loaded.images();
                if (loaded.summary() != null) { // raw input: the cached rows must be the images decoded
                    FileAccounting.checkRows(loaded.summary().ok(), images.count(), "data.input " + s.dataInput());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("data.input " + s.dataInput() + ": " + e.getMessage(), e);
        }
        JavaRDD<byte[]> shards = Shards.of(images, s.workers(), s.seed());
        long perShard = shards.count() / s.workers();
        int workerBatch = s.batchSize() / s.workers();
        if (perShard < workerBatch) {
            throw new IllegalArgumentException("train.batchSize / train.workers = " + workerBatch
                    + " images per worker step, but each shard has only " + perShard);
        }
        List<byte[]> real = new ArrayList<>();
        for (Row r : images.select("pixels").limit(64).collectAsList()) {
            real.add((byte[]) r.get(0));
        }
        return new TrainingData(shards, perShard, Epochs.batchesPerEpoch(perShard, workerBatch), real);
    }

    void release() {
        shards.unpersist();
    }

    private static Dataset<Row> generated(SparkSession spark, JobSettings s) {
        LOG.info("generating {} faces in memory (seed {})", s.generatedImages(), s.seed());
        PackedImages faces = PackedImages.generatedFaces(s.generatedImages(), s.seed());
        List<Row> rows = new ArrayList<>(faces.count());
        for (int i = 0; i < faces.count(); i++) {
            rows.add(RowFactory.create(String.format("%06d.jpg", i + 1), faces.get(i)));
        }
        return spark.createDataFrame(rows, ImageSource.SCHEMA);
    }
}
