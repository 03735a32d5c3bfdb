package org.celebadcgan.sync;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * The ring over plain NIO {@link SocketChannel}s, both non-blocking and served by one selector, so a rank sends and
 * receives at once on one thread. Chosen over Spark's Netty transport for the first version: two channels and a
 * selector are the fewest moving parts on a 2-core executor (no event-loop threads, no RPC layer, no pooled
 * buffers to release), a direct buffer slice goes to the kernel without a copy, and the timeout is ours to enforce
 * byte by byte. Spark's network layer was not measured against it yet.
 * <p>Each message is framed by 8 bytes (sequence number, payload bytes) so a peer out of step is caught, not summed.
 */
public final class NioRingTransport implements Transport {

    /** Bytes of framing per non-empty message. */
    public static final int FRAME_BYTES = 8;

    private final int rank;
    private final int size;
    private final SocketChannel right;
    private final SocketChannel left;
    private final Peer rightPeer;
    private final Peer leftPeer;
    private final long timeoutNanos;
    private final Selector selector;
    private final SelectionKey rightKey;
    private final SelectionKey leftKey;
    private final ByteBuffer sendHeader = ByteBuffer.allocateDirect(FRAME_BYTES);
    private final ByteBuffer recvHeader = ByteBuffer.allocateDirect(FRAME_BYTES);
    private final ByteBuffer[] out = new ByteBuffer[2];
    private final ByteBuffer[] in = new ByteBuffer[2];
    private int sendSeq;
    private int recvSeq;
    private long sent;
    private long received;

    /** A ring of one: nothing to exchange. */
    static NioRingTransport alone() {
        return new NioRingTransport();
    }

    private NioRingTransport() {
        rank = 0;
        size = 1;
        right = left = null;
        rightPeer = leftPeer = null;
        timeoutNanos = 0;
        selector = null;
        rightKey = leftKey = null;
    }

    NioRingTransport(int rank, int size, SocketChannel right, Peer rightPeer, SocketChannel left, Peer leftPeer,
                     Duration timeout) throws IOException {
        this.rank = rank;
        this.size = size;
        this.right = right;
        this.left = left;
        this.rightPeer = rightPeer;
        this.leftPeer = leftPeer;
        this.timeoutNanos = timeout.toNanos();
        right.configureBlocking(false);
        left.configureBlocking(false);
        // small frames (the last piece of a chunk) must not wait for Nagle's delayed ACK
        right.socket().setTcpNoDelay(true);
        left.socket().setTcpNoDelay(true);
        selector = Selector.open();
        rightKey = right.register(selector, 0);
        leftKey = left.register(selector, 0);
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long bytesSent() {
        return sent;
    }

    @Override
    public long bytesReceived() {
        return received;
    }

    @Override
    public void exchange(ByteBuffer toRight, ByteBuffer fromLeft) throws IOException {
        if (size == 1) {
            if (toRight.hasRemaining() || fromLeft.hasRemaining()) {
                throw new IllegalStateException("a ring of one has no neighbour to exchange with");
            }
            return;
        }
        boolean sending = toRight.hasRemaining();
        boolean receiving = fromLeft.hasRemaining();
        int expected = fromLeft.remaining();
        if (sending) {
            sendHeader.clear();
            sendHeader.putInt(sendSeq).putInt(toRight.remaining()).flip();
            out[0] = sendHeader;
            out[1] = toRight;
        }
        if (receiving) {
            recvHeader.clear();
            in[0] = recvHeader;
            in[1] = fromLeft;
        }
        long idleUntil = System.nanoTime() + timeoutNanos;
        while (sending || receiving) {
            boolean progress = false;
            if (sending) {
                long n = write();
                sent += n;
                progress = n > 0;
                if (!toRight.hasRemaining() && !sendHeader.hasRemaining()) {
                    sending = false;
                    sendSeq++;
                }
            }
            if (receiving) {
                boolean headerWasDone = !recvHeader.hasRemaining();
                long n = read();
                if (n < 0) {
                    throw new EOFException("ring rank " + rank + ": " + leftPeer + " closed the connection");
                }
                received += n;
                progress |= n > 0;
                if (!headerWasDone && !recvHeader.hasRemaining()) {
                    checkHeader(expected);
                }
                if (!fromLeft.hasRemaining() && !recvHeader.hasRemaining()) {
                    receiving = false;
                    recvSeq++;
                }
            }
            if (progress) {
                idleUntil = System.nanoTime() + timeoutNanos;
            } else if (sending || receiving) {
                long wait = idleUntil - System.nanoTime();
                if (wait <= 0) {
                    throw silent(receiving);
                }
                if (Thread.currentThread().isInterrupted()) {
                    // a killed task: select() would return at once for ever and spin until the timeout
                    throw new InterruptedIOException("ring rank " + rank + ": interrupted during an exchange");
                }
                rightKey.interestOps(sending ? SelectionKey.OP_WRITE : 0);
                leftKey.interestOps(receiving ? SelectionKey.OP_READ : 0);
                selector.select(Math.max(1, wait / 1_000_000));
                selector.selectedKeys().clear();
            }
        }
    }

    /** Socket errors name the peer: "Broken pipe" alone does not say which rank went away. */
    private long write() throws IOException {
        try {
            return right.write(out);
        } catch (IOException e) {
            throw new IOException("ring rank " + rank + ": sending to " + rightPeer + " failed: " + e.getMessage(), e);
        }
    }

    private long read() throws IOException {
        try {
            return left.read(in);
        } catch (IOException e) {
            throw new IOException("ring rank " + rank + ": receiving from " + leftPeer + " failed: " + e.getMessage(),
                    e);
        }
    }

    private void checkHeader(int expected) throws ProtocolException {
        int seq = recvHeader.getInt(0);
        int bytes = recvHeader.getInt(4);
        if (seq != recvSeq || bytes != expected) {
            throw new ProtocolException("ring rank " + rank + ": " + leftPeer + " sent message " + seq + " of "
                    + bytes + " bytes, expected message " + recvSeq + " of " + expected + " bytes");
        }
    }

    private SocketTimeoutException silent(boolean receiving) {
        long ms = timeoutNanos / 1_000_000;
        return new SocketTimeoutException(receiving
                ? "ring rank " + rank + ": " + leftPeer + " sent nothing for " + ms + " ms (train.sync.timeout)"
                : "ring rank " + rank + ": " + rightPeer + " took no data for " + ms + " ms (train.sync.timeout)");
    }

    @Override
    public void close() throws IOException {
        if (size == 1) {
            return;
        }
        try (selector; right; left) {
            // closes all three, the first failure reported
        }
    }
}
