package org.celebadcgan.spark;

import org.celebadcgan.sync.RingAllReduce;
import org.celebadcgan.train.GradientReducer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Gradients mode's reducer: each gradient bucket is replaced by its ring mean in place, in its own off-heap buffer
 * (no copy), in the ring's fixed order, so every rank gets the same bits and applies the same Adam update.
 * <p>
 * Overlapped (the CPU backend): buckets go to one ring thread in the order backward finishes them, and
 * {@link #finish()} waits for the last, so a bucket's all-reduce runs while backward computes the layers before it,
 * as in PyTorch DDP. On a GPU backend each bucket is reduced at once on the calling thread (the ring reads the host
 * copy, which only the training thread may bring up to date). Counts the time the step waited for the ring and the
 * bytes it sent, for the round's figures.
 */
final class RingGradients implements GradientReducer, AutoCloseable {

    private final RingAllReduce reduce;
    private final ExecutorService ring;
    private final ArrayDeque<Future<RingAllReduce.Stats>> pending = new ArrayDeque<>();
    // The same buckets come back every step: their byte views are made once.
    // (by identity: an INDArray's equals compares values)
    private final Map<INDArray, Buckets> views = new IdentityHashMap<>(4);
    private long waitNanos;
    private long bytesSent;

    /** {@code overlap}: reduce on a ring thread of its own while backward goes on (CPU backend only). */
    RingGradients(RingAllReduce reduce, boolean overlap) {
        this.reduce = reduce;
        this.ring = overlap ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ring-gradients");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    @Override
    public void reduce(INDArray gradient, long from, long to) {
        ByteBuffer view = view(gradient, from, to);
        if (ring != null) {
            pending.add(ring.submit(() -> reduce.meanInPlace(view)));
            return;
        }
        long t0 = System.nanoTime();
        // A GPU backend keeps the values on the device: the ring reads and writes the host copy.
        Nd4j.getAffinityManager().ensureLocation(gradient, AffinityManager.Location.HOST);
        try {
            count(reduce.meanInPlace(view));
        } catch (IOException e) {
            throw new UncheckedIOException("gradient all-reduce: " + e.getMessage(), e);
        }
        Nd4j.getAffinityManager().tagLocation(gradient, AffinityManager.Location.HOST);
        waitNanos += System.nanoTime() - t0;
    }

    @Override
    public void finish() {
        long t0 = System.nanoTime();
        try {
            while (!pending.isEmpty()) {
                count(pending.peek().get());
                pending.poll();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new UncheckedIOException("gradient all-reduce: " + io.getMessage(), io);
            }
            throw new IllegalStateException("gradient all-reduce: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the gradient all-reduce", e);
        } finally {
            waitNanos += System.nanoTime() - t0;
        }
    }

    private void count(RingAllReduce.Stats s) {
        bytesSent += s.bytesSent();
    }

    /** Time the step waited for the ring since the last call (all of the ring's time when not overlapped), in ns. */
    long takeWaitNanos() {
        long n = waitNanos;
        waitNanos = 0;
        return n;
    }

    /** Bytes sent since the last call; resets the count. */
    long takeBytesSent() {
        long b = bytesSent;
        bytesSent = 0;
        return b;
    }

    /** Stops the ring thread; a bucket still in flight fails with the stage. */
    @Override
    public void close() {
        if (ring != null) {
            ring.shutdownNow();
        }
    }

    private ByteBuffer view(INDArray a, long from, long to) {
        Buckets mine = views.get(a);
        if (mine == null) {
            mine = new Buckets();
            views.put(a, mine);
        }
        for (int i = 0; i < mine.count; i++) {
            if (mine.from[i] == from && mine.view[i].capacity() == (to - from) * Float.BYTES) {
                return mine.view[i];
            }
        }
        ByteBuffer v = bytes(a).limit(Math.toIntExact(to * Float.BYTES)).position(Math.toIntExact(from * Float.BYTES))
                .slice().order(ByteOrder.LITTLE_ENDIAN);
        mine.add(from, v);
        return v;
    }

    /** One gradient's bucket views by first element (a few per network: a linear search, no boxing). */
    private static final class Buckets {
        long[] from = new long[8];
        ByteBuffer[] view = new ByteBuffer[8];
        int count;

        void add(long f, ByteBuffer v) {
            if (count == from.length) {
                from = Arrays.copyOf(from, count * 2);
                view = Arrays.copyOf(view, count * 2);
            }
            from[count] = f;
            view[count] = v;
            count++;
        }
    }

    /** The bytes of a contiguous float32 vector, in place. */
    private static ByteBuffer bytes(INDArray a) {
        if (!a.isVector() || a.elementWiseStride() != 1 || a.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("expected a contiguous float32 vector, got " + a.shapeInfoToString());
        }
        ByteBuffer all = a.data().asNio().order(ByteOrder.LITTLE_ENDIAN);
        long from = a.offset() * Float.BYTES;
        return all.duplicate().limit(Math.toIntExact(from + a.length() * Float.BYTES))
                .position(Math.toIntExact(from)).slice().order(ByteOrder.LITTLE_ENDIAN);
    }
}
