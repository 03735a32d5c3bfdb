package org.celebadcgan.spark;

import org.apache.spark.SparkConf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Threads per worker: each task gets its share of the executor's cores ({@code spark.task.cpus}), so several
 * workers on one machine do not oversubscribe it. OpenMP's thread count is per calling thread, so setting it in the
 * task thread limits exactly that worker's ND4J ops.
 */
final class WorkerThreads {

    private WorkerThreads() {
    }

    /** The cores one task may use. */
    static int perTask(SparkConf conf) {
        return Math.max(1, conf.getInt("spark.task.cpus", 1));
    }

    /** Limits ND4J's OpenMP threads for ops issued from the current thread. */
    static void limit(int threads) {
        Nd4j.getExecutioner(); // loads the backend first: NativeOpsHolder alone fails in a fresh executor JVM
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    }
}
