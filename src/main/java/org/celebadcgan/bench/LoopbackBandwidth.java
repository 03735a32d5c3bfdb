package org.celebadcgan.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Loopback TCP bandwidth of this host, measured with one plain socket pair: the bound the ring is held to. */
public final class LoopbackBandwidth {

    private static final int BLOCK = 4 << 20;

    private LoopbackBandwidth() {
    }

    /** Bytes per second of the best of {@code tries} transfers of {@code bytes} each, 127.0.0.1 to itself. */
    public static double bytesPerSecond(long bytes, int tries) throws IOException {
        double best = 0;
        for (int i = 0; i < tries; i++) {
            best = Math.max(best, bytes / (once(bytes) / 1e9));
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
            List<CompletableFuture<Long>> all = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int p = 0; p < pairs; p++) {
                all.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return once(bytes);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, r -> new Thread(r, "loopback-writer").start()));
            }
            all.forEach(CompletableFuture::join);
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        return best;
    }

    /** Nanoseconds to move {@code bytes} through one fresh socket pair. */
    private static long once(long bytes) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
                try (SocketChannel in = server.accept()) {
                    ByteBuffer b = ByteBuffer.allocateDirect(BLOCK);
                    long got = 0;
                    while (got < bytes) {
                        b.clear();
                        int n = in.read(b);
                        if (n < 0) {
                            throw new IOException("writer closed after " + got + " bytes");
                        }
                        got += n;
                    }
                    return System.nanoTime();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, r -> new Thread(r, "loopback-reader").start());
            try (SocketChannel out = SocketChannel.open(server.getLocalAddress())) {
                ByteBuffer b = ByteBuffer.allocateDirect(BLOCK);
                long t0 = System.nanoTime();
                for (long sent = 0; sent < bytes; ) {
                    b.clear().limit((int) Math.min(BLOCK, bytes - sent));
                    while (b.hasRemaining()) {
                        sent += out.write(b);
                    }
                }
                return reader.get() - t0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IOException("loopback reader failed: " + e.getCause().getMessage(), e);
            }
        }
    }
}
