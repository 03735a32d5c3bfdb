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

/**
 * Gradients mode's reducer: each gradient is replaced by its ring mean in place, in its own off-heap buffer (no
 * copy), in the ring's fixed order, so every rank gets the same bits and applies the same Adam update. Counts the
 * time and bytes it spent, for the round's figures.
 */
final class RingGradients implements GradientReducer {

    private final RingAllReduce reduce;
    // The two gradients (D's, G's) come back every step: their byte views are made once.
    private final INDArray[] arrays = new INDArray[2];
    private final ByteBuffer[] views = new ByteBuffer[2];
    private long nanos;
    private long bytesSent;

    RingGradients(RingAllReduce reduce) {
        this.reduce = reduce;
    }

    @Override
    public void reduce(INDArray gradient) {
        // A GPU backend keeps the values on the device: the ring reads and writes the host copy.
        Nd4j.getAffinityManager().ensureLocation(gradient, AffinityManager.Location.HOST);
        try {
            RingAllReduce.Stats s = reduce.meanInPlace(view(gradient));
            nanos += s.nanos();
            bytesSent += s.bytesSent();
        } catch (IOException e) {
            throw new UncheckedIOException("gradient all-reduce: " + e.getMessage(), e);
        }
        Nd4j.getAffinityManager().tagLocation(gradient, AffinityManager.Location.HOST);
    }

    /** Time spent in the ring since the last call, in ns; resets it. */
    long takeNanos() {
        long n = nanos;
        nanos = 0;
        return n;
    }

    /** Bytes sent since the last call; resets the count. */
    long takeBytesSent() {
        long b = bytesSent;
        bytesSent = 0;
        return b;
    }

    private ByteBuffer view(INDArray a) {
        for (int i = 0; i < arrays.length; i++) {
            if (arrays[i] == a) {
                return views[i];
            }
            if (arrays[i] == null) {
                if (!a.isVector() || a.elementWiseStride() != 1 || a.dataType() != DataType.FLOAT) {
                    throw new IllegalArgumentException("expected a contiguous float32 vector, got "
                            + a.shapeInfoToString());
                }
                ByteBuffer all = a.data().asNio().order(ByteOrder.LITTLE_ENDIAN);
                long from = a.offset() * Float.BYTES;
                views[i] = all.duplicate().limit(Math.toIntExact(from + a.length() * Float.BYTES))
                        .position(Math.toIntExact(from)).slice().order(ByteOrder.LITTLE_ENDIAN);
                arrays[i] = a;
                return views[i];
            }
        }
        throw new IllegalStateException("more than two gradient arrays");
    }
}
