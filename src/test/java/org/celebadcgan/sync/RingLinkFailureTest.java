package org.celebadcgan.sync;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Intruders are refused without breaking the ring; silent or absent peers fail in time, named. */
class RingLinkFailureTest {

    @Test
    void aWrongTokenIsRefusedWhileTheRingCompletes() throws Exception {
        RingSecret secret = RingSecret.random();
        List<RingEndpoint> endpoints = LoopbackRing.bind(3);
        List<String> addresses = LoopbackRing.addresses(endpoints);
        float[][] in = RingAllReduceTest.buffers(3, 101, 9);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?>[] ranks = new Future<?>[3];
            // ranks 1 and 2 start; rank 1 is now accepting, waiting for rank 0
            for (int r = 1; r <= 2; r++) {
                ranks[r] = pool.submit(rankTask(endpoints, addresses, r, secret, in));
            }
            // an intruder claims to be rank 0 with another secret: rank 1 must close it and keep waiting
            Peer rank1 = Peer.parse(1, addresses.get(1));
            try (SocketChannel intruder = SocketChannel.open(new InetSocketAddress(rank1.host(), rank1.port()))) {
                IOException refused = assertThrows(IOException.class, () -> PeerHandshake.connect(intruder,
                        RingSecret.random(), 0, rank1, System.nanoTime() + TimeUnit.SECONDS.toNanos(20)));
                assertTrue(refused.getMessage().contains("closed the connection"), refused.getMessage());
            }
            assertTrue(!ranks[1].isDone(), "rank 1 gave up after refusing the intruder");
            ranks[0] = pool.submit(rankTask(endpoints, addresses, 0, secret, in));
            int[] expected = RingAllReduceTest.bits(RingOrderMean.of(in));
            for (Future<?> f : ranks) {
                assertArrayEquals(expected, RingAllReduceTest.bits((float[]) f.get(60, TimeUnit.SECONDS)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static java.util.concurrent.Callable<float[]> rankTask(List<RingEndpoint> endpoints,
                                                                   List<String> addresses, int r,
                                                                   RingSecret secret, float[][] in) {
        return () -> {
            try (Transport t = endpoints.get(r).join(addresses, r, secret, Duration.ofSeconds(30))) {
                float[] mine = in[r].clone();
                new RingAllReduce(t).meanInPlace(mine);
                return mine;
            }
        };
    }

    @Test
    void aPeerThatGoesSilentFailsItsNeighbourWithinTheTimeoutNamingRankAndHost() throws Exception {
        Duration timeout = Duration.ofMillis(1000);
        List<RingEndpoint> endpoints = LoopbackRing.bind(3);
        List<String> addresses = LoopbackRing.addresses(endpoints);
        List<NioRingTransport> ring = LoopbackRing.onThreads(3,
                r -> endpoints.get(r).join(addresses, r, RingSecret.ofHex("00112233445566778899aabbccddeeff"),
                        timeout));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // ranks 0 and 1 all-reduce; rank 2 is connected but never sends
            CompletableFuture<Long> rank0 = CompletableFuture.supplyAsync(() -> {
                long t0 = System.nanoTime();
                try {
                    new RingAllReduce(ring.get(0)).meanInPlace(new float[300_000]);
                    return -1L;
                } catch (SocketTimeoutException e) {
                    assertTrue(e.getMessage().contains("rank 2 (" + addresses.get(2) + ")"), e.getMessage());
                    assertTrue(e.getMessage().contains("ring rank 0"), e.getMessage());
                    return (System.nanoTime() - t0) / 1_000_000;
                } catch (IOException e) {
                    throw new AssertionError("expected a timeout, got " + e, e);
                }
            }, pool);
            CompletableFuture.runAsync(() -> {
                try {
                    new RingAllReduce(ring.get(1)).meanInPlace(new float[300_000]);
                } catch (IOException expected) {
                    // rank 1 waits on rank 0, which waits on the silent rank 2
                }
            }, pool);
            long ms = rank0.get(30, TimeUnit.SECONDS);
            assertTrue(ms >= 900 && ms < 5000, "rank 0 failed after " + ms + " ms, timeout 1000 ms");
        } finally {
            pool.shutdownNow();
            for (NioRingTransport t : ring) {
                t.close();
            }
        }
    }

    @Test
    void aPeerThatNeverAnswersTheHandshakeFailsTheJoinNamingIt() throws Exception {
        List<RingEndpoint> endpoints = LoopbackRing.bind(2);
        List<String> addresses = LoopbackRing.addresses(endpoints);
        long t0 = System.nanoTime();
        // rank 1's socket is bound (connects succeed) but rank 1 never joins
        IOException e = assertThrows(SocketTimeoutException.class, () ->
                endpoints.get(0).join(addresses, 0, RingSecret.random(), Duration.ofMillis(800)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(e.getMessage().contains("rank 1 (" + addresses.get(1) + ")"), e.getMessage());
        assertTrue(ms >= 700 && ms < 4000, "failed after " + ms + " ms, timeout 800 ms");
        endpoints.get(1).close();
    }

    @Test
    void anAbsentPeerFailsTheJoinNamingIt() throws Exception {
        List<RingEndpoint> endpoints = LoopbackRing.bind(2);
        List<String> addresses = LoopbackRing.addresses(endpoints);
        endpoints.get(1).close(); // nothing listens there any more
        IOException e = assertThrows(SocketTimeoutException.class, () ->
                endpoints.get(0).join(addresses, 0, RingSecret.random(), Duration.ofMillis(600)));
        assertTrue(e.getMessage().contains("rank 1 (" + addresses.get(1) + ")"), e.getMessage());
    }
}
