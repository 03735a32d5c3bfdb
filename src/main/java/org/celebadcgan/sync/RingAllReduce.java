package org.celebadcgan.sync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Element-wise mean of one flat float32 buffer across the ring: reduce-scatter then all-gather, N-1 steps each
 * (Patarasuk and Yuan; Baidu; Horovod). Each chunk moves in pieces of at most {@code pieceFloats}, so memory beyond
 * the buffer is one piece and a piece reduced at one step is what goes out at the next. Rank r sends
 * 2(N-1)/N of the buffer (exactly: all chunks but r, then all but r+1) plus {@link NioRingTransport#FRAME_BYTES}
 * per piece. The owner of a chunk divides its sum by N before the all-gather, so every rank ends with the same bits:
 * those of {@link RingOrderMean}, whatever the timing.
 */
public final class RingAllReduce {

    /** 1 MiB pieces: large enough that per-message costs vanish, small enough to pipeline a 50 MB state. */
    public static final int DEFAULT_PIECE_FLOATS = 1 << 18;

    private final Transport transport;
    private final int pieceFloats;
    private final ByteBuffer staging;
    private ByteBuffer heapCopy;

    public RingAllReduce(Transport transport) {
        this(transport, DEFAULT_PIECE_FLOATS);
    }

    public RingAllReduce(Transport transport, int pieceFloats) {
        if (pieceFloats < 1) {
            throw new IllegalArgumentException("pieceFloats must be at least 1, got " + pieceFloats);
        }
        this.transport = transport;
        this.pieceFloats = pieceFloats;
        this.staging = ByteBuffer.allocateDirect(pieceFloats * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** What one all-reduce cost this rank. */
    public record Stats(long bytesSent, long bytesReceived, long nanos) {
    }

    /**
     * Replaces {@code data}'s values (from 0 to its limit, float32 little-endian, ideally direct so the kernel reads
     * it without a copy) by their mean across the ring.
     */
    public Stats meanInPlace(ByteBuffer data) throws IOException {
        if (data.limit() % Float.BYTES != 0) {
            throw new IllegalArgumentException("buffer of " + data.limit() + " bytes is not whole float32 values");
        }
        ByteBuffer all = data.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(0);
        FloatBuffer values = all.asFloatBuffer();
        FloatBuffer partial = staging.duplicate().order(ByteOrder.LITTLE_ENDIAN).clear().asFloatBuffer();
        int n = transport.size();
        int r = transport.rank();
        long sent0 = transport.bytesSent();
        long received0 = transport.bytesReceived();
        long t0 = System.nanoTime();
        RingChunks chunks = new RingChunks(values.limit(), n);
        for (int t = 0; t < 2 * (n - 1); t++) {
            int out = chunks.sentAt(r, t);
            int in = chunks.receivedAt(r, t);
            boolean reducing = t < n - 1;
            boolean last = t == n - 2;
            long pieces = Math.max(pieces(chunks.length(out)), pieces(chunks.length(in)));
            for (long j = 0; j < pieces; j++) {
                int outFrom = pieceStart(chunks, out, j);
                int outTo = pieceEnd(chunks, out, j);
                int inFrom = pieceStart(chunks, in, j);
                int inTo = pieceEnd(chunks, in, j);
                ByteBuffer toRight = floats(all, outFrom, outTo);
                // reduce-scatter lands in the staging piece and is added; all-gather lands in place
                ByteBuffer fromLeft = reducing
                        ? staging.clear().limit((inTo - inFrom) * Float.BYTES)
                        : floats(all, inFrom, inTo);
                transport.exchange(toRight, fromLeft);
                if (reducing) {
                    for (int i = inFrom, k = 0; i < inTo; i++, k++) {
                        float sum = partial.get(k) + values.get(i); // ranks so far, then this rank: RingOrderMean
                        values.put(i, last ? sum / n : sum);
                    }
                }
            }
        }
        return new Stats(transport.bytesSent() - sent0, transport.bytesReceived() - received0,
                System.nanoTime() - t0);
    }

    /** As {@link #meanInPlace(ByteBuffer)} for a heap array: copied through a direct buffer kept between calls. */
    public Stats meanInPlace(float[] data) throws IOException {
        if (heapCopy == null || heapCopy.capacity() < data.length * Float.BYTES) {
            heapCopy = ByteBuffer.allocateDirect(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer b = heapCopy.clear().limit(data.length * Float.BYTES);
        b.asFloatBuffer().put(data);
        Stats s = meanInPlace(b);
        b.asFloatBuffer().get(data);
        return s;
    }

    private long pieces(long length) {
        return (length + pieceFloats - 1) / pieceFloats;
    }

    private int pieceStart(RingChunks chunks, int c, long j) {
        return (int) Math.min(chunks.start(c + 1), chunks.start(c) + j * pieceFloats);
    }

    private int pieceEnd(RingChunks chunks, int c, long j) {
        return (int) Math.min(chunks.start(c + 1), chunks.start(c) + (j + 1) * pieceFloats);
    }

    private static ByteBuffer floats(ByteBuffer all, int from, int to) {
        return all.duplicate().limit(to * Float.BYTES).position(from * Float.BYTES);
    }
}
