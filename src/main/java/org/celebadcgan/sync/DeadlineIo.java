package org.celebadcgan.sync;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.function.Supplier;

/**
 * Blocking-style reads and writes on a non-blocking channel that give up at a deadline: a blocking
 * {@code SocketChannel} ignores SO_TIMEOUT, so a silent peer would otherwise hang its reader for ever.
 */
final class DeadlineIo {

    private DeadlineIo() {
    }

    /** Fills {@code b} from {@code ch}; {@code what} names the peer in the error. */
    static void readFully(SocketChannel ch, ByteBuffer b, long deadlineNanos, Supplier<String> what)
            throws IOException {
        transfer(ch, b, deadlineNanos, what, SelectionKey.OP_READ);
    }

    /** Writes all of {@code b} to {@code ch}. */
    static void writeFully(SocketChannel ch, ByteBuffer b, long deadlineNanos, Supplier<String> what)
            throws IOException {
        transfer(ch, b, deadlineNanos, what, SelectionKey.OP_WRITE);
    }

    private static void transfer(SocketChannel ch, ByteBuffer b, long deadlineNanos, Supplier<String> what, int op)
            throws IOException {
        ch.configureBlocking(false);
        try (Selector sel = Selector.open()) {
            ch.register(sel, op);
            while (b.hasRemaining()) {
                int n = op == SelectionKey.OP_READ ? ch.read(b) : ch.write(b);
                if (n < 0) {
                    throw new EOFException(what.get() + " closed the connection");
                }
                if (n > 0 || !b.hasRemaining()) {
                    continue;
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException(what.get() + " did not answer in time");
                }
                sel.select(Math.max(1, left / 1_000_000));
                sel.selectedKeys().clear();
            }
        }
    }
}
