package org.celebadcgan.sync;

import org.apache.spark.BarrierTaskContext;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Runs one rank per partition of an RDD in a Spark barrier stage, joined in a ring: the bootstrap Spark's
 * TorchDistributor uses. Every task binds a server socket on its executor's address, {@code allGather} exchanges
 * the {@code host:port}s (in partition order, so partition i is rank i), and the ring forms with a secret made on
 * the driver for this stage only. All tasks start together or not at all; a failing one fails the stage and Spark
 * relaunches all of them, which then form a new ring. Spark retries a failed barrier stage only when it is a
 * shuffle-map stage ("Could not recover from a failed barrier ResultStage" otherwise), so the ranks' results leave
 * through a shuffle by rank and a second stage collects them.
 */
public final class BarrierRing {

    private BarrierRing() {
    }

    /** What one rank does with its partition once the ring is up; returns one result for the driver. */
    public interface RankWork<T, R> extends Serializable {
        R run(int rank, Iterator<T> partition, Transport ring) throws Exception;
    }

    /** Runs {@code work} on every partition of {@code rdd} as ranks of one ring; the results in rank order. */
    @SuppressWarnings("unchecked")
    public static <T, R> List<R> run(JavaRDD<T> rdd, RankWork<T, R> work, Duration timeout) {
        // The secret travels in the task closure: encrypted on the wire when spark.network.crypto.enabled is on.
        int n = rdd.getNumPartitions();
        RankFunction<T, R> f = new RankFunction<>(work, RingSecret.random(), timeout.toMillis());
        ClassTag<Tuple2<Integer, R>> tag = (ClassTag<Tuple2<Integer, R>>) (ClassTag<?>) ClassTag$.MODULE$.apply(
                Tuple2.class);
        RDD<Tuple2<Integer, R>> out = rdd.rdd().barrier().mapPartitions(f, false, tag);
        List<Tuple2<Integer, R>> byRank = new ArrayList<>(JavaPairRDD.fromRDD(out,
                        (ClassTag<Integer>) (ClassTag<?>) ClassTag$.MODULE$.apply(Integer.class),
                        (ClassTag<R>) ClassTag$.MODULE$.apply(Object.class))
                .partitionBy(new HashPartitioner(n)).collect());
        byRank.sort(Comparator.comparing(Tuple2::_1));
        List<R> results = new ArrayList<>();
        byRank.forEach(t -> results.add(t._2()));
        return results;
    }

    /** The barrier task body: a Scala function because {@code RDDBarrier} has no Java API. */
    private static final class RankFunction<T, R>
            extends AbstractFunction1<scala.collection.Iterator<T>, scala.collection.Iterator<Tuple2<Integer, R>>>
            implements Serializable {

        private static final long serialVersionUID = 1L;
        private final RankWork<T, R> work;
        private final RingSecret secret;
        private final long timeoutMs;

        RankFunction(RankWork<T, R> work, RingSecret secret, long timeoutMs) {
            this.work = work;
            this.secret = secret;
            this.timeoutMs = timeoutMs;
        }

        @Override
        public scala.collection.Iterator<Tuple2<Integer, R>> apply(scala.collection.Iterator<T> records) {
            BarrierTaskContext ctx = BarrierTaskContext.get();
            int rank = ctx.partitionId();
            try {
                RingEndpoint endpoint = RingEndpoint.bind(executorHost(ctx, rank));
                List<String> addresses = Arrays.asList(ctx.allGather(endpoint.address()));
                R result;
                try (Transport ring = endpoint.join(addresses, rank, secret, Duration.ofMillis(timeoutMs))) {
                    result = work.run(rank, JavaConverters.asJavaIterator(records), ring);
                }
                return JavaConverters.asScalaIterator(List.of(new Tuple2<>(rank, result)).iterator());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        /** The address Spark knows this task's executor by (a bare host, or host:port in some versions). */
        private static String executorHost(BarrierTaskContext ctx, int rank) {
            String address = ctx.getTaskInfos()[rank].address();
            int colon = address.lastIndexOf(':');
            return colon > 0 && address.indexOf(':') == colon ? address.substring(0, colon) : address;
        }
    }
}
