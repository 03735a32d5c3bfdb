/**
 * Peer-to-peer synchronisation of workers: a ring all-reduce over sockets, formed inside a Spark barrier stage
 * (issue 13). Nothing here imports {@code run}, {@code cli} or {@code train}; the trainer calls in.
 *
 * <ul>
 *   <li>{@link org.celebadcgan.sync.Transport}: a rank's two ring links (send right, receive left, at once);
 *       {@link org.celebadcgan.sync.NioRingTransport} implements it over non-blocking NIO socket channels.</li>
 *   <li>{@link org.celebadcgan.sync.RingEndpoint}: bind, exchange {@code host:port}, join: connect right, accept
 *       left, both proving the stage's {@link org.celebadcgan.sync.RingSecret} by HMAC-SHA256 over fresh nonces.
 *       A connection that fails the proof is closed and logged and the rank keeps waiting for its neighbour.</li>
 *   <li>{@link org.celebadcgan.sync.RingAllReduce}: reduce-scatter then all-gather, pieces of 1 MiB, mean by the
 *       chunk owner; {@link org.celebadcgan.sync.RingChunks} is the schedule and summation order and
 *       {@link org.celebadcgan.sync.RingOrderMean} the same order in one JVM (the bit-for-bit reference).</li>
 *   <li>{@link org.celebadcgan.sync.BarrierRing}: one rank per partition in {@code rdd.barrier().mapPartitions},
 *       bootstrapped through {@code BarrierTaskContext.allGather}; results leave through a shuffle so that Spark
 *       relaunches the whole stage when a rank fails.</li>
 * </ul>
 *
 * <p>Why plain NIO rather than Spark's network layer (the first choice): measured in one process on the
 * 2-core development host, alternating the two, a plain socket pair moved 0.9-2.8 GB/s over loopback and Spark's
 * {@code TransportClient} (1 MiB RPCs, 8 in flight) 0.3-0.65 GB/s: 2x to 5x less in each of 16 comparisons
 * ({@code bench-sync} prints both each run: {@code loopback_gb_s}, {@code spark_transport_gb_s}), and
 * the ring needs none of Netty's machinery: two channels, one selector, the caller's direct buffer handed to the
 * kernel. What it gives up is Spark's SASL/AES authentication and encryption; the ring authenticates with its own
 * per-stage secret and does not encrypt (the secret reaches executors in the task closure, which Spark encrypts
 * when {@code spark.network.crypto.enabled} is on).
 *
 * <p>Timeouts: every wait (connect, handshake, each exchange) gives up after the configured time without a byte of
 * progress, naming the peer's rank and {@code host:port}; a closed or broken peer fails its neighbours at once,
 * and the failure runs round the ring as each rank closes its links.
 */
package org.celebadcgan.sync;
