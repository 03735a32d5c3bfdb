package org.celebadcgan.spark;

import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.celebadcgan.data.PackedImages;
import org.celebadcgan.sync.RingAllReduce;
import org.celebadcgan.sync.Transport;
import org.celebadcgan.train.RoundPlan;
import org.celebadcgan.train.RoundResult;
import org.celebadcgan.train.RoundRunner;
import org.celebadcgan.train.TrainingState;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One rank of a {@link RingTrainer} segment: rounds of {@link RoundRunner} on its shard, each ended by a ring
 * all-reduce of the policy's contribution (parameters with BatchNorm statistics, and Adam's moments unless they stay
 * local) flattened into one float32 buffer, then the policy's next state, computed alike on every rank. In gradients
 * mode ({@link #runSharingGradients}) the ring carries each step's gradients instead, and only a divergence flag at
 * each round's end and the BatchNorm running statistics at the segment's end.
 */
final class RingRank {

    /** Arrays 0 and 1 of a state's contribution are G and D (BatchNorm statistics included); 2 to 5 their moments. */
    private static final int PARAMETER_ARRAYS = 2;
    /** The flat buffer per task thread, kept between segments: the seed model's state is 157 MB. */
    private static final ThreadLocal<ByteBuffer[]> BUFFER = ThreadLocal.withInitial(() -> new ByteBuffer[1]);

    /**
     * What a rank did in one round.
     *
     * @param figures   its step figures and compute time (no contribution)
     * @param syncNanos its all-reduce time
     * @param bytesSent bytes it sent over the ring
     */
    record Round(RoundResult figures, long syncNanos, long bytesSent) implements Serializable {
    }

    /**
     * What a rank returns from a segment.
     *
     * @param state  the state at the segment's end (rank 0 only: every rank holds the same bits)
     * @param rounds its rounds in order; the last may have diverged somewhere in the ring
     */
    record Result(TrainingState state, List<Round> rounds) implements Serializable {
    }

    private RingRank() {
    }

    /** Trains {@code start} to {@code target} in rounds of at most K steps as rank {@code rank} of {@code ring}. */
    static Result run(RoundPlan plan, TrainingState start, long target, boolean averageMoments, int rank,
                      PackedImages shard, Transport ring, String failOnce) throws IOException {
        RingAllReduce reduce = new RingAllReduce(ring);
        TrainingState s = start;
        List<Round> rounds = new ArrayList<>();
        boolean diverged = false;
        float[][] c = null;
        while (s.step() < target && !diverged) {
            int steps = (int) Math.min(plan.stepsPerRound(), target - s.step());
            injectFailure(failOnce, s.round(), rank);
            RoundResult r = RoundRunner.run(plan, s, steps, rank, shard);
            c = r.contribution();
            // A last value says whether this rank diverged: its mean is non-zero when any did, so all stop together.
            Stats stats = meanInPlace(reduce, c, 0, averageMoments ? c.length : PARAMETER_ARRAYS,
                    r.divergence() != null);
            diverged = stats.anyFlagged();
            // The ring delivered the mean: to the policy it is one combined contribution.
            s = plan.sync().next(s, c, 1, steps);
            rounds.add(new Round(r.figures(), stats.nanos(), stats.bytesSent()));
        }
        if (!averageMoments && !diverged && c != null) {
            // Local moments meet once, at the state point, so the driver gets one state to checkpoint.
            Stats stats = meanInPlace(reduce, c, PARAMETER_ARRAYS, c.length, false);
            s = new TrainingState(s.g(), s.d(), c[2], c[3], c[4], c[5], s.step(), s.round());
            Round lastRound = rounds.get(rounds.size() - 1);
            rounds.set(rounds.size() - 1, new Round(lastRound.figures(), lastRound.syncNanos() + stats.nanos(),
                    lastRound.bytesSent() + stats.bytesSent()));
        }
        return new Result(rank == 0 ? s : null, rounds);
    }

    /**
     * Trains {@code start} to {@code target} in gradients mode: every step's D and G gradients are all-reduced before
     * their Adam updates ({@link RingGradients}), so parameters and moments stay identical on every rank; a round
     * (K steps) ends with one flag value all-reduced so that all ranks stop together when any diverged; the segment
     * ends with the BatchNorm running statistics, each worker's own until then, averaged.
     */
    static Result runSharingGradients(RoundPlan plan, TrainingState start, long target, int rank, PackedImages shard,
                                      Transport ring, long bucketBytes, String failOnce) throws IOException {
        RingAllReduce reduce = new RingAllReduce(ring);
        // Overlap needs the gradient in host memory as backward writes it: the CPU backend. A GPU's buckets would
        // each wait for a device-to-host copy, so there the whole gradient goes at once after backward.
        boolean overlap = Nd4j.getEnvironment().isCPU() && bucketBytes > 0;
        List<Round> rounds = new ArrayList<>();
        boolean diverged = false;
        long step = start.step();
        long round = start.round();
        try (RingGradients gradients = new RingGradients(reduce, overlap);
             RoundRunner.SharedRounds shared = new RoundRunner.SharedRounds(plan, start, rank, shard, gradients,
                     overlap ? bucketBytes : 0)) {
            while (step < target && !diverged) {
                int steps = (int) Math.min(plan.stepsPerRound(), target - step);
                injectFailure(failOnce, round, rank);
                RoundResult r = shared.round(steps);
                long inRing = gradients.takeWaitNanos(); // what the steps waited for, not what overlap hid
                long sent = gradients.takeBytesSent();
                Stats flag = meanInPlace(reduce, new float[0][], 0, 0, r.divergence() != null);
                diverged = flag.anyFlagged();
                rounds.add(new Round(r.lessCompute(inRing), inRing + flag.nanos(), sent + flag.bytesSent()));
                step += steps;
                round++;
            }
            TrainingState s = null;
            if (!diverged && !rounds.isEmpty()) {
                float[] stats = shared.networks().runningStatistics();
                RingAllReduce.Stats st = reduce.meanInPlace(stats);
                shared.networks().setRunningStatistics(stats);
                s = rank == 0 ? shared.state() : null;
                Round last = rounds.get(rounds.size() - 1);
                rounds.set(rounds.size() - 1, new Round(last.figures(), last.syncNanos() + st.nanos(),
                        last.bytesSent() + st.bytesSent()));
            }
            return new Result(s, rounds);
        }
    }

    /** What one flattened all-reduce cost, and whether any rank raised its flag. */
    private record Stats(long nanos, long bytesSent, boolean anyFlagged) {
    }

    /** Replaces arrays {@code from} to {@code to} of {@code c} by their ring mean, with a flag value after them. */
    private static Stats meanInPlace(RingAllReduce reduce, float[][] c, int from, int to, boolean flag)
            throws IOException {
        long floats = 1;
        for (int a = from; a < to; a++) {
            floats += c[a].length;
        }
        ByteBuffer[] held = BUFFER.get();
        if (held[0] == null || held[0].capacity() < floats * Float.BYTES) {
            held[0] = ByteBuffer.allocateDirect(Math.toIntExact(floats * Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer b = held[0].clear().limit(Math.toIntExact(floats * Float.BYTES));
        FloatBuffer f = b.asFloatBuffer();
        for (int a = from; a < to; a++) {
            f.put(c[a]);
        }
        f.put(flag ? 1f : 0f);
        RingAllReduce.Stats st = reduce.meanInPlace(b);
        f.rewind();
        for (int a = from; a < to; a++) {
            f.get(c[a]);
        }
        return new Stats(st.nanos(), st.bytesSent(), f.get() != 0f);
    }

    private static void injectFailure(String failOnce, long round, int rank) {
        if (failOnce.isEmpty()) {
            return;
        }
        String[] rw = failOnce.split(":");
        // A barrier stage is retried whole, as a new stage attempt: its tasks start again at attempt number 0.
        if (Long.parseLong(rw[0]) == round && Integer.parseInt(rw[1]) == rank
                && BarrierTaskContext.get().stageAttemptNumber() == 0) {
            if (rw.length > 2 && rw[2].equals("kill")) {
                killThisJvm();
            }
            throw new IllegalStateException("injected failure (" + RingTrainer.FAIL_ONCE + "=" + failOnce + ")");
        }
    }

    /** SIGKILL to this executor's own JVM (test-only): no shutdown hook, no goodbye to the driver, as a crash. */
    private static void killThisJvm() {
        if (SparkEnv.get().executorId().equals("driver")) { // Spark's id for local mode's executor
            throw new IllegalStateException(RingTrainer.FAIL_ONCE + " \"round:worker:kill\" needs executor JVMs: "
                    + "in local mode it would kill the driver");
        }
        long pid = ProcessHandle.current().pid();
        try {
            new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor();
            Thread.sleep(60_000); // the signal lands while this waits
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not SIGKILL executor JVM " + pid, e);
        }
        throw new IllegalStateException("executor JVM " + pid + " survived SIGKILL");
    }
}
