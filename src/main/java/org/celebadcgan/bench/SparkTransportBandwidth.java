package org.celebadcgan.bench;

import org.apache.spark.network.TransportContext;
import org.apache.spark.network.client.RpcResponseCallback;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.client.TransportClientFactory;
import org.apache.spark.network.server.OneForOneStreamManager;
import org.apache.spark.network.server.RpcHandler;
import org.apache.spark.network.server.StreamManager;
import org.apache.spark.network.server.TransportServer;
import org.apache.spark.network.util.MapConfigProvider;
import org.apache.spark.network.util.TransportConf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loopback bandwidth through Spark's own network layer (spark-network-common: Netty, the transport every executor
 * already runs), one client to one server, 1 MiB RPCs with 8 in flight: the alternative to plain NIO the ring was
 * measured against.
 */
public final class SparkTransportBandwidth {

    private static final int MESSAGE = 1 << 20;
    private static final int IN_FLIGHT = 8;

    private SparkTransportBandwidth() {
    }

    /** Bytes per second of the best of {@code tries} transfers of {@code bytes} each. */
    public static double bytesPerSecond(long bytes, int tries) throws IOException {
        TransportConf conf = new TransportConf("rpc", new MapConfigProvider(Map.of()));
        RpcHandler sink = new RpcHandler() {
            private final StreamManager streams = new OneForOneStreamManager();

            @Override
            public void receive(TransportClient client, ByteBuffer message, RpcResponseCallback callback) {
                callback.onSuccess(ByteBuffer.allocate(0)); // the bytes arrived; that is all a ring step needs
            }

            @Override
            public StreamManager getStreamManager() {
                return streams;
            }
        };
        try (TransportContext context = new TransportContext(conf, sink);
             TransportServer server = context.createServer("127.0.0.1", 0, List.of());
             TransportClientFactory factory = context.createClientFactory()) {
            TransportClient client = factory.createClient("127.0.0.1", server.getPort());
            ByteBuffer payload = ByteBuffer.allocateDirect(MESSAGE);
            double best = 0;
            for (int t = 0; t < tries; t++) {
                Semaphore window = new Semaphore(IN_FLIGHT);
                AtomicReference<Throwable> failure = new AtomicReference<>();
                long t0 = System.nanoTime();
                for (long sent = 0; sent < bytes; sent += MESSAGE) {
                    window.acquireUninterruptibly();
                    client.sendRpc(payload.duplicate(), new RpcResponseCallback() {
                        @Override
                        public void onSuccess(ByteBuffer response) {
                            window.release();
                        }

                        @Override
                        public void onFailure(Throwable e) {
                            failure.set(e);
                            window.release();
                        }
                    });
                }
                window.acquireUninterruptibly(IN_FLIGHT);
                long ns = System.nanoTime() - t0;
                if (failure.get() != null) {
                    throw new IOException("Spark transport failed: " + failure.get().getMessage(), failure.get());
                }
                best = Math.max(best, ((bytes + MESSAGE - 1) / MESSAGE) * (double) MESSAGE / (ns / 1e9));
            }
            return best;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
