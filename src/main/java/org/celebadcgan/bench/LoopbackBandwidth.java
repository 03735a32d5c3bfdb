package org.celebadcgan.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loopback TCP bandwidth of this host with plain socket pairs: the bound the ring is held to. Connections and
 * threads are set up first and the clock starts when every writer is released, so the figure is the transfer alone
 * (on a busy 2-core host, starting threads and accepting took longer than moving a few MB).
 */
public final class LoopbackBandwidth {

    private static final int BLOCK = 4 << 20;

    private LoopbackBandwidth() {
    }

    /** Bytes per second of the best of {@code tries} transfers of {@code bytes} through one socket pair. */
    public static double bytesPerSecond(long bytes, int tries) throws IOException {
        double best = 0;
        for (int i = 0; i < tries; i++) {
            best = Math.max(best, bytes / (transferNanos(1, bytes) / 1e9));
        }
        return best;
    }

    /**
     * Milliseconds for {@code pairs} socket pairs sending {@code bytes} each at once (best of {@code tries}): the
     * ring's traffic with nothing else, which on a small host shares cores and loopback among all its links.
     */
    public static double concurrentMs(int pairs, long bytes, int tries) throws IOException {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < tries; i++) {
            best = Math.min(best, transferNanos(pairs, bytes) / 1e6);
        }
        return best;
    }

    /** Nanoseconds from releasing {@code pairs} writers to the last reader having all {@code bytes}. */
    private static long transferNanos(int pairs, long bytes) throws IOException {
        List<AutoCloseable> open = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CyclicBarrier go = new CyclicBarrier(2 * pairs + 1);
        AtomicLong lastEnd = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try {
            for (int p = 0; p < pairs; p++) {
                ServerSocketChannel server = ServerSocketChannel.open();
                open.add(server);
                server.bind(new InetSocketAddress("127.0.0.1", 0));
                SocketChannel out = SocketChannel.open(server.getLocalAddress());
                open.add(out);
                SocketChannel in = server.accept();
                open.add(in);
                threads.add(new Thread(() -> run(failure, go, () -> {
                    ByteBuffer b = ByteBuffer.allocateDirect(BLOCK);
                    for (long sent = 0; sent < bytes; ) {
                        b.clear().limit((int) Math.min(BLOCK, bytes - sent));
                        while (b.hasRemaining()) {
                            sent += out.write(b);
                        }
                    }
                }), "loopback-writer"));
                threads.add(new Thread(() -> run(failure, go, () -> {
                    ByteBuffer b = ByteBuffer.allocateDirect(BLOCK);
                    for (long got = 0; got < bytes; ) {
                        b.clear();
                        int n = in.read(b);
                        if (n < 0) {
                            throw new IOException("writer closed after " + got + " bytes");
                        }
                        got += n;
                    }
                    lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                }), "loopback-reader"));
            }
            threads.forEach(Thread::start);
            go.await();
            long t0 = System.nanoTime();
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw new IOException("loopback transfer failed: " + failure.get().getMessage(), failure.get());
            }
            return lastEnd.get() - t0;
        } catch (InterruptedException | BrokenBarrierException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while measuring loopback", e);
        } finally {
            for (AutoCloseable c : open) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // measuring only; the figure is already taken
                }
            }
        }
    }

    private interface Io {
        void run() throws Exception;
    }

    private static void run(AtomicReference<Exception> failure, CyclicBarrier go, Io body) {
        try {
            go.await();
            body.run();
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }
}
