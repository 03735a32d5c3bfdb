package org.celebadcgan.bench;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.celebadcgan.sync.BarrierRing;
import org.celebadcgan.sync.RingAllReduce;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * {@code bench-sync}: N ranks in one Spark barrier stage alternate K emulated steps (a sleep of T ms each, so a
 * 2-core host can stand in for N GPUs) with one ring all-reduce of an S-byte float32 state. The sync time of a round
 * is the last rank's end minus the last rank's start (System.nanoTime is one clock for all JVMs of a Linux host):
 * what the round costs beyond its slowest compute. Compared with the loopback bound, the expected bytes over the
 * bandwidth a plain socket pair reaches on this host (a network's links are independent), and with the host ring
 * bound: N threads in a ring of plain sockets moving those bytes with no framing, reduction or Spark (on one small
 * host the links share its cores and loopback).
 */
public final class SyncBenchmark {

    private SyncBenchmark() {
    }

    /** One rank's clock readings around each timed sync, its bytes per sync and its final buffer's CRC. */
    record RankTimes(long[] startNs, long[] endNs, long bytesSentPerSync, long crc) implements Serializable {
    }

    /** Runs the benchmark in {@code spark} and prints lines, then one JSON summary line. */
    public static void run(SparkSession spark, int workers, long stateBytes, int computeMs, int k, int syncs,
                           int warmup, Duration timeout, PrintStream out) throws IOException {
        int floats = (int) (stateBytes / Float.BYTES);
        long bytes = (long) floats * Float.BYTES;
        // plain NIO and Spark's Netty transport in turn, so load from elsewhere on the host hits both alike
        long probe = Math.max(256L << 20, 2 * bytes);
        double loopback = 0;
        double sparkNet = 0;
        for (int i = 0; i < 3; i++) {
            loopback = Math.max(loopback, LoopbackBandwidth.bytesPerSecond(probe, 1));
            sparkNet = Math.max(sparkNet, SparkTransportBandwidth.bytesPerSecond(probe, 1));
        }
        out.printf(Locale.ROOT, "bench-sync: %d workers, %,d-byte state, K=%d steps of %d ms per sync, %d syncs "
                + "timed after %d warm-up; loopback TCP %.2f GB/s (one NIO socket pair), %.2f GB/s through Spark's "
                + "network layer%n", workers, bytes, k, computeMs, syncs, warmup, loopback / 1e9, sparkNet / 1e9);

        List<Integer> ranks = new ArrayList<>();
        for (int r = 0; r < workers; r++) {
            ranks.add(r);
        }
        JavaRDD<Integer> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(ranks, workers);
        long wall0 = System.nanoTime();
        List<RankTimes> times = BarrierRing.run(rdd, (rank, partition, ring) -> {
            ByteBuffer state = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < floats; i++) {
                state.putFloat(i * Float.BYTES, (rank + 1) * 1e-3f * (i % 1000));
            }
            RingAllReduce reduce = new RingAllReduce(ring);
            long[] start = new long[syncs];
            long[] end = new long[syncs];
            long perSync = 0;
            for (int i = -warmup; i < syncs; i++) {
                Thread.sleep((long) computeMs * k); // K steps of emulated compute
                long t0 = System.nanoTime();
                perSync = reduce.meanInPlace(state).bytesSent();
                if (i >= 0) {
                    start[i] = t0;
                    end[i] = System.nanoTime();
                }
            }
            CRC32 crc = new CRC32();
            crc.update(state.clear());
            return new RankTimes(start, end, perSync, crc.getValue());
        }, timeout);
        double wallMs = (System.nanoTime() - wall0) / 1e6;
        // again after the job: on a shared host the best of both is the bound least flattering to the ring
        loopback = Math.max(loopback, LoopbackBandwidth.bytesPerSecond(probe, 3));
        double expected = 2.0 * (workers - 1) / workers * bytes;
        double hostRingMs = LoopbackBandwidth.ringMs(workers, (long) expected, 3);

        double[] syncMs = new double[syncs];
        for (int i = 0; i < syncs; i++) {
            long lastStart = Long.MIN_VALUE;
            long lastEnd = Long.MIN_VALUE;
            for (RankTimes t : times) {
                lastStart = Math.max(lastStart, t.startNs()[i]);
                lastEnd = Math.max(lastEnd, t.endNs()[i]);
            }
            syncMs[i] = (lastEnd - lastStart) / 1e6;
        }
        double median = median(syncMs);
        long sentPerRank = times.stream().mapToLong(RankTimes::bytesSentPerSync).max().orElse(0);
        boolean identical = times.stream().mapToLong(RankTimes::crc).distinct().count() == 1;
        double boundMs = expected / loopback * 1e3;
        double computeRound = (double) computeMs * k;
        out.printf(Locale.ROOT, "sync ms per round: %s; ranks end identical: %b; job wall %.0f ms%n",
                Arrays.toString(Arrays.stream(syncMs).map(m -> Math.round(m * 10) / 10.0).toArray()), identical,
                wallMs);
        if (!identical) {
            throw new IllegalStateException("ranks ended with different states: the all-reduce is broken");
        }
        out.printf(Locale.ROOT, "{\"workers\":%d,\"state_bytes\":%d,\"compute_ms\":%d,\"k\":%d,\"syncs\":%d,"
                        + "\"bytes_sent_per_rank\":%d,\"expected_bytes_per_rank\":%.0f,\"sync_ms_median\":%.2f,"
                        + "\"sync_ms_max\":%.2f,\"loopback_gb_s\":%.3f,\"spark_transport_gb_s\":%.3f,"
                        + "\"loopback_bound_ms\":%.2f,\"bound_ratio\":%.2f,\"host_ring_bound_ms\":%.2f,"
                        + "\"efficiency\":%.4f}%n",
                workers, bytes, computeMs, k, syncs, sentPerRank, expected, median,
                Arrays.stream(syncMs).max().orElse(0), loopback / 1e9, sparkNet / 1e9, boundMs, median / boundMs,
                hostRingMs,
                computeRound / (computeRound + median));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
