package org.celebadcgan.data;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Splits the training images into exactly N equal shards, one per worker, persisted on the executors so that
 * training rounds never re-read or re-decode. Equal means equal: the last {@code count % N} images (in a seeded
 * order) are left out, so every worker sees the same number of images per epoch.
 */
public final class Shards {

    private Shards() {
    }

    /** N equal partitions of {@code images}' pixels (12,288 bytes each), shuffled by {@code seed}, persisted. */
    public static JavaRDD<byte[]> of(Dataset<Row> images, int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("train.workers must be at least 1, got " + n);
        }
        // A seeded random order, so shards are not contiguous runs of the source (CelebA's order is not random).
        JavaPairRDD<Long, byte[]> indexed = images.select("pixels").javaRDD()
                .map(r -> (byte[]) r.get(0))
                .zipWithIndex()
                .mapToPair(t -> new Tuple2<>(t._2(), t._1()));
        long count = indexed.count();
        long perShard = count / n;
        if (perShard == 0) {
            throw new IllegalArgumentException("train.workers = " + n + " but only " + count + " images");
        }
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(count + " images: more than this shuffle supports");
        }
        long kept = perShard * n;
        long a = multiplier(count, seed);
        long b = Math.floorMod(seed * 0x9E3779B97F4A7C15L, count);
        return indexed
                .mapToPair(t -> new Tuple2<>(Math.floorMod(a * t._1() + b, count), t._2())) // < 2^62: no overflow
                .filter(t -> t._1() < kept)
                // Sorted within each shard: a shuffle delivers records in fetch order, which differs between runs
                // and cluster layouts; batches must not.
                .repartitionAndSortWithinPartitions(new ModuloPartitioner(n))
                .values()
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** A multiplier coprime to {@code count}, so i -> (a*i + b) mod count is a bijection of [0, count). */
    static long multiplier(long count, long seed) {
        long a = Math.floorMod(seed * 2 + 1, count);
        while (gcd(a, count) != 1) {
            a = (a + 1) % count;
        }
        return a;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? Math.abs(a) : gcd(b, a % b);
    }

    /** Key k to partition k mod n: with keys 0..n*m-1 every partition gets exactly m. */
    static final class ModuloPartitioner extends HashPartitioner {
        ModuloPartitioner(int n) {
            super(n);
        }

        @Override
        public int getPartition(Object key) {
            return (int) Math.floorMod((Long) key, (long) numPartitions());
        }
    }
}
