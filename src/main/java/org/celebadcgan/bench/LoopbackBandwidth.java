package org.celebadcgan.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
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
 * threads are set up first, the links carry {@link #WARM_BYTES} untimed (a fresh connection's buffers start small
 * and grow with traffic: 6 MB over a new pair ran at a fifth of the rate of a used one), and the clock starts when
 * every sender is released, so the figure is the transfer alone, over links as warm as the ring's.
 */
public final class LoopbackBandwidth {

    private static final int BLOCK = 4 << 20;
    private static final long WARM_BYTES = 64L << 20;

    private LoopbackBandwidth() {
    }

    /** Bytes per second of the best of {@code tries} transfers of {@code bytes} through one socket pair. */
    public static double bytesPerSecond(long bytes, int tries) throws IOException {
        return bytes / (transferNanos(bytes, tries) / 1e9);
    }

    /**
     * Milliseconds for {@code ranks} threads in a ring of plain socket pairs, each sending {@code bytes} to its right
     * while receiving as many from its left, non-blocking on one selector as the ring's ranks do (best of
     * {@code tries}): the ring's traffic with nothing else, which on one small host shares cores and loopback.
     */
    public static double ringMs(int ranks, long bytes, int tries) throws IOException {
        return ringNanos(ranks, bytes, tries) / 1e6;
    }

    /** One writer and one reader thread on one warmed pair: the single-link bandwidth (best of tries, in ns). */
    private static long transferNanos(long bytes, int tries) throws IOException {
        List<AutoCloseable> open = new ArrayList<>();
        try {
            SocketChannel[] pair = connectedPair(open);
            oneWay(pair, WARM_BYTES);
            long best = Long.MAX_VALUE;
            for (int i = 0; i < tries; i++) {
                best = Math.min(best, oneWay(pair, bytes));
            }
            return best;
        } finally {
            closeAll(open);
        }
    }

    private static long oneWay(SocketChannel[] pair, long bytes) throws IOException {
        List<Thread> threads = new ArrayList<>();
        CyclicBarrier go = new CyclicBarrier(3);
        AtomicLong lastEnd = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        // allocated before the clock: a direct allocation may wait for a GC to free earlier ones
        ByteBuffer wb = ByteBuffer.allocateDirect(BLOCK);
        ByteBuffer rb = ByteBuffer.allocateDirect(BLOCK);
        threads.add(new Thread(() -> run(failure, go, () -> {
            ByteBuffer b = wb;
            for (long sent = 0; sent < bytes; ) {
                b.clear().limit((int) Math.min(BLOCK, bytes - sent));
                while (b.hasRemaining()) {
                    sent += pair[0].write(b);
                }
            }
        }), "loopback-writer"));
        threads.add(new Thread(() -> run(failure, go, () -> {
            ByteBuffer b = rb;
            for (long got = 0; got < bytes; ) {
                b.clear();
                int n = pair[1].read(b);
                if (n < 0) {
                    throw new IOException("writer closed after " + got + " bytes");
                }
                got += n;
            }
            lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
        }), "loopback-reader"));
        return timed(threads, go, lastEnd, failure);
    }

    /** N threads round a ring of warmed pairs (best of tries, in ns). */
    private static long ringNanos(int ranks, long bytes, int tries) throws IOException {
        List<AutoCloseable> open = new ArrayList<>();
        try {
            List<SocketChannel[]> links = new ArrayList<>(); // link r: rank r writes [0], rank r+1 reads [1]
            for (int r = 0; r < ranks; r++) {
                links.add(connectedPair(open));
            }
            ringRound(links, WARM_BYTES);
            long best = Long.MAX_VALUE;
            for (int i = 0; i < tries; i++) {
                best = Math.min(best, ringRound(links, bytes));
            }
            return best;
        } finally {
            closeAll(open);
        }
    }

    private static long ringRound(List<SocketChannel[]> links, long bytes) throws IOException {
        int ranks = links.size();
        List<Thread> threads = new ArrayList<>();
        CyclicBarrier go = new CyclicBarrier(ranks + 1);
        AtomicLong lastEnd = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int r = 0; r < ranks; r++) {
            SocketChannel right = links.get(r)[0];
            SocketChannel left = links.get((r + ranks - 1) % ranks)[1];
            ByteBuffer out = ByteBuffer.allocateDirect(BLOCK);
            ByteBuffer in = ByteBuffer.allocateDirect(BLOCK);
            threads.add(new Thread(() -> run(failure, go, () -> {
                right.configureBlocking(false);
                left.configureBlocking(false);
                try (Selector sel = Selector.open()) {
                    SelectionKey w = right.register(sel, 0);
                    SelectionKey rd = left.register(sel, 0);
                    long sent = 0;
                    long got = 0;
                    while (sent < bytes || got < bytes) {
                        long n = 0;
                        if (sent < bytes) {
                            out.clear().limit((int) Math.min(BLOCK, bytes - sent));
                            n += right.write(out);
                            sent += out.position();
                        }
                        if (got < bytes) {
                            in.clear().limit((int) Math.min(BLOCK, bytes - got));
                            int k = left.read(in);
                            if (k < 0) {
                                throw new IOException("ring neighbour closed after " + got + " bytes");
                            }
                            got += k;
                            n += k;
                        }
                        if (n == 0) {
                            w.interestOps(sent < bytes ? SelectionKey.OP_WRITE : 0);
                            rd.interestOps(got < bytes ? SelectionKey.OP_READ : 0);
                            sel.select(100);
                            sel.selectedKeys().clear();
                        }
                    }
                }
                lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
            }), "loopback-rank"));
        }
        return timed(threads, go, lastEnd, failure);
    }

    private static SocketChannel[] connectedPair(List<AutoCloseable> open) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        open.add(server);
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        SocketChannel out = SocketChannel.open(server.getLocalAddress());
        open.add(out);
        SocketChannel in = server.accept();
        open.add(in);
        return new SocketChannel[]{out, in};
    }

    private static long timed(List<Thread> threads, CyclicBarrier go, AtomicLong lastEnd,
                              AtomicReference<Exception> failure) throws IOException {
        try {
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
        }
    }

    private static void closeAll(List<AutoCloseable> open) {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // measuring only; the figure is already taken
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
