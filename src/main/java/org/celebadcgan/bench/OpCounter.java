package org.celebadcgan.bench;

import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * Counts native op executions (each one a kernel launch on a GPU) while a piece of work runs, from ND4J's op
 * profiler; the GPU step is launch-bound, so this count is what the fusion work cuts.
 */
public final class OpCounter {

    private OpCounter() {
    }

    /** The number of ND4J ops {@code work} executes; profiling is on only while it runs. */
    public static long count(Runnable work) {
        OpExecutioner ex = Nd4j.getExecutioner();
        ex.setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
        OpProfiler.getInstance().reset();
        try {
            work.run();
            return OpProfiler.getInstance().getInvocationsCount();
        } finally {
            ex.setProfilingConfig(ProfilerConfig.builder().build());
            OpProfiler.getInstance().reset();
        }
    }
}
