package org.celebadcgan.sync;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ring all-reduce over real loopback sockets, ranks on threads of one JVM. */
class RingAllReduceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Values spread over many magnitudes, so a different summation order gives different bits. */
    static float[][] buffers(int n, int len, long seed) {
        Random rnd = new Random(seed);
        float[][] v = new float[n][len];
        for (float[] row : v) {
            for (int i = 0; i < len; i++) {
                row[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(7) - 3));
            }
        }
        return v;
    }

    static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    /** Each rank's mean and bytes sent, with {@code piece} floats per message. */
    static List<Object[]> allReduce(float[][] inputs, int piece) throws Exception {
        int n = inputs.length;
        List<NioRingTransport> ring = LoopbackRing.join(n, RingSecret.random(), TIMEOUT);
        try {
            return LoopbackRing.onThreads(n, r -> {
                float[] mine = inputs[r].clone();
                RingAllReduce.Stats s = new RingAllReduce(ring.get(r), piece).meanInPlace(mine);
                return new Object[]{mine, s};
            });
        } finally {
            for (NioRingTransport t : ring) {
                t.close();
            }
        }
    }

    @Test
    void everyRankEndsWithTheRingOrderMeanBitForBit() throws Exception {
        for (int n = 2; n <= 4; n++) {
            for (int len : new int[]{1, n - 1, n + 1, 1001, 65_537}) {
                for (int piece : new int[]{7, RingAllReduce.DEFAULT_PIECE_FLOATS}) {
                    float[][] in = buffers(n, len, 31L * n + len);
                    int[] expected = bits(RingOrderMean.of(in));
                    List<Object[]> out = allReduce(in, piece);
                    for (int r = 0; r < n; r++) {
                        assertArrayEquals(expected, bits((float[]) out.get(r)[0]),
                                "N=" + n + " len=" + len + " piece=" + piece + " rank " + r);
                    }
                }
            }
        }
    }

    @Test
    void theReferenceOrderMattersAndIsCloseToTheMathematicalMean() {
        float[][] in = buffers(3, 10_000, 5);
        float[] ring = RingOrderMean.of(in);
        boolean differsFromRankOrder = false;
        for (int i = 0; i < ring.length; i++) {
            float rankOrder = ((in[0][i] + in[1][i]) + in[2][i]) / 3;
            differsFromRankOrder |= Float.floatToRawIntBits(rankOrder) != Float.floatToRawIntBits(ring[i]);
            double exact = ((double) in[0][i] + in[1][i] + in[2][i]) / 3;
            double scale = Math.abs(in[0][i]) + Math.abs(in[1][i]) + Math.abs(in[2][i]);
            assertEquals(exact, ring[i], 1e-6 * scale, "value " + i);
        }
        // otherwise the bit-for-bit test above could not tell the ring's order from a plain loop over ranks
        assertTrue(differsFromRankOrder, "summation order should change some bits of this data");
    }

    @Test
    void eachRankSendsTwoNMinusOneOverNOfTheBufferPlusFraming() throws Exception {
        int piece = 1000;
        for (int n = 2; n <= 4; n++) {
            int len = 10_007;
            List<Object[]> out = allReduce(buffers(n, len, n), piece);
            for (int r = 0; r < n; r++) {
                // chunk c = [c*len/n, (c+1)*len/n); rank r sends every chunk but r, then every chunk but r+1
                long payload = 0;
                long frames = 0;
                for (int c = 0; c < n; c++) {
                    long chunk = (long) (c + 1) * len / n - (long) c * len / n;
                    int times = (c == r ? 0 : 1) + (c == (r + 1) % n ? 0 : 1);
                    payload += times * chunk * Float.BYTES;
                    frames += times * ((chunk + piece - 1) / piece);
                }
                RingAllReduce.Stats s = (RingAllReduce.Stats) out.get(r)[1];
                assertEquals(payload + frames * NioRingTransport.FRAME_BYTES, s.bytesSent(), "N=" + n + " rank " + r);
                double ideal = 2.0 * (n - 1) / n * len * Float.BYTES;
                assertTrue(Math.abs(payload - ideal) <= 2 * Float.BYTES, "payload " + payload + " vs " + ideal);
                assertFalse(s.bytesReceived() == 0, "rank " + r + " received nothing");
            }
        }
    }

    @Test
    void networkParametersAreReducedInPlaceInTheirOwnOffHeapBuffer() throws Exception {
        // a network's flat parameter vector is an INDArray whose data() is off-heap: the ring reads and writes it
        // directly, no copy to a float[] and back
        int n = 3;
        float[][] in = buffers(n, 4_099, 77);
        List<NioRingTransport> ring = LoopbackRing.join(n, RingSecret.random(), TIMEOUT);
        try {
            List<float[]> out = LoopbackRing.onThreads(n, r -> {
                org.nd4j.linalg.api.ndarray.INDArray params = org.nd4j.linalg.factory.Nd4j.createFromArray(in[r]);
                new RingAllReduce(ring.get(r), 1000).meanInPlace(params.data().asNio());
                return params.toFloatVector();
            });
            int[] expected = bits(RingOrderMean.of(in));
            for (int r = 0; r < n; r++) {
                assertArrayEquals(expected, bits(out.get(r)), "rank " + r);
            }
        } finally {
            for (NioRingTransport t : ring) {
                t.close();
            }
        }
    }

    @Test
    void ipv6LoopbackFormsARingToo() throws Exception {
        float[][] in = buffers(2, 33, 3);
        List<RingEndpoint> endpoints;
        try {
            endpoints = List.of(RingEndpoint.bind("::1"), RingEndpoint.bind("::1"));
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("this host has no IPv6 loopback: " + e.getMessage());
            return;
        }
        List<String> addresses = LoopbackRing.addresses(endpoints);
        assertTrue(addresses.get(0).startsWith("[::1]:"), addresses.get(0));
        RingSecret secret = RingSecret.random();
        List<float[]> out = LoopbackRing.onThreads(2, r -> {
            try (Transport t = endpoints.get(r).join(addresses, r, secret, TIMEOUT)) {
                float[] mine = in[r].clone();
                new RingAllReduce(t).meanInPlace(mine);
                return mine;
            }
        });
        assertArrayEquals(bits(RingOrderMean.of(in)), bits(out.get(1)));
    }

    @Test
    void aRingOfOneLeavesTheBufferAsItIs() throws Exception {
        float[] v = buffers(1, 5, 1)[0];
        float[] copy = v.clone();
        RingEndpoint e = RingEndpoint.bind("127.0.0.1");
        try (Transport t = e.join(List.of(e.address()), 0, RingSecret.random(), TIMEOUT)) {
            RingAllReduce.Stats s = new RingAllReduce(t).meanInPlace(v);
            assertEquals(0, s.bytesSent());
        }
        assertArrayEquals(bits(copy), bits(v));
    }
}
