package org.celebadcgan.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One rank's way into the ring. {@link #bind} opens a server socket first, so its {@code host:port} can be
 * exchanged (in Spark: {@code BarrierTaskContext.allGather}); {@link #join} then connects to the right neighbour
 * and accepts the left one, each proving the stage's secret. Connections that fail the proof are closed and
 * logged while the rank keeps waiting for its real neighbour, up to the timeout.
 */
public final class RingEndpoint implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(RingEndpoint.class);
    /** A connection that opens and then says nothing holds the accept loop at most this long. */
    private static final long HANDSHAKE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ServerSocketChannel server;
    private final String host;

    private RingEndpoint(ServerSocketChannel server, String host) {
        this.server = server;
        this.host = host;
    }

    /** Listens on an ephemeral port of {@code host} (the executor's address; 127.0.0.1 in tests). */
    public static RingEndpoint bind(String host) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(host, 0), 16);
        return new RingEndpoint(server, host);
    }

    /** {@code host:port} for the other ranks. */
    public String address() throws IOException {
        String h = host.contains(":") ? "[" + host + "]" : host; // IPv6, as Peer.parse reads it
        return h + ":" + ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /**
     * Forms the ring: {@code addresses.get(i)} is rank i's {@link #address()}. Fails naming the neighbour's rank and
     * host when it is not there, or not authenticated, within {@code timeout}; the returned transport fails the same
     * way when a neighbour goes silent for {@code timeout} later. Closes the server socket either way.
     */
    public NioRingTransport join(List<String> addresses, int rank, RingSecret secret, Duration timeout)
            throws IOException {
        int n = addresses.size();
        if (rank < 0 || rank >= n) {
            throw new IllegalArgumentException("rank " + rank + " outside a ring of " + n);
        }
        if (n == 1) {
            close();
            return NioRingTransport.alone();
        }
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            peers.add(Peer.parse(i, addresses.get(i)));
        }
        Peer rightPeer = peers.get((rank + 1) % n);
        Peer leftPeer = peers.get((rank + n - 1) % n);
        long deadline = System.nanoTime() + timeout.toNanos();
        // accept on a second thread: if every rank first waited for its right neighbour's answer, nobody would answer
        CompletableFuture<SocketChannel> fromLeft = new CompletableFuture<>();
        Thread acceptor = new Thread(() -> {
            try {
                fromLeft.complete(acceptLeft(rank, leftPeer, secret, deadline, timeout));
            } catch (Throwable e) {
                fromLeft.completeExceptionally(e);
            }
        }, "ring-accept-rank-" + rank);
        acceptor.setDaemon(true);
        acceptor.start();
        SocketChannel right = null;
        try {
            right = connectRight(rank, rightPeer, secret, deadline, timeout);
            SocketChannel left = awaitLeft(fromLeft, deadline);
            return new NioRingTransport(rank, n, right, rightPeer, left, leftPeer, timeout);
        } catch (IOException | RuntimeException e) {
            if (right != null) {
                right.close();
            }
            acceptor.interrupt();
            fromLeft.thenAccept(ch -> closeQuietly(ch));
            throw e;
        } finally {
            close();
        }
    }

    private static SocketChannel awaitLeft(CompletableFuture<SocketChannel> fromLeft, long deadline)
            throws IOException {
        try {
            // the acceptor gives up at the deadline itself; the margin only covers its last handshake
            return fromLeft.get(Math.max(0, deadline - System.nanoTime()) + HANDSHAKE_NANOS, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("the ring's accept thread did not finish");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forming the ring", e);
        }
    }

    private static SocketChannel connectRight(int rank, Peer right, RingSecret secret, long deadline,
                                              Duration timeout) throws IOException {
        InetSocketAddress to = new InetSocketAddress(right.host(), right.port());
        while (true) {
            SocketChannel ch = SocketChannel.open();
            try {
                ch.configureBlocking(false);
                if (!ch.connect(to)) {
                    finishConnect(ch, deadline);
                }
                PeerHandshake.connect(ch, secret, rank, right, deadline);
                return ch;
            } catch (ConnectException e) {
                // not listening yet (or a restarted task's port not reopened): retry until the deadline
                ch.close();
                if (System.nanoTime() + 50_000_000L > deadline) {
                    throw new SocketTimeoutException("ring rank " + rank + ": could not connect to " + right
                            + " within " + timeout.toMillis() + " ms (train.sync.timeout): " + e.getMessage());
                }
                sleep(50);
            } catch (SocketTimeoutException e) {
                ch.close();
                throw new SocketTimeoutException("ring rank " + rank + ": " + right + " did not complete the ring"
                        + " handshake within " + timeout.toMillis() + " ms (train.sync.timeout)");
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw new IOException("ring rank " + rank + ": handshake with " + right + " failed: "
                        + e.getMessage(), e);
            }
        }
    }

    private static void finishConnect(SocketChannel ch, long deadline) throws IOException {
        try (Selector sel = Selector.open()) {
            ch.register(sel, SelectionKey.OP_CONNECT);
            while (!ch.finishConnect()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException("connect timed out");
                }
                sel.select(Math.max(1, left / 1_000_000));
                sel.selectedKeys().clear();
            }
        }
    }

    private SocketChannel acceptLeft(int rank, Peer left, RingSecret secret, long deadline, Duration timeout)
            throws IOException {
        server.configureBlocking(false);
        try (Selector sel = Selector.open()) {
            server.register(sel, SelectionKey.OP_ACCEPT);
            while (true) {
                SocketChannel ch = server.accept();
                if (ch == null) {
                    long wait = deadline - System.nanoTime();
                    if (wait <= 0 || Thread.currentThread().isInterrupted()) {
                        throw new SocketTimeoutException("ring rank " + rank + ": no authenticated connection from "
                                + left + " within " + timeout.toMillis() + " ms (train.sync.timeout)");
                    }
                    sel.select(Math.max(1, wait / 1_000_000));
                    sel.selectedKeys().clear();
                    continue;
                }
                try {
                    PeerHandshake.accept(ch, secret, rank, left.rank(),
                            Math.min(deadline, System.nanoTime() + HANDSHAKE_NANOS));
                    return ch;
                } catch (IOException e) {
                    LOG.warn("ring rank {}: refused and closed a connection while waiting for {}: {}", rank, left,
                            e.getMessage());
                    closeQuietly(ch);
                }
            }
        }
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forming the ring", e);
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already failing or refusing; nothing more to tell
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
