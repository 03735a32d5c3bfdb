package org.celebadcgan.sync;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A rank's two links in a ring: it sends to its right neighbour (rank + 1) and receives from its left (rank - 1).
 * Kept small so another transport (NCCL over GPU buffers, Spark's network layer) can replace the socket one.
 */
public interface Transport extends Closeable {

    /** This rank, 0..size-1. */
    int rank();

    /** Ranks in the ring. */
    int size();

    /**
     * Sends {@code toRight}'s remaining bytes to the right neighbour while filling {@code fromLeft}'s remaining bytes
     * from the left one, both at once (a ring where every rank sent first and received second could deadlock once
     * socket buffers fill). Either may be empty; the left neighbour's matching send then is empty too. Fails naming
     * the neighbour's rank and host when it closes, breaks the framing, or moves no byte for the configured timeout.
     */
    void exchange(ByteBuffer toRight, ByteBuffer fromLeft) throws IOException;

    /** Bytes this rank has sent through {@link #exchange}, framing included (handshakes not). */
    long bytesSent();

    /** Bytes received through {@link #exchange}, framing included. */
    long bytesReceived();
}
